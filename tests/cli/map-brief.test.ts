/**
 * `ka-sales map` and `ka-sales brief` as a user runs them, and the picture
 * `build` places on the role-map tab (issue #11 items 4 and 5).
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { tabName } from '../../src/domain/layout';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { oldAccount, oldXlsx } from '../upgrade/support';
import { ensureBuilt, runBin, stderrLines } from '../support/cli';

const EXAMPLE = join(__dirname, '..', 'fixtures', 'example-account.json');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ka-map-'));
});

test('map: SVG by default, PNG on request, from .json and .xlsx alike', async () => {
  const svg = await runBin(dir, ['map', EXAMPLE, '-o', 'm.svg']);
  expect([svg.code, stderrLines(svg.stderr)]).toEqual([0, ['已写入 m.svg']]);
  const text = readFileSync(join(dir, 'm.svg'), 'utf8');
  expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(text.match(/<g class="person/g)).toHaveLength(4);

  const png = await runBin(dir, ['map', EXAMPLE, '-o', 'm.png', '--lang', 'en']);
  expect([png.code, png.stderr]).toEqual([0, 'wrote m.png\n']);
  expect(readFileSync(join(dir, 'm.png')).subarray(0, 8)).toEqual(PNG_MAGIC);

  expect((await runBin(dir, ['build', EXAMPLE, '-o', 'ex.xlsx'])).code).toBe(0);
  expect((await runBin(dir, ['map', 'ex.xlsx', '-o', 'x.svg'])).code).toBe(0);
  expect(readFileSync(join(dir, 'x.svg'), 'utf8')).toBe(text);

  const bad = await runBin(dir, ['map', EXAMPLE, '-o', 'm.pdf']);
  expect(bad.code).toBe(2);
  expect(stderrLines(bad.stderr)).toHaveLength(1);
  const again = await runBin(dir, ['map', EXAMPLE, '-o', 'm.svg']);
  expect(again.code).toBe(2);
});

test('build places the decision chain as a PNG on the role-map tab, right of the table', async () => {
  expect((await runBin(dir, ['build', EXAMPLE, '-o', 'pic.xlsx'])).code).toBe(0);
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'pic.xlsx')));
  const media = Object.keys(zip.files).filter((f) => /^xl\/media\/.+/.test(f));
  expect(media).toHaveLength(1);
  expect((await zip.file(media[0])!.async('nodebuffer')).subarray(0, 8)).toEqual(PNG_MAGIC);
  // The drawing belongs to the role-map sheet.
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const sheets = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"/g)].map((m) => ({ name: m[1], rid: m[2] }));
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const roleMap = sheets.find((s) => s.name === tabName('roleMap', 'zh'))!;
  const target = new RegExp(`Id="${roleMap.rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${roleMap.rid}"`).exec(rels)!;
  const sheetFile = (target[1] ?? target[2]).replace(/^\/?(xl\/)?/, '');
  const sheetRels = await zip.file(`xl/worksheets/_rels/${sheetFile.split('/').pop()}.rels`)!.async('string');
  expect(sheetRels).toContain('drawing');
  const drawing = Object.keys(zip.files).find((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f))!;
  const from = /<xdr:from><xdr:col>(\d+)<\/xdr:col>/.exec(await zip.file(drawing)!.async('string'));
  expect(Number(from?.[1])).toBeGreaterThanOrEqual(9);

  // An empty role map: no picture (nothing to draw).
  writeFileSync(
    join(dir, 'empty.json'),
    JSON.stringify({ schemaVersion: 1, overview: { customerName: '空' }, keyPeople: [], roleMap: [] }),
  );
  // (exit 1: the empty assessments are listed as problems; the workbook is written all the same)
  expect((await runBin(dir, ['build', 'empty.json', '-o', 'empty.xlsx'])).code).toBeLessThan(2);
  const empty = await JSZip.loadAsync(readFileSync(join(dir, 'empty.xlsx')));
  expect(Object.keys(empty.files).filter((f) => /^xl\/media\/.+/.test(f))).toEqual([]);
});

const pictures = async (bytes: Buffer) => Object.keys((await JSZip.loadAsync(bytes)).files).filter((f) => /^xl\/media\/.+\.png$/.test(f));

test('upgrade places the picture on a workbook of an older template, which had none', async () => {
  const old = await oldXlsx(oldAccount(), (a) => accountWorkbookBuffer(a, 'zh'));
  expect(await pictures(old)).toEqual([]);
  writeFileSync(join(dir, 'old.xlsx'), old);
  const r = await runBin(dir, ['upgrade', 'old.xlsx', '-o', 'upgraded.xlsx']);
  expect(r.code).toBe(0);
  expect(await pictures(readFileSync(join(dir, 'upgraded.xlsx')))).toHaveLength(1);
});

test('brief: one HTML page for a person, which never repeats an unknown name in the error', async () => {
  const r = await runBin(dir, ['brief', EXAMPLE, '--person', '周建国', '-o', 'b.html']);
  expect([r.code, r.stderr]).toEqual([0, '已写入 b.html\n']);
  const html = readFileSync(join(dir, 'b.html'), 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
  expect(html).toContain('拜访前简报：周建国');

  const unknown = await runBin(dir, ['brief', EXAMPLE, '--person', '某某某', '-o', 'u.html']);
  expect(unknown.code).toBe(2);
  expect(stderrLines(unknown.stderr)).toHaveLength(1);
  expect(unknown.stderr).not.toContain('某某某');
  const missing = await runBin(dir, ['brief', EXAMPLE]);
  expect(missing.code).toBe(2);
});

test('map and brief replace an existing file only with --force, and then atomically (a new file renamed over the old)', async () => {
  for (const [cmd, out] of [
    ['map', 'again.svg'],
    ['brief', 'again.html'],
  ] as const) {
    const args = cmd === 'map' ? ['map', EXAMPLE, '-o', out] : ['brief', EXAMPLE, '--person', '周建国', '-o', out];
    writeFileSync(join(dir, out), 'the user’s own file');
    const refused = await runBin(dir, args);
    expect(refused.code).toBe(2);
    expect(readFileSync(join(dir, out), 'utf8')).toBe('the user’s own file');
    const before = statSync(join(dir, out)).ino;
    expect((await runBin(dir, [...args, '--force'])).code).toBe(0);
    // writeFile in place would keep the inode; the atomic writer renames a complete temp file over it.
    expect(statSync(join(dir, out)).ino).not.toBe(before);
    expect(readFileSync(join(dir, out), 'utf8')).not.toBe('the user’s own file');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp') || f.includes('lock'))).toEqual([]);
  }
});
