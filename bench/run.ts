/**
 * `npm run bench`: what the product costs where it runs. Not a test: it
 * measures and prints, and says which targets (issue #5) it meets.
 *
 *   npm run bench                    tables for people
 *   npm run bench --silent -- --json one JSON object of the figures
 *   npm run bench -- --quick         smaller sizes (a smoke run)
 *
 * Apps Script figures come from the in-memory SpreadsheetApp fake, which
 * counts every service call by kind; seconds on Google come from pricing
 * those counts with the latency model in bench/summary-model.ts (its
 * DEFAULT_COSTS state each per-call cost and its source). Offline figures are
 * wall-clock times of the real CLI on this machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vm from 'node:vm';
import JSZip from 'jszip';
import { emptyAccount } from '../src/domain/account';
import type { RollupRow } from '../src/domain/rollup';
import { oppScore } from '../src/domain/scoring';
import { generateAccount } from '../src/domain/sample-accounts';
import { createAccountWorkbook } from '../src/sheets/account-workbook';
import { accountWorkbookBuffer } from '../src/xlsx/render-workbook';
import { installFakeGas } from '../tests/fakes/spreadsheet-app';
import { setupSheets } from '../tests/sheets/sheets-support';
import { benchHistory } from './history';
import { DEFAULT_COSTS, modelRuns, modelSeconds, summaryRefreshSweep } from './summary-model';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const QUICK = args.includes('--quick');
const ROOT = join(__dirname, '..');
const AS_OF = '2026-11-01';

const log = (s = '') => {
  if (!JSON_OUT) process.stdout.write(`${s}\n`);
};
const progress = (s: string) => process.stderr.write(`bench: ${s}\n`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ------------------------------------------------------------ manager roll-up on the fake
function benchRollup() {
  const sizes = QUICK ? [10, 100] : [10, 100, 1000];
  const table: Array<Record<string, number | string>> = [];
  const byKind: Array<{ accounts: number; changed: number; calls: Record<string, number> }> = [];
  let at1000x200: ReturnType<typeof summaryRefreshSweep>[number] | undefined;
  const firstRefresh: Array<{ accounts: number; runs: number; clockSeconds: number }> = [];
  for (const n of sizes) {
    progress(`roll-up model: ${n} accounts`);
    const ks = [0, Math.round(n * 0.2), n];
    const results = summaryRefreshSweep(n, ks);
    for (const r of results) {
      const seconds = modelSeconds(r.calls, DEFAULT_COSTS);
      table.push({
        accounts: n,
        changed: r.changed,
        calls: r.total,
        writes: round(r.writes / r.runs, 1), // per run: every run writes its own block
        perChanged: round(r.callsPerChangedAccount),
        perUnchanged: round(r.callsPerUnchangedAccount),
        modelSeconds: round(seconds, 1),
        modelRuns: modelRuns(seconds),
        clockSeconds: round(r.clockSeconds, 1),
        runs: r.runs,
      });
      byKind.push({ accounts: n, changed: r.changed, calls: r.calls });
      if (n === (QUICK ? 100 : 1000) && r.changed === Math.round(n * 0.2)) at1000x200 = r;
    }
    firstRefresh.push({ accounts: n, runs: results[0].firstRefresh.runs, clockSeconds: round(results[0].firstRefresh.clockSeconds, 1) });
  }
  const pick = at1000x200 as NonNullable<typeof at1000x200>;
  const worstChanged = Math.max(...table.filter((t) => Number(t.changed) > 0).map((t) => Number(t.perChanged)));
  const worstUnchanged = Math.max(...table.map((t) => Number(t.perUnchanged)));
  const worstWrites = Math.max(...table.map((t) => Number(t.writes)));
  return {
    table,
    callsPerChangedAccount: worstChanged,
    callsPerUnchangedAccount: worstUnchanged,
    writesPerRefresh: worstWrites,
    modelSeconds1000x200: round(modelSeconds(pick.calls, DEFAULT_COSTS), 1),
    clockSeconds1000x200: round(pick.clockSeconds, 1),
    runs1000x200: pick.runs,
    firstRefresh,
    callsByKind1000x200: pick.calls,
    byKind,
  };
}

// ------------------------------------------------------------ generating an account workbook on the fake
function benchGenerate() {
  progress('workbook generation on the fake');
  const { fake } = setupSheets();
  fake.resetCalls();
  createAccountWorkbook(emptyAccount('临江市财政局'), 'zh');
  const spreadsheet = fake.totalCalls((k: string) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList|Protection|Sheets)\./.test(k) && k !== 'SpreadsheetApp.newDataValidation');
  const builders = fake.totalCalls('DataValidationBuilder.') + (fake.calls['SpreadsheetApp.newDataValidation'] ?? 0);
  const noApi = setupSheets({ sheetsApi: false });
  noApi.fake.resetCalls();
  createAccountWorkbook(emptyAccount('临江市财政局'), 'zh');
  const fallback = noApi.fake.totalCalls((k: string) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList|Protection|Sheets)\./.test(k) && k !== 'SpreadsheetApp.newDataValidation');
  return { callsPerWorkbook: spreadsheet, validationBuilderCalls: builders, callsPerWorkbookWithoutSheetsApi: fallback };
}

// ------------------------------------------------------------ the Apps Script bundle
function benchBundle() {
  progress('bundle: cold evaluation and OPP_SCORE');
  const file = join(ROOT, 'dist', 'Code.js');
  const code = readFileSync(file, 'utf8');
  const script = new vm.Script(code, { filename: 'Code.js' });
  // Cold: compile and evaluate in a fresh context, as a new Apps Script execution does. Each run's source differs by a
  // comment, so V8's compilation cache (which a long-lived process would hit) cannot help. Wall time and this
  // process's CPU time: on a loaded machine the wall time also measures waiting for a core.
  const times: number[] = [];
  const cpu: number[] = [];
  const evalOnly: number[] = [];
  for (let i = 0; i < 30; i++) {
    const ctx = vm.createContext({});
    installFakeGas(ctx);
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    new vm.Script(`${code}\n// cold run ${i} ${process.hrtime.bigint()}`, { filename: `Code-${i}.js` }).runInContext(ctx);
    const u = process.cpuUsage(u0);
    times.push(performance.now() - t0);
    cpu.push((u.user + u.system) / 1000);
    const again = vm.createContext({});
    installFakeGas(again);
    const t1 = performance.now();
    script.runInContext(again);
    evalOnly.push(performance.now() - t1);
  }
  // OPP_SCORE as a cell calls it: a 10×1 range as a 2-D array, in a fresh context (cold) and warm.
  const marks = ['+', '+', '+', '+', '+', '-', '-', '+', '+', '+'].map((m) => [m]);
  const coldCall: number[] = [];
  for (let i = 0; i < 20; i++) {
    const ctx = vm.createContext({ marks });
    installFakeGas(ctx);
    const t0 = performance.now();
    script.runInContext(ctx);
    const v = vm.runInContext('OPP_SCORE(marks)', ctx);
    coldCall.push(performance.now() - t0);
    if (v !== 80) throw new Error(`OPP_SCORE gave ${v}, not 80`);
  }
  const ctx = vm.createContext({ marks });
  installFakeGas(ctx);
  script.runInContext(ctx);
  const N = 20000;
  const t0 = performance.now();
  vm.runInContext(`for (let i = 0; i < ${N}; i++) OPP_SCORE(marks, "real")`, ctx);
  const warmUs = ((performance.now() - t0) * 1000) / N;
  const flat = marks.map((r) => r[0]);
  const t1 = performance.now();
  for (let i = 0; i < N; i++) oppScore(flat, 'real');
  const engineUs = ((performance.now() - t1) * 1000) / N;
  return {
    bytes: statSync(file).size,
    coldEvalMs: round(median(times), 3),
    coldEvalCpuMs: round(median(cpu), 3),
    evalOnlyMs: round(median(evalOnly), 3),
    loadAverage: require('node:os').loadavg()[0],
    oppScoreColdCallMs: round(median(coldCall), 3),
    oppScoreWarmCallUs: round(warmUs, 3),
    oppScoreEngineUs: round(engineUs, 3),
  };
}

// ------------------------------------------------------------ offline roll-up of generated .xlsx
async function benchOffline() {
  const n = QUICK ? 100 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ka-bench-'));
  try {
    progress(`offline: writing ${n} generated .xlsx accounts`);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      writeFileSync(join(dir, `account-${String(i).padStart(4, '0')}.xlsx`), await accountWorkbookBuffer(generateAccount(i, AS_OF)));
    }
    const writeSeconds = (performance.now() - t0) / 1000;

    progress('offline: unzip-read baseline');
    const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));
    const t1 = performance.now();
    let bytes = 0;
    for (const f of files) {
      const zip = await JSZip.loadAsync(readFileSync(join(dir, f)));
      for (const entry of Object.values(zip.files)) if (!entry.dir) bytes += (await entry.async('string')).length;
    }
    const unzipSeconds = (performance.now() - t1) / 1000;

    progress(`offline: ka-sales rollup of ${n} files`);
    const out = join(dir, 'summary.xlsx');
    const t2 = performance.now();
    let stdout = '';
    try {
      stdout = execFileSync(process.execPath, [join(ROOT, 'bin', 'ka-sales.js'), 'rollup', dir, '-o', out, '--json', '--as-of', AS_OF], {
        maxBuffer: 1 << 28,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (e) {
      // Exit 1 = some accounts have problems (the generator plants some): still a full roll-up.
      stdout = (e as { stdout?: string }).stdout ?? '';
    }
    const rollupSeconds = (performance.now() - t2) / 1000;
    const parsed = JSON.parse(stdout) as { rows: RollupRow[]; errors: unknown[] };
    if (parsed.rows.length !== n) throw new Error(`roll-up gave ${parsed.rows.length} rows for ${n} files`);
    progress('offline: a year of history (fresh summary vs 52 weekly snapshots)');
    const history = await benchHistory({ cli: join(ROOT, 'bin', 'ka-sales.js'), dir, rows: parsed.rows, asOf: AS_OF, runs: QUICK ? 1 : 3 });
    return {
      history,
      files: n,
      writeSeconds: round(writeSeconds, 1),
      rollupSeconds: round(rollupSeconds, 1),
      unzipBaselineSeconds: round(unzipSeconds, 1),
      unzippedChars: bytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const rollup = benchRollup();
  const generate = benchGenerate();
  const bundle = benchBundle();
  const offline = await benchOffline();
  const targets = {
    'rollup.callsPerChangedAccount ≤ 2': rollup.callsPerChangedAccount <= 2,
    'rollup.callsPerUnchangedAccount = 0': rollup.callsPerUnchangedAccount === 0,
    'rollup.writesPerRefresh ≤ 5': rollup.writesPerRefresh <= 5,
    'rollup.modelSeconds1000x200 ≤ 360 (one run)': rollup.modelSeconds1000x200 <= 360,
    'generate.callsPerWorkbook ≤ 60': generate.callsPerWorkbook <= 60,
    'bundle.bytes ≤ 150 KB (153,600 bytes)': bundle.bytes <= 150 * 1024,
    'bundle.coldEvalMs (compile + evaluate, CPU) ≤ 10': bundle.coldEvalCpuMs <= 10,
    'offline.rollup1000Seconds ≤ 60': offline.rollupSeconds <= 60,
    'offline.history.growth < 0.20 (a year of weekly snapshots)': offline.history.growth < 0.2,
  };
  const result = {
    machine: { node: process.version, cpus: require('node:os').cpus().length, quick: QUICK },
    latencyModel: DEFAULT_COSTS,
    rollup: {
      callsPerChangedAccount: rollup.callsPerChangedAccount,
      callsPerUnchangedAccount: rollup.callsPerUnchangedAccount,
      writesPerRefresh: rollup.writesPerRefresh,
      modelSeconds1000x200: rollup.modelSeconds1000x200,
      clockSeconds1000x200: rollup.clockSeconds1000x200,
      runs1000x200: rollup.runs1000x200,
      firstRefresh: rollup.firstRefresh,
      sweep: rollup.table,
      callsByKind1000x200: rollup.callsByKind1000x200,
      callsByKind: rollup.byKind,
    },
    generate,
    bundle,
    offline: {
      rollup1000Seconds: offline.rollupSeconds,
      unzipBaselineSeconds: offline.unzipBaselineSeconds,
      writeSeconds: offline.writeSeconds,
      files: offline.files,
      history: offline.history,
    },
    targets,
  };
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  log('Manager roll-up on the Apps Script fake (calls counted; seconds by the latency model)');
  log('accounts  changed  calls  writes/run  calls/changed  calls/unchanged  model s  clock s  runs');
  for (const t of rollup.table) {
    log(
      `${String(t.accounts).padStart(8)} ${String(t.changed).padStart(8)} ${String(t.calls).padStart(6)} ${String(t.writes).padStart(7)} ${String(t.perChanged).padStart(14)} ${String(t.perUnchanged).padStart(16)} ${String(t.modelSeconds).padStart(8)} ${String(t.clockSeconds).padStart(8)} ${String(t.runs).padStart(5)}`,
    );
  }
  for (const f of rollup.firstRefresh) log(`first (full) refresh of ${f.accounts}: ${f.runs} run(s), ${f.clockSeconds} s on the fake's clock`);
  log(`latency model (s per call): ${JSON.stringify(DEFAULT_COSTS)}`);
  log();
  log(`Account workbook generation: ${generate.callsPerWorkbook} calls (+${generate.validationBuilderCalls} validation-builder calls); without the Sheets API: ${generate.callsPerWorkbookWithoutSheetsApi}`);
  log(`Bundle: ${bundle.bytes} bytes; cold (compile + evaluate in a fresh vm context) ${bundle.coldEvalMs} ms wall, ${bundle.coldEvalCpuMs} ms CPU (median of 30; load average ${round(bundle.loadAverage, 1)}); evaluation of a compiled script ${bundle.evalOnlyMs} ms; OPP_SCORE cold call ${bundle.oppScoreColdCallMs} ms, warm ${bundle.oppScoreWarmCallUs} µs (engine alone ${bundle.oppScoreEngineUs} µs)`);
  log(`Offline: ka-sales rollup of ${offline.files} .xlsx: ${offline.rollupSeconds} s (unzip-read baseline ${offline.unzipBaselineSeconds} s; writing them took ${offline.writeSeconds} s)`);
  const h = offline.history;
  log(`Offline history: ${h.weeks} weekly snapshots = ${h.historyRows} rows, ${h.historyCells} cells (${h.summaryBytes} bytes); roll-up ${h.freshSeconds} s fresh, ${h.withHistorySeconds} s with the history: +${Math.round(h.growth * 100)} %`);
  log();
  for (const [k, ok] of Object.entries(targets)) log(`${ok ? 'meets ' : 'MISSES'} ${k}`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
