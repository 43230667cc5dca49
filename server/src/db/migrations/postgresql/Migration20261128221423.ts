import { Migration } from '@mikro-orm/migrations';

export class Migration20261128221423 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "country" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(2) not null, "alpha3" varchar(3) not null, "name" varchar(255) not null, "names" jsonb not null, "search_text" text not null, constraint "country_pkey" primary key ("id"));`);
    this.addSql(`alter table "country" add constraint "country_code_unique" unique ("code");`);
    this.addSql(`alter table "country" add constraint "country_alpha3_unique" unique ("alpha3");`);
    this.addSql(`create index "country_name_index" on "country" ("name");`);

    this.addSql(`create table "organization" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "acronym" varchar(255) null, "kind" text check ("kind" in ('INTERGOVERNMENTAL_ORGANIZATION', 'GOVERNING_BODY', 'SECRETARIAT', 'NATIONAL_PRODUCTIVITY_ORGANIZATION', 'GOVERNMENT', 'MINISTRY', 'DIRECTORATE_GENERAL', 'DIRECTORATE', 'OTHER')) not null, "country_id" varchar(80) null, "parent_id" varchar(80) null, "names" jsonb not null, "search_text" text not null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_name_index" on "organization" ("name");`);
    this.addSql(`create index "organization_kind_index" on "organization" ("kind");`);
    this.addSql(`create index "organization_country_id_index" on "organization" ("country_id");`);
    this.addSql(`create index "organization_parent_id_index" on "organization" ("parent_id");`);

    this.addSql(`create table "membership" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" varchar(80) not null, "country_id" varchar(80) not null, "joined_on" date null, "joined_on_precision" text check ("joined_on_precision" in ('DAY', 'MONTH', 'YEAR')) not null default 'DAY', "left_on" date null, "status" text check ("status" in ('ACTIVE', 'SUSPENDED', 'WITHDRAWN')) not null, constraint "membership_pkey" primary key ("id"));`);
    this.addSql(`create index "membership_organization_id_index" on "membership" ("organization_id");`);
    this.addSql(`create index "membership_country_id_index" on "membership" ("country_id");`);
    this.addSql(`create index "membership_joined_on_index" on "membership" ("joined_on");`);
    this.addSql(`create index "membership_status_index" on "membership" ("status");`);

    this.addSql(`create table "person" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "honorific_prefix" varchar(255) null, "nationality_id" varchar(80) null, "other_names" jsonb not null, "search_text" text not null, constraint "person_pkey" primary key ("id"));`);
    this.addSql(`create index "person_name_index" on "person" ("name");`);

    this.addSql(`create table "meeting" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" varchar(80) not null, "kind" text check ("kind" in ('GOVERNING_BODY_MEETING', 'WORKSHOP_MEETING', 'PREPARATORY', 'OTHER')) not null, "session_number" int null, "title" varchar(255) not null, "start_date" date not null, "end_date" date null, "timezone" varchar(255) null, "modality" text check ("modality" in ('VIRTUAL', 'IN_PERSON', 'HYBRID')) not null, "platform" varchar(255) null, "duration_minutes" int null, "host_country_id" varchar(80) null, "chair_id" varchar(80) null, "parent_id" varchar(80) null, "search_text" text not null, constraint "meeting_pkey" primary key ("id"));`);
    this.addSql(`create index "meeting_organization_id_index" on "meeting" ("organization_id");`);
    this.addSql(`create index "meeting_kind_index" on "meeting" ("kind");`);
    this.addSql(`create index "meeting_session_number_index" on "meeting" ("session_number");`);
    this.addSql(`create index "meeting_start_date_index" on "meeting" ("start_date");`);
    this.addSql(`create index "meeting_parent_id_index" on "meeting" ("parent_id");`);

    this.addSql(`create table "meeting_participant" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" varchar(80) not null, "role" text check ("role" in ('CHAIR', 'MEMBER', 'DELEGATE', 'SECRETARIAT', 'OBSERVER', 'SPEAKER')) not null, "person_id" varchar(80) null, "organization_id" varchar(80) null, "country_id" varchar(80) null, constraint "meeting_participant_pkey" primary key ("id"));`);
    this.addSql(`create index "meeting_participant_meeting_id_index" on "meeting_participant" ("meeting_id");`);
    this.addSql(`create index "meeting_participant_person_id_index" on "meeting_participant" ("person_id");`);
    this.addSql(`create index "meeting_participant_country_id_index" on "meeting_participant" ("country_id");`);

    this.addSql(`create table "decision" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" varchar(80) not null, "kind" text check ("kind" in ('EXTENSION', 'ENDORSEMENT', 'ADOPTION', 'BUDGET', 'ELECTION', 'OTHER')) not null, "title" varchar(255) not null, "text" text not null, "decided_on" date null, "requirement" text check ("requirement" in ('CONSENSUS', 'UNANIMITY', 'MAJORITY', 'NONE')) null, "result" text check ("result" in ('ADOPTED', 'REJECTED', 'DEFERRED')) not null, "search_text" text not null, constraint "decision_pkey" primary key ("id"));`);
    this.addSql(`create index "decision_meeting_id_index" on "decision" ("meeting_id");`);
    this.addSql(`create index "decision_kind_index" on "decision" ("kind");`);
    this.addSql(`create index "decision_decided_on_index" on "decision" ("decided_on");`);

    this.addSql(`create table "program" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "title" varchar(255) not null, "description" text null, "themes" jsonb not null, "status" text check ("status" in ('PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED')) null, "start_date" date null, "start_year" int null, "end_date" date null, "implementing_organization_id" varchar(80) null, "predecessor_id" varchar(80) null, "search_text" text not null, constraint "program_pkey" primary key ("id"));`);
    this.addSql(`alter table "program" add constraint "program_code_unique" unique ("code");`);
    this.addSql(`create index "program_title_index" on "program" ("title");`);
    this.addSql(`create index "program_status_index" on "program" ("status");`);
    this.addSql(`create index "program_start_date_index" on "program" ("start_date");`);
    this.addSql(`create index "program_end_date_index" on "program" ("end_date");`);
    this.addSql(`create index "program_implementing_organization_id_index" on "program" ("implementing_organization_id");`);
    this.addSql(`create index "program_predecessor_id_index" on "program" ("predecessor_id");`);

    this.addSql(`create table "funding_grant" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "title" varchar(255) not null, "description" text null, "donor_id" varchar(80) not null, "recipient_id" varchar(80) null, "program_id" varchar(80) null, "mechanism" varchar(255) null, "amount_e4" bigint null, "currency" varchar(3) null, "awarded_on" date null, "start_date" date null, "end_date" date null, "status" text check ("status" in ('PLANNED', 'COMMITTED', 'ACTIVE', 'COMPLETED', 'CANCELLED')) not null, "search_text" text not null, constraint "funding_grant_pkey" primary key ("id"));`);
    this.addSql(`create index "funding_grant_donor_id_index" on "funding_grant" ("donor_id");`);
    this.addSql(`create index "funding_grant_recipient_id_index" on "funding_grant" ("recipient_id");`);
    this.addSql(`create index "funding_grant_program_id_index" on "funding_grant" ("program_id");`);
    this.addSql(`create index "funding_grant_mechanism_index" on "funding_grant" ("mechanism");`);
    this.addSql(`create index "funding_grant_currency_index" on "funding_grant" ("currency");`);
    this.addSql(`create index "funding_grant_awarded_on_index" on "funding_grant" ("awarded_on");`);
    this.addSql(`create index "funding_grant_status_index" on "funding_grant" ("status");`);

    this.addSql(`create table "decision_programs" ("decision_id" varchar(80) not null, "program_id" varchar(80) not null, constraint "decision_programs_pkey" primary key ("decision_id", "program_id"));`);

    this.addSql(`create table "program_participating_countries" ("program_id" varchar(80) not null, "country_id" varchar(80) not null, constraint "program_participating_countries_pkey" primary key ("program_id", "country_id"));`);

    this.addSql(`create table "program_amendment" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "program_id" varchar(80) not null, "field" varchar(64) not null, "previous_value" varchar(255) null, "new_value" varchar(255) null, "effective_on" date not null, "decision_id" varchar(80) null, constraint "program_amendment_pkey" primary key ("id"));`);
    this.addSql(`create index "program_amendment_program_id_index" on "program_amendment" ("program_id");`);
    this.addSql(`create index "program_amendment_effective_on_index" on "program_amendment" ("effective_on");`);
    this.addSql(`create index "program_amendment_decision_id_index" on "program_amendment" ("decision_id");`);

    this.addSql(`create table "role" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" varchar(80) not null, "title" varchar(255) not null, "organization_id" varchar(80) not null, "country_id" varchar(80) null, "acting" boolean not null default false, "start_date" date null, "end_date" date null, constraint "role_pkey" primary key ("id"));`);
    this.addSql(`create index "role_person_id_index" on "role" ("person_id");`);
    this.addSql(`create index "role_organization_id_index" on "role" ("organization_id");`);

    this.addSql(`create table "source" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "title" varchar(255) not null, "publisher" varchar(255) null, "url" varchar(2048) null, "language" varchar(8) null, "published_at" timestamptz null, "author" varchar(255) null, "note" text null, "search_text" text not null, constraint "source_pkey" primary key ("id"));`);
    this.addSql(`create index "source_publisher_index" on "source" ("publisher");`);
    this.addSql(`create index "source_published_at_index" on "source" ("published_at");`);

    this.addSql(`create table "citation" ("id" varchar(80) not null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "source_id" varchar(80) not null, "subject_type" varchar(32) not null, "subject_id" varchar(80) not null, "field" varchar(64) null, "excerpt" text not null, "status" text check ("status" in ('REPORTED', 'VERIFIED', 'DISPUTED')) not null, "corrected_value" text null, "note" text null, constraint "citation_pkey" primary key ("id"));`);
    this.addSql(`create index "citation_source_id_index" on "citation" ("source_id");`);
    this.addSql(`create index "citation_status_index" on "citation" ("status");`);
    this.addSql(`create index "citation_subject_type_subject_id_index" on "citation" ("subject_type", "subject_id");`);

    this.addSql(`alter table "organization" add constraint "organization_country_id_foreign" foreign key ("country_id") references "country" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "organization" add constraint "organization_parent_id_foreign" foreign key ("parent_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_country_id_foreign" foreign key ("country_id") references "country" ("id") on update cascade;`);

    this.addSql(`alter table "person" add constraint "person_nationality_id_foreign" foreign key ("nationality_id") references "country" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "meeting" add constraint "meeting_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "meeting" add constraint "meeting_host_country_id_foreign" foreign key ("host_country_id") references "country" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "meeting" add constraint "meeting_chair_id_foreign" foreign key ("chair_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "meeting" add constraint "meeting_parent_id_foreign" foreign key ("parent_id") references "meeting" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "meeting_participant" add constraint "meeting_participant_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);
    this.addSql(`alter table "meeting_participant" add constraint "meeting_participant_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "meeting_participant" add constraint "meeting_participant_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "meeting_participant" add constraint "meeting_participant_country_id_foreign" foreign key ("country_id") references "country" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "decision" add constraint "decision_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);

    this.addSql(`alter table "program" add constraint "program_implementing_organization_id_foreign" foreign key ("implementing_organization_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "program" add constraint "program_predecessor_id_foreign" foreign key ("predecessor_id") references "program" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "funding_grant" add constraint "funding_grant_donor_id_foreign" foreign key ("donor_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "funding_grant" add constraint "funding_grant_recipient_id_foreign" foreign key ("recipient_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "funding_grant" add constraint "funding_grant_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "decision_programs" add constraint "decision_programs_decision_id_foreign" foreign key ("decision_id") references "decision" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "decision_programs" add constraint "decision_programs_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "program_participating_countries" add constraint "program_participating_countries_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "program_participating_countries" add constraint "program_participating_countries_country_id_foreign" foreign key ("country_id") references "country" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "program_amendment" add constraint "program_amendment_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);
    this.addSql(`alter table "program_amendment" add constraint "program_amendment_decision_id_foreign" foreign key ("decision_id") references "decision" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "role" add constraint "role_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "role" add constraint "role_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "role" add constraint "role_country_id_foreign" foreign key ("country_id") references "country" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "citation" add constraint "citation_source_id_foreign" foreign key ("source_id") references "source" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organization" drop constraint "organization_country_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_country_id_foreign";`);

    this.addSql(`alter table "person" drop constraint "person_nationality_id_foreign";`);

    this.addSql(`alter table "meeting" drop constraint "meeting_host_country_id_foreign";`);

    this.addSql(`alter table "meeting_participant" drop constraint "meeting_participant_country_id_foreign";`);

    this.addSql(`alter table "program_participating_countries" drop constraint "program_participating_countries_country_id_foreign";`);

    this.addSql(`alter table "role" drop constraint "role_country_id_foreign";`);

    this.addSql(`alter table "organization" drop constraint "organization_parent_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_organization_id_foreign";`);

    this.addSql(`alter table "meeting" drop constraint "meeting_organization_id_foreign";`);

    this.addSql(`alter table "meeting_participant" drop constraint "meeting_participant_organization_id_foreign";`);

    this.addSql(`alter table "program" drop constraint "program_implementing_organization_id_foreign";`);

    this.addSql(`alter table "funding_grant" drop constraint "funding_grant_donor_id_foreign";`);

    this.addSql(`alter table "funding_grant" drop constraint "funding_grant_recipient_id_foreign";`);

    this.addSql(`alter table "role" drop constraint "role_organization_id_foreign";`);

    this.addSql(`alter table "meeting" drop constraint "meeting_chair_id_foreign";`);

    this.addSql(`alter table "meeting_participant" drop constraint "meeting_participant_person_id_foreign";`);

    this.addSql(`alter table "role" drop constraint "role_person_id_foreign";`);

    this.addSql(`alter table "meeting" drop constraint "meeting_parent_id_foreign";`);

    this.addSql(`alter table "meeting_participant" drop constraint "meeting_participant_meeting_id_foreign";`);

    this.addSql(`alter table "decision" drop constraint "decision_meeting_id_foreign";`);

    this.addSql(`alter table "decision_programs" drop constraint "decision_programs_decision_id_foreign";`);

    this.addSql(`alter table "program_amendment" drop constraint "program_amendment_decision_id_foreign";`);

    this.addSql(`alter table "program" drop constraint "program_predecessor_id_foreign";`);

    this.addSql(`alter table "funding_grant" drop constraint "funding_grant_program_id_foreign";`);

    this.addSql(`alter table "decision_programs" drop constraint "decision_programs_program_id_foreign";`);

    this.addSql(`alter table "program_participating_countries" drop constraint "program_participating_countries_program_id_foreign";`);

    this.addSql(`alter table "program_amendment" drop constraint "program_amendment_program_id_foreign";`);

    this.addSql(`alter table "citation" drop constraint "citation_source_id_foreign";`);

    this.addSql(`drop table if exists "country" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "membership" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);

    this.addSql(`drop table if exists "meeting" cascade;`);

    this.addSql(`drop table if exists "meeting_participant" cascade;`);

    this.addSql(`drop table if exists "decision" cascade;`);

    this.addSql(`drop table if exists "program" cascade;`);

    this.addSql(`drop table if exists "funding_grant" cascade;`);

    this.addSql(`drop table if exists "decision_programs" cascade;`);

    this.addSql(`drop table if exists "program_participating_countries" cascade;`);

    this.addSql(`drop table if exists "program_amendment" cascade;`);

    this.addSql(`drop table if exists "role" cascade;`);

    this.addSql(`drop table if exists "source" cascade;`);

    this.addSql(`drop table if exists "citation" cascade;`);
  }

}
