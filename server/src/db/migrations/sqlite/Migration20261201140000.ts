import { Migration } from '@mikro-orm/migrations';

/**
 * `record_change`: what every mutation changed, written in its transaction (the audit log, records' history and
 * the change feed). `seq` is the feed's order: SQLite has one writer at a time, so it grows in commit order.
 * Its writes raise the data version like every data table's, so no cached feed page outlives a change.
 */
export class Migration20261201140000 extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `record_change` (`seq` integer not null primary key autoincrement, `changed_at` datetime not null, `actor` text not null, `mutation` text not null, `record_type` text not null, `record_id` text not null, `record_version` integer not null, `operation` text check (`operation` in ('CREATE', 'UPDATE', 'DELETE')) not null, `fields` json not null);");
    this.addSql('create index `record_change_actor_index` on `record_change` (`actor`);');
    this.addSql('create index `record_change_record_index` on `record_change` (`record_type`, `record_id`, `seq`);');
    for (const event of ['insert', 'update', 'delete']) {
      this.addSql(`create trigger \`record_change_${event}_data_version\` after ${event} on \`record_change\` begin update \`data_version\` set \`version\` = \`version\` + 1 where \`id\` = 1; end;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `record_change`;');
  }
}
