import { describeEnum } from '../../shared/enums';

export enum CitationStatus {
  REPORTED = 'REPORTED',
  VERIFIED = 'VERIFIED',
  DISPUTED = 'DISPUTED',
}
describeEnum(CitationStatus, 'CitationStatus', 'How far a cited claim can be trusted.', {
  REPORTED: 'The source says so; not independently checked.',
  VERIFIED: 'Checked against an authoritative record.',
  DISPUTED: 'The source says so, but it is wrong; see `correctedValue`.',
});

/** The record types a citation can be attached to. */
export const CITABLE_TYPES = [
  'Country', 'Membership', 'Organization', 'Person', 'Role', 'Meeting', 'MeetingParticipant',
  'Decision', 'Program', 'ProgramAmendment', 'FundingGrant',
] as const;
export type CitableType = (typeof CITABLE_TYPES)[number];
