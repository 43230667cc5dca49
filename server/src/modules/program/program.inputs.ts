import type { FilterQuery } from '@mikro-orm/core';
import { Field, InputType } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import { CountryCodeScalar, DateScalar } from '../../shared/scalars';
import { nameContains } from '../../shared/search-text';
import type { Program } from './program.entity';
import { ProgramStatus } from './program.types';

@InputType({ description: 'Narrows a list of programs; all given conditions must hold.' })
export class ProgramFilter {
  @Field(() => [String], { nullable: true, description: 'Only these program codes.' })
  codes?: string[] | null;

  @Field(() => [ProgramStatus], { nullable: true, description: 'Only these statuses.' })
  statuses?: ProgramStatus[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only programs running on this day: started by then (a known start day or year) and not yet ended by their current plan.' })
  activeOn?: string | null;

  @Field(() => CountryCodeScalar, { nullable: true, description: 'Only programs this country takes part in.' })
  participatingCountry?: string | null;

  @Field(() => String, { nullable: true, description: 'The title or code contains this text (case and accents ignored).' })
  title?: string | null;

  toQuery(): FilterQuery<Program> {
    return {
      ...(this.codes ? { code: { $in: this.codes } } : {}),
      ...(this.statuses ? { status: { $in: this.statuses } } : {}),
      ...(this.activeOn ? (activeOn(this.activeOn) as object) : {}),
      ...(this.participatingCountry ? { participatingCountries: { $some: { code: this.participatingCountry } } } : {}),
      ...(this.title ? nameContains(this.title, 'filter.title') : {}),
    };
  }
}

function activeOn(day: string): FilterQuery<Program> {
  const year = Number(day.slice(0, 4));
  return {
    $and: [
      { $or: [{ startDate: { $lte: day } }, { startDate: null, startYear: { $lte: year } }] },
      { $or: [{ endDate: { $gte: day } }, { endDate: null }] },
    ],
  };
}

export enum ProgramOrderField {
  CODE = 'code',
  TITLE = 'title',
  START_DATE = 'startDate',
  END_DATE = 'endDate',
  CREATED_AT = 'createdAt',
}
export const ProgramOrder = OrderInput('Program', ProgramOrderField, 'Fields programs can be sorted by.', [{ field: ProgramOrderField.CODE, direction: OrderDirection.ASC }]);
