import { describeEnum } from '../../shared/enums';

export enum MeetingKind {
  GOVERNING_BODY_MEETING = 'GOVERNING_BODY_MEETING',
  WORKSHOP_MEETING = 'WORKSHOP_MEETING',
  PREPARATORY = 'PREPARATORY',
  OTHER = 'OTHER',
}
describeEnum(MeetingKind, 'MeetingKind', 'What kind of meeting it is.', {
  GOVERNING_BODY_MEETING: 'A session of the APO Governing Body (GBM).',
  WORKSHOP_MEETING: 'A Workshop Meeting of Heads of NPOs (WSM).',
  PREPARATORY: 'A preparatory session held ahead of a larger meeting.',
  OTHER: 'Any other meeting.',
});

export enum Modality {
  VIRTUAL = 'VIRTUAL',
  IN_PERSON = 'IN_PERSON',
  HYBRID = 'HYBRID',
}
describeEnum(Modality, 'Modality', 'How participants met.', {
  VIRTUAL: 'Online only.',
  IN_PERSON: 'Everyone in one place.',
  HYBRID: 'Some in person, some online.',
});

export enum ParticipantRole {
  CHAIR = 'CHAIR',
  MEMBER = 'MEMBER',
  DELEGATE = 'DELEGATE',
  SECRETARIAT = 'SECRETARIAT',
  OBSERVER = 'OBSERVER',
  SPEAKER = 'SPEAKER',
}
describeEnum(ParticipantRole, 'ParticipantRole', 'The part a participant played in a meeting.', {
  CHAIR: 'Chaired the meeting.',
  MEMBER: 'A member economy or body attending as a member.',
  DELEGATE: 'A delegate representing a member.',
  SECRETARIAT: 'Staff of the secretariat, e.g. the Secretary-General.',
  OBSERVER: 'Attended as an observer.',
  SPEAKER: 'Spoke or presented.',
});

export enum DecisionKind {
  EXTENSION = 'EXTENSION',
  ENDORSEMENT = 'ENDORSEMENT',
  ADOPTION = 'ADOPTION',
  BUDGET = 'BUDGET',
  ELECTION = 'ELECTION',
  OTHER = 'OTHER',
}
describeEnum(DecisionKind, 'DecisionKind', 'What a decision does.', {
  EXTENSION: 'Extends a program or mandate.',
  ENDORSEMENT: 'Endorses or commits to a proposal.',
  ADOPTION: 'Adopts a text, plan or rule.',
  BUDGET: 'Approves or changes a budget.',
  ELECTION: 'Elects or appoints someone.',
  OTHER: 'Any other decision.',
});

export enum DecisionRequirement {
  CONSENSUS = 'CONSENSUS',
  UNANIMITY = 'UNANIMITY',
  MAJORITY = 'MAJORITY',
  NONE = 'NONE',
}
describeEnum(DecisionRequirement, 'DecisionRequirement', 'What agreement the decision needed.', {
  CONSENSUS: 'Agreement of all members without a vote.',
  UNANIMITY: 'A vote with every member in favour.',
  MAJORITY: 'A majority vote.',
  NONE: 'No formal requirement (e.g. decided by the chair).',
});

export enum DecisionResult {
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
  DEFERRED = 'DEFERRED',
}
describeEnum(DecisionResult, 'DecisionResult', 'The outcome of a decision.', {
  ADOPTED: 'Adopted.',
  REJECTED: 'Rejected.',
  DEFERRED: 'Postponed to a later meeting.',
});
