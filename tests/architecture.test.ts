/**
 * Dependencies point one way (architecture.md): the forms (sheets-templates/)
 * and the domain (src/domain/) import nothing from Node, Apps Script, ExcelJS
 * or commander; the Apps Script side (src/gas-entry.ts, src/sheets/) never
 * reaches ExcelJS, commander, Node built-ins, the CLI or the .xlsx adapter.
 * Checked on the source text, parsed with the TypeScript compiler so that
 * comments and strings do not count.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const rel = (f: string) => relative(ROOT, f).split(sep).join('/');

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier of a source: static imports and re-exports (type-only too), require() and import(). */
function importsOf(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.replace(/^node:/, '')]));
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]);
const NODE_ONLY_PACKAGES = ['exceljs', 'commander', 'cli-progress'];
const isNodeOnlyPackage = (spec: string) => NODE_ONLY_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`));

/** Apps Script services and Node globals that the domain must not touch. */
const FORBIDDEN_GLOBALS = new Set([
  'SpreadsheetApp',
  'DriveApp',
  'DocumentApp',
  'Utilities',
  'LockService',
  'ScriptApp',
  'PropertiesService',
  'CacheService',
  'HtmlService',
  'UrlFetchApp',
  'Session',
  'Logger',
  'Browser',
  'GoogleAppsScript',
  'process',
  'require',
  'Buffer',
  '__dirname',
  '__filename',
]);

/** Identifiers of the forbidden globals used in code (not property names, not in comments or strings). */
function forbiddenGlobalsIn(source: string, fileName = 'x.ts'): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) {
      const p = node.parent;
      const isMemberName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) &&
          p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node);
      if (!isMemberName) found.push(`${node.text} (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const DOMAIN_DIRS = [join(ROOT, 'src', 'domain'), join(ROOT, 'sheets-templates')];
const inside = (file: string, dirs: string[]) => dirs.some((d) => file === d || file.startsWith(d + sep));

function resolveRelative(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, join(base, 'index.ts')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** What is wrong with one domain/forms file: each entry names the import or global. */
function domainViolations(file: string, source: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (!inside(target, DOMAIN_DIRS)) out.push(`imports ${spec}: outside src/domain and sheets-templates`);
    } else if (spec !== 'zod/mini') {
      out.push(`imports ${spec}: only relative modules and zod/mini are allowed`);
    }
  }
  for (const g of forbiddenGlobalsIn(source, file)) out.push(`uses ${g}`);
  return out;
}

/** What is wrong with one file of the Apps Script bundle. */
function gasViolations(file: string, source: string): string[] {
  const out: string[] = [];
  if (inside(file, [join(ROOT, 'src', 'cli'), join(ROOT, 'src', 'xlsx')]))
    out.push(`is in ${rel(dirname(file))}, which the Apps Script bundle must not contain`);
  for (const spec of importsOf(source)) {
    if (isNodeBuiltin(spec)) out.push(`imports the Node built-in ${spec}`);
    else if (isNodeOnlyPackage(spec)) out.push(`imports ${spec}`);
    else if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (inside(target, [join(ROOT, 'src', 'cli'), join(ROOT, 'src', 'xlsx')])) out.push(`imports ${spec} (${rel(target)})`);
    }
  }
  return out;
}

describe('the checkers catch what they should (so the real checks can fail)', () => {
  const f = join(ROOT, 'src', 'domain', 'example.ts');
  test.each([
    ["import { readFileSync } from 'node:fs';", 'node:fs'],
    ["import * as path from 'path';", 'path'],
    ["import type { Workbook } from 'exceljs';", 'exceljs'],
    ["export { Command } from 'commander';", 'commander'],
    ["import 'zod';", 'zod'],
    ["const fs = require('fs');", 'fs'],
    ["const x = await import('exceljs');", 'exceljs'],
    ["import { main } from '../cli/main';", '../cli/main'],
    ["import { x } from '../../tests/domain/fixtures';", 'fixtures'],
    ['const s = SpreadsheetApp.getActive();', 'SpreadsheetApp'],
    ['Logger.log(1);', 'Logger'],
    ['const lock = LockService.getScriptLock();', 'LockService'],
    ['const u = Session.getActiveUser();', 'Session'],
    ['const h = process.env.HOME;', 'process'],
    ['let sheet: GoogleAppsScript.Spreadsheet.Sheet;', 'GoogleAppsScript'],
    ['const b = Buffer.from("x");', 'Buffer'],
  ])('flags %s', (src, what) => {
    const v = domainViolations(f, src);
    expect(v.join('\n')).toContain(what);
  });

  test.each([
    ["import * as z from 'zod/mini';"],
    ["import { isBlank } from './account';"],
    ["import type { FieldDef } from '../../sheets-templates/types';"],
    ['// SpreadsheetApp.getActive() is what the Sheets adapter calls'],
    ["const label = 'Logger, Session, process.env';"],
    ['const o = { Session: 1 }; o.Session; interface I { Logger: string }'],
    ['/* require("fs") */ const a = 1;'],
  ])('accepts %s', (src) => {
    expect(domainViolations(f, src)).toEqual([]);
  });

  test('flags the Apps Script side reaching the CLI, the .xlsx adapter or Node', () => {
    const g = join(ROOT, 'src', 'sheets', 'x.ts');
    expect(gasViolations(g, "import { a } from '../xlsx/render';").join()).toContain('src/xlsx');
    expect(gasViolations(g, "import { a } from '../cli/output';").join()).toContain('src/cli');
    expect(gasViolations(g, "import ExcelJS from 'exceljs';").join()).toContain('exceljs');
    expect(gasViolations(g, "import { Command } from 'commander';").join()).toContain('commander');
    expect(gasViolations(g, "import { join } from 'path';").join()).toContain('path');
    expect(gasViolations(g, "import { join } from 'node:path';").join()).toContain('node:path');
    expect(gasViolations(g, "import { assessAccount } from '../domain/assessment';")).toEqual([]);
    expect(gasViolations(join(ROOT, 'src', 'cli', 'main.ts'), '')).not.toEqual([]);
  });
});

describe('src/domain and sheets-templates: pure TypeScript', () => {
  const files = DOMAIN_DIRS.flatMap(sourceFiles);

  test('there are domain and form files to check', () => {
    expect(files.some((f) => inside(f, [DOMAIN_DIRS[0]]))).toBe(true);
    expect(files.some((f) => inside(f, [DOMAIN_DIRS[1]]))).toBe(true);
  });

  test.each(files.map((f) => [rel(f), f]))('%s imports only the domain, the forms and zod/mini', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    expect(domainViolations(file, source)).toEqual([]);
    for (const spec of importsOf(source).filter((s) => s.startsWith('.'))) {
      expect(resolveRelative(file, spec)).not.toBeNull();
    }
  });
});

describe('the Apps Script bundle: src/gas-entry.ts, src/gas-custom-functions.ts, src/sheets/ and all they import', () => {
  const entries = [
    join(ROOT, 'src', 'gas-entry.ts'),
    join(ROOT, 'src', 'gas-custom-functions.ts'),
    ...sourceFiles(join(ROOT, 'src', 'sheets')),
  ].filter((f) => existsSync(f));

  /** Every file reached from the entries through relative imports. */
  function closure(starts: string[]): string[] {
    const seen = new Set<string>();
    const todo = [...starts];
    while (todo.length) {
      const f = todo.pop() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolveRelative(f, spec);
        if (target && SOURCE.test(target)) todo.push(target);
      }
    }
    return [...seen].sort();
  }

  const reached = closure(entries);

  test('every reached file keeps to the Apps Script side', () => {
    const problems = reached.flatMap((f) => gasViolations(f, readFileSync(f, 'utf8')).map((v) => `${rel(f)} ${v}`));
    expect(problems).toEqual([]);
  });

  test('the closure follows imports into the domain', () => {
    // Guards the test itself: when the Apps Script side exists it uses the domain,
    // so the closure must reach it (otherwise the import resolution above is broken).
    if (entries.length === 0) return;
    expect(reached.some((f) => inside(f, [join(ROOT, 'src', 'domain')]))).toBe(true);
  });
});
