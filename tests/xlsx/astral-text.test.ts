/**
 * A character outside the Basic Multilingual Plane (an emoji, a rare CJK
 * ideograph of plane 2) is two UTF-16 code units, a surrogate pair; cut
 * between them, each half becomes U+FFFD when encoded as UTF-8. The fault
 * suite once read 😀 back as two U+FFFD (tests/faults/build-export.test.ts,
 * not reproduced with its seed: it depends on where the text falls in a part).
 * The cause: JSZip 3.10 (ExcelJS's zip writer, and ours) encodes string data
 * in blocks of 16 KiB of UTF-16 code units, each on its own, so a pair that
 * straddles a block boundary of a part's XML is written as EF BF BD EF BF BD.
 * These tests put a pair across such a boundary on purpose, in each kind of
 * part we write, and at the cell-length limit where text is cut.
 */
import JSZip from 'jszip';
import { toAccount } from '../../src/domain/account';
import { ROLLUP_TABS, rollupRow } from '../../src/domain/rollup';
import { XLSX_CELL_LIMIT } from '../../src/xlsx/cell-text';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { renderRollupXlsx } from '../../src/xlsx/render-rollup';
import { CellTooLongError, accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { exampleRaw } from '../domain/fixtures';

/** JSZip's block: it encodes string data this many UTF-16 code units at a time (lib/stream/DataWorker.js). */
const BLOCK = 16 * 1024;
const ASTRAL = '\u{1F600}';
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Null when `got` is `want`; else where they first differ, a few code units of each (the texts are long). */
function difference(got: unknown, want: string): string | null {
  if (got === want) return null;
  if (typeof got !== 'string') return `not text: ${typeof got}`;
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  const at = (s: string) =>
    JSON.stringify(s.slice(Math.max(0, i - 2), i + 4)).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return `at ${i} of ${want.length}: ${at(got)} (length ${got.length}) instead of ${at(want)}`;
}

async function partTexts(bytes: Buffer): Promise<Array<[string, string]>> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  return Promise.all(names.map(async (n) => [n, await zip.files[n].async('string')] as [string, string]));
}

/**
 * A text of `length` code units with 😀 placed so that, in the part where `make`'s file holds it, its surrogate
 * pair straddles a block boundary: the text is written once with a plain placeholder to find where it lands.
 */
async function straddling(make: (text: string) => Promise<Buffer>, length: number): Promise<{ text: string; part: string }> {
  const plain = `\u2603${'y'.repeat(length - 1)}`;
  const found = (await partTexts(await make(plain))).find(([, xml]) => xml.includes(plain));
  if (!found) throw new Error('the placeholder is in no part');
  const [part, xml] = found;
  const at = xml.indexOf(plain);
  const k = Math.ceil((at + 2) / BLOCK) * BLOCK - 1 - at; // the high surrogate's offset in the text
  if (k < 1 || k + 2 > length) throw new Error(`no block boundary inside the text (at ${at})`);
  return { text: `${plain.slice(0, k)}${ASTRAL}${plain.slice(k + 2)}`, part };
}

describe('a character outside the BMP across a block boundary of a part', () => {
  test('the account workbook (ExcelJS’s writer) keeps it: read back whole, in the part’s own bytes too', async () => {
    const build = (text: string) => {
      const doc = exampleRaw() as { overview: Record<string, unknown> };
      doc.overview.keyConcerns = text;
      return accountWorkbookBuffer(toAccount(doc));
    };
    const { text, part } = await straddling(build, BLOCK + 100);
    const bytes = await build(text);
    expect(difference((await readXlsxBuffer(bytes)).account.overview.keyConcerns, text)).toBeNull();
    const xml = (await partTexts(bytes)).find(([n]) => n === part)?.[1] ?? '';
    expect(xml.includes(text)).toBe(true);
    expect(xml.indexOf('\ufffd')).toBe(-1);
  });

  test('the roll-up workbook (rows and shared strings we write into ExcelJS’s output) keeps it', async () => {
    const render = (text: string) => {
      const account = toAccount(exampleRaw());
      account.overview.customerName = text;
      const row = rollupRow(account, 'a.xlsx', 0, '2026-11-01');
      return renderRollupXlsx([row], [], { locale: 'zh', asOf: '2026-11-01', refreshedAt: '2026-11-01 09:00' });
    };
    const { text, part } = await straddling(render, BLOCK + 100);
    const bytes = await render(text);
    const cell = Object.values(readXlsx(bytes).grids)
      .flatMap((g) => g.flat())
      .find((v) => typeof v === 'string' && v.startsWith('\u2603'));
    expect(difference(cell, text)).toBeNull();
    expect((await partTexts(bytes)).find(([n]) => n === part)?.[1].indexOf('\ufffd')).toBe(-1);
  });
});

describe('a character outside the BMP at the cell-length limit', () => {
  test('an account value of exactly the limit ending in one is kept whole; one code unit more is refused, never cut', async () => {
    const doc = exampleRaw() as { overview: Record<string, unknown> };
    const atLimit = `${'y'.repeat(XLSX_CELL_LIMIT - 2)}${ASTRAL}`;
    doc.overview.keyConcerns = atLimit;
    const back = (await readXlsxBuffer(await accountWorkbookBuffer(toAccount(doc)))).account.overview.keyConcerns;
    expect(difference(back, atLimit)).toBeNull();
    doc.overview.keyConcerns = `${'y'.repeat(XLSX_CELL_LIMIT - 1)}${ASTRAL}`;
    await expect(accountWorkbookBuffer(toAccount(doc))).rejects.toBeInstanceOf(CellTooLongError);
  });

  test('a roll-up text cut to the limit is cut before the pair, never inside it', async () => {
    const account = toAccount(exampleRaw());
    // Cut at LIMIT - 1 (room for the ellipsis): the pair sits exactly across that point.
    account.overview.customerName = `${'y'.repeat(XLSX_CELL_LIMIT - 2)}${ASTRAL}zz`;
    const row = rollupRow(account, 'a.xlsx', 0, '2026-11-01');
    const bytes = await renderRollupXlsx([row], [], { locale: 'zh', asOf: '2026-11-01', refreshedAt: '2026-11-01 09:00' });
    // The tabs that show the name, cut there (the history tab keeps it whole: it is the key of the account's snapshots).
    const grids = readXlsx(bytes).grids;
    const cut = [ROLLUP_TABS.summary.zh, ROLLUP_TABS.changes.zh]
      .flatMap((tab) => (grids[tab] ?? []).flat())
      .filter((v): v is string => typeof v === 'string' && v.startsWith('yyyy'));
    expect(cut).toHaveLength(2);
    for (const s of cut) {
      expect(LONE.test(s)).toBe(false);
      expect(difference(s, `${'y'.repeat(XLSX_CELL_LIMIT - 2)}…`)).toBeNull();
    }
  });
});
