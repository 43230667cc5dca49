import { BadUserInputError } from '../errors';

/** Opaque global IDs: base64url of `Type:key`, as Relay's `Node` convention expects. */
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: string; key: string } {
  const decoded = /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const sep = decoded.indexOf(':');
  if (sep <= 0 || sep === decoded.length - 1) {
    throw new BadUserInputError(`"${id}" is not a valid apo-data ID.`, 'id');
  }
  return { type: decoded.slice(0, sep), key: decoded.slice(sep + 1) };
}

/** The database key inside a global ID, checked to be of the expected type. */
export function keyOf(globalId: string, type: string, argument: string): string {
  const decoded = fromGlobalId(globalId);
  if (decoded.type !== type) {
    throw new BadUserInputError(`\`${argument}\` must be the ID of a ${type}; got the ID of a ${decoded.type}.`, argument);
  }
  return decoded.key;
}
