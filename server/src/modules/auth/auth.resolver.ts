import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { ApiToken } from './api-token.entity';
import { ApiRole, Viewer } from './auth.types';
import { listTokens } from './token.service';

@Resolver()
export class AuthResolver {
  @Query(() => Viewer, { nullable: true, description: 'Who is asking: the name and role of the API token sent with this request; null without one (anonymous).' })
  viewer(@Ctx() ctx: Context): Viewer | null {
    return ctx.viewer;
  }

  @Authorized(ApiRole.ADMIN)
  @Query(() => [ApiToken], { description: 'Every API token, revoked ones included, oldest first (ADMIN only). Never the tokens themselves.' })
  apiTokens(@Ctx() ctx: Context) {
    // Token writes do not raise the data version, so no cache could tell this answer is stale.
    ctx.noStore();
    return listTokens(ctx.em);
  }
}
