import { Migration } from '@mikro-orm/migrations';
import { VERSIONED_TABLES } from '../data-version';

/**
 * `data_version`: one counter that every committed write raises, in the writer's own transaction, through
 * triggers on every table, so no writer can forget it (the ORM, db:import, data:synth, a hand-written
 * statement). The response cache compares it before serving a stored answer.
 */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table `data_version` (`id` integer not null primary key, `version` integer not null);');
    this.addSql('insert into `data_version` (`id`, `version`) values (1, 1);');
    for (const table of VERSIONED_TABLES) {
      for (const event of ['insert', 'update', 'delete']) {
        this.addSql(`create trigger \`${table}_${event}_data_version\` after ${event} on \`${table}\` begin update \`data_version\` set \`version\` = \`version\` + 1 where \`id\` = 1; end;`);
      }
    }
  }

  override async down(): Promise<void> {
    for (const table of VERSIONED_TABLES) for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists \`${table}_${event}_data_version\`;`);
    this.addSql('drop table if exists `data_version`;');
  }
}
