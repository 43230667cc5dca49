import { text } from '../../shared/write/checks';
import { recordWrites } from '../../shared/write/record-writes';
import type { Checks } from '../../shared/write/user-error';
import type { CreateSourceInput } from './source.commands';
import { Source } from './source.entity';

// The rules of editing sources: what their fields may hold (the create/update/delete steps are shared, recordWrites).

/** What the columns hold: `title`, `publisher` and `author` are varchar(255), `language` varchar(8). */
const MAX = { title: 255, publisher: 255, author: 255, url: 2000, language: 8, note: 10_000 } as const;

/** An ISO 639 language code in lower case, then optional BCP 47 subtags (script, region, variant): `id`, `en-GB`, `zh-Hant`. */
const LANGUAGE_RE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

const writes = recordWrites(Source, (_em, checks, input: CreateSourceInput, existing) => sourceData(checks, input, existing == null));

export const createSource = writes.create;
export const updateSource = writes.update;
/** A source cited for anything cannot go: its citations would point at nothing. */
export const deleteSource = writes.delete;

/** The entity data of the fields the input sets (all of them for a new source), checked. */
function sourceData(checks: Checks, input: CreateSourceInput, creating: boolean): Record<string, unknown> {
  const given = (key: keyof CreateSourceInput) => creating || input[key] !== undefined;
  const data: Record<string, unknown> = {};
  if (given('title')) data.title = text(checks, 'title', input.title, { max: MAX.title, required: true });
  for (const key of ['publisher', 'author', 'note'] as const) if (given(key)) data[key] = text(checks, key, input[key], { max: MAX[key] });
  if (given('url')) data.url = url(checks, input.url);
  if (given('language')) data.language = language(checks, input.language);
  if (given('publishedAt')) data.publishedAt = input.publishedAt ?? null;
  return data;
}

/** An absolute http or https URL, trimmed; blank clears it. */
function url(checks: Checks, value: string | null | undefined): string | null {
  const trimmed = text(checks, 'url', value, { max: MAX.url });
  if (trimmed == null) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(trimmed);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || /\s/.test(trimmed)) {
    checks.bad('url', `Must be an http or https URL such as "https://republika.co.id/"; got "${trimmed}".`);
  }
  return trimmed;
}

/** A language tag, trimmed; blank clears it. */
function language(checks: Checks, value: string | null | undefined): string | null {
  const trimmed = text(checks, 'language', value, { max: MAX.language });
  if (trimmed != null && [...trimmed].length <= MAX.language && !LANGUAGE_RE.test(trimmed)) checks.bad('language', `Must be an ISO 639 language code in lower case, optionally with subtags, such as "id" or "en-GB"; got "${trimmed}".`);
  return trimmed;
}
