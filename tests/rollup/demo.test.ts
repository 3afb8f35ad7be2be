/** `ka-sales demo` (what `npm start` runs): sample accounts and their roll-up, written into a folder. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROLLUP_TABS } from '../../src/domain/rollup';
import { SAMPLE_EXPECTATIONS, sampleAccounts } from '../../src/domain/sample-accounts';
import { readXlsx, runCli } from './support';

const AS_OF = '2026-11-01';
let root: string;
let out: string;
let run: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ka-sales-demo-'));
  out = join(root, 'out');
  run = await runCli('demo', '-o', out, '--as-of', AS_OF);
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('demo', () => {
  it('writes every sample account as JSON, their roll-up, and prints what it wrote', async () => {
    const r = run;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const jsonFiles = readdirSync(join(out, 'json')).sort();
    expect(jsonFiles).toHaveLength(SAMPLE_EXPECTATIONS.length);
    const written = jsonFiles.map((f) => JSON.parse(readFileSync(join(out, 'json', f), 'utf8')));
    expect(written).toEqual(JSON.parse(JSON.stringify(sampleAccounts(AS_OF))));
    for (const f of jsonFiles) expect(r.stdout).toContain(f);
    expect(r.stdout).toContain('summary.xlsx');

    const wb = await readXlsx(join(out, 'summary.xlsx'));
    const summary = wb.getWorksheet(ROLLUP_TABS.summary.zh)!;
    const names = SAMPLE_EXPECTATIONS.map((_, i) => summary.getCell(2 + i, 1).value);
    expect(names).toEqual(SAMPLE_EXPECTATIONS.map((e) => e.customerName));
    expect(summary.getCell(2 + SAMPLE_EXPECTATIONS.length, 1).value).toBeNull();
  });

  it('writes each sample as a workbook too, and the summary links to those', async () => {
    const workbooks = readdirSync(join(out, 'accounts')).filter((f) => f.endsWith('.xlsx'));
    const wb = await readXlsx(join(out, 'summary.xlsx'));
    const links: string[] = [];
    wb.getWorksheet(ROLLUP_TABS.summary.zh)!.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as { hyperlink?: string } | null;
        if (v && typeof v === 'object' && v.hyperlink) links.push(v.hyperlink);
      }),
    );
    expect(links).toHaveLength(SAMPLE_EXPECTATIONS.length);
    expect(workbooks).toHaveLength(SAMPLE_EXPECTATIONS.length);
    for (const l of links) expect(l).toMatch(/^\.\/accounts\/.+\.xlsx$/);
  });

  it('rolls up the workbooks exactly as the JSON they were built from', async () => {
    const fromXlsx = JSON.parse((await runCli('rollup', join(out, 'accounts'), '--json', '--as-of', AS_OF)).stdout);
    const fromJson = JSON.parse((await runCli('rollup', join(out, 'json'), '--json', '--as-of', AS_OF)).stdout);
    const strip = (r: { rows: Array<{ file: string }> }) => r.rows.map((x) => ({ ...x, file: basename(x.file).replace(/\.(json|xlsx)$/, '') }));
    expect(fromXlsx.errors).toEqual([]);
    expect(strip(fromXlsx)).toEqual(strip(fromJson));
    expect(fromXlsx.rows.map((r: { problems: number }) => r.problems)).toEqual(SAMPLE_EXPECTATIONS.map((e) => e.problems));
  });
});
