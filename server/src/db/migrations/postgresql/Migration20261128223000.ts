import { Migration } from '@mikro-orm/migrations';

/** Every string column of the schema when this migration was written, with its type. */
const STRING_COLUMNS: Record<string, string[]> = {
  citation: ['id varchar(80)', 'source_id varchar(80)', 'subject_type varchar(32)', 'subject_id varchar(80)', 'field varchar(64)', 'excerpt text', 'status text', 'corrected_value text', 'note text'],
  country: ['id varchar(80)', 'code varchar(2)', 'alpha3 varchar(3)', 'name varchar(255)', 'search_text text'],
  decision: ['id varchar(80)', 'meeting_id varchar(80)', 'kind text', 'title varchar(255)', 'text text', 'requirement text', 'result text', 'search_text text'],
  decision_programs: ['decision_id varchar(80)', 'program_id varchar(80)'],
  funding_grant: ['id varchar(80)', 'title varchar(255)', 'description text', 'donor_id varchar(80)', 'recipient_id varchar(80)', 'program_id varchar(80)', 'mechanism varchar(255)', 'currency varchar(3)', 'status text', 'search_text text'],
  meeting: ['id varchar(80)', 'organization_id varchar(80)', 'kind text', 'title varchar(255)', 'timezone varchar(255)', 'modality text', 'platform varchar(255)', 'host_country_id varchar(80)', 'chair_id varchar(80)', 'parent_id varchar(80)', 'search_text text'],
  meeting_participant: ['id varchar(80)', 'meeting_id varchar(80)', 'role text', 'person_id varchar(80)', 'organization_id varchar(80)', 'country_id varchar(80)'],
  membership: ['id varchar(80)', 'organization_id varchar(80)', 'country_id varchar(80)', 'joined_on_precision text', 'status text'],
  organization: ['id varchar(80)', 'name varchar(255)', 'acronym varchar(255)', 'kind text', 'country_id varchar(80)', 'parent_id varchar(80)', 'search_text text'],
  person: ['id varchar(80)', 'name varchar(255)', 'honorific_prefix varchar(255)', 'nationality_id varchar(80)', 'search_text text'],
  program: ['id varchar(80)', 'code varchar(64)', 'title varchar(255)', 'description text', 'status text', 'implementing_organization_id varchar(80)', 'predecessor_id varchar(80)', 'search_text text'],
  program_amendment: ['id varchar(80)', 'program_id varchar(80)', 'field varchar(64)', 'previous_value varchar(255)', 'new_value varchar(255)', 'decision_id varchar(80)'],
  program_participating_countries: ['program_id varchar(80)', 'country_id varchar(80)'],
  role: ['id varchar(80)', 'person_id varchar(80)', 'title varchar(255)', 'organization_id varchar(80)', 'country_id varchar(80)'],
  source: ['id varchar(80)', 'title varchar(255)', 'publisher varchar(255)', 'url varchar(2048)', 'language varchar(8)', 'author varchar(255)', 'note text', 'search_text text'],
};

/**
 * Every string column compares by code point ("C" collation), as SQLite's BINARY collation does, so that
 * ordering, keyset cursors and range filters give the same answers on both databases whatever locale
 * the PostgreSQL database was created with. Written by hand: MikroORM 6 does not model collations.
 */
export class Migration20261128223000 extends Migration {

  override async up(): Promise<void> {
    this.collate('C');
  }

  override async down(): Promise<void> {
    this.collate('default');
  }

  private collate(collation: string) {
    for (const [table, columns] of Object.entries(STRING_COLUMNS)) {
      const changes = columns.map((c) => {
        const [name, type] = c.split(' ');
        return `alter column "${name}" type ${type} collate "${collation}"`;
      });
      this.addSql(`alter table "${table}" ${changes.join(', ')};`);
    }
  }

}
