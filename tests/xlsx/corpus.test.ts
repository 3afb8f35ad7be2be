/**
 * The .xlsx reader on XML-level variants of a workbook we wrote, one for each
 * case it must handle (relative and absolute targets, shared, inline and rich
 * strings, every cell type, cached formula results 0, FALSE and "", both date
 * systems, date formats, merges, escapes), and on damaged or hostile files:
 * a missing part, a changed byte, huge parts, a huge sheet. Files written by
 * other programs are in corpus-writers.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { type Account, UnreadableAccountError } from '../../src/domain/account';
import { tabName } from '../../src/domain/layout';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { neededSheetXml, readXlsx } from '../../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { ROOT, ensureBuilt } from '../support/cli';
import { type Parts, type RawPart, setText, sheetPart, text, unzipParts, zipParts } from '../support/zip-edit';
import { type Variant, asJson, canonical, exampleAccount, locationOf, reason, xmlVariants } from './corpus-support';

let dir: string;
let source: Account;
let good: Buffer;
let variants: Record<string, Variant>;
const fresh = async (): Promise<Parts> => unzipParts(good);
const loc = (path: string) => locationOf(source, path);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ka-corpus-'));
  source = exampleAccount();
  good = await accountWorkbookBuffer(source, 'zh');
  variants = await xmlVariants(source, good);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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
    expect(await reason(bad)).toBe(
      `not a readable .xlsx workbook (part ${sheetPart(p, loc('overview.budget').sheet)} is damaged: its checksum does not match)`,
    );
  });

  test('a 5 MB file of large binary parts reads fast: parts it does not need are not inflated', async () => {
    const p = await fresh();
    for (let i = 1; i <= 5; i++)
      p.set(`xl/media/image${i}.png`, Buffer.from(Array.from({ length: 1 << 20 }, (_, k) => (k * 2654435761 + i) >>> 24)));
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
    expect(outcome).toBe(
      `not an account workbook: tab ${tabName('keyPeople', 'zh')} has more than 10000 rows of data, the most ka-sales reads`,
    );
  }, 60_000);

  test('not a zip, an empty file, an OLE file: one line each', async () => {
    expect(await reason(Buffer.alloc(0))).toBe('the file is empty');
    expect(await reason(Buffer.from('a,b\n1,2\n'))).toBe('not an .xlsx workbook (it is not a zip archive)');
    expect(await reason(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]))).toMatch(
      /old \.xls file.*save it as \.xlsx/,
    );
  });

  test('only what is needed of a sheet is parsed: formula text and what follows the merged cells go, cached results and merges stay', () => {
    const xml =
      '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><c r="B1"><f>SUM(A1:A3)&gt;0</f><v>0</v></c>' +
      '<c r="C1"><f t="shared" si="0"/><v>2</v></c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells>' +
      '<x:dataValidations><x:dataValidation sqref="A1:A1048576"/></x:dataValidations><x:pageSetup/></x:worksheet>';
    expect(neededSheetXml(xml)).toBe(
      '<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><c r="B1"><v>0</v></c>' +
        '<c r="C1"><v>2</v></c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>',
    );
    // LibreOffice's booleans keep their formula; fonts and other elements starting with f are not formulas.
    expect(neededSheetXml('<worksheet><sheetData><c t="n"><f aca="false">TRUE()</f><v>1</v></c></sheetData></worksheet>')).toBe(
      '<worksheet><sheetData><c t="n"><f aca="false">TRUE()</f><v>1</v></c></sheetData></worksheet>',
    );
    expect(neededSheetXml('<worksheet><sheetData/><font/><foo>x</foo></worksheet>')).toBe(
      '<worksheet><sheetData/><font/><foo>x</foo></worksheet>',
    );
  });

  test('an inline string in a cell whose type does not say so is still its text, and does not spill into the next cell', async () => {
    const p = await fresh();
    const part = sheetPart(p, tabName('keyPeople', 'zh'));
    setText(
      p,
      part,
      text(p, part).replace(
        '</sheetData>',
        '<row r="900"><c r="A900"><is><t>one</t></is></c><c r="B900" t="inlineStr"><is><t>two</t></is></c></row></sheetData>',
      ),
    );
    expect(readXlsx(zipParts(p)).grids[tabName('keyPeople', 'zh')][899].slice(0, 2)).toEqual(['one', 'two']);
  });
});
