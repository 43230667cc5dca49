#!/usr/bin/env node
// The package's bin is this committed file: npm links a bin at install time, before dist/ is built.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write('apo-data: the CLI is not built yet (sdk/dist/cli.cjs is missing); run `npm run build` first.\n');
  process.exit(1);
}
require(cli).run();
