import type { EntityManager } from '@mikro-orm/core';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { fromGlobalId } from '../../shared/global-id';
import type { BaseEntity } from '../../shared/node';
import { nodeClass } from '../../shared/node-type';
import { recordAtVersion, reference, text } from '../../shared/write/checks';
import { refuseIfDependedOn } from '../../shared/write/dependents';
import { Checks, UserErrorCode } from '../../shared/write/user-error';
import type { CiteSourceInput, DeleteCitationInput, DisputeCitationInput, UpdateCitationInput } from './citation.commands';
import { Citation } from './citation.entity';
import { Source } from './source.entity';
import { CitationStatus } from './source.types';

// The rules of citing sources. A citation points at any record by its type name and key (`subjectType`,
// `subjectId`); the fields it may concern are those of the record's GraphQL type, as clients see and query
// them (`citations(field:)`), so the service is handed the schema. Each function checks the whole input, then
// writes or refuses with every problem found; the mutation's transaction is committed by the caller.

const MAX = { excerpt: 5000, note: 2000, correctedValue: 2000 } as const;

/** Fields of every record that are bookkeeping or lists of other records' facts, not facts a source backs. */
const NOT_FACTS = new Set(['id', 'version', 'createdAt', 'updatedAt', 'history', 'citations']);

export async function citeSource(em: EntityManager, schema: GraphQLSchema, input: CiteSourceInput): Promise<Citation> {
  const checks = new Checks();
  const source = await reference(em, checks, 'source', Source, input.source);
  const subject = await citedRecord(em, schema, checks, input.record);
  const field = subject && citedField(checks, subject, input.field);
  const excerpt = text(checks, 'excerpt', input.excerpt, { max: MAX.excerpt, required: true });
  const status = undisputed(checks, input.status) ?? CitationStatus.REPORTED;
  const note = text(checks, 'note', input.note, { max: MAX.note });
  checks.done();
  return em.create(Citation, { source: source!, subjectType: subject!.type, subjectId: subject!.record.id, field, excerpt: excerpt!, status, note, correctedValue: null });
}

export async function updateCitation(em: EntityManager, schema: GraphQLSchema, input: UpdateCitationInput): Promise<Citation> {
  const citation = await recordAtVersion(em, Citation, input.id, input.version);
  const checks = new Checks();
  const data: Record<string, unknown> = {};
  if (input.field !== undefined) data.field = citedField(checks, { type: citation.subjectType, fields: factsOf(schema, citation.subjectType) ?? [] }, input.field);
  if (input.excerpt !== undefined) data.excerpt = text(checks, 'excerpt', input.excerpt, { max: MAX.excerpt, required: true });
  if (input.status !== undefined) {
    if (input.status == null) checks.bad('status', 'Required: every citation has a status.');
    else data.status = undisputed(checks, input.status);
  }
  const disputed = (data.status ?? citation.status) === CitationStatus.DISPUTED;
  if (input.note !== undefined) data.note = text(checks, 'note', input.note, { max: MAX.note, required: disputed });
  // The corrected value is what a dispute says; a claim no longer disputed has none.
  if (!disputed) data.correctedValue = null;
  checks.done();
  em.assign(citation, data as never);
  return citation;
}

export async function disputeCitation(em: EntityManager, input: DisputeCitationInput): Promise<Citation> {
  const citation = await recordAtVersion(em, Citation, input.id, input.version);
  const checks = new Checks();
  const correctedValue = text(checks, 'correctedValue', input.correctedValue, { max: MAX.correctedValue, required: true });
  const note = text(checks, 'note', input.note, { max: MAX.note, required: true });
  checks.done();
  em.assign(citation, { status: CitationStatus.DISPUTED, correctedValue, note });
  return citation;
}

export async function deleteCitation(em: EntityManager, input: DeleteCitationInput): Promise<string> {
  const citation = await recordAtVersion(em, Citation, input.id, input.version);
  await refuseIfDependedOn(em, citation);
  em.remove(citation);
  return citation.globalId;
}

/** A record a citation may be about, its type name, and the fields a citation of it may concern. */
interface Subject {
  type: string;
  record: BaseEntity;
  fields: string[];
}

/** The record a global ID names, if it exists and is of a type that lists citations; else an error at `record`. */
async function citedRecord(em: EntityManager, schema: GraphQLSchema, checks: Checks, id: string): Promise<Subject | null> {
  let decoded: { type: string; key: string } | null;
  try {
    decoded = fromGlobalId(id);
  } catch {
    decoded = null;
  }
  const type = decoded && nodeClass(decoded.type);
  const record = type && ((await em.findOne(type, { id: decoded!.key } as never)) as BaseEntity | null);
  if (!record) {
    checks.add(UserErrorCode.NOT_FOUND, `No record has the ID ${id}.`, 'record');
    return null;
  }
  const fields = factsOf(schema, decoded!.type);
  if (!fields) {
    checks.bad('record', `${decoded!.type} records are not cited: only records that list their \`citations(field:)\` are.`);
    return null;
  }
  return { type: decoded!.type, record, fields };
}

/** The fields of a citable GraphQL type a citation may concern; null for a type that does not list citations of it. */
function factsOf(schema: GraphQLSchema, typeName: string): string[] | null {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return null;
  const fields = type.getFields();
  if (!fields.citations?.args.some((arg) => arg.name === 'field')) return null;
  return Object.keys(fields).filter((name) => !NOT_FACTS.has(name)).sort();
}

/** The field a citation concerns, one of the subject type's facts; null for the record as a whole. */
function citedField(checks: Checks, subject: Pick<Subject, 'type' | 'fields'>, field: string | null | undefined): string | null {
  const name = field?.trim() || null;
  if (name != null && !subject.fields.includes(name)) checks.bad('field', `${subject.type} has no field "${name}" a citation can concern; it has ${subject.fields.join(', ')}.`);
  return name;
}

/** A status an editor may set directly: DISPUTED needs the corrected value that only `disputeCitation` records. */
function undisputed(checks: Checks, status: CitationStatus | null | undefined): CitationStatus | null {
  if (status === CitationStatus.DISPUTED) {
    checks.bad('status', 'A citation is disputed through `disputeCitation`, which records the corrected value and why.');
    return null;
  }
  return status ?? null;
}
