import type { BaseEntity } from './node';

/** A class of records that are `Node`s. */
export type NodeClass<T extends BaseEntity = BaseEntity> = new () => T;

/**
 * The one place the convention lives: a Node entity's class name is its GraphQL type name, the prefix of its
 * global IDs and the `subjectType` of citations about it. Modules register their types by that name, and a
 * class whose name differs from its registered one stops the service at start: renaming a class must not
 * silently change every stored ID and citation of its type (`test/integration/node.test.ts` pins the prefixes).
 */
const byClass = new Map<Function, string>();
const byName = new Map<string, NodeClass>();

export function registerNodeType(name: string, type: NodeClass): void {
  if (type.name !== name) {
    throw new Error(`Node type "${name}" is registered with class ${type.name}: its GraphQL type name, global-ID prefix and citation subject type must all be "${name}". Rename both together, with a migration of stored IDs.`);
  }
  const known = byName.get(name);
  if (known && known !== type) throw new Error(`Two classes are registered as the Node type "${name}".`);
  byClass.set(type, name);
  byName.set(name, type);
}

/** The registered type name of a Node class (or of a record's class). */
export function nodeTypeName(type: Function): string {
  const name = byClass.get(type);
  if (!name) throw new Error(`${type.name} is not a registered Node type: list it in its module's \`nodes\`.`);
  return name;
}

/** The Node class registered under `name`, or null. */
export function nodeClass(name: string): NodeClass | null {
  return byName.get(name) ?? null;
}
