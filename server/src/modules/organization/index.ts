import { defineModule } from '../../shared/module';
import { Organization } from './organization.entity';
import { OrganizationMutations } from './organization.mutations';
import { OrganizationResolver } from './organization.resolver';

/** The APO, its bodies, National Productivity Organizations, ministries and donors. */
export const organizationModule = defineModule({
  name: 'organization',
  nodes: { Organization },
  resolvers: [OrganizationResolver, OrganizationMutations],
  search: [{ value: 'ORGANIZATION', type: Organization, description: 'Organizations, by name, acronym or other names.' }],
  seed: [{ file: 'organizations.yaml', type: 'Organization', needs: ['Country'] }],
});
