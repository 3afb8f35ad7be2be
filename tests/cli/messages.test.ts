/**
 * Every text the command line shows comes from the catalogue, in zh-CN by
 * default and in English with --lang en (issue #9: argument errors, --help,
 * file-system errors were English, some were JavaScript internals).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP_ZH, helpItems } from '../../src/cli/help-text';
import { buildProgram } from '../../src/cli/main';
import { CLI_TEXT } from '../../src/cli/messages';
import { ensureBuilt, runBin, stderrLines } from '../support/cli';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ka-messages-'));
  writeFileSync(join(dir, 'a.json'), '{"schemaVersion": 1}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const han = /[\u4e00-\u9fff]/;

test('every command, argument and option has its Chinese help text, and every catalogue entry both languages', () => {
  const missing = helpItems(buildProgram())
    .map((i) => i.key)
    .filter((k) => !HELP_ZH[k]);
  expect(missing).toEqual([]);
  for (const [key, text] of Object.entries(CLI_TEXT)) {
    expect([key, han.test(text.zh) || !/[a-z]{4,} [a-z]{4,}/.test(text.zh)]).toEqual([key, true]);
    expect([key, han.test(text.en)]).toEqual([key, false]);
    // The same slots in both languages.
    const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect([key, slots(text.zh)]).toEqual([key, slots(text.en)]);
  }
});

test.each([
  [
    ['nosuch'],
    '没有 "nosuch" 这个命令；运行 ka-sales --help 查看所有命令',
    'there is no command "nosuch"; run ka-sales --help for the commands',
  ],
  [
    ['scor'],
    '没有 "scor" 这个命令（是否想输入 score？）；运行 ka-sales --help 查看所有命令',
    'there is no command "scor" (did you mean score?); run ka-sales --help for the commands',
  ],
  [['score'], '缺少参数 files；运行 ka-sales 命令 --help 查看用法', 'missing the argument files; run ka-sales COMMAND --help for its use'],
  [
    ['score', '--bogus', 'a.json'],
    '没有 "--bogus" 这个选项；运行 ka-sales 命令 --help 查看选项',
    'there is no option "--bogus"; run ka-sales COMMAND --help for the options',
  ],
  [['new', 'a', 'b'], '参数太多；运行 ka-sales 命令 --help 查看用法', 'too many arguments; run ka-sales COMMAND --help for its use'],
  [['score', 'missing.json'], 'missing.json: 文件或文件夹不存在，请检查路径', 'missing.json: no such file or folder; check the path'],
  [
    ['score', 'a.json', '--as-of', '2026-13-01'],
    '--as-of 应为真实日期，请写成 2026-11-03，而不是 "2026-13-01"',
    '--as-of must be a real date such as 2026-11-03, not "2026-13-01"',
  ],
  [['export', 'a.json'], 'a.json: export 读取 .xlsx 客户工作簿', 'a.json: export reads an .xlsx account workbook'],
])('ka-sales %j: exit 2, one line in zh-CN (default) and in English (--lang en)', async (args, zh, en) => {
  const z = await runBin(dir, args);
  expect([z.code, stderrLines(z.stderr)]).toEqual([2, [`ka-sales: ${zh}`]]);
  const e = await runBin(dir, [...args, '--lang', 'en']);
  expect([e.code, stderrLines(e.stderr)]).toEqual([2, [`ka-sales: ${en}`]]);
});

test('--help is Chinese by default and English with --lang en, for the program and each command', async () => {
  const zh = await runBin(dir, ['--help']);
  expect(zh.code).toBe(0);
  expect(zh.stdout).toMatch(/^用法：/);
  expect(zh.stdout).toContain('命令：');
  expect(zh.stdout).toContain('显示帮助');
  const roll = await runBin(dir, ['rollup', '--help']);
  expect(roll.stdout.replace(/\s+/g, '')).toContain('替换一个已存在但不是ka-sales汇总表的-o文件');
  expect(roll.stdout).toContain('（默认：zh）');
  // Descriptions hold no English sentence in zh mode.
  expect(
    roll.stdout.split('\n').filter((l) => /[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(l.replace(/\[options\]|<[^>]+>|--[\w-]+/g, ''))),
  ).toEqual([]);
  const en = await runBin(dir, ['rollup', '--help', '--lang', 'en']);
  expect(en.stdout).toMatch(/^Usage:/);
  expect(en.stdout.replace(/\s+/g, ' ')).toContain('replace an existing -o file that is not a ka-sales summary');
  expect(en.stdout).not.toMatch(han);
});
