/**
 * The built command line, run as a user runs it: `node bin/ka-sales.js …`.
 * Accounts are written as files into a temporary folder by each test.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_SCORES } from '../fixtures/example-expected';
import { type Run, ROOT, ensureBuilt, runBin } from '../support/cli';

const EXAMPLE = join(ROOT, 'tests', 'fixtures', 'example-account.json');
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ka-sales-cli-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the command line in the temp folder; tests run concurrently. */
const run = (...args: string[]): Promise<Run> => runBin(dir, args, 60_000);

type Raw = Record<string, any>;
const example = (): Raw => JSON.parse(readFileSync(EXAMPLE, 'utf8'));

let fileNo = 0;
/** Writes a file into the temp folder (a fresh name each time: tests run concurrently) and returns its path. */
function write(name: string, content: string | Raw): string {
  fileNo += 1;
  const file = join(dir, `${fileNo}-${name}`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function exampleWith(name: string, change: (a: Raw) => void): string {
  const a = example();
  change(a);
  return write(name, a);
}

/** Error output: every line is one error of ours or commander's, never a stack frame. */
function expectCleanErrors(stderr: string, lines?: number): string[] {
  const ls = stderr.split('\n').filter((l) => l !== '');
  for (const l of ls) {
    expect(l).not.toMatch(/^\s+at /);
    expect(l).not.toMatch(/\bat .*\.(c?js|ts):\d+/);
  }
  expect(stderr).not.toMatch(/Error:\s*$/m);
  if (lines !== undefined) expect(ls).toHaveLength(lines);
  return ls;
}

describe('score --json', () => {
  test.concurrent('the example account as of 2026-11-01', async () => {
    const r = await run('score', EXAMPLE, '--json', '--as-of', '2026-11-01');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject(EXAMPLE_SCORES);
  });

  test.concurrent('as of 2026-11-27 the only red flag is stale', async () => {
    const r = await run('score', EXAMPLE, '--json', '--as-of', '2026-11-27');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).redFlags).toEqual(['stale']);
  });

  test.concurrent('stale boundary: 30 days after 2026-10-12 is not stale, 31 is', async () => {
    expect(JSON.parse((await run('score', EXAMPLE, '--json', '--as-of', '2026-11-11')).stdout).redFlags).toEqual([]);
    expect(JSON.parse((await run('score', EXAMPLE, '--json', '--as-of', '2026-11-12')).stdout).redFlags).toEqual(['stale']);
  });

  test.concurrent('several files give an array in the order given', async () => {
    const noComp = exampleWith('no-competitor.json', (a) => {
      a.competitiveness.competitors = [];
      for (const it of a.competitiveness.items) it.competitors = [];
    });
    const r = await run('score', EXAMPLE, noComp, '--json', '--as-of', '2026-11-01');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out)).toBe(true);
    expect(out.map((o: Raw) => o.lead)).toEqual([20, null]);
    expect(out[1].bestCompetitor).toBeNull();
    expect(out[1].competitors).toEqual([]);
    expect(out[1].verdict).toBe('pursue');
  });

  test.concurrent('full-width marks score like half-width ones', async () => {
    const full = exampleWith('full-width.json', (a) => {
      const fw: Record<string, string> = { '+': '＋', '-': '－', '?': '？' };
      for (const it of a.opportunity.items) it.mark = fw[it.mark];
      for (const it of a.competitiveness.items) {
        it.us = fw[it.us];
        it.competitors = it.competitors.map((m: string) => fw[m]);
      }
    });
    const a = JSON.parse((await run('score', EXAMPLE, '--json', '--as-of', '2026-11-01')).stdout);
    const r = await run('score', full, '--json', '--as-of', '2026-11-01');
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout);
    expect({ ...b, file: '' }).toEqual({ ...a, file: '' });
  });

  test.concurrent('a not-real late-stage account with red flags', async () => {
    const f = exampleWith('not-real.json', (a) => {
      a.opportunity.items[3].mark = '-';
      a.keyPeople[1].couldCoach = '否';
      a.roleMap = a.roleMap.filter((r: Raw) => r.role !== '教练');
    });
    const out = JSON.parse((await run('score', f, '--json', '--as-of', '2026-11-01')).stdout);
    expect(out.verdict).toBe('not-real');
    expect(out.real).toBe(80);
    expect(out.redFlags).toEqual(['no-coach', 'no-budget', 'not-real-late-stage']);
  });
});

describe('score, for people', () => {
  test.concurrent('zh-CN by default', async () => {
    const r = await run('score', EXAMPLE, '--as-of', '2026-11-27');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('临江市财政局');
    expect(r.stdout).toContain('OPP_SCORE 80');
    expect(r.stdout).toContain('结论：追');
    expect(r.stdout).toContain('(stale)');
  });

  test.concurrent('--lang en', async () => {
    const r = await run('score', EXAMPLE, '--as-of', '2026-11-01', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict: Pursue');
    expect(r.stdout).toContain('Red flags: none');
    expect(r.stdout).not.toContain('结论');
  });
});

describe('exit 1: the input has problems, all of them listed', () => {
  const bad = () =>
    exampleWith('bad.json', (a) => {
      a.keyPeople[0].age = 17;
      a.keyPeople[1].birthday = '02-30';
      a.opportunity.items[9].mark = 'x';
      a.overview.budget = -1;
    });
  const expected = ['range overview.budget', 'range keyPeople.0.age', 'date keyPeople.1.birthday', 'mark opportunity.items.9.mark'];

  test.concurrent('validate lists every problem, one line each', async () => {
    const f = bad();
    const r = await run('validate', f);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    for (const [i, e] of expected.entries()) {
      const [rule, path] = e.split(' ');
      expect(lines.some((l) => l.includes(`[${rule}] ${path}:`))).toBe(true);
      expect(lines[i].startsWith(`${f}: `)).toBe(true);
    }
    expect(r.stdout).toContain('年龄');
  });

  test.concurrent('validate --json prints {file, problems: [{path, rule, message}]}', async () => {
    const f = bad();
    const r = await run('validate', f, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['file', 'problems']);
    expect(out.file).toBe(f);
    expect(out.problems.map((p: Raw) => `${p.rule} ${p.path}`).sort()).toEqual([...expected].sort());
    for (const p of out.problems) {
      expect(Object.keys(p).sort()).toEqual(['message', 'path', 'rule']);
      expect(p.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test.concurrent('validate --json --lang en gives English messages', async () => {
    const out = JSON.parse((await run('validate', bad(), '--json', '--lang', 'en')).stdout);
    const age = out.problems.find((p: Raw) => p.path === 'keyPeople.0.age');
    expect(age.message).toBe('Age must be between 18 and 90, not 17');
  });

  test.concurrent('score still scores, exits 1 and lists the problems on stderr', async () => {
    const r = await run('score', bad(), '--json', '--as-of', '2026-11-01');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.opp).toBe(70); // the invalid mark counts as not met
    expect(out.problems).toBe(4);
    const lines = expectCleanErrors(r.stderr, 4);
    for (const e of expected) expect(lines.some((l) => l.includes(`[${e.split(' ')[0]}] ${e.split(' ')[1]}:`))).toBe(true);
  });

  test.concurrent('a value with a line break still gives one line per problem', async () => {
    const f = exampleWith('newline.json', (a) => {
      a.overview.stage = '方案\n谈判';
    });
    const r = await run('validate', f);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  test.concurrent('with one good and one bad file, the worse exit code wins and both are reported', async () => {
    const r = await run('validate', EXAMPLE, bad(), '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.map((o: Raw) => o.problems.length)).toEqual([0, 4]);
  });

  test.concurrent('neither command changes the file', async () => {
    const f = bad();
    const before = readFileSync(f);
    await run('validate', f);
    await run('score', f, '--json');
    expect(readFileSync(f).equals(before)).toBe(true);
  });
});

describe('exit 0 for a valid file', () => {
  test.concurrent('validate says so', async () => {
    const r = await run('validate', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('没有问题');
    expect((await run('validate', EXAMPLE, '--lang', 'en')).stdout).toContain('no problems');
  });
  test.concurrent('validate --json has an empty problem list', async () => {
    const r = await run('validate', EXAMPLE, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ file: EXAMPLE, problems: [] });
  });
});

describe('exit 2: usage errors and unreadable input, one line each', () => {
  test.concurrent('missing file', async () => {
    const r = await run('score', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    const [line] = expectCleanErrors(r.stderr, 1);
    expect(line).toContain('nope.json');
    expect(line).toContain('文件或文件夹不存在');
  });

  test.concurrent('invalid JSON', async () => {
    const f = write('broken.json', '{"schemaVersion": 1,');
    for (const cmd of ['score', 'validate']) {
      const r = await run(cmd, f);
      expect(r.code).toBe(2);
      const [line] = expectCleanErrors(r.stderr, 1);
      expect(line).toContain('broken.json');
      expect(line).toMatch(/JSON/);
    }
  });

  test.concurrent.each([
    ['newer', 2],
    ['text', '1'],
    ['missing', undefined],
  ])('unknown schemaVersion (%s)', async (name, v) => {
    const f = exampleWith(`version-${name}.json`, (a) => {
      if (v === undefined) delete a.schemaVersion;
      else a.schemaVersion = v;
    });
    for (const cmd of ['score', 'validate']) {
      const r = await run(cmd, f, '--json');
      expect(r.code).toBe(2);
      const [line] = expectCleanErrors(r.stderr, 1);
      expect(line).toContain('schemaVersion');
    }
  });

  test.concurrent('the JSON is not an object', async () => {
    const r = await run('validate', write('array.json', '[1, 2]'));
    expect(r.code).toBe(2);
    expectCleanErrors(r.stderr, 1);
  });

  test.concurrent.each(['2026-02-30', '2026-13-01', 'tomorrow', '26-11-01', ''])('bad --as-of %j', async (d) => {
    const r = await run('score', EXAMPLE, '--as-of', d);
    expect(r.code).toBe(2);
    const [line] = expectCleanErrors(r.stderr, 1);
    expect(line).toContain('--as-of');
    expect(r.stdout).toBe('');
  });

  test.concurrent('bad --lang', async () => {
    const r = await run('validate', EXAMPLE, '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(expectCleanErrors(r.stderr, 1)[0]).toContain('--lang');
  });

  test.concurrent('unknown option', async () => {
    const r = await run('score', EXAMPLE, '--bogus');
    expect(r.code).toBe(2);
    expect(expectCleanErrors(r.stderr, 1)[0]).toContain('--bogus');
  });

  test.concurrent('unknown command', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expectCleanErrors(r.stderr);
  });

  test.concurrent('no arguments at all', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/用法： ka-sales/);
    expectCleanErrors(r.stderr);
  });

  test.concurrent('a command without files', async () => {
    for (const cmd of ['score', 'validate']) {
      const r = await run(cmd);
      expect(r.code).toBe(2);
      expectCleanErrors(r.stderr, 1);
    }
  });

  test.concurrent('an unsupported file type', async () => {
    const r = await run('score', write('notes.txt', 'hello'));
    expect(r.code).toBe(2);
    expect(expectCleanErrors(r.stderr, 1)[0]).toContain('.txt');
  });

  test.concurrent('an unreadable file next to a good one: exit 2, the good one is still scored', async () => {
    const r = await run('score', EXAMPLE, join(dir, 'missing.json'), '--json', '--as-of', '2026-11-01');
    expect(r.code).toBe(2);
    expectCleanErrors(r.stderr, 1);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[0].opp).toBe(80);
    expect(out[1]).toEqual({ file: expect.stringContaining('missing'), error: expect.stringContaining('不存在'), code: 'fs.ENOENT' });
  });
});

describe('--help', () => {
  test.concurrent('exits 0 and names the commands', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('score');
    expect(r.stdout).toContain('validate');
  });
  test.concurrent.each([
    ['score', ['--json', '--as-of', '--lang']],
    ['validate', ['--json', '--lang']],
  ])('%s --help', async (cmd, opts) => {
    const r = await run(cmd, '--help');
    expect(r.code).toBe(0);
    for (const o of opts) expect(r.stdout).toContain(o);
  });
});
