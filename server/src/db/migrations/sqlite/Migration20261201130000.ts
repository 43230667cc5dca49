import { Migration } from '@mikro-orm/migrations';

/**
 * `api_token`: API tokens by name and role, each stored as the hex SHA-256 of its secret. Written by hand (the
 * generator would rebuild unrelated tables). No data-version triggers: a token is a credential, not data, and
 * every request looks its token up anyway, so a revocation needs no cache invalidation.
 */
export class Migration20261201130000 extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `api_token` (`id` text not null, `name` text not null, `role` text check (`role` in ('READER', 'EDITOR', 'ADMIN')) not null, `token_hash` text not null, `created_at` datetime not null, `revoked_at` datetime null, primary key (`id`));");
    this.addSql('create unique index `api_token_name_unique` on `api_token` (`name`);');
    this.addSql('create unique index `api_token_token_hash_unique` on `api_token` (`token_hash`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `api_token`;');
  }
}
