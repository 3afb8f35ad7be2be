/**
 * The built Apps Script bundle, loaded the way Apps Script loads it: one
 * script in a fresh V8 context with only the Apps Script services as
 * globals — no module system, no require, no process, no Node globals.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { SUMMARY_ENTRY_POINTS } from '../src/sheets/summary/entry-points';
import { menuFunctionNames } from '../src/sheets/menu';
import { IMPORT_FUNCTION } from '../src/sheets/import-export';
import { JUMP_FUNCTION } from '../src/sheets/validate';
import { OPP, tabName } from '../src/domain/layout';
import { a1 } from '../src/domain/a1';
import { installSheetsBatchUpdate } from './fakes/sheets-batch-update';
import { FakeGas } from './fakes/spreadsheet-app';
import { EXAMPLE_JSON, markRole } from './sheets/sheets-support';
import { LIBRARY_HTML } from './sheets/gas-world';

const ROOT = join(__dirname, '..');
const CODE = join(ROOT, 'dist', 'Code.js');

let code: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  code = readFileSync(CODE, 'utf8');
});

function load(fake = new FakeGas()) {
  const ctx = vm.createContext({});
  fake.install(ctx as Record<string, unknown>);
  installSheetsBatchUpdate(fake, ctx as Record<string, unknown>);
  fake.setCustomFunctions((name) => (typeof ctx[name] === 'function' ? ctx[name] : undefined));
  vm.runInContext(code, ctx, { filename: 'Code.js' });
  // The project's HTML files, as HtmlService.createHtmlOutputFromFile finds them (the render-only texts among them).
  for (const [name, html] of LIBRARY_HTML()) fake.htmlFiles.set(name, html);
  return { ctx: ctx as Record<string, any>, fake };
}

/** Names of the top-level function declarations of a script (not nested ones). */
function topLevelFunctions(source: string): string[] {
  return [...source.matchAll(/^function ([A-Za-z_$][\w$]*)\s*\(/gm)].map((m) => m[1]);
}

/** The JSDoc right before a top-level function. */
function jsdocOf(source: string, name: string): string {
  const at = source.search(new RegExp(`^function ${name}\\(`, 'm'));
  const before = source.slice(0, at);
  const start = before.lastIndexOf('/**');
  const end = before.lastIndexOf('*/');
  return start >= 0 && end > start && before.slice(end + 2).trim() === '' ? before.slice(start, end + 2) : '';
}

const col = (marks: string[]) => marks.map((m) => [m]);

describe('dist/Code.js', () => {
  test('stays within its 150 KB (153,600-byte) budget and carries the manifest', () => {
    // Issues #4 and #11; see MAX_BYTES in scripts/build-gas.mjs.
    expect(statSync(CODE).size).toBeLessThanOrEqual(150 * 1024);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'dist', 'appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.timeZone).toBe('Asia/Shanghai');
    expect(manifest.oauthScopes).toEqual(
      expect.arrayContaining(['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/script.container.ui']),
    );
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/drive');
    expect(manifest.oauthScopes.some((s: string) => /mail|gmail/.test(s))).toBe(false);
    const shim = JSON.parse(readFileSync(join(ROOT, 'dist-shim', 'appsscript.json'), 'utf8'));
    const lib = shim.dependencies.libraries[0];
    expect(lib.userSymbol).toBe('KaSales');
    // pinned to a numbered version, or HEAD in development mode before the first version exists
    expect(lib.developmentMode === true ? lib.version === '0' : /^[1-9]\d*$/.test(lib.version)).toBe(true);
  });

  test('loads in a bare context with no service call and defines every entry point as a top-level function', () => {
    const { ctx, fake } = load();
    expect(fake.totalCalls()).toBe(0);
    for (const g of ['require', 'module', 'exports', 'process']) expect(typeof ctx[g]).toBe('undefined');
    const declared = topLevelFunctions(code);
    const expected = [
      'onOpen',
      'onInstall',
      'OPP_SCORE',
      'WIN_SCORE',
      JUMP_FUNCTION,
      IMPORT_FUNCTION,
      ...menuFunctionNames(),
      ...SUMMARY_ENTRY_POINTS,
    ];
    for (const name of expected) {
      expect([name, declared.includes(name)]).toEqual([name, true]);
      expect([name, typeof ctx[name]]).toEqual([name, 'function']);
    }
    // the template's shim forwards exactly the same names, but the private loader of the rest (a name ending in _ is
    // private in Apps Script: a library does not expose it)
    const shim = readFileSync(join(ROOT, 'dist-shim', 'Code.js'), 'utf8');
    expect(declared).toContain('kaActions_');
    expect(topLevelFunctions(shim).sort()).toEqual(declared.filter((n) => !n.endsWith('_')).sort());
    expect(shim).toMatch(/function OPP_SCORE\(marks, group, weights\) \{\n {2}return KaSales\.OPP_SCORE\(marks, group, weights\);/);
  });

  test('OPP_SCORE and WIN_SCORE carry @customfunction in their JSDoc', () => {
    for (const name of ['OPP_SCORE', 'WIN_SCORE']) {
      const doc = jsdocOf(code, name);
      expect(doc).toContain('@customfunction');
      expect(doc).toMatch(/@param/);
    }
    expect(jsdocOf(code, 'onOpen')).not.toContain('@customfunction');
  });

  test("the spec's worked examples, with 2-D arrays as Sheets passes them", () => {
    const { ctx } = load();
    const a = col(['+', '+', '+', '+', '+', '-', '-', '+', '+', '+']);
    expect(ctx.OPP_SCORE(a)).toBe(80);
    expect(ctx.OPP_SCORE(a, 'real')).toBe(100);
    expect(ctx.OPP_SCORE(a, 'worth')).toBe(60);
    expect(ctx.OPP_SCORE(a, '')).toBe(80);
    const b = col(['+', '?', '+', '-', '+', '+', '+', '+', '+', '+']);
    expect(ctx.OPP_SCORE(b)).toBe(80);
    expect(ctx.OPP_SCORE(b, 'real')).toBe(60);
    // a row works as well as a column, and blank cells come as ''
    expect(ctx.OPP_SCORE([['+', '+', '+', '+', '+', '-', '-', '+', '+', '+']], 'all')).toBe(80);
    expect(ctx.WIN_SCORE(col(['+', '+', '+', '+', '+', '+', '+', '-', '', '?']))).toBe(70);
    expect(ctx.WIN_SCORE('+')).toBe(100);
    // weights: a column of ten, blank = 1
    expect(ctx.OPP_SCORE(a, 'all', col(['', '', '', '', '', '3', '', '', '', '']))).toBe(67);
    // a bad mark: an error naming the value
    const c = col(['＋', '+', '+', '+', '+', '+', '+', '+', '+', 'x']);
    expect(() => ctx.OPP_SCORE(c)).toThrow(/"x"/);
    expect(() => ctx.WIN_SCORE(c)).toThrow(/"x"/);
    expect(() => ctx.OPP_SCORE(a, 'bogus')).toThrow(/"bogus"/);
    expect(() => ctx.OPP_SCORE(col(['+', '+']))).toThrow(/10/);
  });

  test('onOpen builds the zh-CN menu, en for other locales; every item names a top-level function', () => {
    for (const [locale, title] of [
      ['zh_CN', '大客户销售'],
      ['en_US', 'Key accounts'],
    ]) {
      const fake = new FakeGas();
      const { ctx } = load(fake);
      const ss = fake.createSpreadsheet('W', { locale });
      markRole(ss, { role: 'account', id: ss.id });
      fake.setActive(ss);
      ctx.onOpen({ source: fake.api(ss), authMode: 'LIMITED' });
      const menu = fake.ui.menus[0];
      expect(menu.name).toBe(title);
      const names: string[] = [];
      const walk = (m: typeof menu) =>
        m.items.forEach((i) => ('functionName' in i ? names.push(i.functionName) : 'submenu' in i ? walk(i.submenu) : null));
      walk(menu);
      expect(names.length).toBeGreaterThan(6);
      for (const n of names) expect([n, typeof ctx[n]]).toEqual([n, 'function']);
    }
  });

  test('end to end through the bundle: new workbook from the menu, import, custom functions evaluated in cells', () => {
    const fake = new FakeGas();
    const { ctx } = load(fake);
    const template = fake.createSpreadsheet('Template');
    markRole(template, { role: 'template', id: template.id });
    fake.setActive(template);
    fake.answer({ button: 'OK', text: '新客户' });
    ctx.kaNewAccount();
    const made = [...fake.spreadsheets.values()].pop()!;
    expect(made.sheets.map((s) => s.name)).toContain(tabName('opportunity', 'zh'));

    const r = ctx.kaImportAccountJson(EXAMPLE_JSON);
    expect(r.ok).toBe(true);
    const imported = [...fake.spreadsheets.values()].pop()!;
    const opp = tabName('opportunity', 'zh');
    expect(fake.valueAt(imported, opp, a1(OPP.scoreRows.opp, OPP.cols.mark))).toBe(80);
    expect(fake.valueAt(imported, opp, a1(OPP.scoreRows.real, OPP.cols.mark))).toBe(100);
    expect(fake.customFunctionCalls.OPP_SCORE).toBeGreaterThan(0);
  });
});
