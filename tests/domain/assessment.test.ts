import { parseAccountJson, toAccount } from '../../src/domain/account';
import { rollupRow, stageForecast } from '../../src/domain/rollup';
import { RED_FLAGS, RED_FLAG_LABELS, VERDICT_LABELS, assessAccount } from '../../src/domain/assessment';
import { validateAccount } from '../../src/domain/validate';
import { AS_OF, COACH, DM, account, rawAccount } from './fixtures';
import { readFileSync } from 'node:fs';
import { EXAMPLE_PATH } from './fixtures';
import { EXAMPLE_SCORES } from '../fixtures/example-expected';

describe('the example account (forms.md §10)', () => {
  const { raw, account: ex } = parseAccountJson(readFileSync(EXAMPLE_PATH, 'utf8'));

  test('is valid', () => {
    expect(validateAccount(raw)).toEqual([]);
  });

  test('scores as the spec says as of 2026-11-01', () => {
    const a = assessAccount(ex, '2026-11-01');
    expect(a).toMatchObject({ ...EXAMPLE_SCORES, realTest: true, latestVisit: '2026-10-12' });
  });

  test('as of 2026-11-27 the only flag is stale', () => {
    const a = assessAccount(ex, '2026-11-27');
    expect(a.redFlags).toEqual(['stale']);
    expect(a.verdict).toBe('pursue');
  });

  test('stale starts the 31st day after the latest visit (2026-10-12)', () => {
    expect(assessAccount(ex, '2026-11-10').redFlags).toEqual([]); // 29 days
    expect(assessAccount(ex, '2026-11-11').redFlags).toEqual([]); // exactly 30 days
    expect(assessAccount(ex, '2026-11-12').redFlags).toEqual(['stale']); // 31 days
  });

  test('a visit on the as-of day, or after it, is not stale', () => {
    expect(assessAccount(ex, '2026-10-12').redFlags).toEqual([]);
    expect(assessAccount(ex, '2026-09-01').redFlags).toEqual([]);
  });
});

describe('baseline fixture', () => {
  test('is valid, pursue and without red flags', () => {
    expect(validateAccount(rawAccount())).toEqual([]);
    const a = assessAccount(account(), AS_OF);
    expect(a).toMatchObject({ opp: 100, real: 100, worth: 100, win: 80, lead: 40, verdict: 'pursue', redFlags: [] });
    expect(a.competitors).toEqual([{ name: '对手甲', win: 40 }]);
  });
});

const verdictOf = (spec: Parameters<typeof account>[0]) => assessAccount(account(spec), AS_OF).verdict;

describe('verdict (first match wins: unassessed → not real → pursue → watch)', () => {
  test('unassessed: opportunity completeness below 50 %', () => {
    // 4 assessed of 10 = 40 %; the rest would say pursue.
    expect(verdictOf({ opp: '+ + + + ? ? ? . . .' })).toBe('unassessed');
    expect(verdictOf({ opp: '+ + + + ? ? ? . . .', us: '+ + + + + + + + + +', competitors: [] })).toBe('unassessed');
  });

  test('unassessed: competitiveness completeness below 50 %', () => {
    expect(verdictOf({ us: '+ + + + ? ? ? . . .' })).toBe('unassessed');
    expect(verdictOf({ us: '. . . . . . . . . .', competitors: [] })).toBe('unassessed');
  });

  test('exactly 50 % is assessed', () => {
    expect(verdictOf({ opp: '+ + + + + ? ? . . .', us: '+ + + + + ? . . . .' })).toBe('watch'); // worth 0
    expect(verdictOf({ opp: '+ + + + + + + + . .', us: '+ + + + + ? ? ? ? ?' })).toBe('pursue');
  });

  test('unassessed wins over not real', () => {
    expect(verdictOf({ opp: '- - - - - . . . . .', us: '. . . . . . . . . .' })).toBe('unassessed');
    expect(verdictOf({ opp: '- - - - . . . . . .' })).toBe('unassessed');
  });

  test('an empty account is unassessed', () => {
    expect(assessAccount(toAccount({ schemaVersion: 1, overview: {} }), AS_OF).verdict).toBe('unassessed');
  });

  test('not real: any of items 1–5 is -', () => {
    expect(verdictOf({ opp: '+ + + - + + + + + +' })).toBe('not-real');
    expect(verdictOf({ opp: '－ + + + + + + + + +' })).toBe('not-real');
  });

  test('not real: fewer than three + among items 1–5', () => {
    expect(verdictOf({ opp: '+ + ? ? ? + + + + +' })).toBe('not-real');
    expect(verdictOf({ opp: '+ + + ? ? + + + + +' })).toBe('pursue');
  });

  test('not real wins over pursue and watch', () => {
    expect(verdictOf({ opp: '- + + + + + + + + +', competitors: [] })).toBe('not-real');
    expect(verdictOf({ opp: '- + + + + - - - - -' })).toBe('not-real');
  });

  test('pursue: worth ≥ 60 and lead ≥ 0', () => {
    expect(verdictOf({ opp: '+ + + + + + + + - -' })).toBe('pursue'); // worth 60, lead 40
  });

  test('pursue with no competitor named (lead is null)', () => {
    const a = assessAccount(account({ competitors: [], us: '- - - - - - - - - -' }), AS_OF);
    expect(a.lead).toBeNull();
    expect(a.bestCompetitor).toBeNull();
    expect(a.competitors).toEqual([]);
    expect(a.win).toBe(0);
    expect(a.verdict).toBe('pursue');
    expect(a.redFlags).not.toContain('competitor-ahead');
  });

  test('pursue with a lead of exactly 0', () => {
    const a = assessAccount(account({ us: '+ + + + + - - - - -', competitors: [['对手甲', '- - - - - + + + + +']] }), AS_OF);
    expect(a.lead).toBe(0);
    expect(a.verdict).toBe('pursue');
    expect(a.redFlags).toContain('competitor-ahead'); // a tie counts as ahead
  });

  test('watch: worth below 60', () => {
    expect(verdictOf({ opp: '+ + + + + + + - - -' })).toBe('watch'); // worth 40
    expect(verdictOf({ opp: '+ + + + + + + ? ? .' })).toBe('watch'); // worth 40, completeness 70
  });

  test('watch: behind the best competitor', () => {
    const a = assessAccount(
      account({
        us: '+ + + - - - - - - -',
        competitors: [
          ['A', '+ + + + - - - - - -'],
          ['B', '- - - - - - - - - -'],
        ],
      }),
      AS_OF,
    );
    expect(a.lead).toBe(-10);
    expect(a.bestCompetitor).toEqual({ name: 'A', win: 40 });
    expect(a.verdict).toBe('watch');
  });

  test('weights move the worth threshold', () => {
    // worth items + + - - -: 40 unweighted, 80 with weights 3 3 1 1 1 (6 of 9 = 66.7 → 67).
    const spec = { opp: '+ + + + + + + - - -' };
    expect(verdictOf(spec)).toBe('watch');
    const w = [1, 1, 1, 1, 1, 3, 3, 1, 1, 1];
    const a = assessAccount(account({ ...spec, weights: w }), AS_OF);
    expect(a.worth).toBe(67);
    expect(a.opp).toBe(79); // (5 + 6) / 14 = 78.57
    expect(a.verdict).toBe('pursue');
  });

  test('verdict labels', () => {
    expect(VERDICT_LABELS).toEqual({
      pursue: { zh: '追', en: 'Pursue' },
      watch: { zh: '观察', en: 'Watch' },
      'not-real': { zh: '虚', en: 'Not real' },
      unassessed: { zh: '待评估', en: 'Unassessed' },
    });
  });
});

const flagsOf = (spec: Parameters<typeof account>[0], asOf = AS_OF) => assessAccount(account(spec), asOf).redFlags;

describe('red flags, each alone', () => {
  test('codes and their order', () => {
    expect([...RED_FLAGS]).toEqual([
      'no-coach',
      'no-decision-maker',
      'no-budget',
      'budget-unreadable',
      'not-real-late-stage',
      'competitor-ahead',
      'dm-relationship-down',
      'stale',
      'overdue-decision',
    ]);
    for (const f of RED_FLAGS) {
      expect(RED_FLAG_LABELS[f].zh).toMatch(/\S/);
      expect(RED_FLAG_LABELS[f].en).toMatch(/\S/);
    }
  });

  describe('no-coach', () => {
    const noCoach = { ...COACH, couldCoach: '否' };
    test('nobody could coach and no coach in the role map', () => {
      expect(flagsOf({ keyPeople: [DM, noCoach] })).toEqual(['no-coach']);
    });
    test('a blank couldCoach is not yes', () => {
      expect(flagsOf({ keyPeople: [DM, { ...COACH, couldCoach: '' }] })).toEqual(['no-coach']);
    });
    test('a coach named only in the role map is enough', () => {
      expect(flagsOf({ keyPeople: [DM, noCoach], roleMap: [{ role: '教练', name: '王五' }] })).toEqual([]);
    });
    test('a role-map coach row without a name does not count', () => {
      expect(flagsOf({ keyPeople: [DM, noCoach], roleMap: [{ role: '教练', title: '科长', stance: '支持我方' }] })).toEqual(['no-coach']);
    });
    test('a name in another role-map row does not count', () => {
      expect(flagsOf({ keyPeople: [DM, noCoach], roleMap: [{ role: '项目牵头人', name: '王五' }] })).toEqual(['no-coach']);
    });
    test('any one key-people row saying yes is enough', () => {
      expect(flagsOf({ keyPeople: [DM, noCoach, { ...noCoach, visitNo: 2, couldCoach: '是', visitDate: '2026-10-01' }] })).toEqual([]);
    });
  });

  describe('no-decision-maker', () => {
    test('no key-people row has the role 关键决策者', () => {
      expect(flagsOf({ keyPeople: [{ ...DM, role: '业务把关者' }, COACH] })).toEqual(['no-decision-maker']);
      expect(flagsOf({ keyPeople: [{ ...DM, role: '' }, COACH] })).toEqual(['no-decision-maker']);
    });
    test('a decision maker only in the role map does not count (never visited)', () => {
      expect(flagsOf({ keyPeople: [{ ...DM, role: '业务把关者' }, COACH], roleMap: [{ role: '关键决策者', name: '张三' }] })).toEqual([
        'no-decision-maker',
      ]);
    });
  });

  describe('no-budget', () => {
    test.each(['方案', '谈判成交'])('late stage %s with no budget', (stage) => {
      expect(flagsOf({ stage, budget: undefined })).toEqual(['no-budget']);
      expect(flagsOf({ stage, budget: '' })).toEqual(['no-budget']);
      expect(flagsOf({ stage, budget: '  ' })).toEqual(['no-budget']);
    });
    test.each(['-', '?', '', '－'])('late stage with item 4 %j', (m) => {
      const opp = `+ + + ${m === '' ? '.' : m} + + + + + +`;
      const flags = flagsOf({ opp });
      expect(flags).toContain('no-budget');
      // Only item 4 '-' also fails the real test.
      expect(flags).toEqual(m === '-' || m === '－' ? ['no-budget', 'not-real-late-stage'] : ['no-budget']);
    });
    test('a budget of 0 is a budget (not empty)', () => {
      expect(flagsOf({ budget: 0 })).toEqual([]);
    });
    test('item 4 full-width ＋ is +', () => {
      expect(flagsOf({ opp: '+ + + ＋ + + + + + +' })).toEqual([]);
    });
    test.each(['潜在', '意向', ''])('not raised at stage %j', (stage) => {
      expect(flagsOf({ stage, budget: undefined, opp: '+ + + ? + + + + + +' })).toEqual([]);
    });
  });

  describe('budget-unreadable', () => {
    // Found by issue #9: a late-stage budget typed `300万元` forecast 0 on the roll-up with no flag at all.
    test.each(['300万元', '300 万', '三百万', '1,5', true])('late stage with budget %j', (budget) => {
      expect(flagsOf({ budget })).toEqual(['budget-unreadable']);
    });
    test('a number typed as text is not a number either (validation names it)', () => {
      expect(flagsOf({ stage: '谈判成交', budget: '300' })).toEqual(['budget-unreadable']);
    });
    test.each(['潜在', '意向', ''])('not raised at stage %j', (stage) => {
      expect(flagsOf({ stage, budget: '300万元' })).toEqual([]);
    });
    test('a blank budget is no-budget, not unreadable', () => {
      expect(flagsOf({ budget: '  ' })).toEqual(['no-budget']);
    });
    test('the roll-up row: no budget figure and no forecast, but the flag (and validation names the amount)', () => {
      const row = rollupRow(account({ budget: '300万元' }), 'a.json', 1, AS_OF);
      expect([row.budget, stageForecast(row), row.redFlags]).toEqual([null, null, ['budget-unreadable']]);
    });
  });

  describe('not-real-late-stage', () => {
    test('late stage while the real test fails (fewer than three +)', () => {
      // Item 4 stays +, so no-budget is not raised.
      expect(flagsOf({ opp: '+ ? ? + ? + + + + +' })).toEqual(['not-real-late-stage']);
      expect(flagsOf({ stage: '谈判成交', opp: '- + + + + + + + + +' })).toEqual(['not-real-late-stage']);
    });
    test('not at an early stage', () => {
      expect(flagsOf({ stage: '意向', opp: '- + + + + + + + + +' })).toEqual([]);
      expect(flagsOf({ stage: '潜在', opp: '- + + + + + + + + +' })).toEqual([]);
    });
  });

  describe('competitor-ahead', () => {
    test('a competitor above us', () => {
      expect(flagsOf({ us: '+ + + + + - - - - -', competitors: [['A', '+ + + + + + - - - -']] })).toEqual(['competitor-ahead']);
    });
    test('a tie counts', () => {
      expect(flagsOf({ us: '+ + + + + - - - - -', competitors: [['A', '+ + + + + - - - - -']] })).toEqual(['competitor-ahead']);
    });
    test('any of the named competitors, not only the first', () => {
      expect(
        flagsOf({
          us: '+ + + + + - - - - -',
          competitors: [
            ['A', '- - - - - - - - - -'],
            ['B', '- - - - - - - - - -'],
            ['C', '+ + + + + + + + + +'],
          ],
        }),
      ).toEqual(['competitor-ahead']);
    });
    test('not when no competitor is named, even with WIN_SCORE 0', () => {
      expect(flagsOf({ us: '- - - - - - - - - -', competitors: [] })).toEqual([]);
    });
    test('a blank competitor name is not a competitor', () => {
      const a = assessAccount(account({ us: '- - - - - - - - - -', competitors: [['', '+ + + + + + + + + +']] }), AS_OF);
      expect(a.competitors).toEqual([]);
      expect(a.lead).toBeNull();
      expect(a.redFlags).toEqual([]);
    });
    test('a blank first name keeps the second competitor on its own column', () => {
      const a = assessAccount(
        account({
          us: '+ + + + + - - - - -',
          competitors: [
            ['', '+ + + + + + + + + +'],
            ['B', '+ - - - - - - - - -'],
          ],
        }),
        AS_OF,
      );
      expect(a.competitors).toEqual([{ name: 'B', win: 10 }]);
      expect(a.lead).toBe(40);
      expect(a.redFlags).toEqual([]);
    });
  });

  describe('dm-relationship-down', () => {
    test('closeness 下降 on the decision maker’s latest visit', () => {
      expect(flagsOf({ keyPeople: [{ ...DM, closeness: '下降' }, COACH] })).toEqual(['dm-relationship-down']);
    });
    test('trust 下降 on the decision maker’s latest visit', () => {
      expect(flagsOf({ keyPeople: [{ ...DM, trust: '下降' }, COACH] })).toEqual(['dm-relationship-down']);
    });
    test('an earlier visit going down does not count once a later one is not down', () => {
      const first = { ...DM, visitNo: 1, visitDate: '2026-09-01', trust: '下降' };
      const second = { ...DM, visitNo: 2, visitDate: '2026-10-20', trust: '持平' };
      expect(flagsOf({ keyPeople: [first, second, COACH] })).toEqual([]);
      // Row order does not matter: latest is by date.
      expect(flagsOf({ keyPeople: [second, first, COACH] })).toEqual([]);
    });
    test('the latest visit is by date, not by row order or visit no.', () => {
      const older = { ...DM, visitNo: 5, visitDate: '2026-09-01', trust: '持平' };
      const newer = { ...DM, visitNo: 2, visitDate: '2026-10-20', trust: '下降' };
      expect(flagsOf({ keyPeople: [newer, older, COACH] })).toEqual(['dm-relationship-down']);
      expect(flagsOf({ keyPeople: [{ ...newer, trust: '持平' }, { ...older, trust: '下降' }, COACH] })).toEqual([]);
    });
    test('on the same date, the higher visit no. is the latest', () => {
      const a = { ...DM, visitNo: 1, visitDate: '2026-10-20', closeness: '下降' };
      const b = { ...DM, visitNo: 2, visitDate: '2026-10-20', closeness: '持平' };
      expect(flagsOf({ keyPeople: [b, a, COACH] })).toEqual([]);
      expect(flagsOf({ keyPeople: [{ ...a, closeness: '持平' }, { ...b, closeness: '下降' }, COACH] })).toEqual(['dm-relationship-down']);
      expect(flagsOf({ keyPeople: [{ ...b, closeness: '下降' }, { ...a, closeness: '持平' }, COACH] })).toEqual(['dm-relationship-down']);
    });
    test('another person going down does not count', () => {
      expect(flagsOf({ keyPeople: [DM, { ...COACH, closeness: '下降', trust: '下降' }] })).toEqual([]);
    });
    test('any of several decision makers', () => {
      const dm2 = { ...DM, name: '赵六', trust: '下降' };
      expect(flagsOf({ keyPeople: [DM, dm2, COACH] })).toEqual(['dm-relationship-down']);
    });
  });

  describe('stale', () => {
    const at = (date: string) => ({
      keyPeople: [
        { ...DM, visitDate: date },
        { ...COACH, visitDate: date },
      ],
    });
    test('more than 30 days since the latest visit', () => {
      expect(flagsOf(at('2026-10-01'))).toEqual(['stale']); // 31 days before 2026-11-01
      expect(flagsOf(at('2026-10-02'))).toEqual([]); // 30 days
    });
    test('the latest visit of anyone counts', () => {
      expect(
        flagsOf({
          keyPeople: [
            { ...DM, visitDate: '2026-01-01' },
            { ...COACH, visitDate: '2026-10-31' },
          ],
        }),
      ).toEqual([]);
    });
    test('across a year end and a leap day', () => {
      expect(flagsOf(at('2027-12-01'), '2028-01-01')).toEqual(['stale']); // 31 days
      expect(flagsOf(at('2027-12-02'), '2028-01-01')).toEqual([]); // 30 days
      expect(flagsOf(at('2028-01-30'), '2028-03-01')).toEqual(['stale']); // 31 days, 2028-02-29 exists
      expect(flagsOf(at('2028-01-31'), '2028-03-01')).toEqual([]); // 30 days
    });
    test('no dated visit at all is stale [decision]', () => {
      expect(flagsOf({ keyPeople: [] })).toEqual(['no-coach', 'no-decision-maker', 'stale']);
      expect(
        flagsOf({
          keyPeople: [
            { ...DM, visitDate: '' },
            { ...COACH, visitDate: 'not a date' },
          ],
        }),
      ).toEqual(['stale']);
    });
  });
});

describe('red flags together', () => {
  test('every flag at once, in the stable order', () => {
    const a = assessAccount(
      account({
        stage: '谈判成交',
        budget: undefined,
        opp: '- + + - + + + + + +',
        us: '- - - - - - - - - -',
        competitors: [['A', '- - - - - - - - - -']],
        keyPeople: [
          { ...DM, role: '业务把关者', couldCoach: '否', visitDate: '2026-01-05' },
          { name: '钱七', visitNo: 1, visitDate: '2026-01-04', role: '业务把关者', couldCoach: '否' },
        ],
      }),
      AS_OF,
    );
    // No decision maker at all means no decision-maker relationship to go down.
    expect(a.redFlags).toEqual(['no-coach', 'no-decision-maker', 'no-budget', 'not-real-late-stage', 'competitor-ahead', 'stale']);
  });

  test('the other eight (a decision-maker relationship needs a decision maker)', () => {
    const acc = account({
      stage: '方案',
      budget: '100万元',
      opp: '+ + + - + + + + + +',
      us: '+ - - - - - - - - -',
      competitors: [['A', '+ + - - - - - - - -']],
      keyPeople: [{ ...DM, closeness: '下降', visitDate: '2026-09-15' }],
    });
    acc.overview.decisionDate = '2026-10-01';
    const a = assessAccount(acc, AS_OF);
    expect(a.redFlags).toEqual(RED_FLAGS.filter((f) => f !== 'no-decision-maker'));
    expect(a.verdict).toBe('not-real');
  });

  test('coach and decision maker missing, nothing else', () => {
    expect(flagsOf({ keyPeople: [{ ...COACH, couldCoach: '否', role: '技术把关者' }] })).toEqual(['no-coach', 'no-decision-maker']);
  });

  test('no-budget and stale', () => {
    expect(
      flagsOf({
        budget: undefined,
        keyPeople: [
          { ...DM, visitDate: '2026-09-01' },
          { ...COACH, visitDate: '2026-09-30' },
        ],
      }),
    ).toEqual(['no-budget', 'stale']);
  });

  test('competitor-ahead and dm-relationship-down', () => {
    expect(flagsOf({ competitors: [['A', '+ + + + + + + + + +']], keyPeople: [{ ...DM, trust: '下降' }, COACH] })).toEqual([
      'competitor-ahead',
      'dm-relationship-down',
    ]);
  });
});
