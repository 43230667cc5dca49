import { defineModule, type DomainModule } from '../../shared/module';
import { searchResolver } from './search.resolver';

/** `search(query:, types:, first:)` across the types the other modules enter into it. */
export function searchModule(modules: readonly DomainModule[]) {
  return defineModule({ name: 'search', nodes: {}, resolvers: [searchResolver(modules.flatMap((m) => m.search ?? []))] });
}
