import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220955 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`country\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`code\` text not null, \`alpha3\` text not null, \`name\` text not null, \`names\` json not null, \`search_text\` text not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`country_code_unique\` on \`country\` (\`code\`);`);
    this.addSql(`create unique index \`country_alpha3_unique\` on \`country\` (\`alpha3\`);`);
    this.addSql(`create index \`country_name_index\` on \`country\` (\`name\`);`);

    this.addSql(`create table \`organization\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`acronym\` text null, \`kind\` text check (\`kind\` in ('INTERGOVERNMENTAL_ORGANIZATION', 'GOVERNING_BODY', 'SECRETARIAT', 'NATIONAL_PRODUCTIVITY_ORGANIZATION', 'GOVERNMENT', 'MINISTRY', 'DIRECTORATE_GENERAL', 'DIRECTORATE', 'OTHER')) not null, \`country_id\` text null, \`parent_id\` text null, \`names\` json not null, \`search_text\` text not null, constraint \`organization_country_id_foreign\` foreign key(\`country_id\`) references \`country\`(\`id\`) on delete set null on update cascade, constraint \`organization_parent_id_foreign\` foreign key(\`parent_id\`) references \`organization\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`organization_name_index\` on \`organization\` (\`name\`);`);
    this.addSql(`create index \`organization_kind_index\` on \`organization\` (\`kind\`);`);
    this.addSql(`create index \`organization_country_id_index\` on \`organization\` (\`country_id\`);`);
    this.addSql(`create index \`organization_parent_id_index\` on \`organization\` (\`parent_id\`);`);

    this.addSql(`create table \`membership\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`organization_id\` text not null, \`country_id\` text not null, \`joined_on\` date null, \`joined_on_precision\` text check (\`joined_on_precision\` in ('DAY', 'MONTH', 'YEAR')) not null default 'DAY', \`left_on\` date null, \`status\` text check (\`status\` in ('ACTIVE', 'SUSPENDED', 'WITHDRAWN')) not null, constraint \`membership_organization_id_foreign\` foreign key(\`organization_id\`) references \`organization\`(\`id\`) on update cascade, constraint \`membership_country_id_foreign\` foreign key(\`country_id\`) references \`country\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`membership_organization_id_index\` on \`membership\` (\`organization_id\`);`);
    this.addSql(`create index \`membership_country_id_index\` on \`membership\` (\`country_id\`);`);
    this.addSql(`create index \`membership_joined_on_index\` on \`membership\` (\`joined_on\`);`);
    this.addSql(`create index \`membership_status_index\` on \`membership\` (\`status\`);`);

    this.addSql(`create table \`person\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`honorific_prefix\` text null, \`nationality_id\` text null, \`other_names\` json not null, \`search_text\` text not null, constraint \`person_nationality_id_foreign\` foreign key(\`nationality_id\`) references \`country\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`person_name_index\` on \`person\` (\`name\`);`);
    this.addSql(`create index \`person_nationality_id_index\` on \`person\` (\`nationality_id\`);`);

    this.addSql(`create table \`meeting\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`organization_id\` text not null, \`kind\` text check (\`kind\` in ('GOVERNING_BODY_MEETING', 'WORKSHOP_MEETING', 'PREPARATORY', 'OTHER')) not null, \`session_number\` integer null, \`title\` text not null, \`start_date\` date not null, \`end_date\` date null, \`timezone\` text null, \`modality\` text check (\`modality\` in ('VIRTUAL', 'IN_PERSON', 'HYBRID')) not null, \`platform\` text null, \`duration_minutes\` integer null, \`host_country_id\` text null, \`chair_id\` text null, \`parent_id\` text null, \`search_text\` text not null, constraint \`meeting_organization_id_foreign\` foreign key(\`organization_id\`) references \`organization\`(\`id\`) on update cascade, constraint \`meeting_host_country_id_foreign\` foreign key(\`host_country_id\`) references \`country\`(\`id\`) on delete set null on update cascade, constraint \`meeting_chair_id_foreign\` foreign key(\`chair_id\`) references \`person\`(\`id\`) on delete set null on update cascade, constraint \`meeting_parent_id_foreign\` foreign key(\`parent_id\`) references \`meeting\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`meeting_organization_id_index\` on \`meeting\` (\`organization_id\`);`);
    this.addSql(`create index \`meeting_kind_index\` on \`meeting\` (\`kind\`);`);
    this.addSql(`create index \`meeting_session_number_index\` on \`meeting\` (\`session_number\`);`);
    this.addSql(`create index \`meeting_start_date_index\` on \`meeting\` (\`start_date\`);`);
    this.addSql(`create index \`meeting_host_country_id_index\` on \`meeting\` (\`host_country_id\`);`);
    this.addSql(`create index \`meeting_chair_id_index\` on \`meeting\` (\`chair_id\`);`);
    this.addSql(`create index \`meeting_parent_id_index\` on \`meeting\` (\`parent_id\`);`);

    this.addSql(`create table \`meeting_participant\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`role\` text check (\`role\` in ('CHAIR', 'MEMBER', 'DELEGATE', 'SECRETARIAT', 'OBSERVER', 'SPEAKER')) not null, \`person_id\` text null, \`organization_id\` text null, \`country_id\` text null, constraint \`meeting_participant_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, constraint \`meeting_participant_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on delete set null on update cascade, constraint \`meeting_participant_organization_id_foreign\` foreign key(\`organization_id\`) references \`organization\`(\`id\`) on delete set null on update cascade, constraint \`meeting_participant_country_id_foreign\` foreign key(\`country_id\`) references \`country\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`meeting_participant_meeting_id_index\` on \`meeting_participant\` (\`meeting_id\`);`);
    this.addSql(`create index \`meeting_participant_person_id_index\` on \`meeting_participant\` (\`person_id\`);`);
    this.addSql(`create index \`meeting_participant_organization_id_index\` on \`meeting_participant\` (\`organization_id\`);`);
    this.addSql(`create index \`meeting_participant_country_id_index\` on \`meeting_participant\` (\`country_id\`);`);

    this.addSql(`create table \`decision\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`kind\` text check (\`kind\` in ('EXTENSION', 'ENDORSEMENT', 'ADOPTION', 'BUDGET', 'ELECTION', 'OTHER')) not null, \`title\` text not null, \`text\` text not null, \`decided_on\` date null, \`requirement\` text check (\`requirement\` in ('CONSENSUS', 'UNANIMITY', 'MAJORITY', 'NONE')) null, \`result\` text check (\`result\` in ('ADOPTED', 'REJECTED', 'DEFERRED')) not null, \`search_text\` text not null, constraint \`decision_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`decision_meeting_id_index\` on \`decision\` (\`meeting_id\`);`);
    this.addSql(`create index \`decision_kind_index\` on \`decision\` (\`kind\`);`);
    this.addSql(`create index \`decision_decided_on_index\` on \`decision\` (\`decided_on\`);`);

    this.addSql(`create table \`program\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`code\` text not null, \`title\` text not null, \`description\` text null, \`themes\` json not null, \`status\` text check (\`status\` in ('PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED')) null, \`start_date\` date null, \`start_year\` integer null, \`end_date\` date null, \`implementing_organization_id\` text null, \`predecessor_id\` text null, \`search_text\` text not null, constraint \`program_implementing_organization_id_foreign\` foreign key(\`implementing_organization_id\`) references \`organization\`(\`id\`) on delete set null on update cascade, constraint \`program_predecessor_id_foreign\` foreign key(\`predecessor_id\`) references \`program\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`program_code_unique\` on \`program\` (\`code\`);`);
    this.addSql(`create index \`program_title_index\` on \`program\` (\`title\`);`);
    this.addSql(`create index \`program_status_index\` on \`program\` (\`status\`);`);
    this.addSql(`create index \`program_start_date_index\` on \`program\` (\`start_date\`);`);
    this.addSql(`create index \`program_end_date_index\` on \`program\` (\`end_date\`);`);
    this.addSql(`create index \`program_implementing_organization_id_index\` on \`program\` (\`implementing_organization_id\`);`);
    this.addSql(`create index \`program_predecessor_id_index\` on \`program\` (\`predecessor_id\`);`);

    this.addSql(`create table \`funding_grant\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`title\` text not null, \`description\` text null, \`donor_id\` text not null, \`recipient_id\` text null, \`program_id\` text null, \`mechanism\` text null, \`amount_e4\` bigint null, \`currency\` text null, \`awarded_on\` date null, \`start_date\` date null, \`end_date\` date null, \`status\` text check (\`status\` in ('PLANNED', 'COMMITTED', 'ACTIVE', 'COMPLETED', 'CANCELLED')) not null, \`search_text\` text not null, constraint \`funding_grant_donor_id_foreign\` foreign key(\`donor_id\`) references \`organization\`(\`id\`) on update cascade, constraint \`funding_grant_recipient_id_foreign\` foreign key(\`recipient_id\`) references \`organization\`(\`id\`) on delete set null on update cascade, constraint \`funding_grant_program_id_foreign\` foreign key(\`program_id\`) references \`program\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`funding_grant_donor_id_index\` on \`funding_grant\` (\`donor_id\`);`);
    this.addSql(`create index \`funding_grant_recipient_id_index\` on \`funding_grant\` (\`recipient_id\`);`);
    this.addSql(`create index \`funding_grant_program_id_index\` on \`funding_grant\` (\`program_id\`);`);
    this.addSql(`create index \`funding_grant_mechanism_index\` on \`funding_grant\` (\`mechanism\`);`);
    this.addSql(`create index \`funding_grant_currency_index\` on \`funding_grant\` (\`currency\`);`);
    this.addSql(`create index \`funding_grant_awarded_on_index\` on \`funding_grant\` (\`awarded_on\`);`);
    this.addSql(`create index \`funding_grant_status_index\` on \`funding_grant\` (\`status\`);`);

    this.addSql(`create table \`decision_programs\` (\`decision_id\` text not null, \`program_id\` text not null, constraint \`decision_programs_decision_id_foreign\` foreign key(\`decision_id\`) references \`decision\`(\`id\`) on delete cascade on update cascade, constraint \`decision_programs_program_id_foreign\` foreign key(\`program_id\`) references \`program\`(\`id\`) on delete cascade on update cascade, primary key (\`decision_id\`, \`program_id\`));`);
    this.addSql(`create index \`decision_programs_decision_id_index\` on \`decision_programs\` (\`decision_id\`);`);
    this.addSql(`create index \`decision_programs_program_id_index\` on \`decision_programs\` (\`program_id\`);`);

    this.addSql(`create table \`program_participating_countries\` (\`program_id\` text not null, \`country_id\` text not null, constraint \`program_participating_countries_program_id_foreign\` foreign key(\`program_id\`) references \`program\`(\`id\`) on delete cascade on update cascade, constraint \`program_participating_countries_country_id_foreign\` foreign key(\`country_id\`) references \`country\`(\`id\`) on delete cascade on update cascade, primary key (\`program_id\`, \`country_id\`));`);
    this.addSql(`create index \`program_participating_countries_program_id_index\` on \`program_participating_countries\` (\`program_id\`);`);
    this.addSql(`create index \`program_participating_countries_country_id_index\` on \`program_participating_countries\` (\`country_id\`);`);

    this.addSql(`create table \`program_amendment\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`program_id\` text not null, \`field\` text not null, \`previous_value\` text null, \`new_value\` text null, \`effective_on\` date not null, \`decision_id\` text null, constraint \`program_amendment_program_id_foreign\` foreign key(\`program_id\`) references \`program\`(\`id\`) on update cascade, constraint \`program_amendment_decision_id_foreign\` foreign key(\`decision_id\`) references \`decision\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`program_amendment_program_id_index\` on \`program_amendment\` (\`program_id\`);`);
    this.addSql(`create index \`program_amendment_effective_on_index\` on \`program_amendment\` (\`effective_on\`);`);
    this.addSql(`create index \`program_amendment_decision_id_index\` on \`program_amendment\` (\`decision_id\`);`);

    this.addSql(`create table \`role\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`person_id\` text not null, \`title\` text not null, \`organization_id\` text not null, \`country_id\` text null, \`acting\` integer not null default false, \`start_date\` date null, \`end_date\` date null, constraint \`role_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on update cascade, constraint \`role_organization_id_foreign\` foreign key(\`organization_id\`) references \`organization\`(\`id\`) on update cascade, constraint \`role_country_id_foreign\` foreign key(\`country_id\`) references \`country\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`role_person_id_index\` on \`role\` (\`person_id\`);`);
    this.addSql(`create index \`role_organization_id_index\` on \`role\` (\`organization_id\`);`);
    this.addSql(`create index \`role_country_id_index\` on \`role\` (\`country_id\`);`);

    this.addSql(`create table \`source\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`title\` text not null, \`publisher\` text null, \`url\` text null, \`language\` text null, \`published_at\` datetime null, \`author\` text null, \`note\` text null, \`search_text\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`source_publisher_index\` on \`source\` (\`publisher\`);`);
    this.addSql(`create index \`source_published_at_index\` on \`source\` (\`published_at\`);`);

    this.addSql(`create table \`citation\` (\`id\` text not null, \`version\` integer not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`source_id\` text not null, \`subject_type\` text not null, \`subject_id\` text not null, \`field\` text null, \`excerpt\` text not null, \`status\` text check (\`status\` in ('REPORTED', 'VERIFIED', 'DISPUTED')) not null, \`corrected_value\` text null, \`note\` text null, constraint \`citation_source_id_foreign\` foreign key(\`source_id\`) references \`source\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`citation_source_id_index\` on \`citation\` (\`source_id\`);`);
    this.addSql(`create index \`citation_status_index\` on \`citation\` (\`status\`);`);
    this.addSql(`create index \`citation_subject_type_subject_id_index\` on \`citation\` (\`subject_type\`, \`subject_id\`);`);
  }

}
