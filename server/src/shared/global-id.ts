import { BadUserInputError } from '../errors';

/** Opaque global IDs: base64url of `Type:key`, as Relay's `Node` convention expects. */
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/** Control characters (NUL above all) are in no key the service makes, and a NUL cannot be part of an SQL text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function fromGlobalId(id: string): { type: string; key: string } {
  const decoded = /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const sep = decoded.indexOf(':');
  // Only what toGlobalId makes is accepted back: the same text re-encodes to the same ID (no stray bits,
  // no bytes that are not UTF-8), and neither part holds a control character.
  if (sep <= 0 || sep === decoded.length - 1 || CONTROL.test(decoded) || Buffer.from(decoded, 'utf8').toString('base64url') !== id) {
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
