import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

// An analyst's session in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core)
// opens the IDE the service serves, picks the saved query "Funding by donor", runs it, reads the answer,
// exports it as CSV, and every request the page made went to the service and nowhere else.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const ARTIFACTS = join(__dirname, '..', '..', 'test-results');

const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(`The IDE browser test needs Chromium at ${CHROMIUM} in CI (CI=true): .ci/run installs Debian's chromium package.`);
}
if (!available) console.warn(`\n[apo-data tests] IDE browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).\n`);

describe.skipIf(!available)('the IDE in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer('sqlite');
    origin = new URL(server.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    // A CSP violation (a load from another host) or a script error shows up here.
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens from / on the IDE with the saved queries listed', async () => {
    await page.goto(`${origin}/`);
    expect(page.url()).toBe(`${origin}/graphql`);
    await page.getByRole('button', { name: 'Funding by donor', exact: true }).waitFor();
    expect(await page.locator('[data-saved-query]').count()).toBeGreaterThanOrEqual(10);
  }, 60_000);

  it('runs the saved query "Funding by donor" and shows the answer in the result pane', async () => {
    await page.getByRole('button', { name: 'Funding by donor', exact: true }).click();
    await page.getByText('query FundingByDonor').waitFor();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: 'Government of Japan' }).waitFor();
    const shown = await page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
    const query = readFileSync(join(__dirname, '..', '..', 'server', 'ide', 'queries', '01-funding-by-donor.graphql'), 'utf8');
    expect(JSON.parse(shown)).toEqual({ data: await server.data(query) });
    expect(shown).toContain('"label": "Government of Japan"');
    await page.screenshot({ path: join(ARTIFACTS, 'ide-funding-by-donor.png') });
  }, 60_000);

  it('downloads the query\'s rows with "Export CSV"', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('fundingSummary.csv');
    const file = join(ARTIFACTS, 'ide-fundingSummary.csv');
    await download.saveAs(file);
    expect(parseCsv(readFileSync(file, 'utf8'))).toEqual([
      ['label', 'grantCount', 'unknownAmountCount', 'totals'],
      ['Government of Japan', '1', '1', '[]'],
    ]);
  }, 60_000);

  it('made every request to the service and to no other host, with no console error', () => {
    const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(requests).toContain(`${origin}/graphql`);
    expect(requests.some((url) => url.startsWith(`${origin}/ide/assets/ide-`) && url.endsWith('.js'))).toBe(true);
    expect(requests).toContain(`${origin}/graphql/export?format=csv`);
    expect(problems).toEqual([]);
  });
});
