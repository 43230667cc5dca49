import type { EntityManager } from '@mikro-orm/core';
import { NODE_TYPES } from '../../server/src/modules';
import { Country } from '../../server/src/modules/country/country.entity';
import { FundingGrant } from '../../server/src/modules/grant/grant.entity';
import { GrantStatus } from '../../server/src/modules/grant/grant.types';
import { Decision } from '../../server/src/modules/meeting/decision.entity';
import { Organization } from '../../server/src/modules/organization/organization.entity';
import { OrganizationKind } from '../../server/src/modules/organization/organization.types';
import { Person } from '../../server/src/modules/person/person.entity';
import { ProgramAmendment } from '../../server/src/modules/program/program-amendment.entity';
import { Program } from '../../server/src/modules/program/program.entity';
import { ProgramStatus } from '../../server/src/modules/program/program.types';
import { Citation } from '../../server/src/modules/source/citation.entity';
import { Source } from '../../server/src/modules/source/source.entity';
import { CitationStatus } from '../../server/src/modules/source/source.types';
import { decimalToScaled } from '../../server/src/shared/decimal';
import { expect } from 'vitest';
import { walkBackward, walkForward, type Page } from './pages';
import type { TestServer } from './server';

// ---------------------------------------------------------------------------------------------
// Records the bundled dataset lacks, chosen where databases tend to differ: strings that sort
// differently under a natural-language collation than by code point, accents, money in several
// currencies beyond 2^53 units, leap days, a timestamp before 1970, ties broken by mixed-case IDs.
// ---------------------------------------------------------------------------------------------

/** Country names whose code-point order differs from a natural-language (ICU en-US) order. */
export const TRICKY_COUNTRIES = [
  { code: 'AX', alpha3: 'ALA', name: 'Åland Islands', names: [{ lang: 'sv', name: 'Ahvenanmaa', note: null }] },
  { code: 'AW', alpha3: 'ABW', name: 'aruba', names: [] },
  { code: 'AG', alpha3: 'ATG', name: 'Antigua-and-Barbuda', names: [] },
  { code: 'AI', alpha3: 'AIA', name: 'Antiguaand', names: [] },
  { code: 'CW', alpha3: 'CUW', name: 'Curaçao', names: [{ lang: 'nl', name: 'Kòrsou', note: 'Papiamentu' }] },
  { code: 'ZW', alpha3: 'ZWE', name: 'Zimbabwe', names: [] },
];

const ORGANIZATIONS = [
  { id: 'parity-osterreich', name: 'Österreichische Produktivitätsstiftung', acronym: 'ÖPS', kind: OrganizationKind.OTHER, country: 'AX', parent: null },
  { id: 'parity-friends', name: 'apo friends', acronym: null, kind: OrganizationKind.OTHER, country: null, parent: 'apo' },
  { id: 'Parity-Friends', name: 'APO-Friends', acronym: 'AF', kind: OrganizationKind.GOVERNMENT, country: 'ZW', parent: 'parity-friends' },
  // Same name: the order falls to the IDs, which differ only in case.
  { id: 'twin-a', name: 'Twin Name', acronym: null, kind: OrganizationKind.OTHER, country: null, parent: null },
  { id: 'Twin-b', name: 'Twin Name', acronym: null, kind: OrganizationKind.OTHER, country: null, parent: null },
];

interface GrantSpec { id: string; donor: string; amount: string | null; currency: string | null; awardedOn: string | null; recipient?: string; program?: string; createdAt: string }
const GRANTS: GrantSpec[] = [
  { id: 'parity-usd-big-a', donor: 'government-of-japan', amount: '2000000000000.01', currency: 'USD', awardedOn: '2024-02-29', program: 'parity-program', createdAt: '2024-02-29T23:59:59.999Z' },
  { id: 'parity-usd-big-b', donor: 'government-of-japan', amount: '2000000000000.02', currency: 'USD', awardedOn: '2000-01-01', program: 'parity-program', createdAt: '2000-01-01T00:00:00.000Z' },
  { id: 'parity-usd-cents', donor: 'kemnaker', amount: '0.1', currency: 'USD', awardedOn: '1999-12-31', recipient: 'apo', createdAt: '1999-12-31T23:59:59.999Z' },
  { id: 'parity-usd-cents-2', donor: 'kemnaker', amount: '0.2', currency: 'USD', awardedOn: '1999-12-31', recipient: 'apo', createdAt: '2021-06-10T13:18:00.000Z' },
  { id: 'parity-jpy', donor: 'government-of-japan', amount: '1000000000', currency: 'JPY', awardedOn: '2021-06-09', program: 'green-productivity-2', recipient: 'apo', createdAt: '2021-06-09T00:00:00.000Z' },
  { id: 'parity-eur', donor: 'Parity-Friends', amount: '2500.5', currency: 'EUR', awardedOn: '2023-03-26', program: 'parity-program', createdAt: '2023-03-26T01:30:00.000Z' },
  { id: 'parity-kwd', donor: 'parity-osterreich', amount: '0.001', currency: 'KWD', awardedOn: '2023-03-26', recipient: 'parity-friends', createdAt: '2023-03-26T01:30:00.000Z' },
  { id: 'parity-chf', donor: 'parity-osterreich', amount: '900719925474.0993', currency: 'CHF', awardedOn: null, createdAt: '2022-10-30T02:30:00.500Z' },
  { id: 'parity-unknown', donor: 'twin-a', amount: null, currency: null, awardedOn: '2024-12-31', program: 'covid19-digital', createdAt: '2024-12-31T23:59:59.000Z' },
];

/** Every row's timestamps are set to fixed instants, so that both databases hold the very same values. */
const SEEDED_AT = new Date('2021-06-10T13:18:00.000Z');
const EDITED_AT = new Date('2024-02-29T12:00:00.001Z');

/**
 * Adds the records above through the ORM (as an editor's tool would), edits one so its version moves
 * to 2, and pins every timestamp. Run on each server; afterwards they must hold the same data.
 */
export async function arrangeTrickyData(em: EntityManager): Promise<void> {
  for (const c of TRICKY_COUNTRIES) em.create(Country, { id: c.code, ...c } as never);
  for (const o of ORGANIZATIONS) em.create(Organization, { ...o, names: [] } as never);
  em.create(Person, { id: 'parity-person', name: 'Zoë Ångström', otherNames: [{ lang: 'en', name: 'Zoe Angstrom', note: 'without diacritics' }], nationality: 'AX' } as never);
  const program = em.create(Program, {
    id: 'parity-program', code: 'PAR-1', title: 'Parity programme', description: 'Ünïcode “quotes” — and a dash', themes: ['green', 'Ünïcode'],
    status: ProgramStatus.IMPLEMENTATION, startDate: '2023-01-01', startYear: 2023, endDate: '2025-12-31', implementingOrganization: 'parity-osterreich', predecessor: 'green-productivity-2',
  } as never);
  program.participatingCountries.set([em.getReference(Country, 'AX'), em.getReference(Country, 'AW'), em.getReference(Country, 'JP')]);
  em.create(ProgramAmendment, { id: 'parity-amendment-1', program: 'parity-program', field: 'endDate', previousValue: '2024-06-30', newValue: '2025-03-31', effectiveOn: '2024-01-15', decision: 'gbm-63-green-productivity-2' } as never);
  em.create(ProgramAmendment, { id: 'parity-amendment-2', program: 'parity-program', field: 'endDate', previousValue: '2025-03-31', newValue: '2025-12-31', effectiveOn: '2024-02-29', decision: null } as never);
  for (const g of GRANTS) {
    em.create(FundingGrant, {
      id: g.id, title: `Grant ${g.id}`, donor: g.donor, recipient: g.recipient ?? null, program: g.program ?? null, mechanism: 'Parity Mechanism',
      amountE4: g.amount == null ? null : decimalToScaled(g.amount), currency: g.currency, awardedOn: g.awardedOn, status: GrantStatus.COMMITTED,
    } as never);
  }
  em.create(Source, { id: 'parity-source', title: 'One small step', publisher: 'Parity Press', language: 'en', publishedAt: new Date('1969-07-20T20:17:40.123Z'), author: 'Ångström' } as never);
  em.create(Citation, { id: 'parity-citation', source: 'parity-source', subjectType: 'Program', subjectId: 'parity-program', field: 'endDate', excerpt: 'ends “soon”', status: CitationStatus.DISPUTED, correctedValue: '2025-12-31', note: null } as never);
  (await em.findOneOrFail(Decision, 'gbm-63-green-productivity-2', { populate: ['programs'] })).programs.add(program);
  await em.flush();

  // An edit through the ORM bumps the optimistic-lock version.
  const edited = await em.findOneOrFail(Program, 'parity-program');
  edited.title = 'Parity programme (edited)';
  await em.flush();

  for (const entity of Object.values(NODE_TYPES)) await em.nativeUpdate(entity as never, {}, { createdAt: SEEDED_AT, updatedAt: SEEDED_AT } as never);
  await em.nativeUpdate(Program, { id: 'parity-program' }, { updatedAt: EDITED_AT });
  for (const g of GRANTS) await em.nativeUpdate(FundingGrant, { id: g.id }, { createdAt: new Date(g.createdAt) });
}

// ---------------------------------------------------------------------------------------------
// The questions: each asks a server something and returns the answer (cursors included).
// ---------------------------------------------------------------------------------------------

const COUNTRY = 'id code alpha3 name names { lang name note } version createdAt updatedAt';
const ORGANIZATION = 'id name acronym kind country { code } parent { id } children { id } version createdAt updatedAt';
const PERSON = 'id name honorificPrefix nationality { code } otherNames { lang name note } roles { id title acting startDate endDate organization { id } country { code } } version createdAt updatedAt';
const MEETING = 'id title kind sessionNumber startDate endDate timezone modality platform durationMinutes hostCountry { code } chair { id } parent { id } participants { role person { id } organization { id } country { code } } attendingCountries { code } version createdAt updatedAt';
const DECISION = 'id title kind text decidedOn requirement result meeting { id } programs { code } amendments { id } version createdAt updatedAt';
const PROGRAM = `id code title description themes status startDate startYear endDate themes
  participatingCountries { code } predecessor { code } successors { code } implementingOrganization { id }
  amendments { id field previousValue newValue effectiveOn decision { id } } decisions { id } version createdAt updatedAt`;
const GRANT = 'id title description donor { id } recipient { id } program { code } mechanism amount { amount currency } awardedOn startDate endDate status version createdAt updatedAt';
const SOURCE = 'id title publisher url language publishedAt author note version createdAt updatedAt citations { id field excerpt status correctedValue note subject { id } }';
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

type Vars = Record<string, unknown>;
type Order = Array<{ field: string; direction?: 'ASC' | 'DESC' }>;

/** One connection page: `list(first/last, after/before, orderBy, filter) { totalCount edges { cursor node { fields } } pageInfo }`. */
async function page(server: TestServer, list: string, orderType: string, filterType: string, fields: string, vars: Vars): Promise<Page<unknown>> {
  const query = `query ($first: Int, $after: String, $last: Int, $before: String, $orderBy: [${orderType}!], $filter: ${filterType}) {
    ${list}(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
      totalCount edges { cursor node { ${fields} } } nodes { id } ${PAGE_INFO}
    }
  }`;
  return (await server.data<Record<string, Page<unknown>>>(query, vars))[list];
}

const LISTS = {
  countries: ['CountryOrder', 'CountryFilter', COUNTRY],
  organizations: ['OrganizationOrder', 'OrganizationFilter', ORGANIZATION],
  people: ['PersonOrder', 'PersonFilter', PERSON],
  meetings: ['MeetingOrder', 'MeetingFilter', MEETING],
  decisions: ['DecisionOrder', 'DecisionFilter', DECISION],
  programs: ['ProgramOrder', 'ProgramFilter', PROGRAM],
  grants: ['GrantOrder', 'GrantFilter', GRANT],
  sources: ['SourceOrder', 'SourceFilter', SOURCE],
} as const;
type ListName = keyof typeof LISTS;

const list = (name: ListName, vars: Vars, fields: string = LISTS[name][2]) => (server: TestServer) => page(server, name, LISTS[name][0], LISTS[name][1], fields, vars);

/** Every page of a list, walked `size` at a time forwards and then backwards. */
const walk = (name: ListName, size: number, orderBy?: Order, filter?: Vars) => async (server: TestServer) => ({
  forward: await walkForward((after) => list(name, { first: size, after, orderBy, filter })(server)),
  backward: await walkBackward((before) => list(name, { last: size, before, orderBy, filter })(server)),
});

const SEARCH = `query ($q: String!, $types: [SearchType!], $first: Int) {
  search(query: $q, types: $types, first: $first) {
    __typename ... on Node { id } ... on Country { name } ... on Organization { name acronym } ... on Person { name }
    ... on Meeting { title } ... on Decision { title } ... on Program { title } ... on FundingGrant { title } ... on Source { title }
  }
}`;
const SUMMARY = `query ($groupBy: FundingGroupBy!, $filter: GrantFilter) {
  fundingSummary(groupBy: $groupBy, filter: $filter) { key label grantCount unknownAmountCount totals { amount currency } }
}`;
/** The questions compare whole answers, so their items stay `unknown`. */
type SearchAnswer = { search: unknown[] };
type SummaryAnswer = { fundingSummary: unknown[] };
const GROUPINGS = ['DONOR', 'RECIPIENT', 'PROGRAM', 'YEAR', 'CURRENCY'] as const;

/** What `nodes(ids:)` is asked for each type: the same fields as the lists, so answers can be compared. */
const NODE_FIELDS: Record<string, string> = {
  Country: COUNTRY, Organization: ORGANIZATION, Person: PERSON, Meeting: MEETING, Decision: DECISION, Program: PROGRAM, FundingGrant: GRANT, Source: SOURCE,
  Citation: 'excerpt status field correctedValue source { id } subject { id }', Role: 'title acting startDate endDate person { id }',
  ProgramAmendment: 'field previousValue newValue effectiveOn program { id }', Membership: 'joinedOn joinedOnPrecision leftOn status country { code }',
};

/** Every record the API lists or nests, fetched again through `nodes(ids:)`, one type (and 100 IDs) at a time. */
async function nodeRoundTrips(server: TestServer) {
  const lists = Object.keys(LISTS).map((name) => `${name}(first: 100) { nodes { __typename id } }`).join(' ');
  const nested = `sources(first: 100) { nodes { citations { __typename id } } } people(first: 100) { nodes { roles { __typename id } } }
    programs(first: 100) { nodes { amendments { __typename id } } } countries(first: 100) { nodes { memberships { __typename id } } }`;
  const found = JSON.stringify(await server.data(`{ ${lists} } `)) + JSON.stringify(await server.data(`{ ${nested} }`));
  const byType = new Map<string, string[]>();
  for (const [, type, id] of found.matchAll(/"__typename":"(\w+)","id":"([^"]+)"/g)) byType.set(type, [...(byType.get(type) ?? []), id]);
  const answers: Record<string, unknown[]> = {};
  for (const [type, ids] of byType) {
    answers[type] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const data = await server.data<{ nodes: unknown[] }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on ${type} { ${NODE_FIELDS[type]} } } }`, { ids: ids.slice(i, i + 100) });
      answers[type].push(...data.nodes);
    }
  }
  expect(Object.keys(answers).sort(), 'every Node type was round-tripped').toEqual(Object.keys(NODE_FIELDS).sort());
  return answers;
}

export interface Question {
  name: string;
  ask: (server: TestServer) => Promise<unknown>;
}

/** The questions both databases must answer identically, and an imported dataset as its source did. */
export const QUESTIONS: Question[] = [
  { name: 'countries by name (default order), every field', ask: list('countries', { first: 100 }) },
  { name: 'countries by code, descending, walked 4 at a time', ask: walk('countries', 4, [{ field: 'CODE', direction: 'DESC' }]) },
  { name: 'countries by name, walked 5 at a time', ask: walk('countries', 5) },
  { name: 'countries by creation time, newest first, then name', ask: list('countries', { first: 100, orderBy: [{ field: 'CREATED_AT', direction: 'DESC' }, { field: 'NAME' }] }) },
  { name: 'countries filtered by name, accents ignored', ask: list('countries', { first: 100, filter: { name: 'curacao' } }) },
  { name: 'organizations by kind, then name descending, walked 3 at a time', ask: walk('organizations', 3, [{ field: 'KIND' }, { field: 'NAME', direction: 'DESC' }]) },
  { name: 'organizations by name, ties by ID', ask: list('organizations', { first: 100, orderBy: [{ field: 'NAME' }] }) },
  { name: 'organizations filtered by name', ask: list('organizations', { first: 100, filter: { name: 'OSTERREICH' } }) },
  { name: 'people by name', ask: list('people', { first: 100 }) },
  { name: 'meetings by session number, both directions', ask: async (s) => [await walk('meetings', 1, [{ field: 'SESSION_NUMBER' }])(s), await walk('meetings', 1, [{ field: 'SESSION_NUMBER', direction: 'DESC' }])(s)] },
  { name: 'decisions by day decided', ask: list('decisions', { first: 100, orderBy: [{ field: 'DECIDED_ON' }] }) },
  { name: 'programs by end date, nulls last ascending, walked 1 at a time', ask: walk('programs', 1, [{ field: 'END_DATE' }]) },
  { name: 'programs by end date, nulls first descending, walked 2 at a time', ask: walk('programs', 2, [{ field: 'END_DATE', direction: 'DESC' }]) },
  { name: 'programs active on a leap day', ask: list('programs', { first: 100, filter: { activeOn: '2024-02-29' } }) },
  {
    name: 'endDate(asOf:) before, between and after amendments',
    ask: async (s) => s.data(`{ programs(first: 100) { nodes { id code endDate
      a: endDate(asOf: "1999-12-31") b: endDate(asOf: "2021-06-08") c: endDate(asOf: "2021-06-09") d: endDate(asOf: "2024-01-15")
      e: endDate(asOf: "2024-02-28") f: endDate(asOf: "2024-02-29") g: endDate(asOf: "2099-01-01") } } }`),
  },
  { name: 'grants, most recently awarded first (default), walked 4 at a time', ask: walk('grants', 4) },
  { name: 'grants by amount, walked 3 at a time', ask: walk('grants', 3, [{ field: 'AMOUNT' }]) },
  { name: 'grants by amount descending, then title', ask: list('grants', { first: 100, orderBy: [{ field: 'AMOUNT', direction: 'DESC' }, { field: 'TITLE' }] }) },
  { name: 'grants by creation time', ask: walk('grants', 5, [{ field: 'CREATED_AT' }]) },
  { name: 'grants filtered by currencies and award days', ask: list('grants', { first: 100, filter: { currencies: ['USD', 'KWD'], awardedOnOrAfter: '1999-12-31', awardedOnOrBefore: '2024-02-29' } }) },
  { name: 'grants filtered by donor country', ask: list('grants', { first: 100, filter: { donorCountry: 'JP' } }) },
  { name: 'sources by publication time (one before 1970), both directions', ask: async (s) => [await walk('sources', 1, [{ field: 'PUBLISHED_AT' }])(s), await walk('sources', 1, [{ field: 'PUBLISHED_AT', direction: 'DESC' }])(s)] },
  { name: 'a program with its grants connection and citations', ask: async (s) => s.data(`{ program(code: "PAR-1") { ${PROGRAM} grants(first: 2, orderBy: [{ field: AMOUNT, direction: DESC }]) { totalCount edges { cursor node { ${GRANT} } } ${PAGE_INFO} } citations { excerpt status correctedValue } } }`) },
  ...['aland', 'ÅLAND', 'Jepang', 'apo', 'apo friends', 'green', 'kemnaker', 'angstrom', 'ZOË', 'curaçao', 'korsou', 'parity', 'twin'].map((q) => ({
    name: `search "${q}"`,
    ask: async (s: TestServer) => [(await s.data<SearchAnswer>(SEARCH, { q, first: 100 })).search, (await s.data<SearchAnswer>(SEARCH, { q, first: 3, types: ['ORGANIZATION', 'COUNTRY'] })).search],
  })),
  ...GROUPINGS.map((groupBy) => ({ name: `fundingSummary by ${groupBy}`, ask: async (s: TestServer) => (await s.data<SummaryAnswer>(SUMMARY, { groupBy })).fundingSummary })),
  ...GROUPINGS.map((groupBy) => ({
    name: `fundingSummary by ${groupBy}, filtered`,
    ask: async (s: TestServer) => (await s.data<SummaryAnswer>(SUMMARY, { groupBy, filter: { currencies: ['USD', 'EUR', 'KWD'], awardedOnOrAfter: '1999-12-31' } })).fundingSummary,
  })),
  { name: 'node(id:) round trips of every record', ask: nodeRoundTrips },
];

/** How many records an answer holds, so that two empty answers never pass for agreement. */
export const recordsIn = (answer: unknown) => (JSON.stringify(answer).match(/"(id|key)":/g) ?? []).length;
