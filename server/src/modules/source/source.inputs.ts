import type { FilterQuery } from '@mikro-orm/core';
import { Field, InputType } from 'type-graphql';
import { OrderDirection, OrderInput } from '../../shared/connection';
import type { Source } from './source.entity';

@InputType({ description: 'Narrows a list of sources; all given conditions must hold.' })
export class SourceFilter {
  @Field(() => String, { nullable: true, description: 'Only sources from this publisher.' })
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'Only sources in this ISO 639-1 language.' })
  language?: string | null;

  toQuery(): FilterQuery<Source> {
    return {
      ...(this.publisher ? { publisher: this.publisher } : {}),
      ...(this.language ? { language: this.language } : {}),
    };
  }
}

export enum SourceOrderField {
  PUBLISHED_AT = 'publishedAt',
  TITLE = 'title',
  CREATED_AT = 'createdAt',
}
export const SourceOrder = OrderInput('Source', SourceOrderField, 'Fields sources can be sorted by.', [{ field: SourceOrderField.PUBLISHED_AT, direction: OrderDirection.DESC }]);
