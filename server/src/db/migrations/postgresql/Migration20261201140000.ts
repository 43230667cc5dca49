import { Migration } from '@mikro-orm/migrations';

/**
 * `record_change`: what every mutation changed, written in its transaction (the audit log, records' history and
 * the change feed). `seq` is the feed's order: the change recorder takes a transaction-scoped advisory lock before
 * numbering, so numbers are handed out in commit order. Its writes raise the data version like every data table's; its strings
 * compare by code point, as every string column does (see Migration20261128223000).
 */
export class Migration20261201140000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "record_change" ("seq" bigserial primary key, "changed_at" timestamptz not null, "actor" varchar(100) collate "C" not null, "mutation" varchar(60) collate "C" not null, "record_type" varchar(60) collate "C" not null, "record_id" varchar(80) collate "C" not null, "record_version" int not null, "operation" text collate "C" check ("operation" in ('CREATE', 'UPDATE', 'DELETE')) not null, "fields" jsonb not null);`);
    this.addSql('create index "record_change_actor_index" on "record_change" ("actor");');
    this.addSql('create index "record_change_record_index" on "record_change" ("record_type", "record_id", "seq");');
    this.addSql('create trigger "record_change_data_version" after insert or update or delete or truncate on "record_change" for each statement execute function "bump_data_version"();');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "record_change";');
  }
}
