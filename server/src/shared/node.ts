import { randomUUID } from 'node:crypto';
import { DateTimeType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from './scalars';
import { toGlobalId } from './global-id';
import { nodeTypeName } from './node-type';

@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque ID, refetchable with `node(id:)`.',
  resolveType: (value: object) => nodeTypeName(value.constructor),
})
export abstract class Node {
  /** Read from each entity's `globalId` getter, never from its database key. */
  @Field(() => ID, { name: 'id', description: 'Globally unique, opaque ID of the object.' })
  globalId!: string;
}

/** Columns and API fields every entity shares: key, optimistic-lock version, timestamps. */
@Entity({ abstract: true })
@ObjectType()
export abstract class BaseEntity {
  /** Set by the ORM or derived: never required when creating a record. */
  [OptionalProps]?: 'id' | 'version' | 'createdAt' | 'updatedAt' | 'globalId' | 'searchText';

  /** The database key; the API shows the opaque global ID built from it instead. */
  @PrimaryKey({ type: 'string', length: 80 })
  id: string = randomUUID();

  @Field(() => Int, { description: 'Incremented on every change; updates must send the version they read.' })
  @Property({ type: 'integer', version: true })
  version!: number;

  // DateTimeType rather than 'datetime': MikroORM then compares instants by value, so on SQLite (epoch ms) a record
  // merely loaded is not taken for changed, which would bump its version on the next flush.
  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  @Property({ type: DateTimeType, onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Field(() => DateTimeScalar, { description: 'When the record last changed.' })
  @Property({ type: DateTimeType, onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  get globalId(): string {
    return toGlobalId(nodeTypeName(this.constructor), this.id);
  }
}
