import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Locale } from '../../sheets-templates/types';
import { type Account, UnreadableAccountError, parseAccountJson } from '../../src/domain/account';
import { assessAccount } from '../../src/domain/assessment';
import { COMP, type GridValue, OPP, tabName, workbookLayout } from '../../src/domain/layout';
import { type Grids, layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import type { SheetCsv } from '../support/libreoffice';
import { type Parts, replaceCell, setText, sheetPart, text, unzipParts, zipParts } from '../support/zip-edit';

/** Helpers of the reader corpus (corpus.test.ts): the source account, grid edits, XML edits, other writers, scores. */

export const PYTHON = '/usr/bin/python3';
export const PY_WRITERS = join(__dirname, '..', 'support', 'py-writers.py');

/** Why the python writers cannot run here, or undefined when they can. */
export function pythonMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import openpyxl, xlsxwriter'], { encoding: 'utf8' });
  return r.status === 0
    ? undefined
    : `${PYTHON} with openpyxl and xlsxwriter is not installed (apt-get install python3-openpyxl python3-xlsxwriter)`;
}

export function py(...args: string[]): void {
  const r = spawnSync(PYTHON, [PY_WRITERS, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`py-writers ${args[0]} failed: ${r.stderr}`);
}

export const exampleAccount = (): Account =>
  parseAccountJson(readFileSync(join(__dirname, '..', 'fixtures', 'example-account.json'), 'utf8')).account;
export const asJson = (a: unknown): unknown => JSON.parse(JSON.stringify(a));

/** The grids the layout of an account gives (what a perfect reader returns), and the account the domain reads from them. */
export const gridsOf = (a: Account, locale: Locale = 'zh'): Grids => layoutToGrids(workbookLayout(a, locale));
export const canonical = (a: Account, locale: Locale = 'zh'): Account => readAccountFromGrids(gridsOf(a, locale)).account;

/** `B12` → [11, 1]. */
export function rowCol(cell: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(cell) as RegExpExecArray;
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [Number(m[2]) - 1, col];
}

/** The account the domain reads when the cell of `path` holds `value` instead (what the reader must give for that cell). */
export function accountWith(a: Account, edits: Record<string, GridValue>, locale: Locale = 'zh'): Account {
  const grids = gridsOf(a, locale);
  const { locations } = readAccountFromGrids(grids);
  for (const [path, value] of Object.entries(edits)) {
    const loc = locations[path];
    const [r, c] = rowCol(loc.cell);
    grids[loc.sheet][r][c] = value;
  }
  return readAccountFromGrids(grids).account;
}

export function locationOf(a: Account, path: string, locale: Locale = 'zh'): { sheet: string; cell: string } {
  const loc = readAccountFromGrids(gridsOf(a, locale)).locations[path];
  if (!loc) throw new Error(`no location for ${path}`);
  return loc;
}

// ------------------------------------------------------------ XML-level edits of a workbook we wrote

/** Every relationship target made absolute (`/xl/worksheets/sheet1.xml`), as openpyxl writes them. */
export function absoluteTargets(parts: Parts): void {
  for (const name of [...parts.keys()].filter((n) => n.endsWith('.rels'))) {
    const source = name.replace(/_rels\/([^/]*)\.rels$/, '$1');
    const base = posix.dirname(source);
    setText(
      parts,
      name,
      text(parts, name).replace(/(<Relationship [^>]*?Target=")([^"/][^"]*)"/g, (m, head: string, target: string) =>
        /TargetMode="External"/.test(m) ? m : `${head}/${posix.normalize(posix.join(base === '.' ? '' : base, target))}"`,
      ),
    );
  }
}

/** The shared strings' `<si>` contents, in order. */
export function sharedItems(parts: Parts): string[] {
  return [...text(parts, 'xl/sharedStrings.xml').matchAll(/<si>(.*?)<\/si>/gs)].map((m) => m[1]);
}

/** Every shared-string cell turned into an inline string; the shared strings part and its relationship removed. */
export function inlineStrings(parts: Parts): void {
  const items = sharedItems(parts);
  for (const name of [...parts.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    setText(
      parts,
      name,
      text(parts, name).replace(
        /<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
        (_m, a: string, b: string, i: string) => `<c ${a}t="inlineStr"${b}><is>${items[Number(i)]}</is></c>`,
      ),
    );
  }
  parts.delete('xl/sharedStrings.xml');
  setText(
    parts,
    'xl/_rels/workbook.xml.rels',
    text(parts, 'xl/_rels/workbook.xml.rels').replace(/<Relationship [^>]*sharedStrings[^>]*\/>/, ''),
  );
  setText(parts, '[Content_Types].xml', text(parts, '[Content_Types].xml').replace(/<Override [^>]*sharedStrings[^>]*\/>/, ''));
}

/** Every shared string of two or more characters as rich text: two runs, and a phonetic guide that is not part of the text. */
export function richText(parts: Parts): void {
  const xml = text(parts, 'xl/sharedStrings.xml').replace(
    /<si><t( xml:space="preserve")?>([^&<\ud800-\udfff])([^<]+)<\/t><\/si>/g,
    (_m, _sp, first: string, rest: string) =>
      `<si><r><rPr><b/><sz val="11"/></rPr><t>${first}</t></r><r><t xml:space="preserve">${rest}</t></r><rPh sb="0" eb="1"><t>ピン</t></rPh><phoneticPr fontId="1"/></si>`,
  );
  setText(parts, 'xl/sharedStrings.xml', xml);
}

/** Sets the cell of an account path to raw cell XML (its `r` and `s` attributes kept). */
export function setCellXml(parts: Parts, loc: { sheet: string; cell: string }, cell: (attrs: string) => string): void {
  const part = sheetPart(parts, loc.sheet);
  setText(parts, part, replaceCell(text(parts, part), loc.cell, cell));
}

// ------------------------------------------------------------ scores, as LibreOffice recalculates them and as the engine has them

const cellText = (grid: string[][] | undefined, row: number, col: number) => grid?.[row]?.[col] ?? '';
const num = (s: string) => (s === '' ? null : Number(s));

export function recalculatedScores(csv: SheetCsv, locale: Locale): Record<string, number | null> {
  const opp = csv[tabName('opportunity', locale)];
  const comp = csv[tabName('competitiveness', locale)];
  return {
    opp: num(cellText(opp, OPP.scoreRows.opp, OPP.cols.mark)),
    real: num(cellText(opp, OPP.scoreRows.real, OPP.cols.mark)),
    worth: num(cellText(opp, OPP.scoreRows.worth, OPP.cols.mark)),
    win: num(cellText(comp, COMP.scoreRows.win, COMP.cols.us)),
    lead: num(cellText(comp, COMP.scoreRows.lead, COMP.cols.us)),
  };
}

export function engineScores(a: Account): Record<string, number | null> {
  const s = assessAccount(a, '2026-11-01');
  return { opp: s.opp, real: s.real, worth: s.worth, win: s.win, lead: s.lead };
}

// ------------------------------------------------------------ the XML-level variants, one per case the reader must handle

export interface Variant {
  bytes: Buffer;
  /** The account it must read as. */
  expected: Account;
}

/** Date cells of the account as serials (1900 system): path → serial. */
function dateCells(a: Account): Record<string, number> {
  const { locations } = readAccountFromGrids(gridsOf(a));
  const out: Record<string, number> = {};
  for (const path of Object.keys(locations)) {
    const v = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], a);
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[path] = Date.parse(`${v}T00:00:00Z`) / 86_400_000 + 25569;
  }
  return out;
}

/** Variants of `good` (the workbook we wrote of `source`), by name. */
export async function xmlVariants(source: Account, good: Buffer): Promise<Record<string, Variant>> {
  const variants: Record<string, Variant> = {};
  const loc = (path: string) => locationOf(source, path);
  const variant = async (name: string, edit: (p: Parts) => void, expected: Account = canonical(source)) => {
    const p = await unzipParts(good);
    edit(p);
    variants[name] = { bytes: zipParts(p), expected };
  };
  await variant('absolute-targets', absoluteTargets);
  await variant('inline-strings', inlineStrings);
  await variant('rich-text', richText);
  await variant(
    'cached-zero-budget',
    (p) => setCellXml(p, loc('overview.budget'), (a) => `<c ${a}><f>0*380</f><v>0</v></c>`),
    accountWith(source, { 'overview.budget': 0 }),
  );
  await variant(
    'cached-zero-weight',
    (p) => setCellXml(p, loc('opportunity.weights.5'), (a) => `<c ${a}><f>1-1</f><v>0</v></c>`),
    accountWith(source, { 'opportunity.weights.5': 0 }),
  );
  await variant(
    'cached-false',
    (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="b"><f>1&gt;2</f><v>0</v></c>`),
    accountWith(source, { 'overview.salesManager': false }),
  );
  await variant(
    'cached-empty-string',
    (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="str"><f>""</f><v></v></c>`),
    accountWith(source, { 'overview.salesManager': '' }),
  );
  await variant('formula-string', (p) =>
    setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="str"><f>"王"&amp;"磊"</f><v>王磊</v></c>`),
  );
  await variant(
    'error-cell',
    (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="e"><f>1/0</f><v>#DIV/0!</v></c>`),
    accountWith(source, { 'overview.salesManager': null }),
  );
  await variant(
    'bool-cell',
    (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="b"><v>1</v></c>`),
    accountWith(source, { 'overview.salesManager': true }),
  );
  await variant(
    'date-cells',
    (p) => {
      setCellXml(p, loc('overview.date'), (a) => `<c ${a} t="d"><v>2026-08-20</v></c>`);
      setCellXml(p, loc('opportunity.date'), (a) => `<c ${a} t="d"><v>2026-08-21T00:00:00</v></c>`);
      setCellXml(p, loc('competitiveness.date'), (a) => `<c ${a} t="d"><v>2026-08-22T09:30:00.000Z</v></c>`);
    },
    accountWith(source, { 'overview.date': '2026-08-20', 'opportunity.date': '2026-08-21', 'competitiveness.date': '2026-08-22' }),
  );
  await variant(
    'escapes',
    (p) =>
      setCellXml(
        p,
        loc('overview.salesManager'),
        (a) => `<c ${a} t="inlineStr"><is><t>A_x007F_B_x005F_x0041_C_x000a_D_x00e9_</t></is></c>`,
      ),
    accountWith(source, { 'overview.salesManager': 'A\u007fB_x0041_C\nDé' }),
  );
  await variant('date-1904', (p) => {
    setText(p, 'xl/workbook.xml', text(p, 'xl/workbook.xml').replace('<workbookPr ', '<workbookPr date1904="1" '));
    for (const [path, v] of Object.entries(dateCells(source))) setCellXml(p, loc(path), (a) => `<c ${a}><v>${v - 1462}</v></c>`);
  });
  for (const [name, code] of [
    ['dmy', 'd/m/yyyy'],
    ['mmm-d-yy', 'mmm d, yy'],
    ['zh', '[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@'],
    ['datetime', 'yyyy-mm-dd hh:mm:ss'],
  ]) {
    await variant(`date-format-${name}`, (p) =>
      setText(p, 'xl/styles.xml', text(p, 'xl/styles.xml').replace('formatCode="yyyy-mm-dd"', `formatCode="${code}"`)),
    );
  }
  await variant('date-format-builtin-14', (p) =>
    setText(p, 'xl/styles.xml', text(p, 'xl/styles.xml').replace(/numFmtId="164"/g, 'numFmtId="14"')),
  );
  await variant('merged-stray-value', (p) => {
    // B4:D4 is merged (the sales manager); a value left in C4 by a writer is not the account's.
    const part = sheetPart(p, loc('overview.salesManager').sheet);
    setText(p, part, text(p, part).replace(/<c r="C4"( s="\d+")?\/>/, '<c r="C4"$1 t="inlineStr"><is><t>stray</t></is></c>'));
  });
  return variants;
}

/** Why our reader refuses a workbook ('read' when it reads), as its one-line message says. */
export async function reason(bytes: Buffer): Promise<string> {
  try {
    await readXlsxBuffer(bytes);
  } catch (e) {
    if (e instanceof UnreadableAccountError) return e.message;
    throw e;
  }
  return 'read';
}
