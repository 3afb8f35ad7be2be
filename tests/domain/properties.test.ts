/**
 * Property-based tests of the scoring rules (forms.md §7, §8) and of the
 * validator's guarantees, with fast-check.
 */
import fc from 'fast-check';
import { toAccount } from '../../src/domain/account';
import { type Assessment, assessAccount } from '../../src/domain/assessment';
import { type OppGroup, OPP_GROUPS, completeness, oppScore, passesRealTest, winScore } from '../../src/domain/scoring';
import { validateAccount } from '../../src/domain/validate';
import { AS_OF, deepFreeze, exampleRaw, rawAccount } from './fixtures';

const HALF = ['+', '-', '?', ''] as const;
const FULL: Record<string, string> = { '+': '＋', '-': '－', '?': '？', '': '' };

const halfMark = fc.constantFrom(...HALF);
const anyMark = fc.constantFrom('+', '-', '?', '', '＋', '－', '？', ' + ', null, undefined);
const ten = <T>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 10, maxLength: 10 });
const intWeight = fc.integer({ min: 0, max: 20 });
const anyWeight = fc.oneof(intWeight, fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }));
const group = fc.constantFrom<OppGroup>('real', 'worth', 'all');
const permutation = (n: number) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );

/** Half-up rounding of num/den × 100 in integer arithmetic: the reference the float code must match. */
function refScore(num: number, den: number): number {
  return den === 0 ? 0 : Math.floor((200 * num + den) / (2 * den));
}

describe('scores', () => {
  test('are whole numbers in 0–100, whatever the marks and weights', () => {
    fc.assert(
      fc.property(
        ten(fc.oneof(anyMark, fc.anything())),
        fc.option(fc.array(fc.oneof(anyWeight, fc.anything()), { maxLength: 12 })),
        group,
        (m, w, g) => {
          for (const s of [oppScore(m, g, w ?? undefined), winScore(m), completeness(m)]) {
            expect(Number.isInteger(s)).toBe(true);
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });

  test('OPP_SCORE with every weight 1 is round-half-up(100 × #+ / n)', () => {
    fc.assert(
      fc.property(ten(anyMark), group, fc.constantFrom(undefined, Array(10).fill(1)), (m, g, w) => {
        const idx = OPP_GROUPS[g];
        const plus = idx.filter((i) => typeof m[i] === 'string' && ['+', '＋'].includes((m[i] as string).trim())).length;
        expect(oppScore(m, g, w)).toBe(refScore(plus, idx.length));
      }),
    );
    fc.assert(
      fc.property(ten(anyMark), (m) => {
        const plus = m.filter((x) => typeof x === 'string' && ['+', '＋'].includes(x.trim())).length;
        expect(winScore(m)).toBe(10 * plus);
      }),
    );
  });

  test('weighted OPP_SCORE is 100 × Σ(w × met) / Σ(w), half up (integer weights, exact reference)', () => {
    fc.assert(
      fc.property(ten(halfMark), ten(intWeight), group, (m, w, g) => {
        const idx = OPP_GROUPS[g];
        const num = idx.reduce((s, i) => s + (m[i] === '+' ? w[i] : 0), 0);
        const den = idx.reduce((s, i) => s + w[i], 0);
        expect(oppScore(m, g, w)).toBe(refScore(num, den));
      }),
      { numRuns: 500 },
    );
  });

  test('completeness is round-half-up(100 × #assessed / 10)', () => {
    fc.assert(
      fc.property(ten(anyMark), (m) => {
        const filled = m.filter((x) => typeof x === 'string' && x.trim() !== '' && !['?', '？'].includes(x.trim())).length;
        expect(completeness(m)).toBe(10 * filled);
      }),
    );
  });

  test('permuting items within a group, with their weights, does not change the scores', () => {
    fc.assert(
      fc.property(ten(anyMark), ten(anyWeight), permutation(5), permutation(5), (m, w, pr, pw) => {
        const order = [...pr, ...pw.map((i) => i + 5)];
        const m2 = order.map((i) => m[i]);
        const w2 = order.map((i) => w[i]);
        for (const g of ['real', 'worth', 'all'] as const) expect(oppScore(m2, g, w2)).toBe(oppScore(m, g, w));
        expect(passesRealTest(m2)).toBe(passesRealTest(m));
        expect(completeness(m2)).toBe(completeness(m));
      }),
    );
  });

  test('WIN_SCORE and completeness do not depend on the order of the items', () => {
    fc.assert(
      fc.property(ten(anyMark), permutation(10), (m, p) => {
        const m2 = p.map((i) => m[i]);
        expect(winScore(m2)).toBe(winScore(m));
        expect(completeness(m2)).toBe(completeness(m));
      }),
    );
  });

  test('adding a + never lowers a score', () => {
    fc.assert(
      fc.property(ten(anyMark), fc.option(ten(anyWeight)), fc.nat(9), group, (m, w, i, g) => {
        const m2 = [...m];
        m2[i] = '+';
        expect(oppScore(m2, g, w ?? undefined)).toBeGreaterThanOrEqual(oppScore(m, g, w ?? undefined));
        expect(winScore(m2)).toBeGreaterThanOrEqual(winScore(m));
        expect(completeness(m2)).toBeGreaterThanOrEqual(completeness(m));
      }),
    );
  });

  test('a + in items 1–5 never makes a passing real test fail; a - always fails it', () => {
    fc.assert(
      fc.property(ten(anyMark), fc.nat(4), fc.constantFrom('-', '－'), (m, i, dash) => {
        const plus = [...m];
        plus[i] = '+';
        if (passesRealTest(m)) expect(passesRealTest(plus)).toBe(true);
        const minus = [...m];
        minus[i] = dash;
        expect(passesRealTest(minus)).toBe(false);
      }),
    );
  });

  test('completeness is monotone: filling a blank or ? never lowers it, clearing never raises it', () => {
    fc.assert(
      fc.property(
        ten(anyMark),
        fc.nat(9),
        fc.constantFrom('+', '-', '＋', '－'),
        fc.constantFrom('', '?', '？', null),
        (m, i, fill, clear) => {
          const filled = [...m];
          filled[i] = fill;
          const cleared = [...m];
          cleared[i] = clear;
          expect(completeness(filled)).toBeGreaterThanOrEqual(completeness(m));
          expect(completeness(cleared)).toBeLessThanOrEqual(completeness(m));
          expect(completeness(filled) - completeness(cleared)).toBe(10);
        },
      ),
    );
  });
});

// ------------------------------------------------------------ whole accounts

interface Marks {
  opp: string[];
  us: string[];
  comps: string[][];
  weights: number[] | null;
}

const marksArb: fc.Arbitrary<Marks> = fc.record({
  opp: ten(halfMark),
  us: ten(halfMark),
  comps: fc.array(ten(halfMark), { maxLength: 3 }),
  weights: fc.option(ten(intWeight)),
});

function rawFrom(x: Marks, full = false): Record<string, any> {
  const f = (m: string) => (full ? FULL[m] : m);
  const raw = rawAccount({ competitors: [] });
  raw.opportunity.items = x.opp.map((m) => ({ mark: f(m) }));
  if (x.weights) raw.opportunity.weights = x.weights;
  raw.competitiveness.competitors = x.comps.map((_, i) => `对手${i + 1}`);
  raw.competitiveness.items = x.us.map((m, i) => ({ us: f(m), competitors: x.comps.map((c) => f(c[i])) }));
  return raw;
}

const assess = (raw: unknown, asOf = AS_OF): Assessment => assessAccount(toAccount(raw), asOf);

describe('whole accounts', () => {
  test('full-width and half-width marks give identical results, and both are valid', () => {
    fc.assert(
      fc.property(marksArb, (x) => {
        const half = rawFrom(x);
        const full = rawFrom(x, true);
        expect(assess(full)).toEqual(assess(half));
        expect(validateAccount(full)).toEqual([]);
        expect(validateAccount(half)).toEqual([]);
      }),
    );
  });

  test('verdict precedence: unassessed → not real → pursue → watch', () => {
    fc.assert(
      fc.property(marksArb, (x) => {
        const a = assess(rawFrom(x));
        const lowCompleteness = a.completeness.opportunity < 50 || a.completeness.competitiveness < 50;
        let expected: string;
        if (lowCompleteness) expected = 'unassessed';
        else if (!passesRealTest(x.opp)) expected = 'not-real';
        else if (a.worth >= 60 && (a.lead === null || a.lead >= 0)) expected = 'pursue';
        else expected = 'watch';
        expect(a.verdict).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('below 50 % completeness of either assessment the verdict is unassessed, whatever the rest', () => {
    // At most four of ten assessed: 40 % or less.
    const sparse = fc
      .tuple(fc.array(fc.constantFrom('+', '-'), { maxLength: 4 }), ten(fc.constantFrom('', '?')))
      .chain(([filled, blanks]) => fc.shuffledSubarray([...filled, ...blanks.slice(filled.length)], { minLength: 10, maxLength: 10 }));
    fc.assert(
      fc.property(marksArb, sparse, fc.boolean(), (x, s, which) => {
        const y = which ? { ...x, opp: s } : { ...x, us: s };
        expect(assess(rawFrom(y)).verdict).toBe('unassessed');
      }),
    );
  });

  test('lead is our WIN_SCORE minus the best competitor, null with no competitor; competitor-ahead iff lead ≤ 0', () => {
    fc.assert(
      fc.property(marksArb, (x) => {
        const a = assess(rawFrom(x));
        expect(a.win).toBe(winScore(x.us));
        expect(a.competitors.map((c) => c.win)).toEqual(x.comps.map((c) => winScore(c)));
        if (x.comps.length === 0) {
          expect(a.lead).toBeNull();
          expect(a.bestCompetitor).toBeNull();
          expect(a.redFlags).not.toContain('competitor-ahead');
        } else {
          const best = Math.max(...x.comps.map((c) => winScore(c)));
          expect(a.lead).toBe(a.win - best);
          expect(a.bestCompetitor?.win).toBe(best);
          expect(a.redFlags.includes('competitor-ahead')).toBe((a.lead as number) <= 0);
        }
      }),
    );
  });

  test('stale iff the latest visit is more than 30 days before the as-of date', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 400 }),
        (visitDays, asOfDay) => {
          const iso = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
          const raw = rawAccount({
            keyPeople: visitDays.map((d, i) => ({ name: `人${i}`, visitNo: 1, visitDate: iso(d), role: '关键决策者', couldCoach: '是' })),
          });
          const a = assess(raw, iso(asOfDay));
          expect(a.redFlags.includes('stale')).toBe(asOfDay - Math.max(...visitDays) > 30);
          expect(a.latestVisit).toBe(iso(Math.max(...visitDays)));
        },
      ),
    );
  });
});

// ------------------------------------------------------------ validation guarantees

/** Every path into a value: [] for the root, then each key/index below. */
function allPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...allPaths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...allPaths(x, [...prefix, k]));
  return out;
}

/** The example account with one value anywhere replaced by something random (or a key deleted). */
const damaged = fc
  .tuple(
    fc.constantFrom(...allPaths(exampleRaw()).filter((p) => p.length > 0)),
    fc.oneof(fc.anything(), fc.constant(undefined), anyMark, fc.string()),
  )
  .map(([path, value]) => {
    const raw = exampleRaw();
    let parent: any = raw;
    for (const k of path.slice(0, -1)) parent = parent[k];
    const key = path[path.length - 1];
    if (value === undefined && !Array.isArray(parent)) delete parent[key];
    else parent[key] = value;
    return { raw, path: path.join('.') };
  });
const damagedAccount = damaged.map((d) => d.raw);

const hasOwn = (o: unknown, k: string): boolean =>
  o !== null && typeof o === 'object' && (Array.isArray(o) ? /^\d+$/.test(k) && Number(k) < o.length : Object.hasOwn(o, k));

/**
 * Whether a dot path leads to a location in `v`, or to a missing key whose
 * parent is there. Keys may themselves hold dots, so every split is tried.
 */
function resolves(v: unknown, segs: string[]): boolean {
  if (segs.length === 0) return true;
  for (let n = 1; n <= segs.length; n++) {
    const key = segs.slice(0, n).join('.');
    const rest = segs.slice(n);
    if (hasOwn(v, key)) {
      if (resolves((v as Record<string, unknown>)[key], rest)) return true;
    } else if (rest.length === 0 && v !== null && typeof v === 'object') {
      return true; // a missing key of an object that is there
    }
  }
  return false;
}

const pathResolves = (raw: unknown, path: string) => path === '' || resolves(raw, path.split('.'));

describe('validation guarantees', () => {
  test('never changes its input (deep-frozen, and equal to a structured clone after)', () => {
    fc.assert(
      fc.property(fc.oneof(damagedAccount, fc.anything()), fc.constantFrom<'zh' | 'en'>('zh', 'en'), (raw, locale) => {
        const before = structuredClone(raw);
        deepFreeze(raw);
        validateAccount(raw, locale);
        expect(raw).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  test('every problem path resolves to a location in the input or a missing key’s parent', () => {
    fc.assert(
      fc.property(fc.oneof(damagedAccount, fc.anything()), (raw) => {
        for (const p of validateAccount(raw)) {
          if (!pathResolves(raw, p.path)) throw new Error(`path "${p.path}" (${p.rule}) is not in the input`);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a damaged account is reported at the damaged place (or not at all when the damage is harmless)', () => {
    fc.assert(
      fc.property(damaged, ({ raw, path }) => {
        for (const p of validateAccount(raw)) {
          const related = p.path === path || p.path.startsWith(`${path}.`) || path.startsWith(`${p.path}.`);
          if (!related) throw new Error(`damage at "${path}" reported at "${p.path}" (${p.rule})`);
          expect(typeof p.message).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
          expect(p.rule).toMatch(/^[a-z-]+$/);
        }
      }),
    );
  });

  test('random garbage never throws and always gets problems', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom<'zh' | 'en'>('zh', 'en'), (raw, locale) => {
        const ps = validateAccount(raw, locale);
        expect(ps.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  test('toAccount never throws on anything, and what it gives can be scored', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), damagedAccount), (raw) => {
        const a = toAccount(raw);
        expect(a.opportunity.items.length).toBeGreaterThanOrEqual(10);
        expect(a.competitiveness.items.length).toBeGreaterThanOrEqual(10);
        const s = assessAccount(a, AS_OF);
        expect(['pursue', 'watch', 'not-real', 'unassessed']).toContain(s.verdict);
      }),
      { numRuns: 500 },
    );
  });
});
