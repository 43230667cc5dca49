import type { FilterQuery } from '@mikro-orm/core';
import { Field, ID, InputType, Int } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import { dateRange } from '../../shared/date-range';
import { keyOf } from '../../shared/global-id';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { nameContains } from '../../shared/search-text';
import type { Decision } from './decision.entity';
import type { Meeting } from './meeting.entity';
import { DecisionKind, MeetingKind } from './meeting.types';

@InputType({ description: 'Narrows a list of meetings; all given conditions must hold.' })
export class MeetingFilter {
  @Field(() => [MeetingKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: MeetingKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only meetings of this organization.' })
  organization?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only the session with this number.' })
  sessionNumber?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only meetings starting on or after this day.' })
  startsOnOrAfter?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only meetings starting on or before this day.' })
  startsOnOrBefore?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'Only meetings this country took part in.' })
  participatingCountry?: string | null;

  @Field(() => String, { nullable: true, description: 'The title contains this text (case and accents ignored).' })
  title?: string | null;

  toQuery(): FilterQuery<Meeting> {
    return {
      ...(this.kinds ? { kind: { $in: this.kinds } } : {}),
      ...(this.organization ? { organization: keyOf(this.organization, 'Organization', 'filter.organization') } : {}),
      ...(this.sessionNumber != null ? { sessionNumber: this.sessionNumber } : {}),
      ...dateRange('startDate', this.startsOnOrAfter, this.startsOnOrBefore),
      ...(this.participatingCountry ? { participants: { $some: { country: { code: this.participatingCountry } } } } : {}),
      ...(this.title ? nameContains(this.title, 'filter.title') : {}),
    };
  }
}

export enum MeetingOrderField {
  START_DATE = 'startDate',
  SESSION_NUMBER = 'sessionNumber',
  TITLE = 'title',
  CREATED_AT = 'createdAt',
}
export const MeetingOrder = OrderInput('Meeting', MeetingOrderField, 'Fields meetings can be sorted by.', [{ field: MeetingOrderField.START_DATE, direction: OrderDirection.DESC }]);

@InputType({ description: 'Narrows a list of decisions; all given conditions must hold.' })
export class DecisionFilter {
  @Field(() => [DecisionKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: DecisionKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only decisions taken at this meeting.' })
  meeting?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only decisions affecting this program.' })
  program?: string | null;

  toQuery(): FilterQuery<Decision> {
    return {
      ...(this.kinds ? { kind: { $in: this.kinds } } : {}),
      ...(this.meeting ? { meeting: keyOf(this.meeting, 'Meeting', 'filter.meeting') } : {}),
      ...(this.program ? { programs: keyOf(this.program, 'Program', 'filter.program') } : {}),
    };
  }
}

export enum DecisionOrderField {
  DECIDED_ON = 'decidedOn',
  TITLE = 'title',
  KIND = 'kind',
  CREATED_AT = 'createdAt',
}
export const DecisionOrder = OrderInput('Decision', DecisionOrderField, 'Fields decisions can be sorted by.', [{ field: DecisionOrderField.DECIDED_ON, direction: OrderDirection.DESC }]);
