/**
 * The tables whose writes bump the data version: every table of the schema when the data-version migrations
 * were written. A table added later needs its triggers in its own migration (`test/integration/cache.test.ts`
 * fails for a table without them). `api_token` has none on purpose: a token is a credential, not data, and every
 * request looks its token up, so a new or revoked token needs no cached answer thrown away.
 */
export const VERSIONED_TABLES = [
  'citation', 'country', 'decision', 'decision_programs', 'funding_grant', 'meeting', 'meeting_participant', 'membership',
  'organization', 'person', 'program', 'program_amendment', 'program_participating_countries', 'role', 'source',
];
