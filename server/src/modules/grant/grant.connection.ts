import { ConnectionType } from '../../shared/connection';
import { FundingGrant } from './grant.entity';

/** Pages of grants: the root `grants` list and `Program.grants` share the type. */
export const GrantConnection = ConnectionType(FundingGrant);
