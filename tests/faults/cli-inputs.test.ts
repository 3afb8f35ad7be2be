/**
 * Fault suite: what issue #9 found on the command line's inputs and outputs,
 * one test per finding, on the built binary.
 *
 * - `rollup -o` replaces only a ka-sales summary; another file needs --force;
 *   an input is never its output; no readable input writes nothing.
 * - The same customer twice is one row and a problem naming both files.
 * - Special files are refused before reading; a size cap per file.
 * - No file content in any message: JSON syntax errors by line and column,
 *   echoed values cut to 40 characters.
 * - Invalid UTF-8 and duplicate keys in a JSON file are reported.
 * - Bounded work: 5,000 visits build, 60,000 empty rows validate, time linear.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { scanJson } from '../../src/cli/json-input';
import { locateProblems } from '../../src/cli/xlsx-loader';
import { parseAccountJson } from '../../src/domain/account';
import { ROLLUP_TABS } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { validateAccount } from '../../src/domain/validate';
import { readPreviousSummary } from '../../src/xlsx/read-summary';
import { renderedLocations } from '../../src/xlsx/render-workbook';
import { ensureBuilt, runBin, stderrLines } from '../support/cli';

const AS_OF = '2026-11-01';
const samples = sampleAccounts(AS_OF);
let root: string;
let n = 0;

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'ka-faults-inputs-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function folder(): string {
  const d = join(root, `t${++n}`);
  mkdirSync(d);
  return d;
}

function accountsIn(d: string, count = 3): string {
  const acc = join(d, 'accounts');
  mkdirSync(acc);
  samples.slice(0, count).forEach((a, i) => writeFileSync(join(acc, `${i}.json`), JSON.stringify(a)));
  return acc;
}

const isSummary = async (f: string) => {
  try {
    return readPreviousSummary(readFileSync(f)) !== null;
  } catch {
    return false;
  }
};

describe('rollup -o: no overwrite by accident', () => {
  test('an account workbook among the inputs is never the output, not even with --force', async () => {
    const d = folder();
    accountsIn(d);
    expect((await runBin(d, ['build', join('accounts', '0.json'), '-o', join('accounts', '临江.xlsx')])).code).toBe(0);
    const before = readFileSync(join(d, 'accounts', '临江.xlsx'));
    for (const extra of [[], ['--force']]) {
      const r = await runBin(d, ['rollup', 'accounts', '-o', join('accounts', '临江.xlsx'), ...extra]);
      expect(r.code).toBe(2);
      expect(stderrLines(r.stderr).join('\n')).toContain('是本次汇总的输入文件之一，不能作为输出');
      expect(readFileSync(join(d, 'accounts', '临江.xlsx')).equals(before)).toBe(true);
    }
  });

  test('a typo in the folder: nothing readable, nothing written, exit 2, the good summary kept', async () => {
    const d = folder();
    accountsIn(d);
    expect((await runBin(d, ['rollup', 'accounts', '-o', 'summary.xlsx', '--as-of', AS_OF])).code).toBe(0);
    const good = readFileSync(join(d, 'summary.xlsx'));
    const r = await runBin(d, ['rollup', 'acounts', '-o', 'summary.xlsx', '--as-of', AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有可读取的客户文件，未写入 summary.xlsx');
    expect(readFileSync(join(d, 'summary.xlsx')).equals(good)).toBe(true);
    // Nor with files that all fail to read.
    writeFileSync(join(d, 'broken.json'), '{');
    expect((await runBin(d, ['rollup', 'broken.json', '-o', 'summary.xlsx'])).code).toBe(2);
    expect(readFileSync(join(d, 'summary.xlsx')).equals(good)).toBe(true);
  });

  test('another existing file needs --force; a ka-sales summary is replaced without it (the weekly roll-up)', async () => {
    const d = folder();
    accountsIn(d);
    writeFileSync(join(d, 'report.xlsx'), 'my own report');
    const r = await runBin(d, ['rollup', 'accounts', '-o', 'report.xlsx', '--as-of', AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report.xlsx 已存在且不是 ka-sales 汇总表，未覆盖');
    expect(readFileSync(join(d, 'report.xlsx'), 'utf8')).toBe('my own report');
    expect((await runBin(d, ['rollup', 'accounts', '-o', 'report.xlsx', '--force', '--as-of', AS_OF])).code).toBe(0);
    expect(await isSummary(join(d, 'report.xlsx'))).toBe(true);
    // Week two: the summary is ours, replaced without --force.
    expect((await runBin(d, ['rollup', 'accounts', '-o', 'report.xlsx', '--as-of', AS_OF])).code).toBe(0);
    // A summary inside the folder it rolls up is skipped as an input, not refused.
    expect((await runBin(d, ['rollup', 'accounts', '-o', join('accounts', 'summary.xlsx'), '--as-of', AS_OF])).code).toBe(0);
    const again = await runBin(d, ['rollup', 'accounts', '-o', join('accounts', 'summary.xlsx'), '--json', '--as-of', AS_OF]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).rows).toHaveLength(3);
  });
});

describe('one account, one row', () => {
  test('an exported .json beside its .xlsx: one row, and a problem naming both files (also on 无法读取)', async () => {
    const d = folder();
    const acc = join(d, 'accounts');
    mkdirSync(acc);
    writeFileSync(join(d, 'a.json'), JSON.stringify(samples[0]));
    expect((await runBin(d, ['build', 'a.json', '-o', join('accounts', 'X.xlsx')])).code).toBe(0);
    expect((await runBin(d, ['export', join('accounts', 'X.xlsx'), '-o', 'accounts'])).code).toBe(0);
    // Spelled a little differently: full-width letters, spaces around — the same customer.
    writeFileSync(
      join(acc, 'Y.json'),
      JSON.stringify({ ...samples[0], overview: { ...samples[0].overview, customerName: `  ${samples[0].overview.customerName}  ` } }),
    );
    const r = await runBin(d, ['rollup', 'accounts', '-o', 'summary.xlsx', '--json', '--as-of', AS_OF]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: { file: string }) => x.file)).toEqual([join('accounts', 'X.json')]);
    expect(out.errors).toEqual([
      expect.objectContaining({
        file: join('accounts', 'X.xlsx'),
        kind: 'duplicate',
        message: expect.stringContaining(join('accounts', 'X.json')),
      }),
      expect.objectContaining({
        file: join('accounts', 'Y.json'),
        kind: 'duplicate',
        message: expect.stringContaining(join('accounts', 'X.json')),
      }),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(d, 'summary.xlsx'));
    const tab = wb.getWorksheet(ROLLUP_TABS.unreadable.zh)!;
    const listed: string[] = [];
    tab.eachRow((row, i) => i > 1 && listed.push(`${row.getCell(1).value} ${row.getCell(2).value}`));
    expect(listed).toEqual([
      `${join('accounts', 'X.xlsx')} 重复的客户（只计一次）`,
      `${join('accounts', 'Y.json')} 重复的客户（只计一次）`,
    ]);
  });
});

describe('special files and sizes: refused before reading', () => {
  test('a FIFO, /dev/zero, a folder, a socket and an oversized file: exit 2 at once, one line each', async () => {
    const d = folder();
    execFileSync('mkfifo', [join(d, 'pipe.json')]);
    symlinkSync('/dev/zero', join(d, 'zero.json'));
    symlinkSync('/dev/zero', join(d, 'zero.xlsx'));
    mkdirSync(join(d, 'folder.json'));
    writeFileSync(join(d, 'huge.json'), '');
    truncateSync(join(d, 'huge.json'), 40 * 1024 * 1024);
    const server = createServer();
    await new Promise<void>((ok) => server.listen(join(d, 'sock.json'), ok));
    try {
      const bad = ['pipe.json', 'zero.json', 'zero.xlsx', 'folder.json', 'sock.json', 'huge.json'];
      for (const cmd of ['validate', 'score']) {
        const r = await runBin(d, [cmd, '--json', ...bad], 20_000);
        expect({ cmd, code: r.code, signal: r.signal }).toEqual({ cmd, code: 2, signal: null });
        expect(r.ms).toBeLessThan(15_000);
        const lines = stderrLines(r.stderr);
        expect(lines).toEqual([
          'ka-sales: pipe.json: 不是普通文件（命名管道），未读取；请给出客户文件（.json 或 .xlsx）',
          'ka-sales: zero.json: 不是普通文件（设备），未读取；请给出客户文件（.json 或 .xlsx）',
          'ka-sales: zero.xlsx: 不是普通文件（设备），未读取；请给出客户文件（.json 或 .xlsx）',
          'ka-sales: folder.json: 不是普通文件（文件夹），未读取；请给出客户文件（.json 或 .xlsx）',
          'ka-sales: sock.json: 不是普通文件（套接字），未读取；请给出客户文件（.json 或 .xlsx）',
          expect.stringMatching(/^ka-sales: huge\.json: 文件大小 40 MB，超过上限 32 MB，未读取/),
        ]);
        expect(JSON.parse(r.stdout).map((e: { file: string }) => e.file)).toEqual(bad);
      }
      for (const cmd of [
        ['build', 'pipe.json'],
        ['export', 'zero.xlsx'],
        ['upgrade', 'zero.xlsx'],
        ['rollup', 'pipe.json', 'zero.xlsx', '--json'],
      ]) {
        const r = await runBin(d, cmd, 20_000);
        expect({ cmd, code: r.code }).toEqual({ cmd, code: 2 });
      }
    } finally {
      server.close();
    }
  });
});

describe('no personal data in any message', () => {
  const slip = '{"schemaVersion": 1, "overview": {"customerName": "临江市财政局",\n  "family": "妻子在市一医院工作" "hobbies": "钓鱼"}}';

  test('a JSON syntax slip next to a personal field: line and column only, in stderr, --json and on 无法读取', async () => {
    const d = folder();
    const acc = join(d, 'accounts');
    mkdirSync(acc);
    writeFileSync(join(acc, 'slip.json'), slip);
    writeFileSync(join(acc, 'good.json'), JSON.stringify(samples[0]));
    const v = await runBin(d, ['validate', '--json', join('accounts', 'slip.json')]);
    expect(v.code).toBe(2);
    expect(JSON.parse(v.stdout)).toEqual({
      file: join('accounts', 'slip.json'),
      error: `${join('accounts', 'slip.json')}: 不是有效的 JSON（第 2 行第 25 列：此处应为逗号或右括号），请在该处修正`,
      code: 'json.syntax',
    });
    const r = await runBin(d, ['rollup', 'accounts', '-o', 'summary.xlsx', '--json', '--as-of', AS_OF]);
    const everything = [v.stdout, v.stderr, r.stdout, r.stderr].join('\n');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(d, 'summary.xlsx'));
    const cells: string[] = [];
    wb.worksheets.forEach((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text)))));
    for (const text of [everything, cells.join('\n')]) {
      expect(text).not.toContain('妻子');
      expect(text).not.toContain('钓鱼');
    }
    expect(cells.join('\n')).toContain('第 2 行第 25 列');
  });

  test('a 60,000-character value is echoed cut to 40 characters', async () => {
    const d = folder();
    writeFileSync(join(d, 'v.json'), JSON.stringify({ schemaVersion: 'v'.repeat(60_000), overview: {} }));
    writeFileSync(join(d, 'w.json'), JSON.stringify({ ...samples[0], overview: { ...samples[0].overview, stage: '阶'.repeat(60_000) } }));
    for (const lang of ['zh', 'en']) {
      const r = await runBin(d, ['validate', '--json', '--lang', lang, 'v.json', 'w.json']);
      const text = r.stdout + r.stderr;
      expect(text).not.toContain('v'.repeat(41));
      expect(text).not.toContain('阶'.repeat(41));
      expect(text).toContain(`${'v'.repeat(40)}…`);
      expect(text.length).toBeLessThan(5000);
    }
  });
});

describe('what a JSON file holds, exactly', () => {
  test('invalid UTF-8 is refused with line and column (never read as U+FFFD)', async () => {
    const d = folder();
    const good = Buffer.from(JSON.stringify(samples[0], null, 2));
    const at = good.indexOf(Buffer.from('临江'));
    writeFileSync(join(d, 'latin1.json'), Buffer.concat([good.subarray(0, at), Buffer.from([0xc1, 0xd9]), good.subarray(at + 6)]));
    for (const cmd of ['validate', 'build']) {
      const r = await runBin(d, [cmd, 'latin1.json']);
      expect({ cmd, code: r.code }).toEqual({ cmd, code: 2 });
      expect(r.stderr).toMatch(/^ka-sales: latin1\.json: 不是 UTF-8 文本（第 \d+ 行第 \d+ 列有无效字节），请将文件另存为 UTF-8\n$/);
    }
  });

  test('a key twice in one object is a problem naming the key and both lines; build reports it too', async () => {
    const d = folder();
    const text = JSON.stringify(samples[0], null, 2).replace('"stage": ', '"stage": "潜在",\n    "stage": ');
    writeFileSync(join(d, 'dup.json'), text);
    const r = await runBin(d, ['validate', '--json', 'dup.json']);
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('"stage": "潜在"')) + 1;
    expect(JSON.parse(r.stdout).problems).toContainEqual({
      path: 'overview.stage',
      rule: 'duplicate-key',
      message: `字段 "overview.stage" 在同一对象中出现了两次（第 ${line} 行和第 ${line + 1} 行），只读取了后一个；请删除其中一个`,
      line: line + 1,
      column: 5,
    });
    const b = await runBin(d, ['build', 'dup.json', '-o', 'dup.xlsx']);
    expect(b.code).toBe(1);
    expect(b.stdout).toContain('[duplicate-key] overview.stage');
  });

  test('the duplicate-key scan is linear in the size of the file', () => {
    const doc = (k: number) =>
      JSON.stringify({ schemaVersion: 1, keyPeople: Array.from({ length: k }, (_, i) => ({ name: `n${i}`, visitNo: 1, visitNo2: 2 })) });
    const time = (s: string) => {
      const t0 = process.hrtime.bigint();
      scanJson('x.json', s);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const small = doc(20_000);
    const big = doc(80_000);
    time(small);
    const t1 = Math.min(time(small), time(small));
    const t4 = Math.min(time(big), time(big));
    expect(t4 / t1).toBeLessThan(8);
  });
});

describe('bounded work', () => {
  const example = () => JSON.parse(JSON.stringify(samples[0])) as Record<string, any>;

  test('5,000 visits build (no stack overflow), and 60,000 empty rows validate', async () => {
    const d = folder();
    // Bounded work, measured against the machine as it is now: each command is killed after 40 times a one-account
    // build run just before it (idle: ~1.5 s for one account, ~20 s for 5,000 visits; a busy machine stretches
    // both alike), never sooner than 120 s and never later than 13 minutes.
    writeFileSync(join(d, 'one.json'), JSON.stringify(example()));
    const one = await runBin(d, ['build', 'one.json', '-o', 'one.xlsx'], 120_000);
    expect(one.code).toBe(0);
    const limit = Math.min(800_000, Math.max(120_000, 40 * one.ms));
    const a = example();
    const v = a.keyPeople[0];
    a.keyPeople = Array.from({ length: 5000 }, (_, i) => ({ ...v, visitNo: i + 1 }));
    writeFileSync(join(d, 'big.json'), JSON.stringify(a));
    const b = await runBin(d, ['build', 'big.json', '-o', 'big.xlsx'], limit);
    expect({ limit, ms: b.ms, signal: b.signal }).toEqual({ limit, ms: b.ms, signal: null });
    expect([b.code, b.stderr]).toEqual([0, `已写入 big.xlsx\n`]);
    const e = example();
    e.keyPeople = [...e.keyPeople, ...Array.from({ length: 60_000 }, () => ({}))];
    e.roleMap = Array.from({ length: 60_000 }, () => ({}));
    writeFileSync(join(d, 'empty.json'), JSON.stringify(e));
    const r = await runBin(d, ['validate', '--json', 'empty.json'], limit);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout).problems as Array<{ path: string; rule: string }>;
    // Every empty visit lacks the same required fields; the last row is reported like the first.
    const last = e.keyPeople.length - 1;
    const perRow = problems.filter((p) => p.path.startsWith(`keyPeople.${last}.`)).length;
    expect(perRow).toBeGreaterThan(0);
    expect(problems.filter((p) => p.rule === 'required' && p.path.startsWith('keyPeople.')).length).toBe(60_000 * perRow);
    expect(problems).toContainEqual(expect.objectContaining({ path: `keyPeople.${last}.name`, rule: 'required' }));
    expect(statSync(join(d, 'empty.json')).size).toBeGreaterThan(0);
  }, 1_800_000);

  test('locating problems is linear: twice the visits with unknown fields, about twice the time', () => {
    const make = (k: number) => {
      const a = example();
      a.keyPeople = Array.from({ length: k }, (_, i) => ({ ...a.keyPeople[0], visitNo: i + 1, extra1: 'x', extra2: 'y' }));
      return parseAccountJson(JSON.stringify(a));
    };
    const time = (k: number) => {
      const { raw, account } = make(k);
      const t0 = process.hrtime.bigint();
      const located = locateProblems(validateAccount(raw, 'zh'), renderedLocations(account, 'zh'));
      expect(located.filter((p) => p.rule === 'unknown-field')).toHaveLength(2 * k);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    time(500);
    const t1 = Math.min(time(1000), time(1000));
    const t2 = Math.min(time(4000), time(4000));
    // Quadratic would be 16 times; linear is 4 (with room for a busy machine).
    expect(t2 / t1).toBeLessThan(9);
  });
});
