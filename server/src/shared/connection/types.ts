import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ClassType } from 'type-graphql';

// The GraphQL side of every list: paging arguments, Relay connection and edge types, and sort inputs.

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction. Nulls sort last when ascending and first when descending, on every database.',
  valuesConfig: {
    ASC: { description: 'Smallest first; nulls last.' },
    DESC: { description: 'Largest first; nulls first.' },
  },
});

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Returns the first n items (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the items after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Returns the last n items (at most ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Returns the items before this cursor.' })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; `totalCount` is only computed when a client asks for it. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`, { description: `An edge in a list of ${name} objects.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item, for `after` and `before`.' })
    cursor!: string;

    @Field(() => nodeType, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} objects (Relay cursor connection).` })
  class ConnectionType implements ConnectionResult<T> {
    @Field(() => [EdgeType], { description: 'The items of the page, with their cursors.' })
    edges!: Edge<T>[];

    @Field(() => [nodeType], { description: 'The items of the page, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Where the page sits in the list.' })
    pageInfo!: PageInfo;

    count!: () => Promise<number>;

    @Field(() => Int, { description: 'How many items match the filter, across all pages (computed only when asked).' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return ConnectionType;
}

/**
 * Builds the `<Name>Order` input: one sort key (a field of the enum and a direction). `defaultOrder` is the
 * list's order when the client gives none; it stays beside the input so every list of the type shares it.
 */
export function OrderInput<F extends string>(name: string, fields: Record<string, F>, fieldsDescription: string, defaultOrder: ReadonlyArray<OrderKey<F>>) {
  registerEnumType(fields, { name: `${name}OrderField`, description: fieldsDescription, valuesConfig: describeEach(fields) });

  @InputType(`${name}Order`, { description: `One sort key for ${name} lists; pass several for tie-breaks.` })
  class Order implements OrderKey<F> {
    @Field(() => fields, { description: 'The field to sort by.' })
    field!: F;

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'The direction (default ASC).' })
    direction: OrderDirection = OrderDirection.ASC;

    static readonly defaultOrder = defaultOrder;
  }
  return Order;
}

function describeEach(fields: Record<string, string>) {
  return Object.fromEntries(Object.entries(fields).map(([k, prop]) => [k, { description: `Sort by \`${prop}\`.` }]));
}

export interface OrderKey<F extends string = string> {
  field: F;
  direction: OrderDirection;
}
