import { Migration } from '@mikro-orm/migrations';

/**
 * A session number names one session of its kind per organization: a second "64th Governing Body Meeting" of
 * the same organization is refused by the database too, not only by the meeting service (a race between two
 * editors). Meetings without a number may be many: PostgreSQL treats nulls in a unique constraint as distinct.
 * Meeting and decision titles may have up to 500 characters, as the mutations accept; they keep the "C"
 * collation every string column has (see Migration20261128223000).
 */
export class Migration20261201150000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "meeting" add constraint "meeting_organization_id_kind_session_number_unique" unique ("organization_id", "kind", "session_number");');
    this.addSql('alter table "meeting" alter column "title" type varchar(500) collate "C";');
    this.addSql('alter table "decision" alter column "title" type varchar(500) collate "C";');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "meeting" drop constraint if exists "meeting_organization_id_kind_session_number_unique";');
    this.addSql('alter table "meeting" alter column "title" type varchar(255) collate "C";');
    this.addSql('alter table "decision" alter column "title" type varchar(255) collate "C";');
  }
}
