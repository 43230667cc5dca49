import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES, NODE_TYPES } from '../../server/src/modules';
import { fromGlobalId } from '../../server/src/shared/global-id';
import { registerNodeType } from '../../server/src/shared/node-type';

// The house rules of server/src: modules declare what they contribute, and shared code depends on no module.

const SRC = join(__dirname, '..', '..', 'server', 'src');

/** Every stored global ID and citation starts with one of these: changing one breaks every client's saved IDs. */
const ID_PREFIXES = [
  'Citation', 'Country', 'Decision', 'FundingGrant', 'Meeting', 'MeetingParticipant', 'Membership', 'Organization',
  'Person', 'Program', 'ProgramAmendment', 'Role', 'Source',
];

describe('Node types', () => {
  it('are exactly the pinned global-ID prefixes', () => {
    expect(Object.keys(NODE_TYPES).sort()).toEqual(ID_PREFIXES);
  });

  it.each(Object.entries(NODE_TYPES))('%s records get IDs with their type name as prefix', (name, type) => {
    const record = new type();
    record.id = 'some-key';
    expect(fromGlobalId(record.globalId)).toEqual({ type: name, key: 'some-key' });
  });

  it('a class registered under another name stops the service at start', () => {
    class Economy {}
    expect(() => registerNodeType('Country', Economy as never)).toThrow(/registered with class Economy/);
  });
});

describe('modules', () => {
  it('each declares at least one resolver, and only the modules own Node types', () => {
    for (const m of MODULES) expect(m.resolvers.length, m.name).toBeGreaterThan(0);
    const owned = MODULES.flatMap((m) => Object.keys(m.nodes));
    expect(owned.sort()).toEqual(ID_PREFIXES);
  });
});

describe('server/src/shared', () => {
  it('imports nothing from modules/, db/, ide/ or export/', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const shared = join(SRC, 'shared');
    const uphill = files(shared).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
        .map(([, spec]) => spec)
        .filter((spec) => spec.startsWith('.'))
        .filter((spec) => /^(modules|db|ide|export)(\/|$)/.test(relative(SRC, join(file, '..', spec))))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(uphill).toEqual([]);
  });
});
