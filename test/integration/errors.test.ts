import { afterAll, beforeAll, it } from 'vitest';
import { startServer, gid, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => { server = await startServer(); });
afterAll(() => server?.close());

const b = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
it('probe', async () => {
  const qs: Array<[string, Record<string, unknown>?]> = [
    ['{ country(code:"ZZ"){ name } }'],
    ['{ country(code:"US"){ name } }'],
    ['{ country(code:"jp"){ name } }'],
    ['{ countries(first:0){ totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor } } }'],
    [`{ countries(first:2, after:"${b({ o: 'name:ASC,id:ASC', v: [{ x: 1 }, 'a'] })}"){ nodes { code } } }`],
    [`{ countries(first:2, after:"${b({ o: 'name:ASC,id:ASC', v: [{ $ne: null }, 'a'] })}"){ nodes { code } } }`],
    [`{ countries(first:2, after:"${b({ o: 'name:ASC,id:ASC', v: [[1, 2], 'a'] })}"){ nodes { code } } }`],
    [`{ countries(first:2, after:"${b({ o: 'createdAt:ASC,id:ASC', v: [{ d: 'garbage' }, 'a'] })}", orderBy:[{field:CREATED_AT}]){ nodes { code } } }`],
    [`{ countries(first:2, after:"${b({ o: 'name:ASC,id:ASC', v: [] })}"){ nodes { code } } }`],
    [`{ countries(first:2, after:"${b({ o: 'name:ASC,id:ASC', v: ['India'] })}"){ nodes { code } } }`],
    ['{ programs(filter:{activeOn:"2021-02-30"}){ totalCount } }'],
    ['{ search(query:"!!!"){ __typename } }'],
    ['{ search(query:""){ __typename } }'],
    ['{ countries(first:1 { totalCount } }'],
    ['{ countries(first:1) { nope } }'],
    ['query($n: Int) { countries(first: $n) { totalCount } }', { n: 'ten' }],
    [`{ node(id:"not-an-id!!"){ id } }`],
    [`{ node(id:"${gid('Nope', 'x')}"){ id } }`],
    [`{ organization(id:"${gid('Organization', 'nope')}"){ id } }`],
    ['{ countries(filter:{name:"%"}){ totalCount } }'],
    ['{ program { id } }'],
  ];
  for (const [q, v] of qs) {
    const r = await server.gql(q, v);
    console.log(q, '\n =>', r.status, JSON.stringify(r.body).slice(0, 700));
  }
});
