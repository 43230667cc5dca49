import { defineModule } from '../../shared/module';
import { NodeResolver } from './node.resolver';

/** `node(id:)` and `nodes(ids:)`: any record by its global ID. */
export const nodeModule = defineModule({ name: 'node', nodes: {}, resolvers: [NodeResolver] });
