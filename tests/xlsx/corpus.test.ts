/**
 * The .xlsx reader on workbooks written by other programs, all made here by
 * scripts (no checked-in binaries): openpyxl and XlsxWriter (Debian's
 * python3), LibreOffice (re-save, and via .ods), and XML-level variants of a
 * workbook we wrote, one for each case the reader must handle. For each: the
 * account read is the one put in, and where the file keeps our formulas,
 * LibreOffice's recalculation of them equals the scoring engine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { type Account, UnreadableAccountError, emptyAccount } from '../../src/domain/account';
import { META_TAB, tabName, workbookLayout } from '../../src/domain/layout';
import { readAccountFromGrids } from '../../src/domain/read-workbook';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { ROOT, ensureBuilt, runBin } from '../support/cli';
import { convert, recalculatedSheets, resaveAsXlsx, sofficeBinary } from '../support/libreoffice';
import { type Parts, type RawPart, setText, sheetPart, text, unzipParts, zipParts } from '../support/zip-edit';
import {
  absoluteTargets,
  accountWith,
  asJson,
  canonical,
  engineScores,
  exampleAccount,
  gridsOf,
  inlineStrings,
  locationOf,
  py,
  pythonMissing,
  recalculatedScores,
  richText,
  setCellXml,
} from './corpus-support';

const PY_MISSING = pythonMissing();
const LO_MISSING = (() => {
  try {
    sofficeBinary();
    return undefined;
  } catch {
    return 'LibreOffice (soffice) is not installed (apt-get install libreoffice-calc)';
  }
})();

let dir: string;
let source: Account;
let good: Buffer;
const fresh = async (): Promise<Parts> => unzipParts(good);
const loc = (path: string) => locationOf(source, path);

async function reason(bytes: Buffer): Promise<string> {
  try {
    await readXlsxBuffer(bytes);
  } catch (e) {
    if (e instanceof UnreadableAccountError) return e.message;
    throw e;
  }
  return 'read';
}

/** XML-level variants: name → [bytes, the account they must read as]. Written to `dir` for LibreOffice too. */
const variants: Record<string, { bytes: Buffer; expected: Account }> = {};

async function variant(name: string, edit: (p: Parts) => void, expected: Account = canonical(source)): Promise<void> {
  const p = await fresh();
  edit(p);
  variants[name] = { bytes: zipParts(p), expected };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ka-corpus-'));
  source = exampleAccount();
  good = await accountWorkbookBuffer(source, 'zh');

  await variant('absolute-targets', absoluteTargets);
  await variant('inline-strings', inlineStrings);
  await variant('rich-text', richText);
  await variant('cached-zero-budget', (p) => setCellXml(p, loc('overview.budget'), (a) => `<c ${a}><f>0*380</f><v>0</v></c>`), accountWith(source, { 'overview.budget': 0 }));
  await variant('cached-zero-weight', (p) => setCellXml(p, loc('opportunity.weights.5'), (a) => `<c ${a}><f>1-1</f><v>0</v></c>`), accountWith(source, { 'opportunity.weights.5': 0 }));
  await variant('cached-false', (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="b"><f>1&gt;2</f><v>0</v></c>`), accountWith(source, { 'overview.salesManager': false }));
  await variant('cached-empty-string', (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="str"><f>""</f><v></v></c>`), accountWith(source, { 'overview.salesManager': '' }));
  await variant('formula-string', (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="str"><f>"王"&amp;"磊"</f><v>王磊</v></c>`));
  await variant('error-cell', (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="e"><f>1/0</f><v>#DIV/0!</v></c>`), accountWith(source, { 'overview.salesManager': null }));
  await variant('bool-cell', (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="b"><v>1</v></c>`), accountWith(source, { 'overview.salesManager': true }));
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
    (p) => setCellXml(p, loc('overview.salesManager'), (a) => `<c ${a} t="inlineStr"><is><t>A_x007F_B_x005F_x0041_C_x000a_D_x00e9_</t></is></c>`),
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
    await variant(`date-format-${name}`, (p) => setText(p, 'xl/styles.xml', text(p, 'xl/styles.xml').replace('formatCode="yyyy-mm-dd"', `formatCode="${code}"`)));
  }
  await variant('date-format-builtin-14', (p) => setText(p, 'xl/styles.xml', text(p, 'xl/styles.xml').replace(/numFmtId="164"/g, 'numFmtId="14"')));
  await variant('merged-stray-value', (p) => {
    // B4:D4 is merged (the sales manager); a value left in C4 by a writer is not the account's.
    const part = sheetPart(p, loc('overview.salesManager').sheet);
    setText(p, part, text(p, part).replace(/<c r="C4"( s="\d+")?\/>/, '<c r="C4"$1 t="inlineStr"><is><t>stray</t></is></c>'));
  });
  for (const [name, v] of Object.entries(variants)) writeFileSync(join(dir, `${name}.xlsx`), v.bytes);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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

describe('XML-level variants of a workbook we wrote', () => {
  test('each reads as the account put in (absolute targets, inline strings, rich text, every cell type, both date systems, date formats, merges, escapes)', async () => {
    expect(Object.keys(variants).length).toBeGreaterThanOrEqual(17);
    for (const [name, v] of Object.entries(variants)) {
      const { account } = await readXlsxBuffer(v.bytes);
      expect({ name, account: asJson(account) }).toEqual({ name, account: asJson(v.expected) });
    }
  });

  test('the regressions, value by value: cached 0 and FALSE, t="d", escapes', async () => {
    const read = async (name: string) => (await readXlsxBuffer(variants[name].bytes)).account;
    expect((await read('cached-zero-budget')).overview.budget).toBe(0);
    expect((await read('cached-zero-weight')).opportunity.weights?.[5]).toBe(0);
    expect(readXlsx(variants['cached-false'].bytes).grids[loc('overview.salesManager').sheet][3][1]).toBe(false);
    expect((await read('date-cells')).overview.date).toBe('2026-08-20');
    expect((await read('date-1904')).overview.date).toBe(source.overview.date);
    expect((await read('escapes')).overview.salesManager).toBe('A\u007fB_x0041_C\nDé');
    expect((await read('rich-text')).overview.customerName).toBe(source.overview.customerName);
  });

  test('defined names come back with their sheet and reference', () => {
    const names = readXlsx(good).definedNames;
    expect(names).toContainEqual({ name: '_xlnm.Print_Titles', sheet: tabName('overview', 'zh'), ref: '1:1' });
  });

  test('a missing required part is refused with one line naming it', async () => {
    const without = async (part: string, edit?: (p: Parts) => void) => {
      const p = await fresh();
      p.delete(part);
      edit?.(p);
      return reason(zipParts(p));
    };
    expect(await without('xl/sharedStrings.xml')).toBe('not a readable .xlsx workbook (part xl/sharedStrings.xml is missing)');
    expect(await without('xl/workbook.xml')).toBe('not a readable .xlsx workbook (part xl/workbook.xml is missing)');
    expect(await without('xl/_rels/workbook.xml.rels')).toBe('not a readable .xlsx workbook (part xl/_rels/workbook.xml.rels is missing)');
    const part = sheetPart(await fresh(), tabName('keyPeople', 'zh'));
    expect(await without(part)).toBe(`not a readable .xlsx workbook (part ${part} is missing)`);
    // Parts nobody needs may go.
    expect(await without('docProps/core.xml')).toBe('read');
  });

  test('a changed stored byte (CRC mismatch) is refused naming the part', async () => {
    const p = await fresh();
    const stored = zipParts(p, { store: true });
    expect(await reason(stored)).toBe('read');
    const at = stored.indexOf('<v>380</v>');
    expect(at).toBeGreaterThan(0);
    const bad = Buffer.from(stored);
    bad[at + 3] = '4'.charCodeAt(0);
    expect(await reason(bad)).toBe(`not a readable .xlsx workbook (part ${sheetPart(p, loc('overview.budget').sheet)} is damaged: its checksum does not match)`);
  });

  test('a 5 MB file of large binary parts reads fast: parts it does not need are not inflated', async () => {
    const p = await fresh();
    for (let i = 1; i <= 5; i++) p.set(`xl/media/image${i}.png`, Buffer.from(Array.from({ length: 1 << 20 }, (_, k) => (k * 2654435761 + i) >>> 24)));
    p.set('xl/printerSettings/printerSettings1.bin', Buffer.alloc(1 << 20, 7));
    const bytes = zipParts(p, { store: true });
    expect(bytes.length).toBeGreaterThan(5_000_000);
    const t = performance.now();
    const { account } = await readXlsxBuffer(bytes);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(asJson(account)).toEqual(asJson(canonical(source)));
  });

  test('a 1.5 MB file with a 1.5 GB media part reads in bounded memory (a child process, the real CLI)', async () => {
    ensureBuilt();
    const size = 1536 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024 * 1024);
    let crc = 0;
    const deflater = createDeflateRaw({ level: 9 });
    const out: Buffer[] = [];
    deflater.on('data', (d: Buffer) => out.push(d));
    const done = new Promise((resolve) => deflater.on('end', resolve));
    for (let n = 0; n < size / chunk.length; n++) {
      crc = crc32(chunk, crc);
      if (!deflater.write(chunk)) await new Promise((r) => deflater.once('drain', r));
    }
    deflater.end();
    await done;
    const raw: RawPart = { name: 'xl/media/image1.png', deflated: Buffer.concat(out), size, crc: crc >>> 0 };
    const file = join(dir, 'huge-media.xlsx');
    writeFileSync(file, zipParts(await fresh(), { raw: [raw] }));
    expect(readFileSync(file).length).toBeLessThan(3 * 1024 * 1024);
    const probe = `require(${JSON.stringify(join(ROOT, 'build', 'ka-sales.cjs'))}).main(['export', ${JSON.stringify(file)}]).then((c) => process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + ' EXIT ' + c + '\\n'))`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 60_000 });
    const [, rssKb, exit] = /MAXRSS (\d+) EXIT (\d+)/.exec(r.stderr) ?? [];
    expect(exit).toBe('0');
    expect(asJson(JSON.parse(r.stdout))).toEqual(asJson(canonical(source)));
    expect(Number(rssKb) / 1024).toBeLessThan(200);
  }, 120_000);

  test('a sheet of 290,000 rows is refused in one line (no stack overflow, no minutes of reading)', async () => {
    const p = await fresh();
    const part = sheetPart(p, tabName('keyPeople', 'zh'));
    const rows: string[] = [];
    for (let r = 1000; r < 291_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>x</t></is></c></row>`);
    setText(p, part, text(p, part).replace('</sheetData>', `${rows.join('')}</sheetData>`));
    const bytes = zipParts(p);
    let outcome: string;
    try {
      const { account } = await readXlsxBuffer(bytes);
      outcome = `read ${account.keyPeople.length}`;
    } catch (e) {
      expect(e).toBeInstanceOf(UnreadableAccountError);
      outcome = (e as Error).message;
    }
    expect(outcome).toBe(`not an account workbook: tab ${tabName('keyPeople', 'zh')} has more than 10000 rows of data, the most ka-sales reads`);
  }, 60_000);

  test('not a zip, an empty file, an OLE file: one line each', async () => {
    expect(await reason(Buffer.alloc(0))).toBe('the file is empty');
    expect(await reason(Buffer.from('a,b\n1,2\n'))).toBe('not an .xlsx workbook (it is not a zip archive)');
    expect(await reason(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]))).toMatch(/old \.xls file.*save it as \.xlsx/);
  });
});

const pyDescribe = PY_MISSING ? describe.skip : describe;
pyDescribe(`openpyxl and XlsxWriter${PY_MISSING ? ` (skipped: ${PY_MISSING})` : ''}`, () => {
  test('a blank workbook from `ka-sales new`, opened and saved unchanged by openpyxl, exports as the blank account', async () => {
    ensureBuilt();
    const made = await runBin(dir, ['new', '临江市财政局', '-o', 'blank.xlsx']);
    expect(made.code).toBe(0);
    py('resave', join(dir, 'blank.xlsx'), join(dir, 'blank-openpyxl.xlsx'));
    expect(text(await unzipParts(readFileSync(join(dir, 'blank-openpyxl.xlsx'))), 'xl/_rels/workbook.xml.rels')).toContain('Target="/xl/');
    const r = await runBin(dir, ['export', 'blank-openpyxl.xlsx']);
    expect(r.stderr).toBe('');
    expect(asJson(JSON.parse(r.stdout))).toEqual(asJson(canonical(emptyAccount('临江市财政局'))));
  }, 60_000);

  test('the example, opened and saved by openpyxl (absolute targets, formulas without cached values), reads as the same account', async () => {
    py('resave', join(dir, 'absolute-targets.xlsx'), join(dir, 'example-openpyxl.xlsx'));
    const { account } = await readXlsxBuffer(readFileSync(join(dir, 'example-openpyxl.xlsx')));
    expect(asJson(account)).toEqual(asJson(canonical(source)));
  });

  const refOf = (tab: string, c: { row: number; col: number }) => `${tab}!${String.fromCharCode(65 + c.col)}${c.row + 1}`;

  /** The account's grids as a writer spec: dates as real dates in `formats` (in turn), strings as `strings` says. */
  function spec(a: Account, opts: { formats: string[]; rich?: boolean; date1904?: boolean; constantMemory?: boolean; formulas?: Record<string, unknown> }) {
    let n = 0;
    const formulaAt = new Map(Object.entries(opts.formulas ?? {}).map(([path, f]) => [`${locationOf(a, path).sheet}!${locationOf(a, path).cell}`, f]));
    const tabs = workbookLayout(a, 'zh').map((t) => ({
      name: t.name,
      cells: t.cells
        .filter((c) => formulaAt.has(refOf(t.name, c)) || (!c.formula && c.value !== null && c.value !== ''))
        .map((c) => {
          const f = formulaAt.get(refOf(t.name, c)) as { formula: string; cached: unknown } | undefined;
          if (f) return { row: c.row, col: c.col, kind: 'formula', value: f.formula, cached: f.cached };
          if (c.kind === 'input' && (c.type === 'date' || c.type === 'dateOrMonthDay') && typeof c.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.value)) {
            return { row: c.row, col: c.col, kind: 'date', value: c.value, fmt: opts.formats[n++ % opts.formats.length] };
          }
          if (typeof c.value === 'number') return { row: c.row, col: c.col, kind: 'number', value: c.value };
          if (typeof c.value === 'boolean') return { row: c.row, col: c.col, kind: 'bool', value: c.value };
          const s = String(c.value);
          if (opts.rich && s.length >= 4 && !/[\ud800-\udfff]/.test(s)) return { row: c.row, col: c.col, kind: 'rich', value: [s.slice(0, 2), s.slice(2)] };
          return { row: c.row, col: c.col, kind: 'text', value: s };
        }),
    }));
    return { date1904: Boolean(opts.date1904), constantMemory: Boolean(opts.constantMemory), tabs };
  }

  test('written from scratch by openpyxl: dates under many formats, shared strings, 1900 and 1904 date systems', async () => {
    const formats = ['yyyy-mm-dd', 'd/m/yyyy', 'mm-dd-yy', 'mmm d, yyyy', 'yyyy"年"m"月"d"日"', 'dd.mm.yyyy hh:mm'];
    for (const date1904 of [false, true]) {
      const specFile = join(dir, `openpyxl-${date1904}.json`);
      const file = join(dir, `openpyxl-${date1904}.xlsx`);
      writeFileSync(specFile, JSON.stringify(spec(source, { formats, date1904 })));
      py('openpyxl', specFile, file);
      const { account } = await readXlsxBuffer(readFileSync(file));
      expect({ date1904, account: asJson(account) }).toEqual({ date1904, account: asJson(canonical(source)) });
    }
  });

  test('written from scratch by XlsxWriter: inline strings, rich text, cached formula results 0, FALSE and text, 1904', async () => {
    const a = exampleAccount();
    a.overview.budget = 0;
    a.overview.salesManager = 'FALSE';
    (a.overview as Record<string, unknown>).surveyMethod = '会议';
    const formulas = {
      'overview.budget': { formula: '=380*0', cached: 0 },
      'overview.salesManager': { formula: '=1>2', cached: false },
      'overview.surveyMethod': { formula: '="会"&"议"', cached: '会议' },
      'opportunity.weights.0': { formula: '=1-1', cached: 0 },
    };
    const expected = accountWith(a, { 'opportunity.weights.0': 0 });
    for (const [constantMemory, date1904] of [
      [true, false],
      [false, true],
    ]) {
      const specFile = join(dir, `xlsxwriter-${constantMemory}.json`);
      const file = join(dir, `xlsxwriter-${constantMemory}.xlsx`);
      writeFileSync(specFile, JSON.stringify(spec(a, { formats: ['yyyy-mm-dd', 'm/d/yy', 'd mmm yyyy'], rich: true, constantMemory, date1904, formulas })));
      py('xlsxwriter', specFile, file);
      const bytes = readFileSync(file);
      if (constantMemory) expect(bytes.includes('sharedStrings')).toBe(false);
      const { account } = await readXlsxBuffer(bytes);
      expect({ constantMemory, account: asJson(account) }).toEqual({ constantMemory, account: asJson(expected) });
      expect(account.overview.budget).toBe(0);
    }
  });
});

const loDescribe = LO_MISSING ? describe.skip : describe;
loDescribe(`LibreOffice${LO_MISSING ? ` (skipped: ${LO_MISSING})` : ''}`, () => {
  let odsFile: string;
  let fromOds: string;
  let xlsFile: string;
  beforeAll(() => {
    const example = join(dir, 'example.xlsx');
    writeFileSync(example, good);
    convert([example], 'ods', join(dir, 'ods'));
    odsFile = join(dir, 'ods', 'example.ods');
    convert([example], 'xls', join(dir, 'xls'));
    xlsFile = join(dir, 'xls', 'example.xls');
    fromOds = resaveAsXlsx([odsFile], join(dir, 'from-ods'))[odsFile];
  }, 600_000);

  test('an .ods and an .xls are refused with one line telling to save as .xlsx', async () => {
    expect(await reason(readFileSync(odsFile))).toBe('not an .xlsx workbook: it is an OpenDocument (.ods) spreadsheet (open it and save it as .xlsx)');
    expect(await reason(readFileSync(xlsFile))).toMatch(/^not an \.xlsx workbook: it is an old \.xls file .*save it as \.xlsx/);
  });

  test('converted to .ods and back to .xlsx by LibreOffice, the example exports as the same account', async () => {
    ensureBuilt();
    const r = await runBin(dir, ['export', fromOds]);
    expect(r.code).toBe(0);
    expect(asJson(JSON.parse(r.stdout))).toEqual(asJson(canonical(source)));
  });

  test('the files’ own formulas, recalculated by LibreOffice, equal the scoring engine on the account read', async () => {
    const files = [
      fromOds,
      ...['absolute-targets', 'inline-strings', 'rich-text', 'cached-zero-budget', 'cached-zero-weight', 'date-1904', 'date-format-zh'].map((n) => join(dir, `${n}.xlsx`)),
      ...(PY_MISSING ? [] : [join(dir, 'example-openpyxl.xlsx')]).filter((f) => {
        try {
          readFileSync(f);
          return true;
        } catch {
          return false;
        }
      }),
    ];
    const csv = recalculatedSheets(files, () => [tabName('opportunity', 'zh'), tabName('competitiveness', 'zh'), tabName('overview', 'zh'), META_TAB]);
    for (const f of files) {
      const { account } = await readXlsxBuffer(readFileSync(f));
      expect({ file: basename(f), scores: recalculatedScores(csv[f], 'zh') }).toEqual({ file: basename(f), scores: engineScores(account) });
    }
    // The zero weight changed the score: the check is not vacuous.
    const zero = (await readXlsxBuffer(readFileSync(join(dir, 'cached-zero-weight.xlsx')))).account;
    expect(engineScores(zero)).not.toEqual(engineScores(source));
  }, 600_000);
});
