/**
 * `npm run bench`: what the product costs where it runs. Not a test: it
 * measures and prints, and says which targets (issue #5) it meets.
 *
 *   npm run bench                    tables for people
 *   npm run bench --silent -- --json one JSON object of the figures
 *   npm run bench -- --quick         smaller sizes (a smoke run)
 *   npm run bench -- --sheets        only the Sheets summary's figures (the fake)
 *   npm run bench -- --offline       only the offline figures (the CLI: roll-up, memory, history, pandas,
 *                                    start-up, build); the full run stays the default
 *
 * Apps Script figures come from the in-memory SpreadsheetApp fake, which
 * counts every service call by kind; seconds on Google come from pricing
 * those counts with the latency model in bench/summary-model.ts (its
 * DEFAULT_COSTS state each per-call cost and its source). Offline figures are
 * wall-clock times of the real CLI on this machine.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vm from 'node:vm';
import JSZip from 'jszip';
import { emptyAccount } from '../src/domain/account';
import type { RollupRow } from '../src/domain/rollup';
import { oppScore } from '../src/domain/scoring';
import { generateAccount } from '../src/domain/sample-accounts';
import { createAccountWorkbook } from '../src/sheets/account-workbook';
import { readPreviousSummary } from '../src/xlsx/read-summary';
import { accountWorkbookBuffer } from '../src/xlsx/render-workbook';
import { installFakeGas } from '../tests/fakes/spreadsheet-app';
import { exampleWorkbook, setupSheets } from '../tests/sheets/sheets-support';
import { HEALTH_TAB } from '../sheets-templates/health';
import { HEALTH } from '../src/sheets/health-tab';
import { benchHistory } from './history';
import { DEFAULT_COSTS, modelRuns, modelSeconds, summaryRefreshSweep } from './summary-model';
import { unzipParseBaseline } from './xlsx-baseline';

const args = process.argv.slice(2);
const JSON_OUT = args.includes('--json');
const QUICK = args.includes('--quick');
/** `--bundle`: only the Apps Script bundle's figures (bytes, cold load, custom-function calls). */
const BUNDLE_ONLY = args.includes('--bundle');
/** `--sheets`: only the Sheets summary refresh's figures (calls, writes and ranges per run, on the fake). */
const SHEETS_ONLY = args.includes('--sheets');
/** `--offline`: only the figures of the command line (offline roll-up, its memory and history, pandas, start-up, build). */
const OFFLINE_ONLY = args.includes('--offline');
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
  const allResults: Array<{ rangesPerRun: number }> = [];
  for (const n of sizes) {
    progress(`roll-up model: ${n} accounts`);
    const ks = [0, Math.round(n * 0.2), n];
    const results = summaryRefreshSweep(n, ks);
    allResults.push(...results);
    for (const r of results) {
      const seconds = modelSeconds(r.calls, DEFAULT_COSTS);
      table.push({
        accounts: n,
        changed: r.changed,
        calls: r.total,
        writes: round(r.writes / r.runs, 1), // per run: every run writes its own block
        ranges: round(r.ranges, 1),
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
  const worstRanges = Math.max(...allResults.map((r) => r.rangesPerRun));
  return {
    table,
    callsPerChangedAccount: worstChanged,
    callsPerUnchangedAccount: worstUnchanged,
    writesPerRefresh: worstWrites,
    rangesPerRun: worstRanges,
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
  const spreadsheet = fake.totalCalls(
    (k: string) =>
      /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList|Protection|Sheets)\./.test(k) && k !== 'SpreadsheetApp.newDataValidation',
  );
  const builders = fake.totalCalls('DataValidationBuilder.') + (fake.calls['SpreadsheetApp.newDataValidation'] ?? 0);
  const noApi = setupSheets({ sheetsApi: false });
  noApi.fake.resetCalls();
  createAccountWorkbook(emptyAccount('临江市财政局'), 'zh');
  const fallback = noApi.fake.totalCalls(
    (k: string) =>
      /^(SpreadsheetApp|Spreadsheet|Sheet|Range|RangeList|Protection|Sheets)\./.test(k) && k !== 'SpreadsheetApp.newDataValidation',
  );
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
  const ka = benchHealthFunctions(code);
  return {
    bytes: statSync(file).size,
    ...ka,
    coldEvalMs: round(median(times), 3),
    coldEvalCpuMs: round(median(cpu), 3),
    evalOnlyMs: round(median(evalOnly), 3),
    loadAverage: require('node:os').loadavg()[0],
    oppScoreColdCallMs: round(median(coldCall), 3),
    oppScoreWarmCallUs: round(warmUs, 3),
    oppScoreEngineUs: round(engineUs, 3),
  };
}

/**
 * =KA_FLAGS() and =KA_ACTIONS() as the health tab calls them: the ranges its formulas name (whole columns for the
 * tables), read from the example account's workbook (made by the source on the fake) as Sheets passes them (2-D
 * arrays, dates as Date objects, every row of a whole column); cold (a fresh context: load the bundle, then call; wall
 * time, and this process's CPU time) and warm, median of 20. The bundle's own time: the service calls it makes (the
 * spreadsheet's time zone) are the fake's.
 */
function benchHealthFunctions(code: string) {
  const { api } = exampleWorkbook();
  const sheet = api.getSheetByName(HEALTH_TAB.zh)!;
  const formula = sheet.getRange(HEALTH.verdictRow + 1, 2).getFormula();
  const ranges = [...formula.matchAll(/('[^']+'![A-Z]+\d*:[A-Z]+\d*)/g)].map((m) => m[1]);
  const args: unknown[] = ranges.map((r) => api.getRange(r).getValues());
  args.push('2026-11-01');
  const cells = args.slice(0, -1).reduce((n: number, g) => n + (g as unknown[][]).length * (g as unknown[][])[0].length, 0);
  // KA_ACTIONS takes the same ranges (then the as-of date and the locale).
  const listed = sheet
    .getDataRange()
    .getFormulas()
    .flat()
    .find((f) => f.startsWith('=KA_ACTIONS('));
  if (!listed?.startsWith(`=KA_ACTIONS(${ranges.join(',')},`))
    throw new Error(`the health tab's =KA_ACTIONS() is not over ${ranges.join(',')}`);
  const call = (fn: string) => {
    const cold: number[] = [];
    const coldCpu: number[] = [];
    const warm: number[] = [];
    let result: unknown;
    for (let i = 0; i < 20; i++) {
      const ctx = vm.createContext({ args });
      installFakeGas(ctx);
      const u0 = process.cpuUsage();
      const t0 = performance.now();
      new vm.Script(`${code}\n// cold ${i} ${process.hrtime.bigint()}`).runInContext(ctx);
      result = vm.runInContext(`${fn}(...args)`, ctx);
      cold.push(performance.now() - t0);
      const u = process.cpuUsage(u0);
      coldCpu.push((u.user + u.system) / 1000);
      const t1 = performance.now();
      vm.runInContext(`${fn}(...args)`, ctx);
      warm.push(performance.now() - t1);
    }
    return { result, coldMs: round(median(cold), 3), coldCpuMs: round(median(coldCpu), 3), warmMs: round(median(warm), 3) };
  };
  const flags = call('KA_FLAGS');
  const actions = call('KA_ACTIONS');
  return {
    kaFlagsCells: cells,
    kaFlagsResult: flags.result,
    kaFlagsColdCallMs: flags.coldMs,
    kaFlagsColdCallCpuMs: flags.coldCpuMs,
    kaFlagsWarmCallMs: flags.warmMs,
    kaActionsRows: (actions.result as string[][]).filter((r) => r.some((v) => v !== '')).length,
    kaActionsColdCallMs: actions.coldMs,
    kaActionsColdCallCpuMs: actions.coldCpuMs,
    kaActionsWarmCallMs: actions.warmMs,
  };
}

// ------------------------------------------------------------ offline roll-up of generated .xlsx

/** Runs `ka-sales ARGS` in a child process; its stdout, wall seconds and peak resident memory (MB, the OS's own count). */
function runCli(args: string[]): { stdout: string; seconds: number; peakRssMb: number } {
  const probe = `require(${JSON.stringify(join(ROOT, 'build', 'ka-sales.cjs'))}).main(${JSON.stringify(args)}).then((c) => { process.exitCode = c; process.stderr.write('\\nKA_MAXRSS ' + process.resourceUsage().maxRSS + '\\n'); })`;
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-e', probe], { maxBuffer: 1 << 28, encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  const rss = /KA_MAXRSS (\d+)/.exec(r.stderr ?? '');
  if (!rss) throw new Error(`ka-sales ${args[0]} failed: ${(r.stderr ?? '').slice(0, 500)}`);
  return { stdout: r.stdout, seconds, peakRssMb: round(Number(rss[1]) / 1024, 0) };
}

/** The roll-up of a folder, with the summary workbook written and its --json, or only its --json. */
function rollupOf(dir: string, n: number, summary = true): { seconds: number; peakRssMb: number; rows: RollupRow[] } {
  // The summary beside the folder, not in it (later roll-ups of the folder would read it).
  const r = runCli(['rollup', dir, ...(summary ? ['-o', `${dir}-summary.xlsx`] : []), '--json', '--as-of', AS_OF]);
  const parsed = JSON.parse(r.stdout) as { rows: RollupRow[]; errors: unknown[] };
  if (parsed.rows.length !== n) throw new Error(`roll-up gave ${parsed.rows.length} rows for ${n} files`);
  return { ...r, rows: parsed.rows };
}

/** The roll-up as a manager runs it: the summary workbook written, nothing on stdout but one line; its rows counted in it. */
async function managerRollupOf(dir: string, n: number): Promise<{ seconds: number; peakRssMb: number }> {
  const out = `${dir}-summary.xlsx`;
  const r = runCli(['rollup', dir, '-o', out, '--as-of', AS_OF]);
  const summary = await readPreviousSummary(readFileSync(out));
  const rows = summary?.history.length ?? 0;
  if (rows !== n) throw new Error(`roll-up gave ${rows} rows for ${n} files`);
  return r;
}

/** pandas.read_excel(sheet_name=None) over the folder, when Debian's python has pandas; else why not. */
function pandasSeconds(dir: string): number | string {
  const py = '/usr/bin/python3';
  if (spawnSync(py, ['-c', 'import pandas, openpyxl']).status !== 0) return 'skipped: pandas is not installed';
  const t = performance.now();
  const r = spawnSync(py, [
    '-c',
    'import sys, glob, pandas\nfor f in sorted(glob.glob(sys.argv[1] + "/*.xlsx")): pandas.read_excel(f, sheet_name=None)',
    dir,
  ]);
  if (r.status !== 0) return `skipped: pandas failed (${String(r.stderr).split('\n').filter(Boolean).pop()})`;
  return round((performance.now() - t) / 1000, 1);
}

/** `build` of many accounts in one process against one process per account (on a sample: 1,000 processes take minutes). */
function benchBuild(dir: string, n: number): { batchSecondsPerWorkbook: number; processSecondsPerWorkbook: number; speedup: number } {
  const inputs = join(dir, 'json');
  mkdirSync(inputs);
  for (let i = 0; i < n; i++) writeFileSync(join(inputs, `a${i}.json`), JSON.stringify(generateAccount(i, AS_OF)));
  const files = readdirSync(inputs).map((f) => join(inputs, f));
  const batchOut = join(dir, 'batch');
  mkdirSync(batchOut);
  const batch = runCli(['build', ...files, '-o', batchOut]);
  const sample = files.slice(0, QUICK ? 5 : 20);
  const oneOut = join(dir, 'one');
  mkdirSync(oneOut);
  const t = performance.now();
  for (const f of sample) runCli(['build', f, '-o', oneOut]);
  const each = (performance.now() - t) / 1000 / sample.length;
  const perWorkbook = batch.seconds / n;
  return {
    batchSecondsPerWorkbook: round(perWorkbook, 3),
    processSecondsPerWorkbook: round(each, 3),
    speedup: round(each / perWorkbook, 1),
  };
}

/** Start-up: `ka-sales score account.json` against `node -e 0`, alternately, medians of wall times. */
function benchStartup(): { scoreMs: number; nodeMs: number; ratio: number } {
  const example = join(ROOT, 'tests', 'fixtures', 'example-account.json');
  const wall = (args: string[]) => {
    const t = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    return performance.now() - t;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < (QUICK ? 5 : 15); i++) {
    a.push(wall([join(ROOT, 'bin', 'ka-sales.js'), 'score', example, '--as-of', AS_OF]));
    b.push(wall(['-e', '0']));
  }
  return { scoreMs: round(median(a), 0), nodeMs: round(median(b), 0), ratio: round(median(a) / median(b), 2) };
}

/**
 * Five copies of each workbook, each a customer of its own (the roll-up makes one row per customer: copies of one
 * customer would be one row and four duplicates): the customer name in a copy's shared strings gets a suffix.
 */
async function fiveCopies(files: string[], into: string): Promise<void> {
  for (const f of files) {
    const bytes = readFileSync(f);
    copyFileSync(f, join(into, `0-${basename(f)}`));
    const name = String(generateAccount(Number(/account-(\d+)/.exec(basename(f))?.[1]), AS_OF).overview.customerName);
    for (let k = 1; k < 5; k++) {
      const zip = await JSZip.loadAsync(bytes);
      const sst = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
      if (!sst.includes(`<t>${name}</t>`)) throw new Error(`bench: no customer name ${name} in ${f}`);
      zip.file('xl/sharedStrings.xml', sst.replace(`<t>${name}</t>`, `<t>${name}（副本 ${k}）</t>`));
      writeFileSync(join(into, `${k}-${basename(f)}`), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    }
  }
}

async function benchOffline() {
  const n = QUICK ? 100 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ka-bench-'));
  try {
    progress(`offline: writing ${n} generated .xlsx accounts`);
    const t0 = performance.now();
    const xlsxDir = join(dir, 'xlsx');
    mkdirSync(xlsxDir);
    for (let i = 0; i < n; i++) {
      writeFileSync(join(xlsxDir, `account-${String(i).padStart(4, '0')}.xlsx`), await accountWorkbookBuffer(generateAccount(i, AS_OF)));
    }
    const writeSeconds = (performance.now() - t0) / 1000;
    const files = readdirSync(xlsxDir).map((f) => join(xlsxDir, f));

    progress('offline: unzip + parse baseline (native inflate, saxes)');
    const t1 = performance.now();
    for (const f of files) unzipParseBaseline(readFileSync(f));
    const baselineSeconds = (performance.now() - t1) / 1000;

    progress(`offline: ka-sales rollup of ${n} files`);
    const r1000 = rollupOf(xlsxDir, n);
    progress('offline: a year of history (fresh summary vs 52 weekly snapshots)');
    const history = await benchHistory({
      cli: join(ROOT, 'bin', 'ka-sales.js'),
      dir: xlsxDir,
      rows: r1000.rows,
      asOf: AS_OF,
      runs: QUICK ? 1 : 3,
    });

    progress(`offline: ka-sales rollup of ${n * 5} files`);
    const big = join(dir, 'x5');
    mkdirSync(big);
    await fiveCopies(files, big);
    const r5000 = await managerRollupOf(big, n * 5);
    const r5000NoSummary = rollupOf(big, n * 5, false);
    rmSync(big, { recursive: true, force: true });

    progress('offline: pandas.read_excel over the same folder');
    const pandas = pandasSeconds(xlsxDir);

    progress('offline: build, many accounts in one process vs one process each');
    const build = benchBuild(dir, n);
    return {
      history,
      files: n,
      writeSeconds: round(writeSeconds, 1),
      rollupSeconds: round(r1000.seconds, 2),
      unzipParseBaselineSeconds: round(baselineSeconds, 2),
      ratio: round(r1000.seconds / baselineSeconds, 2),
      peakRssMb1000: r1000.peakRssMb,
      peakRssMb5000: r5000.peakRssMb,
      peakRssMb5000WithoutSummary: r5000NoSummary.peakRssMb,
      rollup5000Seconds: round(r5000.seconds, 1),
      pandasSeconds: pandas,
      build,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Sheets summary's table, for people. */
function logRollup(rollup: ReturnType<typeof benchRollup>): void {
  log('Manager roll-up on the Apps Script fake (calls counted; seconds by the latency model)');
  log('accounts  changed  calls  writes/run  ranges/run  calls/changed  calls/unchanged  model s  clock s  runs');
  for (const t of rollup.table) {
    log(
      `${String(t.accounts).padStart(8)} ${String(t.changed).padStart(8)} ${String(t.calls).padStart(6)} ${String(t.writes).padStart(7)} ${String(t.ranges).padStart(11)} ${String(t.perChanged).padStart(14)} ${String(t.perUnchanged).padStart(16)} ${String(t.modelSeconds).padStart(8)} ${String(t.clockSeconds).padStart(8)} ${String(t.runs).padStart(5)}`,
    );
  }
  for (const f of rollup.firstRefresh)
    log(`first (full) refresh of ${f.accounts}: ${f.runs} run(s), ${f.clockSeconds} s on the fake's clock`);
  log(`latency model (s per call): ${JSON.stringify(DEFAULT_COSTS)}`);
}

type Startup = ReturnType<typeof benchStartup>;
type Offline = Awaited<ReturnType<typeof benchOffline>>;

/** The targets of the command line's figures. */
function offlineTargets(startup: Startup, offline: Offline): Record<string, boolean> {
  return {
    'offline.rollup1000Seconds ≤ 60': offline.rollupSeconds <= 60,
    'offline.history.growth < 0.20 (a year of weekly snapshots)': offline.history.growth < 0.2,
    'offline.ratio ≤ 2 (roll-up / unzip + parse)': offline.ratio <= 2,
    'startup.ratio ≤ 1.5 (score / node -e 0)': startup.ratio <= 1.5,
    'offline.peakRssMb5000 < 150': offline.peakRssMb5000 < 150,
    'offline.build.speedup ≥ 5 (one process for many)': offline.build.speedup >= 5,
    ...(typeof offline.pandasSeconds === 'number'
      ? { 'offline: ≥ 5× faster than pandas.read_excel': offline.pandasSeconds / offline.rollupSeconds >= 5 }
      : {}),
  };
}

function offlineResult(offline: Offline) {
  return {
    rollup1000Seconds: offline.rollupSeconds,
    unzipParseBaselineSeconds: offline.unzipParseBaselineSeconds,
    ratio: offline.ratio,
    peakRssMb1000: offline.peakRssMb1000,
    peakRssMb5000: offline.peakRssMb5000,
    peakRssMb5000WithoutSummary: offline.peakRssMb5000WithoutSummary,
    rollup5000Seconds: offline.rollup5000Seconds,
    pandasSeconds: offline.pandasSeconds,
    build: offline.build,
    writeSeconds: offline.writeSeconds,
    files: offline.files,
    history: offline.history,
  };
}

function logOffline(startup: Startup, offline: Offline): void {
  log(
    `Offline: ka-sales rollup of ${offline.files} .xlsx: ${offline.rollupSeconds} s, ${offline.ratio}× the unzip + parse baseline (${offline.unzipParseBaselineSeconds} s); peak RSS ${offline.peakRssMb1000} MB, ${offline.peakRssMb5000} MB at ${offline.files * 5} files (${offline.rollup5000Seconds} s; ${offline.peakRssMb5000WithoutSummary} MB without writing the summary); pandas: ${offline.pandasSeconds}; writing them took ${offline.writeSeconds} s`,
  );
  log(`Start-up: ka-sales score ${startup.scoreMs} ms, node -e 0 ${startup.nodeMs} ms: ${startup.ratio}×`);
  log(
    `Offline build: ${offline.build.batchSecondsPerWorkbook} s per workbook in one process, ${offline.build.processSecondsPerWorkbook} s one process each: ${offline.build.speedup}× faster`,
  );
  const h = offline.history;
  log(
    `Offline history: ${h.weeks} weekly snapshots = ${h.historyRows} rows, ${h.historyCells} cells (${h.summaryBytes} bytes); roll-up ${h.freshSeconds} s fresh, ${h.withHistorySeconds} s with the history: +${Math.round(h.growth * 100)} %`,
  );
}

const machine = () => ({
  node: process.version,
  cpus: require('node:os').cpus().length,
  quick: QUICK,
  /** The 1-, 5- and 15-minute load averages when the run ended: the machine is shared. */
  loadAverage: require('node:os')
    .loadavg()
    .map((x: number) => round(x, 1)),
});

/** `--offline`: the command line's figures alone. */
async function mainOffline() {
  const startup = benchStartup();
  const offline = await benchOffline();
  const targets = offlineTargets(startup, offline);
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), startup, offline: offlineResult(offline), targets }, null, 2)}\n`);
    return;
  }
  logOffline(startup, offline);
  log();
  for (const [k, ok] of Object.entries(targets)) log(`${ok ? 'meets ' : 'MISSES'} ${k}`);
}

async function main() {
  if (BUNDLE_ONLY) {
    const bundle = benchBundle();
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ bundle })}\n`);
    else log(JSON.stringify(bundle, null, 2));
    return;
  }
  if (SHEETS_ONLY) {
    const rollup = benchRollup();
    const { byKind, callsByKind1000x200, ...figures } = rollup;
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ rollup: figures })}\n`);
    else logRollup(rollup);
    return;
  }
  if (OFFLINE_ONLY) return mainOffline();
  const rollup = benchRollup();
  const generate = benchGenerate();
  const bundle = benchBundle();
  const startup = benchStartup();
  const offline = await benchOffline();
  const targets = {
    'rollup.callsPerChangedAccount ≤ 2': rollup.callsPerChangedAccount <= 2,
    'rollup.callsPerUnchangedAccount = 0': rollup.callsPerUnchangedAccount === 0,
    'rollup.rangesPerRun ≤ 5 (every range of a batchUpdate, every setValues/appendRow)': rollup.rangesPerRun <= 5,
    'rollup.modelSeconds1000x200 ≤ 360 (one run)': rollup.modelSeconds1000x200 <= 360,
    'generate.callsPerWorkbook ≤ 60': generate.callsPerWorkbook <= 60,
    'bundle.bytes ≤ 150 KB (153,600 bytes)': bundle.bytes <= 150 * 1024,
    'bundle.coldEvalMs (compile + evaluate, CPU) ≤ 10': bundle.coldEvalCpuMs <= 10,
    ...offlineTargets(startup, offline),
  };
  const result = {
    machine: machine(),
    latencyModel: DEFAULT_COSTS,
    rollup: {
      callsPerChangedAccount: rollup.callsPerChangedAccount,
      callsPerUnchangedAccount: rollup.callsPerUnchangedAccount,
      writesPerRefresh: rollup.writesPerRefresh,
      rangesPerRun: rollup.rangesPerRun,
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
    startup,
    offline: offlineResult(offline),
    targets,
  };
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  logRollup(rollup);
  log();
  log(
    `Account workbook generation: ${generate.callsPerWorkbook} calls (+${generate.validationBuilderCalls} validation-builder calls); without the Sheets API: ${generate.callsPerWorkbookWithoutSheetsApi}`,
  );
  log(
    `KA_FLAGS over the health tab's ranges (${bundle.kaFlagsCells} cells): cold call (load + call) ${bundle.kaFlagsColdCallMs} ms, warm ${bundle.kaFlagsWarmCallMs} ms`,
  );
  log(
    `Bundle: ${bundle.bytes} bytes; cold (compile + evaluate in a fresh vm context) ${bundle.coldEvalMs} ms wall, ${bundle.coldEvalCpuMs} ms CPU (median of 30; load average ${round(bundle.loadAverage, 1)}); evaluation of a compiled script ${bundle.evalOnlyMs} ms; OPP_SCORE cold call ${bundle.oppScoreColdCallMs} ms, warm ${bundle.oppScoreWarmCallUs} µs (engine alone ${bundle.oppScoreEngineUs} µs)`,
  );
  logOffline(startup, offline);
  log();
  for (const [k, ok] of Object.entries(targets)) log(`${ok ? 'meets ' : 'MISSES'} ${k}`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack : e}\n`);
  process.exitCode = 1;
});
