import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

// An analyst's session in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core)
// opens the IDE the service serves, picks the saved query "Funding by donor", runs it, reads the answer,
// exports it as CSV, and every request the page made went to the service and nowhere else. The layout is
// measured at three screen widths; then the IDE runs in production behind a reverse proxy under /apo-data.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const ARTIFACTS = join(__dirname, '..', '..', 'test-results');
const WIDTHS = [1024, 1366, 1920];
/** The least a line of the query editor must show, in characters of its own font: the saved queries' lines are at most ~90. */
const MIN_EDITOR_CHARS = 60;
/** The least the result pane must show beside or below it: a `"label": "Government of Japan",` line nested four deep is 41. */
const MIN_RESULT_CHARS = 35;

const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(`The IDE browser test needs Chromium at ${CHROMIUM} in CI (CI=true): .ci/run installs Debian's chromium package.`);
}
if (!available) console.warn(`\n[apo-data tests] IDE browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).\n`);

/** A page on its own browser profile that records every request and every console error or CSP violation. */
async function openPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, requests, problems };
}

/** How many characters of its own font one line of the CodeMirror editor under `selector` shows, gutter excluded. */
const charsPerLine = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const root = document.querySelector(sel) as HTMLElement & { CodeMirror: { defaultCharWidth(): number; getScrollInfo(): { clientWidth: number } } };
    const textLeft = root.querySelector('.CodeMirror-line > span')!.getBoundingClientRect().left;
    const visibleRight = root.getBoundingClientRect().left + root.CodeMirror.getScrollInfo().clientWidth;
    return Math.floor((visibleRight - textLeft) / root.CodeMirror.defaultCharWidth());
  }, selector);

/** The logo's height against one line of its text, whether it is inside the header, and whether the tab strip overflows. */
const logoAndTabs = (page: Page) =>
  page.evaluate(() => {
    const logo = document.querySelector('.graphiql-logo')!;
    const tabs = document.querySelector('.graphiql-tabs')!;
    const header = document.querySelector('.graphiql-session-header')!.getBoundingClientRect();
    const box = logo.getBoundingClientRect();
    const active = document.querySelector('.graphiql-tab-active')!.getBoundingClientRect();
    const strip = tabs.getBoundingClientRect();
    return {
      height: box.height,
      lineHeight: parseFloat(getComputedStyle(logo).lineHeight),
      insideHeader: box.left >= strip.right && box.right <= header.right,
      tabsOverflow: tabs.scrollWidth > tabs.clientWidth,
      activeTabShown: active.left >= strip.left - 1 && active.right <= strip.right + 1,
    };
  });

/** Resizes the window and waits until the IDE has laid itself out again (resize handlers run, CodeMirror re-measured). */
async function resizeTo(page: Page, width: number) {
  await page.setViewportSize({ width, height: 768 });
  await page.waitForFunction((w) => document.querySelector('.graphiql-container')!.getBoundingClientRect().width === w, width);
  await page.waitForTimeout(200);
}

const tabTitles = (page: Page) => page.locator('.graphiql-tab-button').allTextContents();
const activeTabTitle = (page: Page) => page.locator('.graphiql-tab-active .graphiql-tab-button').textContent();
const resultText = (page: Page) =>
  page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

describe.skipIf(!available)('the IDE in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let requests: string[];
  let problems: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer('sqlite');
    origin = new URL(server.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    ({ page, requests, problems } = await openPage(browser));
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
    // The saved query opens as a chart (its `# view: chart`); the answer as JSON is one tab away.
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: 'Government of Japan' }).waitFor();
    const shown = await resultText(page);
    const query = readFileSync(join(__dirname, '..', '..', 'server', 'ide', 'queries', '01-funding-by-donor.graphql'), 'utf8');
    expect(JSON.parse(shown).data).toEqual(await server.data(query));
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

  it(`shows at least ${MIN_EDITOR_CHARS} characters a line in the query editor at ${WIDTHS.join(', ')} px, with room for the result`, async () => {
    const measured: Record<number, { editor: number; result: number }> = {};
    await page.mouse.move(1, 1); // no button hovered in the screenshots (server/ide/screenshot.png is the 1366 px one)
    for (const width of WIDTHS) {
      await resizeTo(page, width);
      measured[width] = { editor: await charsPerLine(page, '.graphiql-query-editor .CodeMirror'), result: await charsPerLine(page, '.result-window .CodeMirror') };
      await page.screenshot({ path: join(ARTIFACTS, `ide-${width}.png`) });
    }
    console.log(`[apo-data tests] characters a line (query editor / result) by screen width: ${JSON.stringify(measured)}`);
    for (const width of WIDTHS) {
      expect(measured[width].editor, `query editor at ${width} px`).toBeGreaterThanOrEqual(MIN_EDITOR_CHARS);
      expect(measured[width].result, `result at ${width} px`).toBeGreaterThanOrEqual(MIN_RESULT_CHARS);
    }
    await resizeTo(page, 1366);
  }, 60_000);

  it('goes back to a saved query\'s tab when it is already open, a double click included, instead of opening another', async () => {
    const before = (await tabTitles(page)).length;
    await page.getByRole('button', { name: 'Funding by year', exact: true }).click();
    await expect.poll(() => activeTabTitle(page)).toBe('FundingByYear');
    await page.getByRole('button', { name: 'Funding by donor', exact: true }).click();
    await expect.poll(() => activeTabTitle(page)).toBe('FundingByDonor');
    await page.getByRole('button', { name: 'Funding by year', exact: true }).dblclick();
    await expect.poll(() => activeTabTitle(page)).toBe('FundingByYear');
    await page.getByRole('button', { name: 'Funding by donor', exact: true }).click();
    await expect.poll(() => activeTabTitle(page)).toBe('FundingByDonor');
    await page.waitForTimeout(500); // any late tab would have opened by now
    const titles = await tabTitles(page);
    expect(titles).toHaveLength(before + 1);
    expect(titles.filter((t) => t === 'FundingByDonor')).toEqual(['FundingByDonor']);
    expect(titles.filter((t) => t === 'FundingByYear')).toEqual(['FundingByYear']);
    // The tab gone back to still holds the answer it showed.
    expect(await resultText(page)).toContain('"label": "Government of Japan"');
  }, 60_000);

  it('keeps the logo on one line with every saved query open in a tab: the tabs scroll instead', async () => {
    for (const button of await page.locator('[data-saved-query]').all()) await button.click();
    const count = await page.locator('[data-saved-query]').count();
    await expect.poll(async () => (await tabTitles(page)).length, { timeout: 10_000 }).toBe(count + 1);
    for (const width of WIDTHS) {
      await resizeTo(page, width);
      await page.screenshot({ path: join(ARTIFACTS, `ide-${width}-many-tabs.png`) });
      const shown = await logoAndTabs(page);
      expect(shown, `at ${width} px`).toEqual({ height: shown.lineHeight, lineHeight: shown.lineHeight, insideHeader: true, tabsOverflow: true, activeTabShown: true });
    }
    await resizeTo(page, 1366);
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

/** A reverse proxy as a deployment would put in front: `prefix/…` goes to `target` with the prefix stripped, anything else is 404. */
async function startProxy(target: string, prefix: string) {
  const upstream = new URL(target);
  const proxy = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url !== prefix && !url.startsWith(`${prefix}/`)) return void res.writeHead(404).end();
    const headers = { ...req.headers, host: upstream.host };
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: url.slice(prefix.length) || '/', headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { proxy.closeAllConnections(); proxy.close(() => resolve()); }),
  };
}

describe.skipIf(!available)('the IDE in production (NODE_ENV=production) behind a reverse proxy under /apo-data', () => {
  let server: TestServer;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let browser: Browser;
  let page: Page;
  let requests: string[];
  let problems: string[];

  beforeAll(async () => {
    server = await startServer('sqlite', { NODE_ENV: 'production', PUBLIC_BASE_PATH: '/apo-data' });
    proxy = await startProxy(server.url, '/apo-data');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    ({ page, requests, problems } = await openPage(browser));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  it('opens from /apo-data/, runs the saved query "Funding by donor" and exports it, all through the proxy', async () => {
    await page.goto(`${proxy.origin}/apo-data/`);
    expect(page.url()).toBe(`${proxy.origin}/apo-data/graphql`);
    await page.getByRole('button', { name: 'Funding by donor', exact: true }).click();
    await page.getByText('query FundingByDonor').waitFor();
    // The saved query opens as a chart (its `# view: chart`); the answer as JSON is one tab away.
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: 'Government of Japan' }).waitFor();
    expect(JSON.parse(await resultText(page)).data.fundingSummary[0].label).toBe('Government of Japan');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('fundingSummary.csv');
  }, 60_000);

  it('lists the Query type\'s fields in the Docs pane: introspection is on in production', async () => {
    await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer-content a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).click({ timeout: 10_000 });
    await page.locator('.graphiql-doc-explorer-field-name', { hasText: /^fundingSummary$/ }).waitFor();
    const fields = await page.locator('.graphiql-doc-explorer-field-name').allTextContents();
    expect(fields).toEqual(expect.arrayContaining(['fundingSummary', 'grants', 'meetings', 'search']));
    await page.screenshot({ path: join(ARTIFACTS, 'ide-production-docs.png') });
  }, 60_000);

  it('made every request through the proxy under /apo-data, with no console error', () => {
    const outside = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && !url.startsWith(`${proxy.origin}/apo-data/`));
    expect(outside).toEqual([]);
    expect(requests).toContain(`${proxy.origin}/apo-data/graphql`);
    expect(requests.some((url) => url.startsWith(`${proxy.origin}/apo-data/ide/assets/ide-`) && url.endsWith('.js'))).toBe(true);
    expect(requests).toContain(`${proxy.origin}/apo-data/graphql/export?format=csv`);
    expect(problems).toEqual([]);
  });
});
