import { Migration } from '@mikro-orm/migrations';

/**
 * A session number names one session of its kind per organization: a second "64th Governing Body Meeting" of
 * the same organization is refused by the database too, not only by the meeting service (a race between two
 * editors). Meetings without a number may be many: SQLite treats nulls in a unique index as distinct.
 * Titles need no change here (SQLite text has no length).
 */
export class Migration20261201150000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create unique index `meeting_organization_id_kind_session_number_unique` on `meeting` (`organization_id`, `kind`, `session_number`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists `meeting_organization_id_kind_session_number_unique`;');
  }
}
