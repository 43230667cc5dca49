import { describeEnum } from '../../shared/enums';

/** IATI Activity Status codes 1–6. */
export enum ProgramStatus {
  PIPELINE = 'PIPELINE',
  IMPLEMENTATION = 'IMPLEMENTATION',
  FINALISATION = 'FINALISATION',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
  SUSPENDED = 'SUSPENDED',
}
describeEnum(ProgramStatus, 'ProgramStatus', 'Lifecycle status of a program (IATI Activity Status).', {
  PIPELINE: 'Planned or being identified; not started (IATI 1).',
  IMPLEMENTATION: 'Under way (IATI 2).',
  FINALISATION: 'Activities finished; closing out (IATI 3).',
  CLOSED: 'Finished and closed (IATI 4).',
  CANCELLED: 'Stopped before completion (IATI 5).',
  SUSPENDED: 'Temporarily halted (IATI 6).',
});

/** The fields of a program that decisions amend; each value is the field's API name, as amendments record it. */
export enum AmendableProgramField {
  START_DATE = 'startDate',
  END_DATE = 'endDate',
  STATUS = 'status',
}
describeEnum(AmendableProgramField, 'AmendableProgramField', 'A field of a program\'s plan that a decision changes through `amendProgram`.', {
  START_DATE: 'The first day (`startDate`); a date `YYYY-MM-DD`.',
  END_DATE: 'The planned end date (`endDate`); a date `YYYY-MM-DD`.',
  STATUS: 'The lifecycle status (`status`); a `ProgramStatus` value.',
});
