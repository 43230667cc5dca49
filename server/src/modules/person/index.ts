import { defineModule, nestedRows } from '../../shared/module';
import { Person } from './person.entity';
import { PersonMutations } from './person.mutations';
import { PersonResolver, RoleResolver } from './person.resolver';
import { Role } from './role.entity';

/** People and the titled roles they hold in organizations. */
export const personModule = defineModule({
  name: 'person',
  nodes: { Person, Role },
  resolvers: [PersonResolver, RoleResolver, PersonMutations],
  search: [{ value: 'PERSON', type: Person, description: 'People, by name or other spellings.' }],
  seed: [
    { file: 'people.yaml', type: 'Person', omit: ['roles'] },
    { file: 'people.yaml', type: 'Role', needs: ['Person', 'Organization', 'Country'], rowsOf: nestedRows('roles', 'person') },
  ],
});
