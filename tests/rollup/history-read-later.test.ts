/**
 * The previous summary's history is read after the accounts (rollup.ts,
 * FoundSummary), not before them: the settings decide how the accounts are
 * read, the history only what is written. A summary whose history cannot be
 * read is, as it always was, not a summary: refused without --force (nothing
 * written, whichever of the rules applies first), and with --force replaced
 * by a fresh summary that carries none of its settings — its opt-in to the
 * actions' texts included, so the accounts are read again without them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLLUP_TABS } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { readPreviousSummary, readSummaryHistory, readSummarySettings } from '../../src/xlsx/read-summary';
import { scratchFolder } from '../support/cli-in-process';
import { sheetPart, setText, text, unzipParts, zipParts } from '../support/zip-edit';
import { runCli } from './support';

const AS_OF = '2026-11-01';
const folder = scratchFolder('ka-history-later-');

function accounts(): string {
  const dir = join(folder(), 'accounts');
  mkdirSync(dir, { recursive: true });
  sampleAccounts(AS_OF)
    .slice(0, 3)
    .forEach((a, i) => writeFileSync(join(dir, `${i}.json`), JSON.stringify(a)));
  return dir;
}

/** A copy of `summary` whose history tab's XML is cut short: its marker and settings still read, its history not. */
async function damagedHistory(summary: string, to: string): Promise<void> {
  const parts = await unzipParts(readFileSync(summary));
  const part = sheetPart(parts, ROLLUP_TABS.history.zh);
  setText(parts, part, text(parts, part).replace('</sheetData>', '<row r="9000"><c r="A9000" t="s"><v>1</v></c></sheetData'));
  writeFileSync(to, zipParts(parts));
  const bytes = readFileSync(to);
  expect(readSummarySettings(bytes)?.showActions).toBe(true);
  expect(() => readSummaryHistory(bytes)).toThrow();
}

test('a summary whose history cannot be read is refused without --force and replaced afresh with it', async () => {
  const dir = accounts();
  const good = join(folder(), 'good.xlsx');
  const out = join(folder(), 'summary.xlsx');
  expect((await runCli('rollup', dir, '-o', good, '--as-of', '2026-10-25', '--show-actions')).code).toBe(0);
  expect(readPreviousSummary(readFileSync(good))?.history).toHaveLength(3);
  await damagedHistory(good, out);
  const damaged = readFileSync(out);

  const refused = await runCli('rollup', dir, '-o', out, '--as-of', AS_OF);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('已存在且不是 ka-sales 汇总表，未覆盖');
  expect(readFileSync(out).equals(damaged)).toBe(true);

  // Nothing to read: the same refusal as before, not "no account files".
  mkdirSync(join(folder(), 'empty'));
  const nothing = await runCli('rollup', join(folder(), 'empty'), '-o', out);
  expect([nothing.code, nothing.stderr.includes('已存在且不是 ka-sales 汇总表')]).toEqual([2, true]);

  const forced = await runCli('rollup', dir, '-o', out, '--as-of', AS_OF, '--force', '--json');
  expect(forced.code).toBe(0);
  const rows = JSON.parse(forced.stdout).rows as Array<Record<string, unknown>>;
  expect(rows).toHaveLength(3);
  expect(rows.filter((r) => 'nextAction' in r)).toEqual([]);
  const fresh = readPreviousSummary(readFileSync(out));
  expect(fresh?.history.map((s) => s.date)).toEqual([AS_OF, AS_OF, AS_OF]);
  expect(fresh?.showActions).toBe(false);
});

test('a summary inside the folder it rolls up, its history unreadable, is an input and never the output', async () => {
  const dir = accounts();
  const good = join(folder(), 'good2.xlsx');
  expect((await runCli('rollup', dir, '-o', good, '--as-of', '2026-10-25', '--show-actions')).code).toBe(0);
  const inside = join(dir, 'summary.xlsx');
  await damagedHistory(good, inside);
  const before = readFileSync(inside);
  for (const extra of [[], ['--force']]) {
    const r = await runCli('rollup', dir, '-o', inside, '--as-of', AS_OF, ...extra);
    expect([r.code, r.stderr.includes('是本次汇总的输入文件之一')]).toEqual([2, true]);
    expect(readFileSync(inside).equals(before)).toBe(true);
  }
});
