import { Migration } from '@mikro-orm/migrations';

/**
 * Grants' default order (newest award first, ties by ID) read from one index: a page deep in the list
 * (after a cursor) is a range scan of it, as fast as the first page.
 */
export class Migration20261201120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index if exists "funding_grant_awarded_on_index";');
    this.addSql('create index "funding_grant_awarded_on_id_index" on "funding_grant" ("awarded_on", "id");');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "funding_grant_awarded_on_id_index";');
    this.addSql('create index "funding_grant_awarded_on_index" on "funding_grant" ("awarded_on");');
  }
}
