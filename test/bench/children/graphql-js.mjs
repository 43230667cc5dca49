// S0b, the execution limit: a plain graphql-js server on node:http (127.0.0.1). Every request is parsed,
// validated and executed against the published SDL (buildSchema of schema/schema.graphql) with S2's answer
// (fetched once from the real service) as the root value, then JSON-serialised. No database, no Apollo,
// no Fastify: what GraphQL execution of this answer costs in Node on this machine.
// Usage: node graphql-js.mjs <schema.graphql> <answer.json>; prints "listening <port>".
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildSchema, execute, parse, validate } from 'graphql';

const schema = buildSchema(readFileSync(process.argv[2], 'utf8'));
const stored = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const rootValue = stored.data;
// The service's answer carries its cost (extensions.cost); the same bytes go out here, so both answers match.
const extensions = stored.extensions;

function answer(body) {
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    return { status: 400, result: { errors: [{ message: 'body is not JSON' }] } };
  }
  let document;
  try {
    document = parse(request.query);
  } catch (err) {
    return { status: 400, result: { errors: [{ message: err.message }] } };
  }
  const errors = validate(schema, document);
  if (errors.length) return { status: 400, result: { errors } };
  const result = execute({ schema, document, rootValue, variableValues: request.variables, operationName: request.operationName });
  return { status: 200, result: extensions ? Promise.resolve(result).then((r) => ({ ...r, extensions })) : result };
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const { status, result: pending } = answer(Buffer.concat(chunks).toString('utf8'));
    const result = await pending;
    const bytes = Buffer.from(JSON.stringify(result));
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
