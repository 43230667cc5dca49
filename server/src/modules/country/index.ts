import { defineModule } from '../../shared/module';
import { Country } from './country.entity';
import { CountryResolver, MembershipResolver } from './country.resolver';
import { Membership } from './membership.entity';

/** Member economies (ISO 3166-1) and their memberships of organizations. */
export const countryModule = defineModule({
  name: 'country',
  nodes: { Country, Membership },
  resolvers: [CountryResolver, MembershipResolver],
  search: [{ value: 'COUNTRY', type: Country, description: 'Countries, by any of their names or codes.' }],
  seed: [
    // A country's key is its ISO code, which the data files write as its `id`.
    { file: 'countries.yaml', type: 'Country', toEntity: (row) => ({ ...row, code: row.id }) },
    { file: 'memberships.yaml', type: 'Membership', needs: ['Organization', 'Country'] },
  ],
});
