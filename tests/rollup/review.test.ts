/**
 * The weekly review through the command line: a folder rolled up into the
 * same summary every week builds its own history; each roll-up shows what
 * changed against the latest snapshot at least the review window older,
 * keeps the manager's settings (found by stage code, not by label), never
 * erases a later snapshot, and draws its charts.
 */
import JSZip from 'jszip';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../src/domain/account';
import { ROLLUP_TABS } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { PIPE, SUMMARY_COLUMNS, SUMMARY_ROWS } from '../../src/xlsx/render-rollup';
import { readXlsx, runCli } from './support';

let root: string;
let dir: string;
let out: string;
const samples = sampleAccounts('2026-11-01');
const [A, B, C] = [samples[0], samples[1], samples[2]];

function save(name: string, a: Account): void {
  writeFileSync(join(dir, name), JSON.stringify(a));
}

async function tabRows(tab: keyof typeof ROLLUP_TABS): Promise<unknown[][]> {
  const ws = (await readXlsx(out)).getWorksheet(ROLLUP_TABS[tab].zh)!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function summaryLine(customer: string): Promise<Record<string, unknown>> {
  const ws = (await readXlsx(out)).getWorksheet(ROLLUP_TABS.summary.zh)!;
  for (let r = SUMMARY_ROWS.first; r <= ws.rowCount; r++) {
    if (ws.getCell(r, 1).value === customer) return Object.fromEntries(SUMMARY_COLUMNS.map((c, i) => [c.id, ws.getCell(r, i + 1).value]));
  }
  throw new Error(`no row for ${customer}`);
}

async function rollup(asOf: string, ...extra: string[]): Promise<void> {
  const r = await runCli('rollup', dir, '-o', out, '--as-of', asOf, ...extra);
  expect([r.code, r.stderr]).toEqual([0, '']);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ka-review-'));
  dir = join(root, 'accounts');
  mkdirSync(dir);
  out = join(root, 'summary.xlsx');
  save('a.json', A);
  save('b.json', B);
  utimesSync(join(dir, 'a.json'), new Date('2026-10-30T02:05:00Z'), new Date('2026-10-30T02:05:00Z'));
  await rollup('2026-11-02');

  // The manager edits the summary: 方案 at 50 %, its label renamed, a 14-day review window.
  const wb = await readXlsx(out);
  const pipe = wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!;
  let r = PIPE.firstProbRow;
  while (pipe.getCell(r, 3).value !== 'solution') r++;
  pipe.getCell(r, 2).value = 0.5;
  pipe.getCell(r, 1).value = '方案阶段（改名）';
  pipe.getCell(PIPE.windowRow, 2).value = 14;
  await wb.xlsx.writeFile(out);

  // A week later: A moved on (a mark turned, a stage further), C is new, B is as it was.
  const a2: Account = JSON.parse(JSON.stringify(A));
  a2.overview.stage = '谈判成交';
  (a2.opportunity.items as Array<{ mark?: string }>)[5].mark = '+';
  save('a.json', a2);
  save('c.json', C);
  await rollup('2026-11-09');
  await rollup('2026-11-16');
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a summary rolled up every week', () => {
  it('keeps a snapshot per account and roll-up date in its history tab', async () => {
    const history = (await tabRows('history')).slice(1);
    const keys = history.map((h) => `${h[0]} ${h[1]}`);
    expect(keys).toEqual([
      `2026-11-02 ${A.overview.customerName}`,
      `2026-11-02 ${B.overview.customerName}`,
      ...['2026-11-09', '2026-11-16'].flatMap((d) => [A, B, C].map((x) => `${d} ${x.overview.customerName}`).sort()),
    ]);
    const a = history.filter((h) => h[1] === A.overview.customerName);
    expect(a.map((h) => h[2])).toEqual(['solution', 'negotiation', 'negotiation']);
  });

  it('compares with the snapshot at least the window (kept at 14 days) older, and says what changed', async () => {
    const line = await summaryLine(String(A.overview.customerName));
    expect(line.stageMoved).toBe('方案 → 谈判成交');
    expect(line.dOpp).toBeGreaterThan(0);
    expect(line.stageDays).toBe(7);
    const changes = (await tabRows('changes')).slice(1);
    const listed = changes.map((c) => c[0]);
    expect(listed).toContain(String(A.overview.customerName));
    expect(listed).toContain(String(C.overview.customerName));
    expect(listed).not.toContain(String(B.overview.customerName));
    expect(changes.find((c) => c[0] === C.overview.customerName)?.[1]).toBe('（新）');
    expect(changes.find((c) => c[0] === A.overview.customerName)?.[1]).toBe('2026-11-02');
  });

  it('keeps the manager’s probability by stage code and the review window; labels come from the definitions', async () => {
    const wb = await readXlsx(out);
    const pipe = wb.getWorksheet(ROLLUP_TABS.pipeline.zh)!;
    let r = PIPE.firstProbRow;
    while (pipe.getCell(r, 3).value !== 'solution') r++;
    expect([pipe.getCell(r, 1).value, pipe.getCell(r, 2).value]).toEqual(['方案', 0.5]);
    expect(pipe.getCell(PIPE.windowRow, 2).value).toBe(14);
  });

  it('shows when each account file was last saved, not when the roll-up ran', async () => {
    expect((await summaryLine(String(B.overview.customerName))).lastSaved).toMatch(/^2026-\d\d-\d\d \d\d:\d\d$/);
    const wb = await readXlsx(out);
    expect(String(wb.getWorksheet(ROLLUP_TABS.summary.zh)!.getCell(SUMMARY_ROWS.title, 1).value)).toMatch(
      /^经理汇总 · 截至 2026-11-16 · 生成于 /,
    );
    expect(String(wb.getWorksheet(ROLLUP_TABS.summary.zh)!.getCell(SUMMARY_ROWS.counts, 1).value)).toMatch(
      /^客户 3 · 进行中 2 · 赢单 1 · 丢单 0 /,
    ); // the second sample (南屿) is won
  });

  it('never erases a later snapshot when rolled up as of an earlier date', async () => {
    const before = readFileSync(out);
    await rollup('2026-11-05');
    const dates = new Set((await tabRows('history')).slice(1).map((h) => h[0]));
    expect([...dates].sort()).toEqual(['2026-11-02', '2026-11-05', '2026-11-09', '2026-11-16']);
    writeFileSync(out, before);
  });

  it('draws the pipeline by stage today and the forecast by stage over the snapshot dates as native charts', async () => {
    const zip = await JSZip.loadAsync(readFileSync(out));
    const charts = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f));
    expect(charts).toHaveLength(2);
    const xml = await Promise.all(charts.map((c) => zip.file(c)!.async('string')));
    expect(xml.some((x) => x.includes('<c:grouping val="stacked"/>') && x.includes('2026-11-16'))).toBe(true);
  });

  it('refuses a review window that is not a whole number of days', async () => {
    const r = await runCli('rollup', dir, '-o', join(root, 'other.xlsx'), '--window', '7天');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
