import { Collection, Entity, Enum, ManyToMany, ManyToOne, OneToMany, Property, QueryOrder, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity, Node } from '../../shared/node';
import { DateScalar } from '../../shared/scalars';
import { buildSearchText } from '../../shared/search-text';
import { Country } from '../country/country.entity';
import { FundingGrant } from '../grant/grant.entity';
import { Decision } from '../meeting/decision.entity';
import { Organization } from '../organization/organization.entity';
import { ProgramAmendment } from './program-amendment.entity';
import { ProgramStatus } from './program.types';

@Entity()
@ObjectType({ implements: Node, description: 'An APO program (IATI Activity): what it does, when, with whom, and how its plan changed.' })
export class Program extends BaseEntity {
  @Field({ description: 'Short code, unique; apo-data\'s own where the APO publishes none.' })
  @Property({ type: 'string', length: 64, unique: true })
  code!: string;

  @Field({ description: 'Title of the program.' })
  @Property({ type: 'string', index: true })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the program does.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Field(() => [String], { description: 'Themes the program addresses.' })
  @Property({ type: 'json' })
  themes: string[] = [];

  @Field(() => ProgramStatus, { nullable: true, description: 'Lifecycle status (IATI); null when no source states it.' })
  @Enum({ items: () => ProgramStatus, nullable: true, index: true })
  status?: ProgramStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the program, when known to the day.' })
  @Property({ type: 'date', nullable: true, index: true })
  startDate?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the program started, when only the year is known (or from `startDate`).' })
  @Property({ type: 'integer', nullable: true })
  startYear?: number | null;

  /** The current planned end date; `endDate(asOf:)` derives earlier plans from the amendments. */
  @Property({ type: 'date', nullable: true, index: true })
  endDate?: string | null;

  @ManyToOne(() => Organization, { ref: true, nullable: true, index: true })
  implementingOrganization?: Ref<Organization> | null;

  @ManyToMany(() => Country)
  participatingCountries = new Collection<Country>(this);

  @ManyToOne(() => Program, { ref: true, nullable: true, index: true })
  predecessor?: Ref<Program> | null;

  @OneToMany(() => Program, (p) => p.predecessor, { orderBy: { startDate: QueryOrder.ASC_NULLS_LAST, id: QueryOrder.ASC } })
  successors = new Collection<Program>(this);

  @OneToMany(() => ProgramAmendment, (a) => a.program, { orderBy: { effectiveOn: 'asc', id: 'asc' } })
  amendments = new Collection<ProgramAmendment>(this);

  @OneToMany(() => FundingGrant, (g) => g.program, { orderBy: { id: QueryOrder.ASC } })
  grants = new Collection<FundingGrant>(this);

  @ManyToMany(() => Decision, (d) => d.programs)
  decisions = new Collection<Decision>(this);

  @Property({ type: 'text', hidden: true, onCreate: (p: Program) => p.searchTerms(), onUpdate: (p: Program) => p.searchTerms() })
  searchText!: string;

  searchTerms(): string {
    return buildSearchText([this.title, this.code]);
  }
}
