import type { EventSubscriber } from '@mikro-orm/core';
import type { NodeClass } from './node-type';
import { registerNodeType } from './node-type';
import type { Reader } from './read/reader';

/** One record as a bundled data file holds it. */
export type SeedRow = Record<string, unknown> & { id?: string };

/** One type's records from one file of `server/data/`; the seeder orders the steps so that each comes after what it `needs`. */
export interface SeedStep {
  file: string;
  /** The Node type the rows become. */
  type: string;
  /** Node types whose records these rows refer to, which must be stored first. */
  needs?: readonly string[];
  /** This type's rows in one record of the file (nested lists, e.g. a person's roles); default: the record itself. */
  rowsOf?: (record: SeedRow) => SeedRow[];
  /** Keys of a record that are not columns of this type (nested lists seeded by another step). */
  omit?: readonly string[];
  /** The entity data of a row, where it differs from the file's words (e.g. an amount to exact units). */
  toEntity?: (row: SeedRow, dataDir: string) => SeedRow;
}

/** How a Node type takes part in `search`: its `SearchType` value and what is matched. */
export interface SearchParticipation {
  value: string;
  type: NodeClass;
  description: string;
}

/**
 * What one domain contributes to the service. `modules/index.ts` lists the modules; the entity list, the
 * schema's resolvers, the searchable types, the seeding order and the per-request loaders derive from it.
 */
export interface DomainModule<L extends object = object> {
  name: string;
  /** Entities that are `Node`s, by type name (= class name = GraphQL type = global-ID prefix = citation subject type). */
  nodes: Readonly<Record<string, NodeClass>>;
  /** Other entities: embeddables, abstract bases. */
  entities?: readonly Function[];
  resolvers: readonly Function[];
  search?: readonly SearchParticipation[];
  seed?: readonly SeedStep[];
  /** Listeners to the ORM's flushes (e.g. the change recorder, which writes in the flushing transaction). */
  subscribers?: readonly EventSubscriber[];
  /** Batched loaders this module's resolvers use, made for each request. */
  loaders?: (reader: Reader) => L;
}

/** Declares a module and registers its Node types under their names (a mismatch stops the service at start). */
export function defineModule<L extends object, const M extends DomainModule<L>>(module: M & DomainModule<L>): M {
  for (const [name, type] of Object.entries(module.nodes)) registerNodeType(name, type);
  return module;
}

/** Rows of a nested list of each record (`key`), each pointing back at its record through `parent`; IDs default to `<record>-<key>-<n>`. */
export function nestedRows(key: string, parent: string) {
  return (record: SeedRow): SeedRow[] =>
    ((record[key] as SeedRow[] | undefined) ?? []).map((child, i) => ({ id: child.id ?? `${record.id}-${key}-${i + 1}`, ...child, [parent]: record.id }));
}
