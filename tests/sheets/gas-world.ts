/**
 * The shipped Apps Script, loaded the way Apps Script loads it, on the fake:
 *
 * - the library project: dist/Code.js run in its own `vm` context whose
 *   globals are the fake's services (every .gs file of a project shares one
 *   global scope; there is no module system, no require, no process), and
 *   its HTML files (dist/*.html: the rep's pages, the render-only texts) for
 *   HtmlService.createHtmlOutputFromFile;
 * - a spreadsheet's bound project: the template's dist-shim/Code.js in
 *   another context, where the library is a global named by its identifier
 *   (`KaSales`) holding the library's top-level functions — what Apps Script
 *   exposes of a library.
 *
 * `run(ss, name, …)` plays what Sheets does when a user picks a menu item or
 * a trigger fires: the spreadsheet becomes the active one, the user and the
 * authorization mode are set, and the bound project's top-level function of
 * that name is called. Calls are recorded by the fake (for the contract list).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { installSheetsBatchUpdate } from '../fakes/sheets-batch-update';
import { type FakeDrive, type FakeSheetsApi, installGoogleApis } from '../fakes/google-apis';
import { FakeGas, type FakeGasOptions, type SpreadsheetModel } from '../fakes/spreadsheet-app';
import { ACTION_LIST_COLUMNS, LISTED_ACTIONS } from '../../src/sheets/custom-functions';

const ROOT = join(__dirname, '..', '..');
let built = false;

/** Builds dist/ and dist-shim/ once per test process (unless they are newer than every source file). */
export function buildOnce(): void {
  if (built) return;
  const stale = (() => {
    try {
      const out = statSync(join(ROOT, 'dist', 'Code.js')).mtimeMs;
      const newest = execFileSync('bash', ['-c', 'find src sheets-templates scripts appsscript.json -newer dist/Code.js | head -1'], {
        cwd: ROOT,
      })
        .toString()
        .trim();
      return !out || newest !== '';
    } catch {
      return true;
    }
  })();
  if (stale) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

export const LIBRARY_CODE = () => readFileSync(join(ROOT, 'dist', 'Code.js'), 'utf8');
export const SHIM_CODE = () => readFileSync(join(ROOT, 'dist-shim', 'Code.js'), 'utf8');
/** The library project's HTML files (dist/*.html), by name without the extension, as HtmlService finds them. */
export const LIBRARY_HTML = (): Array<[string, string]> =>
  readdirSync(join(ROOT, 'dist'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f.slice(0, -5), readFileSync(join(ROOT, 'dist', f), 'utf8')]);

/** Names of the top-level function declarations of a script. */
export function topLevelFunctions(source: string): string[] {
  return [...source.matchAll(/^function ([A-Za-z_$][\w$]*)\s*\(/gm)].map((m) => m[1]);
}

type Ctx = Record<string, any>;

/**
 * A value as google.script.run carries it between the page and the server (guides/html/reference/run): primitives,
 * and objects and arrays of them, copied; "undefined fields within arrays become null". "If you attempt to pass a
 * Date, Function, DOM element besides a form, or other prohibited type, including prohibited types inside objects or
 * arrays, the request fails"; so does a circular object. (The same restrictions hold for return values.)
 */
export function scriptRunValue(v: unknown, where: string, seen = new Set<unknown>()): unknown {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  const fail = (why: string): never => {
    throw new Error(`google.script.run fails: ${where} ${why}`);
  };
  if (typeof v !== 'object') return fail(`holds a ${typeof v}`);
  if (seen.has(v)) return fail('is circular');
  const kind = Object.prototype.toString.call(v);
  const proto = Object.getPrototypeOf(v);
  const plain = kind === '[object Object]' && (proto === null || Object.getPrototypeOf(proto) === null);
  if (kind !== '[object Array]' && !plain) return fail(`holds a ${kind.slice(8, -1)}`);
  const inner = new Set(seen).add(v);
  if (Array.isArray(v)) return Array.from(v, (x, i) => scriptRunValue(x, `${where}[${i}]`, inner) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = scriptRunValue(x, `${where}.${k}`, inner);
  return out;
}

export interface RunOptions {
  user?: string;
  authMode?: FakeGas['authMode'];
  /** Runs as this user (an installable trigger runs as whoever installed it). */
  effectiveUser?: string | null;
}

/** What the bundle called (inside run()), over every GasWorld of this test file: for the contract check (apps-script-contract.ts). */
export const BUNDLE_CALLS = new Set<string>();
/** The HTML of every sidebar and dialog the bundle showed, over every GasWorld of this test file (their google.script.run calls are checked). */
export const BUNDLE_PAGES = new Set<string>();

export class GasWorld {
  readonly fake: FakeGas;
  readonly drive: FakeDrive;
  readonly sheets: FakeSheetsApi;
  readonly library: Ctx;
  readonly bound: Ctx;
  readonly clock: { t: number };
  private running = false;

  constructor(opts: FakeGasOptions & { start?: number; intl?: unknown } = {}) {
    buildOnce();
    this.clock = { t: opts.start ?? Date.UTC(2026, 10, 1, 2, 0, 0) };
    // A cell may call any top-level function of the bound script (Sheets knows them by name).
    this.fake = new FakeGas({
      now: () => new Date(this.clock.t),
      customFunctionNames: topLevelFunctions(SHIM_CODE()),
      // =KA_ACTIONS() spills its rows below the cell (Sheets sizes the array as it comes; the fake must know it first).
      customResultSizes: { KA_ACTIONS: [LISTED_ACTIONS, ACTION_LIST_COLUMNS.length] },
      ...opts,
    });
    this.fake.hooks.push((kind) => {
      if (this.running) BUNDLE_CALLS.add(kind);
    });
    this.library = this.context(opts.intl);
    const apis = installGoogleApis(this.fake, this.library);
    installSheetsBatchUpdate(this.fake, this.library); // the manifest enables the Sheets API
    this.drive = apis.drive;
    this.sheets = apis.sheets;
    vm.runInContext(LIBRARY_CODE(), this.library, { filename: 'ka-sales/Code.gs' });
    for (const [name, html] of LIBRARY_HTML()) this.fake.htmlFiles.set(name, html);
    this.bound = this.context(opts.intl);
    this.bound.Drive = this.library.Drive;
    this.bound.Sheets = this.library.Sheets;
    // What a library exposes: its top-level functions but the private ones (a name ending in _).
    const exposed = topLevelFunctions(LIBRARY_CODE()).filter((n) => !n.endsWith('_'));
    this.bound.KaSales = Object.freeze(Object.fromEntries(exposed.map((n) => [n, this.library[n]])));
    vm.runInContext(SHIM_CODE(), this.bound, { filename: 'template/Code.gs' });
    this.fake.setCustomFunctions((name) => (typeof this.bound[name] === 'function' ? this.bound[name] : undefined));
  }

  private context(intl: unknown): Ctx {
    const ctx = vm.createContext({}) as Ctx;
    this.fake.install(ctx);
    if (intl) ctx.Intl = intl;
    // Date.now in the script is the fake's clock.
    const clock = this.clock;
    const RealDate = vm.runInContext('Date', ctx) as DateConstructor;
    ctx.Date = new Proxy(RealDate, {
      construct: (T, args) => (args.length ? new T(...(args as [number])) : new T(clock.t)),
      get: (T, p) => (p === 'now' ? () => clock.t : Reflect.get(T, p)),
    });
    return ctx;
  }

  /** What Sheets does for a menu item, a dialog's google.script.run or a trigger: calls the bound script's function. */
  run(ss: SpreadsheetModel | null, fn: string, args: unknown[] = [], opts: RunOptions = {}): any {
    const prev = { user: this.fake.options.user, auth: this.fake.authMode, eff: this.fake.effectiveUser };
    if (opts.user) this.fake.options.user = opts.user;
    this.fake.effectiveUser = opts.effectiveUser ?? null;
    this.fake.authMode = opts.authMode ?? 'FULL';
    this.fake.setActive(ss);
    const nested = this.running;
    this.running = true;
    try {
      if (typeof this.bound[fn] !== 'function') throw new Error(`the template script has no function ${fn}`);
      return this.bound[fn](...args);
    } finally {
      this.running = nested;
      this.fake.authMode = prev.auth;
      this.fake.effectiveUser = prev.eff;
      this.fake.options.user = prev.user;
      this.fake.releaseAllLocks(); // the execution ended
      for (const page of [...this.fake.ui.sidebars, ...this.fake.ui.dialogs]) BUNDLE_PAGES.add(page.content);
    }
  }

  /**
   * What google.script.run does when a dialog calls `fn`: the arguments and the result cross to and from the browser
   * as copies of legal values only (scriptRunValue), then the bound script's function runs like a menu item.
   */
  scriptRun(ss: SpreadsheetModel | null, fn: string, args: unknown[] = [], opts: RunOptions = {}): any {
    return scriptRunValue(this.run(ss, fn, scriptRunValue(args, 'the arguments') as unknown[], opts), 'the result');
  }

  /** Runs code of another project of this world (the add-on build) with its calls recorded as the bundle's. */
  runIn<T>(f: () => T): T {
    const nested = this.running;
    this.running = true;
    try {
      return f();
    } finally {
      this.running = nested;
    }
  }

  /** Fires a time-driven trigger as Apps Script does: as its installer, with the event naming the trigger. */
  fire(triggerId: string, ss: SpreadsheetModel | null): any {
    const t = this.fake.triggers.find((x) => x.id === triggerId);
    if (!t) throw new Error(`no trigger ${triggerId}`);
    return this.run(ss, t.handler, [{ authMode: 'FULL', triggerUid: t.id }], { user: t.owner, effectiveUser: t.owner });
  }

  /** The menu a user sees on opening a spreadsheet (the bound script's onOpen simple trigger, AuthMode.LIMITED). */
  open(ss: SpreadsheetModel, user?: string): { name: string; items: string[] } {
    this.fake.ui.menus.length = 0;
    this.run(ss, 'onOpen', [{ source: this.fake.api(ss), authMode: 'LIMITED' }], { user, authMode: 'LIMITED' });
    const menu = this.fake.ui.menus[0];
    const items: string[] = [];
    const walk = (m: typeof menu) =>
      m.items.forEach((i) => ('functionName' in i ? items.push(i.functionName) : 'submenu' in i ? walk(i.submenu) : null));
    if (menu) walk(menu);
    return { name: menu?.name ?? '', items };
  }

  /** The last alert's text. */
  lastAlert(): string {
    return this.fake.ui.alerts.at(-1)?.prompt ?? '';
  }

  /** The spreadsheet made last. */
  newest(): SpreadsheetModel {
    return [...this.fake.spreadsheets.values()].pop() as SpreadsheetModel;
  }

  /** The settings a spreadsheet carries (developer metadata `ka-sales`). */
  settings(m: SpreadsheetModel): Record<string, string> {
    return JSON.parse(this.fake.metadataValue(m, 'ka-sales') ?? '{}');
  }
}
