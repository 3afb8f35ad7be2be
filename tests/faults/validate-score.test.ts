/**
 * Fault suite, surface 1: `validate` and `score` on malformed accounts.
 *
 * In process: validation never throws and names every injected fault at its
 * place; scoring never throws and stays in range. On files, as a user runs
 * the command line: the exit code is 0, 1 or 2 — 2 only for a file that
 * cannot be read; exit 1 lists every problem the domain finds, one line each;
 * stderr holds one line per message, never a stack trace or a control
 * character; the input files are byte-identical afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UnreadableAccountError, parseAccountJson, toAccount } from '../../src/domain/account';
import { assessAccount } from '../../src/domain/assessment';
import { type Problem, validateAccount } from '../../src/domain/validate';
import { type Fault, type Malformed, damagedJson, malformedAccount, runs } from './arbitraries';
import { ensureBuilt, runBin, stderrLines, stdoutLines } from '../support/cli';

const AS_OF = '2026-11-01';
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** A fault is reported when a problem names its path or an ancestor of it (a wrong list is reported as the list). */
function reported(problems: Problem[], f: Fault): boolean {
  return problems.some((p) => (p.path === f.path || f.path.startsWith(`${p.path}.`)) && (!f.rules || f.rules.includes(p.rule)));
}

function unreported(problems: Problem[], m: Malformed): string[] {
  return m.faults.filter((f) => !reported(problems, f)).map((f) => f.what);
}

describe('in process', () => {
  test('validation never throws and reports every injected fault at its place, in both locales', () => {
    fc.assert(
      fc.property(malformedAccount(), fc.constantFrom<'zh' | 'en'>('zh', 'en'), (m, locale) => {
        const problems = validateAccount(m.doc, locale);
        expect(unreported(problems, m)).toEqual([]);
        for (const p of problems) {
          expect(typeof p.path).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
          // A quoted value is cut short: a 50,000-character value does not make a 50,000-character message.
          expect(p.message.length).toBeLessThan(600);
        }
        if (m.faults.length) expect(problems.length).toBeGreaterThan(0);
      }),
      { numRuns: runs(150) },
    );
  });

  test('scoring never throws on what validation rejects, and every score stays in 0–100', () => {
    fc.assert(
      fc.property(malformedAccount(), (m) => {
        const a = assessAccount(toAccount(m.doc), AS_OF);
        for (const s of [
          a.opp,
          a.real,
          a.worth,
          a.win,
          a.completeness.opportunity,
          a.completeness.competitiveness,
          ...a.competitors.map((c) => c.win),
        ]) {
          expect(Number.isInteger(s) && s >= 0 && s <= 100).toBe(true);
        }
      }),
      { numRuns: runs(150) },
    );
  });

  test('a document that is not an account this version reads gives one UnreadableAccountError line, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          malformedAccount().map((m) => Buffer.from(JSON.stringify(m.doc))),
          damagedJson.map((d) => d.bytes),
        ),
        (bytes) => {
          try {
            const { raw } = parseAccountJson(bytes.toString('utf8'));
            expect((raw as { schemaVersion?: unknown }).schemaVersion).toBe(1);
            validateAccount(raw);
          } catch (e) {
            expect(e).toBeInstanceOf(UnreadableAccountError);
            expect((e as Error).message).not.toMatch(/[\r\n]/);
          }
        },
      ),
      { numRuns: runs(100) },
    );
  });
});

/** What the domain says of a file's bytes, as `loadAccount` reads a .json file. */
function expected(bytes: Buffer): { readable: false } | { readable: true; raw: unknown; problems: Problem[] } {
  try {
    const { raw } = parseAccountJson(bytes.toString('utf8'));
    return { readable: true, raw, problems: validateAccount(raw, 'zh') };
  } catch (e) {
    if (e instanceof UnreadableAccountError) return { readable: false };
    throw e;
  }
}

describe(`the command line on files (seed ${SEED})`, () => {
  let dir: string;
  const files: Array<{ name: string; bytes: Buffer; what: string; exp: ReturnType<typeof expected> }> = [];
  const readable = () => files.filter((f) => f.exp.readable);

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ka-faults-vs-'));
    const docs = fc.sample(malformedAccount(), { numRuns: 30, seed: SEED });
    const damaged = fc.sample(damagedJson, { numRuns: 10, seed: SEED + 1 });
    docs.forEach((m, i) =>
      files.push({
        name: `${String(i).padStart(2, '0')} 客户 ${i}.json`,
        bytes: Buffer.from(JSON.stringify(m.doc, null, i % 2 ? 2 : 0)),
        what: m.faults.map((f) => f.what).join('; '),
        exp: { readable: false },
      }),
    );
    damaged.forEach((d, i) => files.push({ name: `d${i}.json`, bytes: d.bytes, what: d.what, exp: { readable: false } }));
    for (const f of files) {
      writeFileSync(join(dir, f.name), f.bytes);
      f.exp = expected(f.bytes);
    }
  });

  afterAll(() => {
    for (const f of files) expect([f.name, readFileSync(join(dir, f.name)).equals(f.bytes)]).toEqual([f.name, true]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('validate --json: exit 2 with one line per unreadable file; every problem of every readable file, as the domain finds it', async () => {
    const r = await runBin(dir, ['validate', '--json', ...files.map((f) => f.name)]);
    const unreadable = files.filter((f) => !f.exp.readable);
    expect(r.code).toBe(unreadable.length ? 2 : readable().some((f) => f.exp.readable && f.exp.problems.length) ? 1 : 0);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(unreadable.length);
    unreadable.forEach((f, i) => expect(lines[i].startsWith(`ka-sales: ${f.name}: `)).toBe(true));
    // One entry per file named, in order: the unreadable ones as {file, error, code}.
    const out = JSON.parse(r.stdout) as Array<{ file: string; problems?: Problem[]; error?: string }>;
    expect(out.map((o) => o.file)).toEqual(files.map((f) => f.name));
    out.forEach((o, i) => {
      const exp = files[i].exp;
      if (exp.readable) expect(o.problems).toEqual(exp.problems);
      else expect(o).toEqual({ file: files[i].name, error: expect.stringMatching(/^\S[^\r\n]*$/), code: expect.any(String) });
    });
  });

  test('validate (text): exit 1 lists every problem on its own line, or says there is none', async () => {
    const ok = readable();
    const r = await runBin(dir, ['validate', ...ok.map((f) => f.name)]);
    const total = ok.reduce((n, f) => n + (f.exp.readable ? f.exp.problems.length : 0), 0);
    expect(r.code).toBe(total ? 1 : 0);
    expect(r.stderr).toBe('');
    const lines = stdoutLines(r.stdout);
    let at = 0;
    for (const f of ok) {
      const problems = f.exp.readable ? f.exp.problems : [];
      if (!problems.length) expect(lines[at++]).toBe(`${f.name}: 没有问题`);
      for (const p of problems) expect(lines[at++].startsWith(`${f.name}: [${p.rule}] ${p.path}: `)).toBe(true);
    }
    expect(at).toBe(lines.length);
  });

  test('score --json: every readable account scored as the domain scores it, its problems on stderr one line each', async () => {
    const ok = readable();
    const r = await runBin(dir, ['score', '--json', '--as-of', AS_OF, ...ok.map((f) => f.name)]);
    const total = ok.reduce((n, f) => n + (f.exp.readable ? f.exp.problems.length : 0), 0);
    expect(r.code).toBe(total ? 1 : 0);
    const out = JSON.parse(r.stdout);
    const list = ok.length === 1 ? [out] : out;
    expect(list).toHaveLength(ok.length);
    ok.forEach((f, i) => {
      const exp = f.exp as { raw: unknown; problems: Problem[] };
      const a = assessAccount(toAccount(exp.raw), AS_OF);
      expect(list[i]).toEqual(JSON.parse(JSON.stringify({ file: f.name, ...a, problems: exp.problems.length })));
    });
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(total);
  });

  test('score (text, English) over every file: exit 2, one line per unreadable file and per problem', async () => {
    const r = await runBin(dir, ['score', '--lang', 'en', '--as-of', AS_OF, ...files.map((f) => f.name)]);
    const unreadable = files.filter((f) => !f.exp.readable);
    const total = readable().reduce((n, f) => n + (f.exp.readable ? f.exp.problems.length : 0), 0);
    expect(r.code).toBe(unreadable.length ? 2 : total ? 1 : 0);
    expect(stderrLines(r.stderr)).toHaveLength(unreadable.length + total);
    stdoutLines(r.stdout);
  });
});
