// S0a, the transport limit: a bare node:http server on 127.0.0.1 that reads each request's body and answers
// with the precomputed bytes of S2's answer. Usage: node raw-http.mjs <answer.json>; prints "listening <port>".
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const answer = readFileSync(process.argv[2]);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length };
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
// The bench holds our stdin open; when it goes away, so do we.
process.stdin.on('end', () => process.exit(0)).resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
