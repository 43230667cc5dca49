import { describeEnum } from '../../shared/enums';

export enum OrganizationKind {
  INTERGOVERNMENTAL_ORGANIZATION = 'INTERGOVERNMENTAL_ORGANIZATION',
  GOVERNING_BODY = 'GOVERNING_BODY',
  SECRETARIAT = 'SECRETARIAT',
  NATIONAL_PRODUCTIVITY_ORGANIZATION = 'NATIONAL_PRODUCTIVITY_ORGANIZATION',
  GOVERNMENT = 'GOVERNMENT',
  MINISTRY = 'MINISTRY',
  DIRECTORATE_GENERAL = 'DIRECTORATE_GENERAL',
  DIRECTORATE = 'DIRECTORATE',
  OTHER = 'OTHER',
}
describeEnum(OrganizationKind, 'OrganizationKind', 'What kind of body an organization is.', {
  INTERGOVERNMENTAL_ORGANIZATION: 'An organization of governments, such as the APO.',
  GOVERNING_BODY: 'The body that governs an organization (e.g. the APO Governing Body).',
  SECRETARIAT: 'The permanent staff of an organization.',
  NATIONAL_PRODUCTIVITY_ORGANIZATION: 'A member economy\'s National Productivity Organization (NPO).',
  GOVERNMENT: 'A national government, e.g. as a donor.',
  MINISTRY: 'A government ministry.',
  DIRECTORATE_GENERAL: 'A directorate general within a ministry.',
  DIRECTORATE: 'A directorate within a directorate general.',
  OTHER: 'Any other kind of organization.',
});
