import { Migration } from '@mikro-orm/migrations';

/**
 * `api_token`: API tokens by name and role, each stored as the hex SHA-256 of its secret. String columns compare
 * by code point (collate "C"), as every other one does. No data-version trigger: a token is a credential, not
 * data, and every request looks its token up anyway, so a revocation needs no cache invalidation.
 */
export class Migration20261201130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "api_token" ("id" varchar(36) collate "C" not null, "name" varchar(100) collate "C" not null, "role" text collate "C" check ("role" in ('READER', 'EDITOR', 'ADMIN')) not null, "token_hash" varchar(64) collate "C" not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql('alter table "api_token" add constraint "api_token_name_unique" unique ("name");');
    this.addSql('alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "api_token";');
  }
}
