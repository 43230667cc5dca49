import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision } from '../../server/src/modules/meeting/decision.entity';
import { ProgramAmendment } from '../../server/src/modules/program/program-amendment.entity';
import { Program } from '../../server/src/modules/program/program.entity';
import { Source } from '../../server/src/modules/source/source.entity';
import { databases, gid, startServer, type TestServer } from '../helpers/server';

// Optimistic concurrency rests on `version` moving only when a record changes: a version bumped by a mere read
// would turn the next honest update into a CONFLICT. Timestamps are where the databases differ (SQLite keeps epoch ms).
describe.each(databases())('on %s', (db) => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(db); });
  afterAll(() => server?.close());

  const writes = (from: number) => server.statements.slice(from).filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
  type ProgramNode = { node: { title: string; version: number; createdAt: string; updatedAt: string } };
  const PROGRAM = `query ($id: ID!) { node(id: $id) { ... on Program { title version createdAt updatedAt } } }`;

  it('loading records, alone or with their relations, then flushing writes nothing', async () => {
    const em = server.em();
    const from = server.statements.length;
    await em.find(Program, {}, { populate: ['decisions', 'grants', 'participatingCountries', 'amendments'] });
    await em.find(Decision, {}, { populate: ['programs', 'meeting.participants'] });
    await em.find(Source, {});
    await em.flush();
    expect(writes(from)).toEqual([]);
  });

  it('a record referenced before it is loaded is not taken for changed either', async () => {
    const em = server.em();
    em.create(ProgramAmendment, { id: 'versions-amendment', program: 'green-productivity', field: 'status', previousValue: null, newValue: 'CLOSED', effectiveOn: '2021-06-09', decision: 'gbm-63-green-productivity-2' } as never);
    await em.findOneOrFail(Decision, 'gbm-63-green-productivity-2', { populate: ['programs'] });
    const from = server.statements.length;
    await em.flush();
    expect(writes(from).map((sql) => sql.split(/\s+/).slice(0, 3).join(' ').replace(/["`]/g, ''))).toEqual(['insert into program_amendment']);
    const decision = await server.data<{ decision: { version: number } }>(`query ($id: ID!) { decision(id: $id) { version } }`, { id: gid('Decision', 'gbm-63-green-productivity-2') });
    expect(decision.decision.version).toBe(1);
  });

  it('an edit moves the version by exactly one and updatedAt forward, never createdAt', async () => {
    const id = gid('Program', 'covid19-digital');
    const before = (await server.data<ProgramNode>(PROGRAM, { id })).node;
    const em = server.em();
    const program = await em.findOneOrFail(Program, 'covid19-digital', { populate: ['amendments', 'grants'] });
    program.title = `${program.title} (edited)`;
    await em.flush();
    const after = (await server.data<ProgramNode>(PROGRAM, { id })).node;
    expect(after).toMatchObject({ title: `${before.title} (edited)`, version: before.version + 1, createdAt: before.createdAt });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
  });
});
