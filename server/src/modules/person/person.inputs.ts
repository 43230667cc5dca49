import type { FilterQuery } from '@mikro-orm/core';
import { Field, InputType } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import { nameContains } from '../../shared/search-text';
import type { Person } from './person.entity';

@InputType({ description: 'Narrows a list of people.' })
export class PersonFilter {
  @Field(() => String, { nullable: true, description: 'The name or any other name contains this text (case and accents ignored).' })
  name?: string | null;

  toQuery(): FilterQuery<Person> {
    return this.name ? nameContains(this.name, 'filter.name') : {};
  }
}

export enum PersonOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
export const PersonOrder = OrderInput('Person', PersonOrderField, 'Fields people can be sorted by.', [{ field: PersonOrderField.NAME, direction: OrderDirection.ASC }]);
