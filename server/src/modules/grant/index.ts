import { decimalToScaled } from '../../shared/decimal';
import { defineModule } from '../../shared/module';
import { FundingGrant } from './grant.entity';
import { GrantMutations } from './grant.mutations';
import { GrantResolver } from './grant.resolver';

/** Funding grants, and the funding summary computed over them in SQL. */
export const grantModule = defineModule({
  name: 'grant',
  nodes: { FundingGrant },
  resolvers: [GrantResolver, GrantMutations],
  search: [{ value: 'GRANT', type: FundingGrant, description: 'Funding grants, by title or mechanism.' }],
  seed: [
    {
      file: 'grants.yaml',
      type: 'FundingGrant',
      needs: ['Organization', 'Program'],
      // The files write amounts as decimal text; they are stored as exact integers of 1/10^4 units.
      toEntity: ({ amount, ...row }) => ({ ...row, amountE4: amount == null ? null : decimalToScaled(String(amount)) }),
    },
  ],
});
