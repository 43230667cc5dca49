import { describeEnum } from '../../shared/enums';

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  WITHDRAWN = 'WITHDRAWN',
}
describeEnum(MembershipStatus, 'MembershipStatus', 'Standing of a member in an organization.', {
  ACTIVE: 'A member in good standing.',
  SUSPENDED: 'Membership suspended; not taking part.',
  WITHDRAWN: 'Left the organization.',
});

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
describeEnum(DatePrecision, 'DatePrecision', 'How much of a date is known; the rest of the `Date` value is filler (01).', {
  DAY: 'The exact day is known.',
  MONTH: 'Only the year and month are known.',
  YEAR: 'Only the year is known.',
});
