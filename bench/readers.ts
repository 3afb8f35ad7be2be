/**
 * How the .xlsx reader was chosen: the candidates read the same generated
 * workbooks (2–40 visits each) into the grids the domain reads, in turn, in
 * one process; the figures are in the README ("Reading .xlsx").
 *
 *   npx tsx bench/readers.ts [N]
 *
 * Candidates not in the project (SheetJS `@e965/xlsx`, `fflate`) are taken
 * from the folder KA_CANDIDATES names (`npm install --prefix DIR @e965/xlsx fflate`,
 * then KA_CANDIDATES=DIR/node_modules); without it they are skipped, saying so.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type ExcelJSModule from 'exceljs';
import { SaxesParser } from 'saxes';
import type { GridValue } from '../src/domain/layout';
import { type Grids, readAccountFromGrids } from '../src/domain/read-workbook';
import { generateAccount } from '../src/domain/sample-accounts';
import { readXlsx } from '../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../src/xlsx/render-workbook';
import { NEEDED, unzipParseBaseline } from './xlsx-baseline';

const N = Number(process.argv[2] ?? 1000);
const CANDIDATES = process.env.KA_CANDIDATES;

function optional<T>(name: string): T | undefined {
  if (!CANDIDATES) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(join(CANDIDATES, name)) as T;
  } catch {
    return undefined;
  }
}

/** What the reader did before: ExcelJS loads the whole workbook, then its cells become grid values. */
async function excelJsGrids(ExcelJS: typeof ExcelJSModule, bytes: Buffer): Promise<Grids> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJSModule.Buffer);
  const grids: Grids = {};
  const value = (v: ExcelJSModule.CellValue): GridValue => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
    if (typeof v === 'object' && 'result' in v) return value(v.result as ExcelJSModule.CellValue);
    return null;
  };
  for (const ws of wb.worksheets) {
    const grid: GridValue[][] = [];
    ws.eachRow((row, r) => {
      const vals: GridValue[] = [];
      row.eachCell((cell, c) => {
        vals[c - 1] = value(cell.value);
      });
      grid[r - 1] = Array.from(vals, (v) => v ?? null);
    });
    grids[ws.name] = Array.from(grid, (r) => r ?? []);
  }
  return grids;
}

async function timed(label: string, files: string[], read: (b: Buffer) => unknown): Promise<number> {
  const t = performance.now();
  for (const f of files) await read(readFileSync(f));
  const s = (performance.now() - t) / 1000;
  process.stdout.write(`${label.padEnd(44)} ${s.toFixed(2)} s  (${((s / files.length) * 1000).toFixed(1)} ms each)\n`);
  return s;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ka-readers-'));
  try {
    process.stderr.write(`writing ${N} generated workbooks\n`);
    for (let i = 0; i < N; i++) writeFileSync(join(dir, `a${i}.xlsx`), await accountWorkbookBuffer(generateAccount(i, '2026-11-01')));
    const files = readdirSync(dir).map((f) => join(dir, f));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ExcelJS = require('exceljs') as typeof ExcelJSModule;
    const XLSX = optional<{
      read: (b: Buffer, o: object) => { SheetNames: string[]; Sheets: Record<string, unknown> };
      utils: { sheet_to_json: (s: unknown, o: object) => unknown[][] };
    }>('@e965/xlsx');
    const fflate = optional<{ unzipSync: (b: Uint8Array, o: object) => Record<string, Uint8Array> }>('fflate');

    await timed('baseline: native inflate + saxes, parse only', files, unzipParseBaseline);
    await timed('ours: native inflate + saxes → grids', files, (b) => readXlsx(b));
    await timed('ours → grids → account', files, (b) => readAccountFromGrids(readXlsx(b).grids));
    if (fflate) {
      await timed('fflate unzip (needed parts) + saxes, parse only', files, (b) => {
        const parts = fflate.unzipSync(b, { filter: (f: { name: string }) => NEEDED.test(f.name) });
        for (const data of Object.values(parts)) new SaxesParser().write(Buffer.from(data).toString('utf8')).close();
      });
    } else process.stdout.write('fflate: skipped (set KA_CANDIDATES)\n');
    if (XLSX) {
      await timed('SheetJS @e965/xlsx read → arrays', files, (b) => {
        const wb = XLSX.read(b, { type: 'buffer', dense: true });
        for (const n of wb.SheetNames) XLSX.utils.sheet_to_json(wb.Sheets[n], { header: 1, raw: true, defval: null });
      });
    } else process.stdout.write('SheetJS: skipped (set KA_CANDIDATES)\n');
    await timed('ExcelJS 4.4.0 load → grids (before)', files, (b) => excelJsGrids(ExcelJS, b));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
