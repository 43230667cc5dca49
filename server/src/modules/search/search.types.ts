import { createUnionType } from 'type-graphql';
import { Country } from '../country/country.entity';
import { FundingGrant } from '../grant/grant.entity';
import { Decision } from '../meeting/decision.entity';
import { Meeting } from '../meeting/meeting.entity';
import { Organization } from '../organization/organization.entity';
import { Person } from '../person/person.entity';
import { Program } from '../program/program.entity';
import { Source } from '../source/source.entity';
import { describeEnum } from '../../shared/enums';

export const SEARCHABLE = { Country, Organization, Person, Meeting, Decision, Program, FundingGrant, Source } as const;

export enum SearchType {
  COUNTRY = 'Country',
  ORGANIZATION = 'Organization',
  PERSON = 'Person',
  MEETING = 'Meeting',
  DECISION = 'Decision',
  PROGRAM = 'Program',
  GRANT = 'FundingGrant',
  SOURCE = 'Source',
}
describeEnum(SearchType, 'SearchType', 'Kinds of record `search` can return.', {
  COUNTRY: 'Countries, by any of their names or codes.',
  ORGANIZATION: 'Organizations, by name, acronym or other names.',
  PERSON: 'People, by name or other spellings.',
  MEETING: 'Meetings, by title.',
  DECISION: 'Decisions, by title.',
  PROGRAM: 'Programs, by title or code.',
  GRANT: 'Funding grants, by title or mechanism.',
  SOURCE: 'Sources, by title, publisher or author.',
});

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'A record found by `search`.',
  types: () => Object.values(SEARCHABLE),
  resolveType: (value) => value.constructor.name,
});
