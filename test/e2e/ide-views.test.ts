import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, pick } from '../../sdk/src/rows';
import { synthesize } from '../../server/src/db/synth/synth';
import { parseSavedQuery } from '../../server/src/ide/saved-queries';
import { startServer, type TestServer } from '../helpers/server';

// An analyst's look at an answer as a table and as a chart, in headless Chromium: "Funding by year" opens as a
// chart with one panel (one axis) per currency, whose points are the answer's rows; the table shows the same
// cells as the JSON, sorts, copies as CSV and pages a connection; the chart downloads as SVG and PNG; and no
// request leaves the service. The database has synthetic grants beside the bundled ones (several currencies, five decades).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const ARTIFACTS = join(__dirname, '..', '..', 'test-results');
const QUERIES = join(__dirname, '..', '..', 'server', 'ide', 'queries');
// The README shows ide-chart-funding-by-year.png and ide-table-funding-by-year.png, copied by hand to
// server/ide/screenshot-chart.png and screenshot-table.png when the views change on purpose.

const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`The IDE views browser test needs Chromium at ${CHROMIUM} in CI (CI=true).`);
if (!available) console.warn(`\n[apo-data tests] IDE table/chart browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).\n`);

const saved = (file: string) => parseSavedQuery(file, readFileSync(join(QUERIES, `${file}.graphql`), 'utf8'));

interface SummaryRow { label: string; grantCount: number; unknownAmountCount: number; totals: Array<{ amount: string; currency: string }> }

/** The marks (bars or points) each panel of the chart draws: its axis, its series, and each mark's label and exact value. */
const drawnPanels = (page: Page) =>
  page.locator('.apo-chart-panel').evaluateAll((panels) =>
    panels.map((p) => ({
      axis: p.getAttribute('data-axis'),
      series: p.getAttribute('data-series'),
      ticks: Array.from(p.querySelectorAll('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value'), (t) => t.textContent),
      marks: Array.from(p.querySelectorAll('.apo-chart-mark'), (m) => ({
        label: m.getAttribute('data-label'),
        value: m.getAttribute('data-value'),
        // The top of the mark: higher values are drawn higher (smaller y).
        top: Number(m.getAttribute('cy') ?? m.getAttribute('y')),
      })),
    })),
  );

const tableCells = (page: Page) =>
  page.locator('.apo-table-scroll').evaluate((el) => ({
    header: Array.from(el.querySelectorAll('thead th'), (th) => th.textContent),
    rows: Array.from(el.querySelectorAll('tbody tr:not([aria-hidden])'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
  }));

describe.skipIf(!available)('the IDE\'s Table and Chart views in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const requests: string[] = [];
  const problems: string[] = [];
  let byYear: SummaryRow[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer('sqlite');
    await synthesize(server.app.orm, { grants: 3000, seed: 11 });
    origin = new URL(server.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    const q = saved('02-funding-by-year');
    ({ fundingSummary: byYear } = await server.data<{ fundingSummary: SummaryRow[] }>(q.query, JSON.parse(q.variables)));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens "Funding by year" as a chart: one panel per currency, a point for each year with a total in it, nothing summed across currencies', async () => {
    await page.goto(`${origin}/graphql`);
    await page.getByRole('button', { name: 'Funding by year', exact: true }).click();
    await page.getByText('query FundingByYear').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: 'Chart' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.apo-chart-panel .apo-chart-mark').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-chart-kind]').getAttribute('data-chart-kind')).toBe('line');

    const years = byYear.filter((r) => /^\d{4}$/.test(r.label));
    const currencies = [...new Set(years.flatMap((r) => r.totals.map((t) => t.currency)))].sort();
    expect(currencies.length, 'the synthetic grants have several currencies').toBeGreaterThan(1);
    const panels = await drawnPanels(page);
    expect(panels.map((p) => p.series)).toEqual(currencies);
    for (const panel of panels) {
      const expected = years.flatMap((r) => r.totals.filter((t) => t.currency === panel.series).map((t) => ({ label: r.label, value: t.amount })));
      expect(panel.marks.map(({ label, value }) => ({ label, value })), `points of ${panel.series}`).toEqual(expected);
      // A time axis, from the first year to the last.
      const ticks = panel.ticks.map(Number);
      expect(ticks.length).toBeGreaterThan(1);
      expect(ticks.every((t) => Number.isInteger(t) && t >= Number(years[0].label) && t <= Number(years.at(-1)!.label))).toBe(true);
      // Heights follow the values: the larger of two amounts is drawn higher.
      const sorted = [...panel.marks].sort((a, b) => Number(a.value) - Number(b.value));
      for (let i = 1; i < sorted.length; i++) if (Number(sorted[i].value) > Number(sorted[i - 1].value)) expect(sorted[i].top).toBeLessThanOrEqual(sorted[i - 1].top);
    }
    const notYears = byYear.filter((r) => !/^\d{4}$/.test(r.label));
    if (notYears.length) await page.locator('.apo-view-note', { hasText: notYears[0].label }).waitFor();
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(ARTIFACTS, 'ide-chart-funding-by-year.png') });
  }, 60_000);

  it('charts the counts as a measure of their own', async () => {
    await page.getByLabel('Measure').selectOption({ label: 'grantCount' });
    const [panel] = await drawnPanels(page);
    expect(panel.series).toBe('grantCount');
    expect(panel.marks.map((m) => [m.label, Number(m.value)])).toEqual(byYear.filter((r) => /^\d{4}$/.test(r.label)).map((r) => [r.label, r.grantCount]));
    await page.getByLabel('Measure').selectOption({ index: 0 });
  }, 30_000);

  it('downloads the chart as SVG and PNG, named after the query', async () => {
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('funding-by-year.svg');
    const file = join(ARTIFACTS, 'funding-by-year.svg');
    await svg.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const marks = (await drawnPanels(page)).reduce((n, p) => n + p.marks.length, 0);
    expect(text.match(/class="apo-chart-mark"/g)).toHaveLength(marks);
    expect(text).toContain('Funding by year');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('funding-by-year.png');
    await png.saveAs(join(ARTIFACTS, 'funding-by-year.png'));
    expect(readFileSync(join(ARTIFACTS, 'funding-by-year.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 30_000);

  it('switches to Table: the cells are the JSON answer\'s, as the CSV export writes them; a column sorts by value', async () => {
    await page.getByRole('tab', { name: 'Table' }).click();
    const shown = await tableCells(page);
    const columns = ['label', 'grantCount', 'unknownAmountCount', 'totals'];
    expect(shown.header).toEqual(columns);
    expect(shown.rows).toEqual(byYear.map((r) => columns.map((c) => cell(pick(r, c)))));
    expect(await page.locator('th', { hasText: 'grantCount' }).evaluate((th) => getComputedStyle(th.nextElementSibling ? document.querySelector('td.apo-num')! : th).textAlign)).toBe('right');

    await page.getByRole('button', { name: 'grantCount', exact: true }).click();
    await page.getByRole('button', { name: 'grantCount', exact: true }).click();
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('grantCount');
    const sorted = (await tableCells(page)).rows.map((r) => Number(r[1]));
    expect(sorted).toEqual([...byYear.map((r) => r.grantCount)].sort((a, b) => b - a));
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(ARTIFACTS, 'ide-table-funding-by-year.png') });

    await page.getByRole('button', { name: 'Copy as CSV' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const copied = parseCsv(await page.evaluate(() => navigator.clipboard.readText())) as string[][];
    expect(copied).toEqual([columns, ...(await tableCells(page)).rows]);
  }, 60_000);

  it('remembers the view of each tab', async () => {
    await page.getByRole('button', { name: 'Funding by donor', exact: true }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Chart' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Funding by year', exact: true }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Table' }).getAttribute('aria-selected')).toBe('true');
    // After a reload GraphiQL opens a fresh tab; going back to the saved query's tab brings back its view.
    await page.reload();
    await page.getByRole('button', { name: 'Funding by year', exact: true }).click();
    await page.getByText('query FundingByYear').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: 'Table' }).getAttribute('aria-selected')).toBe('true');
  }, 60_000);

  it('pages "Every grant" with its cursors, keeping only a window of the rows in the DOM', async () => {
    await page.getByRole('button', { name: 'Every grant, with donor, recipient and program', exact: true }).click();
    await page.getByText('query Grants').waitFor();
    await expect.poll(() => page.getByRole('tab', { name: 'Table' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.apo-table-scroll tbody tr td').first().waitFor();
    const q = saved('03-grants');
    const first = await server.data<{ grants: { nodes: Array<{ title: string }> } }>(q.query);
    expect(first.grants.nodes).toHaveLength(100);
    const domRows = (await tableCells(page)).rows;
    expect(domRows.length).toBeGreaterThan(0);
    expect(domRows.length, 'a window of rows, not all 100').toBeLessThan(100);
    expect(domRows[0][0]).toBe(first.grants.nodes[0].title);

    await page.getByRole('button', { name: 'Next page' }).click();
    const next = await server.data<{ grants: { nodes: Array<{ title: string }> } }>(
      `query ($after: String) { grants(first: 100, after: $after) { nodes { title } } }`,
      { after: (await server.data<{ grants: { pageInfo: { endCursor: string } } }>('{ grants(first: 100) { pageInfo { endCursor } } }')).grants.pageInfo.endCursor },
    );
    await expect.poll(async () => (await tableCells(page)).rows[0]?.[0]).toBe(next.grants.nodes[0].title);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(async () => (await tableCells(page)).rows[0]?.[0]).toBe(first.grants.nodes[0].title);
    await page.screenshot({ path: join(ARTIFACTS, 'ide-table-grants.png') });
  }, 60_000);

  it('says in one line why a result cannot be charted', async () => {
    await page.getByRole('tab', { name: 'Chart' }).click();
    await page.locator('.apo-view-message', { hasText: /cannot chart|no column to label/i }).or(page.locator('.apo-chart-panel')).first().waitFor();
  }, 30_000);

  it('made every request to the service and to no other host, with no console error', () => {
    const elsewhere = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
