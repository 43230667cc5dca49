import { defineModule } from '../../shared/module';
import { Country } from './country.entity';
import { CountryMutations } from './country.mutations';
import { CountryResolver, MembershipResolver } from './country.resolver';
import { Membership } from './membership.entity';
import { MembershipMutations } from './membership.mutations';

/** Member economies (ISO 3166-1) and their memberships of organizations. */
export const countryModule = defineModule({
  name: 'country',
  nodes: { Country, Membership },
  resolvers: [CountryResolver, MembershipResolver, CountryMutations, MembershipMutations],
  search: [{ value: 'COUNTRY', type: Country, description: 'Countries, by any of their names or codes.' }],
  seed: [
    // A seeded country's key is its ISO code, which the data files write as its `id`. Countries created through the
    // API get a random key like any record: their code may change later, and a key never does.
    { file: 'countries.yaml', type: 'Country', toEntity: (row) => ({ ...row, code: row.id }) },
    { file: 'memberships.yaml', type: 'Membership', needs: ['Organization', 'Country'] },
  ],
});
