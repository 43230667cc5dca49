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
