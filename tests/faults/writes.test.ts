/**
 * Fault suite: every command that writes, killed with SIGKILL at random
 * points, and writers racing for one output (issue #9, "atomic writes").
 *
 * After each kill the target is the old file, byte for byte, or a complete
 * new one (it reads back); a temp file left by a killed writer is removed by
 * the next run, and a lock left by one does not block it. Two roll-ups into
 * one file leave one valid summary; a loser says so and exits non-zero.
 * Permission bits are kept, and a symlink's target is written, the link kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { readPreviousSummary } from '../../src/xlsx/read-summary';
import { oldAccount, oldXlsx } from '../upgrade/support';
import { runs } from './arbitraries';
import { ROOT, ensureBuilt, runBin } from '../support/cli';

const AS_OF = '2026-11-01';
const BIN = join(ROOT, 'bin', 'ka-sales.js');
let root: string;

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'ka-faults-writes-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface KillRun {
  code: number | null;
  signal: string | null;
  ms: number;
  /** Killed while it held the lock of its output in the watched folder: it had begun writing. */
  killedWriting: boolean;
}

/** Whether the process `pid` holds a write lock in `dir` (the lock file holds the writer's pid) or has a temp file there. */
function holdsOutput(dir: string, pid: number | undefined): boolean {
  if (pid === undefined) return false;
  for (const n of readdirSync(dir)) {
    if (n.includes(`.ka-sales-${pid}-`)) return true;
    if (!n.endsWith('.ka-sales.lock')) continue;
    try {
      if (readFileSync(join(dir, n), 'utf8').split('\n')[0] === String(pid)) return true;
    } catch {
      // released meanwhile
    }
  }
  return false;
}

/**
 * Runs the CLI and SIGKILLs it: `afterMs` after the start, or, with `whenWriting`, as soon as it holds the lock of
 * its output in that folder (a writer takes it just before writing and holds it until the new file is in place).
 * Resolves with its exit code or signal, and whether the kill came while it was writing.
 */
function runKilled(cwd: string, args: string[], kill: { afterMs: number } | { whenWriting: string }): Promise<KillRun> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore' });
    let writing = false;
    const killNow = (dir: string) => {
      writing = holdsOutput(dir, child.pid);
      child.kill('SIGKILL');
    };
    const timer =
      'afterMs' in kill
        ? setTimeout(() => killNow(cwd), kill.afterMs)
        : setInterval(() => {
            if (holdsOutput(kill.whenWriting, child.pid)) killNow(kill.whenWriting);
          }, 1);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve({ code, signal, ms: Date.now() - t0, killedWriting: signal === 'SIGKILL' && writing });
    });
  });
}

/** Leftovers of our writer in a folder: temp files and locks. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.ka-sales-') || n.endsWith('.ka-sales.lock'));
}

interface Case {
  name: string;
  args: string[];
  /** The file whose state is checked after a kill. */
  target: string;
  /** Puts the old state in place before each run. */
  setup(): void;
  /** Whether the target's bytes are a complete new output. */
  isComplete(bytes: Buffer): Promise<boolean>;
}

const isSummary = (b: Buffer) => {
  try {
    return readPreviousSummary(b) !== null;
  } catch {
    return false;
  }
};

const readsAsAccount = async (b: Buffer) => {
  try {
    await readXlsxBuffer(b);
    return true;
  } catch {
    return false;
  }
};

async function cases(dir: string): Promise<Case[]> {
  const samples = sampleAccounts(AS_OF);
  const json = join(dir, 'account.json');
  writeFileSync(json, JSON.stringify(samples[0]));
  const workbook = join(dir, 'account.xlsx');
  writeFileSync(workbook, await accountWorkbookBuffer(samples[0]));
  const oldWorkbook = await accountWorkbookBuffer(samples[1]);
  const accounts = join(dir, 'accounts');
  mkdirSync(accounts);
  samples.slice(0, 4).forEach((a, i) => writeFileSync(join(accounts, `${i}.json`), JSON.stringify(a)));
  const summary = join(dir, 'summary.xlsx');
  await runBin(dir, ['rollup', 'accounts', '-o', summary, '--as-of', AS_OF]);
  const oldSummary = readFileSync(summary);
  const oldJson = Buffer.from('{"old": true}\n');
  const toUpgrade = join(dir, 'old.xlsx');
  const oldTemplate = await oldXlsx(oldAccount(), (a) => accountWorkbookBuffer(a, 'zh'));
  const put = (f: string, b: Buffer) => () => writeFileSync(f, b);
  return [
    {
      name: 'build --force',
      args: ['build', json, '-o', join(dir, 'built.xlsx'), '--force'],
      target: join(dir, 'built.xlsx'),
      setup: put(join(dir, 'built.xlsx'), oldWorkbook),
      isComplete: readsAsAccount,
    },
    {
      name: 'new --force',
      args: ['new', '临江市财政局', '-o', join(dir, 'new.xlsx'), '--force'],
      target: join(dir, 'new.xlsx'),
      setup: put(join(dir, 'new.xlsx'), oldWorkbook),
      isComplete: readsAsAccount,
    },
    {
      name: 'export --force',
      args: ['export', workbook, '-o', join(dir, 'export.json'), '--force'],
      target: join(dir, 'export.json'),
      setup: put(join(dir, 'export.json'), oldJson),
      isComplete: async (b) => {
        try {
          return JSON.parse(b.toString('utf8')).schemaVersion === 1;
        } catch {
          return false;
        }
      },
    },
    {
      name: 'rollup',
      args: ['rollup', accounts, '-o', summary, '--as-of', AS_OF],
      target: summary,
      setup: put(summary, oldSummary),
      isComplete: async (b) => isSummary(b),
    },
    {
      name: 'upgrade (in place)',
      args: ['upgrade', toUpgrade],
      target: toUpgrade,
      setup: () => {
        writeFileSync(toUpgrade, oldTemplate);
        for (const n of readdirSync(dir)) if (n.startsWith('old.bak-')) rmSync(join(dir, n));
      },
      isComplete: readsAsAccount,
    },
  ];
}

describe('kill -9 at random points', () => {
  let dir: string;
  let all: Case[];
  beforeAll(async () => {
    dir = join(root, 'kill');
    mkdirSync(dir);
    all = await cases(dir);
  });

  test.each(['build --force', 'new --force', 'export --force', 'rollup', 'upgrade (in place)'])(
    '%s: the target is the old file or a complete new one; the next run cleans up and succeeds',
    async (name) => {
      const c = all.find((x) => x.name === name) as Case;
      c.setup();
      const old = readFileSync(c.target);
      const full = await runKilled(dir, c.args, { afterMs: 600_000 });
      expect({ c: c.name, code: full.code }).toEqual({ c: c.name, code: expect.any(Number) });
      let killed = 0;
      let killedWriting = 0;
      const killedRun = async (kill: Parameters<typeof runKilled>[2]): Promise<KillRun> => {
        c.setup();
        const r = await runKilled(dir, c.args, kill);
        if (r.signal === 'SIGKILL') killed++;
        if (r.killedWriting) killedWriting++;
        const now = readFileSync(c.target);
        const same = now.equals(old);
        const complete = !same && (await c.isComplete(now));
        expect({ c: c.name, kill, oldOrComplete: same || complete }).toEqual({ c: c.name, kill, oldOrComplete: true });
        if (c.name.startsWith('upgrade')) {
          // A backup, if there is one, is the whole old file.
          for (const n of readdirSync(dir).filter((x) => x.startsWith('old.bak-')))
            expect(readFileSync(join(dir, n)).equals(old)).toBe(true);
        }
        return r;
      };
      // Kill points spread over the run, most of them in its second half where the writing happens; a run that
      // finishes first (the machine got less busy) shortens the runs the next points are taken from.
      let span = full.ms;
      for (let i = 0; i < runs(5); i++) {
        const r = await killedRun({ afterMs: Math.floor(span * (0.3 + Math.random() * 0.8)) });
        if (r.signal !== 'SIGKILL') span = Math.min(span, r.ms);
      }
      // Then kills that wait for the writing to begin, not timed to hope for it: however busy the machine, until
      // one landed while the writer held its output (a run that slips through between two looks is tried again).
      for (let tries = 0; killedWriting === 0 && tries < 30; tries++) await killedRun({ whenWriting: dir });
      // Not a test that cannot fail: runs were really killed, one at least while writing.
      expect({ c: c.name, killed: killed > 0, killedWriting: killedWriting > 0 }).toEqual({ c: c.name, killed: true, killedWriting: true });
      // The next run: leftovers of killed writers do not stop it, and it leaves none.
      c.setup();
      const again = await runKilled(dir, c.args, { afterMs: 600_000 });
      expect({ c: c.name, code: again.code !== null && again.code <= 1 }).toEqual({ c: c.name, code: true });
      expect(await c.isComplete(readFileSync(c.target))).toBe(true);
      expect(leftovers(dir)).toEqual([]);
    },
    900_000,
  );

  test('demo killed at random points: every file it leaves is complete', async () => {
    const dir = join(root, 'demo-kill');
    mkdirSync(dir);
    const full = await runKilled(dir, ['demo', '-o', 'out', '--as-of', AS_OF], { afterMs: 600_000 });
    expect(full.code).toBe(0);
    for (let i = 0; i < runs(4); i++) {
      await runKilled(dir, ['demo', '-o', 'out', '--as-of', AS_OF], { afterMs: Math.floor(full.ms * Math.random()) });
      for (const sub of ['json', 'accounts']) {
        const d = join(dir, 'out', sub);
        if (!existsSync(d)) continue;
        for (const n of readdirSync(d).filter((x) => !x.startsWith('.'))) {
          const b = readFileSync(join(d, n));
          if (n.endsWith('.json')) expect(() => JSON.parse(b.toString('utf8'))).not.toThrow();
          else expect(await readsAsAccount(b)).toBe(true);
        }
      }
    }
  }, 300_000);
});

describe('writers racing for one output', () => {
  test('two roll-ups into one file: one valid summary; a loser says so and exits non-zero', async () => {
    const dir = join(root, 'race');
    mkdirSync(dir);
    const accounts = join(dir, 'accounts');
    mkdirSync(accounts);
    sampleAccounts(AS_OF).forEach((a, i) => writeFileSync(join(accounts, `${i}.json`), JSON.stringify(a)));
    let lost = 0;
    for (let i = 0; i < runs(4); i++) {
      const [a, b] = await Promise.all([
        runBin(dir, ['rollup', 'accounts', '-o', 'summary.xlsx', '--as-of', AS_OF]),
        runBin(dir, ['rollup', 'accounts', '-o', 'summary.xlsx', '--as-of', AS_OF]),
      ]);
      for (const r of [a, b]) {
        if (r.code === 2) {
          lost++;
          expect(r.stderr).toMatch(/另一个 ka-sales（进程 \d+）正在写入此文件/);
        } else expect(r.code).toBe(1);
      }
      expect([a.code, b.code]).toContain(1);
      expect(await readPreviousSummary(readFileSync(join(dir, 'summary.xlsx')))).not.toBeNull();
      expect(leftovers(dir)).toEqual([]);
    }
    // Both may also succeed one after the other; either way nothing was corrupt.
    expect(lost).toBeGreaterThanOrEqual(0);
  });

  test('a lock held by a live process refuses the write (exit 2, the file unchanged); a lock or temp file of a dead one is cleaned up', async () => {
    const dir = join(root, 'locks');
    mkdirSync(dir);
    const json = join(dir, 'a.json');
    writeFileSync(json, JSON.stringify(sampleAccounts(AS_OF)[0]));
    writeFileSync(join(dir, 'a.xlsx'), 'old');
    writeFileSync(join(dir, '.a.xlsx.ka-sales.lock'), `${process.pid}\n${hostname()}\n`);
    const busy = await runBin(dir, ['build', 'a.json', '-o', 'a.xlsx', '--force']);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`另一个 ka-sales（进程 ${process.pid}）正在写入此文件`);
    expect(readFileSync(join(dir, 'a.xlsx'), 'utf8')).toBe('old');
    // The writer is gone (a pid that cannot exist), and it left a half-written temp file.
    writeFileSync(join(dir, '.a.xlsx.ka-sales.lock'), '2147483646\n');
    writeFileSync(join(dir, '.a.xlsx.ka-sales-2147483646-dead.tmp'), 'PK half');
    const ok = await runBin(dir, ['build', 'a.json', '-o', 'a.xlsx', '--force']);
    expect(ok.code).toBe(0);
    expect(await readsAsAccount(readFileSync(join(dir, 'a.xlsx')))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('what a write keeps', () => {
  test('the permission bits of the file it replaces, for build, export and upgrade', async () => {
    const dir = join(root, 'mode');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.json'), JSON.stringify(sampleAccounts(AS_OF)[0]));
    writeFileSync(join(dir, 'a.xlsx'), 'old');
    chmodSync(join(dir, 'a.xlsx'), 0o600);
    expect((await runBin(dir, ['build', 'a.json', '-o', 'a.xlsx', '--force'])).code).toBe(0);
    expect(statSync(join(dir, 'a.xlsx')).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, 'b.json'), 'old');
    chmodSync(join(dir, 'b.json'), 0o640);
    expect((await runBin(dir, ['export', 'a.xlsx', '-o', 'b.json', '--force'])).code).toBe(0);
    expect(statSync(join(dir, 'b.json')).mode & 0o777).toBe(0o640);
    writeFileSync(join(dir, 'old.xlsx'), await oldXlsx(oldAccount(), (a) => accountWorkbookBuffer(a, 'zh')));
    chmodSync(join(dir, 'old.xlsx'), 0o600);
    expect((await runBin(dir, ['upgrade', 'old.xlsx'])).code).toBe(0);
    expect(statSync(join(dir, 'old.xlsx')).mode & 0o777).toBe(0o600);
  });

  test('a symlink: its target is written and the link stays a link (upgrade in place, build --force)', async () => {
    const dir = join(root, 'link');
    mkdirSync(join(dir, 'real'), { recursive: true });
    const old = await oldXlsx(oldAccount(), (a) => accountWorkbookBuffer(a, 'zh'));
    writeFileSync(join(dir, 'real', 'old.xlsx'), old);
    symlinkSync(join('real', 'old.xlsx'), join(dir, 'link.xlsx'));
    const r = await runBin(dir, ['upgrade', 'link.xlsx']);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link.xlsx')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.xlsx'))).toBe(join('real', 'old.xlsx'));
    const now = readFileSync(join(dir, 'real', 'old.xlsx'));
    expect(now.equals(old)).toBe(false);
    expect(await readsAsAccount(now)).toBe(true);
    // The backup holds the old bytes.
    const backups = readdirSync(dir).filter((n) => n.startsWith('link.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0])).equals(old)).toBe(true);

    writeFileSync(join(dir, 'a.json'), JSON.stringify(sampleAccounts(AS_OF)[0]));
    copyFileSync(join(dir, 'real', 'old.xlsx'), join(dir, 'real', 'b.xlsx'));
    symlinkSync(join(dir, 'real', 'b.xlsx'), join(dir, 'b.xlsx'));
    expect((await runBin(dir, ['build', 'a.json', '-o', 'b.xlsx', '--force'])).code).toBe(0);
    expect(lstatSync(join(dir, 'b.xlsx')).isSymbolicLink()).toBe(true);
    expect((await readXlsxBuffer(readFileSync(join(dir, 'real', 'b.xlsx')))).account.overview.customerName).toBe(
      sampleAccounts(AS_OF)[0].overview.customerName,
    );
  });
});
