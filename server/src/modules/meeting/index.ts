import { defineModule, nestedRows } from '../../shared/module';
import { Decision } from './decision.entity';
import { DecisionResolver } from './decision.resolver';
import { MeetingParticipant } from './meeting-participant.entity';
import { MeetingMutations } from './meeting.mutations';
import { Meeting } from './meeting.entity';
import { MeetingParticipantResolver, MeetingResolver } from './meeting.resolver';

/** Meetings (Governing Body Meetings and their preparatory sessions), who took part, and the decisions taken. */
export const meetingModule = defineModule({
  name: 'meeting',
  nodes: { Meeting, MeetingParticipant, Decision },
  resolvers: [MeetingResolver, MeetingParticipantResolver, DecisionResolver, MeetingMutations],
  search: [
    { value: 'MEETING', type: Meeting, description: 'Meetings, by title.' },
    { value: 'DECISION', type: Decision, description: 'Decisions, by title.' },
  ],
  seed: [
    { file: 'meetings.yaml', type: 'Meeting', needs: ['Organization', 'Country', 'Person'], omit: ['participants'] },
    { file: 'meetings.yaml', type: 'MeetingParticipant', needs: ['Meeting', 'Person', 'Organization', 'Country'], rowsOf: nestedRows('participants', 'meeting') },
    { file: 'decisions.yaml', type: 'Decision', needs: ['Meeting', 'Program'] },
  ],
});
