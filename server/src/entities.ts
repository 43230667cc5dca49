import { Country } from './modules/country/country.entity';
import { Membership } from './modules/country/membership.entity';
import { FundingGrant } from './modules/grant/grant.entity';
import { Decision } from './modules/meeting/decision.entity';
import { MeetingParticipant } from './modules/meeting/meeting-participant.entity';
import { Meeting } from './modules/meeting/meeting.entity';
import { Organization } from './modules/organization/organization.entity';
import { Person } from './modules/person/person.entity';
import { Role } from './modules/person/role.entity';
import { ProgramAmendment } from './modules/program/program-amendment.entity';
import { Program } from './modules/program/program.entity';
import { Citation } from './modules/source/citation.entity';
import { Source } from './modules/source/source.entity';
import { LocalizedName } from './shared/localized-name';
import { BaseEntity } from './shared/node';

/** Every entity that is a `Node`, by its GraphQL type name. */
export const NODE_TYPES = {
  Country, Membership, Organization, Person, Role, Meeting, MeetingParticipant,
  Decision, Program, ProgramAmendment, FundingGrant, Source, Citation,
} as const;

export type NodeTypeName = keyof typeof NODE_TYPES;

export const ENTITIES = [BaseEntity, LocalizedName, ...Object.values(NODE_TYPES)];
