/**
 * Fault suite, surface 3: damaged .xlsx files for `score`, `validate` and
 * `export` (the roll-up's own cases are in tests/rollup/).
 *
 * Whatever the bytes — a real workbook cut at any offset or with bytes
 * overwritten, random bytes, a zip whose parts are missing, cut or garbled, a
 * workbook whose form tabs were renamed or deleted, a sheet too large to be an
 * account — reading ends in an account or in one clear line (exit 2), within
 * a time box: never a crash, a stack trace or a hang.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UnreadableAccountError, toAccount } from '../../src/domain/account';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { damageZip, damagedXlsx, exampleDoc, oddWorkbooks, runs, zipDamage } from './arbitraries';
import { ensureBuilt, runAll, runBin, stderrLines } from '../support/cli';

const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TIME_BOX_MS = 10_000;

let good: Buffer;
beforeAll(async () => {
  good = await accountWorkbookBuffer(toAccount(exampleDoc()));
});

/** Errors that escaped every promise while a property ran: an exception in a stream of the zip or XML parser would land here. */
const escaped: unknown[] = [];
const onEscape = (e: unknown) => escaped.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
});
afterAll(() => {
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

/** Reads bytes as the CLI does: an account, or the one-line reason it cannot be read; throws on anything else or on a hang. */
async function outcome(bytes: Buffer): Promise<{ readable: true; keyPeople: number } | { readable: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIME_BOX_MS} ms`)), TIME_BOX_MS);
  });
  try {
    const r = await Promise.race([readXlsxBuffer(bytes), hang]);
    return { readable: true, keyPeople: r.account.keyPeople.length };
  } catch (e) {
    if (!(e instanceof UnreadableAccountError)) throw e;
    expect(e.message).not.toMatch(/[\r\n]/);
    return { readable: false, reason: e.message };
  } finally {
    clearTimeout(timer);
  }
}

describe('in process', () => {
  test('a real workbook cut at any offset, with bytes overwritten, or random bytes: an account or one clear reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => damagedXlsx(good)),
        async (d) => {
          await outcome(d.bytes);
        },
      ),
      { numRuns: runs(60) },
    );
    expect(escaped).toEqual([]);
  });

  test('a zip whose parts are dropped, cut, emptied or garbled: an account or one clear reason', async () => {
    await fc.assert(
      fc.asyncProperty(zipDamage, async (d) => {
        await outcome(await damageZip(good, d));
      }),
      { numRuns: runs(40) },
    );
    expect(escaped).toEqual([]);
  });

  test('renamed or deleted form tabs, no workbook part, a far cell, many rows, a sheet too large', async () => {
    for (const w of await oddWorkbooks(good)) {
      const t0 = Date.now();
      const o = await outcome(w.bytes);
      expect([w.name, o.readable]).toEqual([w.name, w.readable]);
      if (!o.readable && w.reason) expect([w.name, o.reason]).toEqual([w.name, expect.stringMatching(w.reason)]);
      expect([w.name, Date.now() - t0 < 5000]).toEqual([w.name, true]);
    }
  });
});

describe(`score, validate and export on damaged files (seed ${SEED})`, () => {
  let dir: string;
  const files: Array<{ name: string; bytes: Buffer; readable: boolean }> = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ka-faults-xlsx-'));
    const cut = fc.sample(damagedXlsx(good), { numRuns: 10, seed: SEED });
    const zips = await Promise.all(fc.sample(zipDamage, { numRuns: 5, seed: SEED + 1 }).map((d) => damageZip(good, d)));
    const named = (await oddWorkbooks(good)).map((w) => ({ name: `${w.name}.xlsx`, bytes: w.bytes }));
    const all = [
      ...cut.map((d, i) => ({ name: `cut ${i}.xlsx`, bytes: d.bytes })),
      ...zips.map((bytes, i) => ({ name: `zip ${i}.xlsx`, bytes })),
      ...named,
      { name: 'good.xlsx', bytes: good },
    ];
    for (const f of all) {
      writeFileSync(join(dir, f.name), f.bytes);
      files.push({ ...f, readable: (await outcome(f.bytes)).readable });
    }
  });

  afterAll(() => {
    for (const f of files) expect([f.name, readFileSync(join(dir, f.name)).equals(f.bytes)]).toEqual([f.name, true]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('score --json and validate --json: each file scored or named on one stderr line; exit 2 when any is unreadable', async () => {
    const [score, validate] = await runAll(dir, [
      ['score', '--json', '--as-of', '2026-11-01', ...files.map((f) => f.name)],
      ['validate', '--json', '--lang', 'en', ...files.map((f) => f.name)],
    ]);
    const unreadable = files.filter((f) => !f.readable);
    for (const r of [score, validate]) {
      expect(r.code).toBe(unreadable.length ? 2 : 0);
      expect(r.ms).toBeLessThan(20_000);
      // One entry per file named (issue #9): an unreadable one is {file, error, code}.
      const results = JSON.parse(r.stdout) as Array<{ file: string; error?: string }>;
      expect(results.map((x) => [x.file, x.error === undefined])).toEqual(files.map((f) => [f.name, f.readable]));
      const lines = stderrLines(r.stderr).filter((l) => l.startsWith('ka-sales: '));
      expect(lines.map((l) => l.slice('ka-sales: '.length).split(': ')[0])).toEqual(unreadable.map((f) => f.name));
    }
  });

  test('export: the account as JSON, or exit 2 with one line and nothing on stdout', async () => {
    const some = [...files.filter((f) => !f.readable).slice(0, 6), ...files.filter((f) => f.readable).slice(0, 3)];
    const runsOut = await runAll(
      dir,
      some.map((f) => ['export', f.name]),
    );
    some.forEach((f, i) => {
      const r = runsOut[i];
      expect([f.name, r.code]).toEqual([f.name, f.readable ? 0 : 2]);
      expect(r.ms).toBeLessThan(20_000);
      const lines = stderrLines(r.stderr);
      if (f.readable) expect(JSON.parse(r.stdout).schemaVersion).toBe(1);
      else expect([r.stdout, lines]).toEqual(['', [expect.stringMatching(new RegExp(`^ka-sales: ${f.name.replace('.', '\\.')}: \\S`))]]);
    });
  });

  test('a sheet too large to be an account is refused at once, before it is parsed', async () => {
    const r = await runBin(dir, ['validate', 'huge-sheet.xlsx', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([
      expect.stringMatching(
        /^ka-sales: huge-sheet\.xlsx: cannot be read: not an account workbook: it holds \d+ MB of sheet data, more than the 25 MB ka-sales reads$/,
      ),
    ]);
    expect(r.ms).toBeLessThan(5000);
  });
});
