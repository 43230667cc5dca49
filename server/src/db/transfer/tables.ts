import { DateTimeType, DateType, JsonType, ReferenceKind, type EntityMetadata, type EntityProperty, type MikroORM } from '@mikro-orm/core';
import { ScaledDecimalType } from '../../shared/scaled-decimal.type';
import { dialectOf } from '../../shared/dialect';

/** How a column's values are written in an export file, the same whichever database they came from. */
export type ColumnKind = 'string' | 'integer' | 'boolean' | 'date' | 'datetime' | 'json' | 'decimal';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  primaryKey: string[];
  /** Foreign keys to the same table (e.g. an organization's parent), filled in after the table's rows. */
  selfReferences: string[];
}

/**
 * Tables that hold no data: API tokens are credentials of the database they were issued for. An export does not
 * carry them, and an import (even with `--replace`) leaves the target's own tokens as they are.
 */
const NOT_DATA = new Set(['api_token']);

/**
 * Every table of the data (entity tables and many-to-many join tables), parents before children, with its
 * columns as the entities declare them. MikroORM's migrations table and the tables in NOT_DATA are left out.
 */
export function describeTables(orm: MikroORM): TableSpec[] {
  const metas = Object.values(orm.getMetadata().getAll()).filter((m) => !m.embeddable && !m.abstract && !m.virtual && m.tableName && !NOT_DATA.has(m.tableName));
  const byTable = new Map(metas.map((m) => [m.tableName, m]));
  const specs = new Map<string, TableSpec & { dependsOn: Set<string> }>();
  for (const meta of byTable.values()) {
    const columns: ColumnSpec[] = [];
    const dependsOn = new Set<string>();
    const selfReferences: string[] = [];
    for (const prop of storedProps(meta)) {
      const target = isReference(prop) ? prop.targetMeta!.tableName : null;
      if (target && target !== meta.tableName) dependsOn.add(target);
      for (const name of prop.fieldNames) {
        columns.push({ name, kind: kindOf(prop) });
        if (target === meta.tableName) selfReferences.push(name);
      }
    }
    const primaryKey = meta.getPrimaryProps().flatMap((p) => p.fieldNames);
    specs.set(meta.tableName, { name: meta.tableName, columns, primaryKey, selfReferences, dependsOn });
  }
  return inDependencyOrder(specs).map(({ dependsOn: _dependsOn, ...spec }) => spec);
}

/** Properties that are columns of the entity's own table. */
function storedProps(meta: EntityMetadata): EntityProperty[] {
  const ownColumn = (p: EntityProperty) =>
    [ReferenceKind.SCALAR, ReferenceKind.EMBEDDED, ReferenceKind.MANY_TO_ONE].includes(p.kind) || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner);
  return meta.props.filter((p) => p.fieldNames?.length && p.persist !== false && !p.embedded && !p.formula && ownColumn(p));
}

const isReference = (p: EntityProperty) => p.kind === ReferenceKind.MANY_TO_ONE || p.kind === ReferenceKind.ONE_TO_ONE;

function kindOf(prop: EntityProperty): ColumnKind {
  if (isReference(prop)) return kindOf(prop.targetMeta!.getPrimaryProps()[0]);
  const type = prop.customType;
  if (type instanceof ScaledDecimalType) return 'decimal';
  if (type instanceof JsonType) return 'json';
  if (type instanceof DateType) return 'date';
  if (type instanceof DateTimeType || prop.runtimeType === 'Date') return 'datetime';
  if (prop.runtimeType === 'boolean') return 'boolean';
  if (prop.runtimeType === 'number') return 'integer';
  return 'string';
}

/** Parents first; ties in name order, so every export of the same schema lists tables alike. */
function inDependencyOrder<T extends { name: string; dependsOn: Set<string> }>(specs: Map<string, T>): T[] {
  const done = new Set<string>();
  const ordered: T[] = [];
  while (ordered.length < specs.size) {
    const ready = [...specs.values()].filter((s) => !done.has(s.name) && [...s.dependsOn].every((d) => done.has(d) || !specs.has(d)));
    if (!ready.length) throw new Error(`Foreign keys form a cycle among: ${[...specs.keys()].filter((n) => !done.has(n)).join(', ')}`);
    ready.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const spec of ready) {
      done.add(spec.name);
      ordered.push(spec);
    }
  }
  return ordered;
}

/** Database-neutral JSON values for the export file. */
export function toPortable(orm: MikroORM, kind: ColumnKind, value: unknown): unknown {
  if (value == null) return null;
  switch (kind) {
    case 'datetime': {
      const date = orm.em.getPlatform().parseDate(value as string);
      return date instanceof Date ? date.toISOString() : String(value);
    }
    case 'json': return typeof value === 'string' ? JSON.parse(value) : value;
    case 'boolean': return Boolean(value);
    case 'integer': return Number(value);
    case 'decimal': return String(value);
    default: return value;
  }
}

/** What the target database's driver must be given for a portable value. */
export function fromPortable(orm: MikroORM, kind: ColumnKind, value: unknown): unknown {
  if (value == null) return null;
  const sqlite = dialectOf(orm.em) === 'sqlite';
  switch (kind) {
    // SQLite keeps instants as epoch milliseconds (as MikroORM writes them); PostgreSQL parses ISO 8601.
    case 'datetime': return sqlite ? new Date(value as string).getTime() : value;
    case 'json': return JSON.stringify(value);
    case 'boolean': return sqlite ? Number(Boolean(value)) : Boolean(value);
    default: return value;
  }
}
