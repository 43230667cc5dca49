import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineModule, type SeedRow } from '../../shared/module';
import { plural, registerDependents } from '../../shared/write/dependents';
import { Citation } from './citation.entity';
import { citationLoaders } from './citation.loader';
import { Source } from './source.entity';
import { SourceMutations } from './source.mutations';
import { CitationResolver, SourceResolver } from './source.resolver';

/** Sources of facts, and the citations that tie a source's words to a record (provenance). */
export const sourceModule = defineModule({
  name: 'source',
  nodes: { Source, Citation },
  resolvers: [SourceResolver, CitationResolver, SourceMutations],
  search: [{ value: 'SOURCE', type: Source, description: 'Sources, by title, publisher or author.' }],
  seed: [{ file: 'sources.yaml', type: 'Source', toEntity: sourceEntity }],
  loaders: citationLoaders,
});

/** `textFile` names the archived text of the source, beside the data: checked here, not stored. */
function sourceEntity({ textFile, ...row }: SeedRow, dataDir: string): SeedRow {
  if (textFile != null && !existsSync(join(dataDir, String(textFile)))) throw new Error(`Source ${row.id}: its textFile ${String(textFile)} is missing from ${dataDir}.`);
  return { ...row, publishedAt: row.publishedAt ? new Date(row.publishedAt as string) : null };
}

// A record with citations cannot be deleted: the citations would point at nothing.
registerDependents(async (em, subjectType, subjectId) => {
  const count = await em.count(Citation, { subjectType, subjectId });
  return count ? [`${plural(count, 'Citation')} (of it)`] : [];
});
