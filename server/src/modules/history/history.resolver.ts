import { Arg, Authorized, Ctx, FieldResolver, InputType, Int, Query, Resolver, Root, Field } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType } from '../../shared/connection';
import type { BaseEntity } from '../../shared/node';
import { nodeTypeName } from '../../shared/node-type';
import { DateTimeScalar } from '../../shared/scalars';
import { ApiRole } from '../auth';
import { CitableResolver } from '../source/citable.resolver';
import { changesPage } from './history.service';
import { AuditEvent, Change, recordTypeEnum } from './history.types';
import type { RecordChange } from './record-change.entity';
import type { FilterQuery } from '@mikro-orm/core';

export const ChangeConnection = ConnectionType(Change);
const AuditEventConnection = ConnectionType(AuditEvent);

const FIRST = { nullable: true, description: 'Returns the first n changes (default 20, at most 100).' } as const;
const AFTER = { nullable: true, description: 'Returns the changes after this cursor (an `endCursor` kept from an earlier page).' } as const;

/** `changes` (public) and `auditLog` (ADMIN), over the Node types `typeNames`; built once, when the schema is. */
export function historyResolver(typeNames: readonly string[]) {
  const RecordType = recordTypeEnum(typeNames);

  @InputType({ description: 'Which audit events to list; every condition given must hold.' })
  class AuditLogFilter {
    @Field(() => String, { nullable: true, description: 'Changes made with the API token of this name.' })
    actor?: string | null;

    @Field(() => [RecordType], { nullable: true, description: 'Changes to records of these types.' })
    recordTypes?: string[] | null;

    @Field(() => String, { nullable: true, description: 'Changes made by this mutation, e.g. `updateGrant`.' })
    mutation?: string | null;

    @Field(() => DateTimeScalar, { nullable: true, description: 'Changes committed at or after this instant.' })
    since?: Date | null;
  }

  @Resolver()
  class HistoryResolver {
    @Query(() => ChangeConnection, {
      description: 'Every change to the data made through the API, in commit order, for scripts that mirror apo-data: keep `pageInfo.endCursor` and ask again with `after:` to get only what changed since. Editor names are not shown (see `auditLog`).',
    })
    changes(
      @Arg('first', () => Int, FIRST) first: number | null,
      @Arg('after', () => String, AFTER) after: string | null,
      @Arg('types', () => [RecordType], { nullable: true, description: 'Only changes to records of these types.' }) types: string[] | null,
      @Ctx() ctx: Context,
    ) {
      return changesPage(ctx.reader, types?.length ? { recordType: { $in: types } } : {}, first, after);
    }

    @Authorized(ApiRole.ADMIN)
    @Query(() => AuditEventConnection, { description: 'The audit trail: every change made through the API with who made it, oldest first (ADMIN only).' })
    auditLog(
      @Arg('filter', () => AuditLogFilter, { nullable: true, description: 'Which changes to list.' }) filter: AuditLogFilter | null,
      @Arg('first', () => Int, FIRST) first: number | null,
      @Arg('after', () => String, AFTER) after: string | null,
      @Ctx() ctx: Context,
    ) {
      const where: FilterQuery<RecordChange> = {
        ...(filter?.actor ? { actor: filter.actor } : {}),
        ...(filter?.recordTypes?.length ? { recordType: { $in: filter.recordTypes } } : {}),
        ...(filter?.mutation ? { mutation: filter.mutation } : {}),
        ...(filter?.since ? { changedAt: { $gte: filter.since } } : {}),
      };
      return changesPage(ctx.reader, where, first, after);
    }
  }
  return HistoryResolver;
}

/** The resolver base of every record type: its `history`, and its `citations` unless it is not `citable` (sources, citations). */
export function RecordResolver<T extends BaseEntity>(type: ClassType<T>, { citable = true } = {}) {
  abstract class Uncited {}
  @Resolver(() => type)
  abstract class Recorded extends (citable ? CitableResolver(type) : Uncited) {
    @FieldResolver(() => ChangeConnection, { description: 'The changes made to this record through the API, oldest first (who made them is in `auditLog`).' })
    history(
      @Root() record: T,
      @Arg('first', () => Int, FIRST) first: number | null,
      @Arg('after', () => String, AFTER) after: string | null,
      @Ctx() ctx: Context,
    ) {
      return changesPage(ctx.reader, { recordType: nodeTypeName(type), recordId: record.id }, first, after);
    }
  }
  return Recorded;
}
