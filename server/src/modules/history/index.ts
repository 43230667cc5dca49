import { defineModule, type DomainModule } from '../../shared/module';
import { ChangeRecorder } from './change-recorder';
import { historyResolver } from './history.resolver';
import { RecordChange } from './record-change.entity';

/**
 * What changed, when, and by whom: every mutation's changes recorded in its own transaction, read back as the
 * public change feed (`changes`), each record's `history`, and the audit log (`auditLog`, ADMIN).
 */
export function historyModule(modules: readonly DomainModule[]) {
  return defineModule({
    name: 'history',
    nodes: {},
    entities: [RecordChange],
    resolvers: [historyResolver(modules.flatMap((m) => Object.keys(m.nodes)))],
    subscribers: [new ChangeRecorder()],
  });
}

export { RecordResolver } from './history.resolver';
