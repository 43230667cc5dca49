import { defineModule } from '../../shared/module';
import { ApiToken } from './api-token.entity';
import { AuthResolver } from './auth.resolver';

/** API tokens and roles: who is asking (`viewer`), and the tokens an administrator sees (`apiTokens`). */
export const authModule = defineModule({
  name: 'auth',
  nodes: {},
  entities: [ApiToken],
  resolvers: [AuthResolver],
});

// What the rest of the service uses: the hook that authenticates each request (app.ts), the role check (schema.ts),
// the viewer's type (context.ts), and the roles for `@Authorized(ApiRole.EDITOR)` on other modules' fields.
export { ApiRole, type Viewer } from './auth.types';
export { assertMutationsNeedEditor, authChecker } from './auth-checker';
export { registerAuthentication, viewerOf } from './authentication';
