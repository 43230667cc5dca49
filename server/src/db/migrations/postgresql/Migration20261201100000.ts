import { Migration } from '@mikro-orm/migrations';
import { VERSIONED_TABLES } from '../data-version';

/**
 * `data_version`: one counter that every committed write raises, in the writer's own transaction, through
 * statement-level triggers on every table, so no writer can forget it (the ORM, db:import, data:synth, a
 * hand-written statement). The response cache of every instance compares it before serving a stored answer.
 */
export class Migration20261201100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "data_version" ("id" int not null primary key, "version" bigint not null);');
    this.addSql('insert into "data_version" ("id", "version") values (1, 1);');
    this.addSql(`create function "bump_data_version"() returns trigger language plpgsql as $$
      begin
        update "data_version" set "version" = "version" + 1 where "id" = 1;
        return null;
      end $$;`);
    for (const table of VERSIONED_TABLES) {
      this.addSql(`create trigger "${table}_data_version" after insert or update or delete or truncate on "${table}" for each statement execute function "bump_data_version"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of VERSIONED_TABLES) this.addSql(`drop trigger if exists "${table}_data_version" on "${table}";`);
    this.addSql('drop function if exists "bump_data_version"();');
    this.addSql('drop table if exists "data_version";');
  }
}
