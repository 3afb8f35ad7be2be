/** `ka-sales demo` (what `npm start` runs): sample accounts and their roll-up, written into a folder. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { HEALTH_TAB } from '../../sheets-templates/health';
import { SUMMARY_COLUMNS, SUMMARY_ROWS } from '../../src/xlsx/render-rollup';
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
    const first = SUMMARY_ROWS.first;
    const names = SAMPLE_EXPECTATIONS.map((_, i) => summary.getCell(first + i, 1).value);
    expect([...names].sort()).toEqual(SAMPLE_EXPECTATIONS.map((e) => e.customerName).sort());
    expect(summary.getCell(first + SAMPLE_EXPECTATIONS.length, 1).value).toBeNull();
    // Open accounts first, what needs attention first: 追, 观察, 待评估, 虚; within a verdict the larger weighted forecast
    // first. Then the won, lost and abandoned ones, in that order.
    const col = (id: string) => 1 + SUMMARY_COLUMNS.findIndex((c) => c.id === id);
    const outcomeOf = (name: unknown) => SAMPLE_EXPECTATIONS.find((e) => e.customerName === name)?.outcome;
    const shown = SAMPLE_EXPECTATIONS.map((_, i) => ({
      outcome: ['open', 'won', 'lost', 'abandoned'].indexOf(outcomeOf(names[i]) as string),
      verdict: ['追', '观察', '待评估', '虚'].indexOf(String(summary.getCell(first + i, col('verdict')).value)),
      forecast: Number((summary.getCell(first + i, col('forecast')).value as { result?: number }).result ?? -1),
    }));
    expect(shown.map((s) => s.outcome)).toEqual([0, 0, 0, 0, 0, 1, 2]);
    for (let i = 1; i < shown.length; i++) {
      const [a, b] = [shown[i - 1], shown[i]];
      if (a.outcome === 0 && b.outcome === 0)
        expect(a.verdict < b.verdict || (a.verdict === b.verdict && a.forecast >= b.forecast)).toBe(true);
    }
    expect(new Set(shown.map((s) => s.verdict)).size).toBeGreaterThan(2);
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

  it('opens each workbook on its health tab, dated as given, with the verdict and flags the sample was made to show', async () => {
    const files = readdirSync(join(out, 'accounts'))
      .filter((f) => f.endsWith('.xlsx'))
      .sort();
    expect(files).toHaveLength(SAMPLE_EXPECTATIONS.length);
    for (const [i, f] of files.entries()) {
      const wb = await readXlsx(join(out, 'accounts', f));
      expect(wb.worksheets[0].name).toBe(HEALTH_TAB.zh);
      // Cached results (LibreOffice recomputes them: tests/xlsx/health-libreoffice.test.ts), by their bindings.
      const at = (name: string) => {
        const [sheet, ref] = (wb.definedNames.getRanges(name).ranges[0] ?? '').split('!');
        return wb.getWorksheet(sheet.replace(/^'|'$/g, ''))?.getCell(ref.replace(/\$/g, '')).value as { result?: unknown } | Date | null;
      };
      expect(at('ka_health_asOf')).toEqual(new Date(`${AS_OF}T00:00:00Z`));
      const want = SAMPLE_EXPECTATIONS[i];
      expect({
        f,
        verdict: (at('ka_health_out_verdict') as { result?: unknown })?.result,
        flags: (at('ka_health_out_flags') as { result?: unknown })?.result ?? '', // an empty text result is cached as none
      }).toEqual({
        f,
        verdict: want.verdict,
        flags: want.redFlags.join(','),
      });
    }
  });

  it('rolls up the workbooks exactly as the JSON they were built from', async () => {
    const fromXlsx = JSON.parse((await runCli('rollup', join(out, 'accounts'), '--json', '--as-of', AS_OF)).stdout);
    const fromJson = JSON.parse((await runCli('rollup', join(out, 'json'), '--json', '--as-of', AS_OF)).stdout);
    const strip = (r: { rows: Array<{ file: string }> }) =>
      r.rows.map((x) => ({ ...x, file: basename(x.file).replace(/\.(json|xlsx)$/, '') }));
    expect(fromXlsx.errors).toEqual([]);
    expect(strip(fromXlsx)).toEqual(strip(fromJson));
    expect(fromXlsx.rows.map((r: { problems: number }) => r.problems)).toEqual(SAMPLE_EXPECTATIONS.map((e) => e.problems));
  });
});
