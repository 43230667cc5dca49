import { defineModule, nestedRows } from '../../shared/module';
import { ProgramAmendment } from './program-amendment.entity';
import { Program } from './program.entity';
import { ProgramMutations } from './program.mutations';
import { ProgramAmendmentResolver, ProgramResolver } from './program.resolver';

/** Programs (IATI-style activities) and the amendments that decisions made to them. */
export const programModule = defineModule({
  name: 'program',
  nodes: { Program, ProgramAmendment },
  resolvers: [ProgramResolver, ProgramAmendmentResolver, ProgramMutations],
  search: [{ value: 'PROGRAM', type: Program, description: 'Programs, by title or code.' }],
  seed: [
    { file: 'programs.yaml', type: 'Program', needs: ['Organization', 'Country'], omit: ['amendments'] },
    // Each amendment names the decision that made it, so amendments come after decisions.
    { file: 'programs.yaml', type: 'ProgramAmendment', needs: ['Program', 'Decision'], rowsOf: nestedRows('amendments', 'program') },
  ],
});
