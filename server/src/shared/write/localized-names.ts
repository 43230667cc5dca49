import { Field, InputType } from 'type-graphql';
import { LocalizedName } from '../localized-name';
import { text } from './checks';
import type { Checks } from './user-error';

// The other names of countries, organizations and people, as editors send them: the whole list at once.

@InputType({ description: 'A name in one language, or an alternative spelling.' })
export class LocalizedNameInput {
  @Field({ description: 'ISO 639-1 language code of the name, in lower case (e.g. `id` for Indonesian).' })
  lang!: string;

  @Field({ description: 'The name as written (trimmed; not empty).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Why this name exists, e.g. a misspelling in a source (at most 500 characters).' })
  note?: string | null;
}

const LANG_RE = /^[a-z]{2}$/;

/** The names of `list` checked and trimmed, each error at its place in the list; null clears the list. */
export function localizedNames(checks: Checks, field: string, list: readonly LocalizedNameInput[] | null | undefined, options: { max: number }): LocalizedName[] {
  return (list ?? []).map((input, i) => {
    const lang = input.lang.trim();
    if (!LANG_RE.test(lang)) checks.bad([field, i, 'lang'], `Must be an ISO 639-1 language code in lower case, such as "id"; got "${input.lang}".`);
    return Object.assign(new LocalizedName(), {
      lang,
      name: text(checks, [field, i, 'name'], input.name, { max: options.max, required: true }),
      note: text(checks, [field, i, 'note'], input.note, { max: 500 }),
    });
  });
}
