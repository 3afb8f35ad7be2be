import { assessAccount } from '../../src/domain/assessment';
import { ROLLUP_COLUMNS, rollupCells, rollupRow } from '../../src/domain/rollup';
import { SAMPLE_EXPECTATIONS, generateAccount, sampleAccounts } from '../../src/domain/sample-accounts';
import { validateAccount } from '../../src/domain/validate';
import { ACTION_PLAN_FORM, KEY_PEOPLE_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import { unansweredFlags } from '../../src/domain/action-plan';
import type { FieldDef } from '../../sheets-templates/types';

const AS_OF = '2026-11-01';

describe('sample accounts', () => {
  const samples = sampleAccounts(AS_OF);

  it('show what each is meant to show: verdict, red flags, problem count, outcome and actions', () => {
    expect(samples.map((a) => a.overview.customerName)).toEqual(SAMPLE_EXPECTATIONS.map((e) => e.customerName));
    samples.forEach((a, i) => {
      const e = SAMPLE_EXPECTATIONS[i];
      const got = assessAccount(a, AS_OF);
      const problems = validateAccount(JSON.parse(JSON.stringify(a)));
      expect({
        name: got.customerName,
        verdict: got.verdict,
        redFlags: got.redFlags,
        problems: problems.length,
        outcome: got.outcome,
        actions: { open: got.openActions, overdue: got.overdueActions },
      }).toEqual({ ...e, name: e.customerName, customerName: undefined });
    });
  });

  it('show the deal: a won and a lost account, an overdue decision, overdue actions, flags answered and not', () => {
    const got = samples.map((a) => assessAccount(a, AS_OF));
    expect(new Set(got.map((g) => g.outcome))).toEqual(new Set(['open', 'won', 'lost']));
    expect(got.filter((g) => g.redFlags.includes('overdue-decision'))).toHaveLength(1);
    expect(got.filter((g) => g.overdueActions > 0).length).toBeGreaterThanOrEqual(2);
    expect(got.every((g) => g.decisionDate !== null || g.customerName === '青川县财政局')).toBe(true);
    const answered = samples.map((a, i) => got[i].redFlags.length - unansweredFlags(a, got[i].redFlags).length);
    expect(answered.some((n) => n > 0)).toBe(true);
    expect(samples.some((a, i) => unansweredFlags(a, got[i].redFlags).length > 0 && (a.actionPlan ?? []).length > 0)).toBe(true);
  });

  it('cover every verdict, every stage and several sales managers', () => {
    const verdicts = new Set(samples.map((a) => assessAccount(a, AS_OF).verdict));
    expect([...verdicts].sort()).toEqual(['not-real', 'pursue', 'unassessed', 'watch']);
    expect(new Set(samples.map((a) => a.overview.stage))).toEqual(new Set(['潜在', '意向', '方案', '谈判成交']));
    expect(new Set(samples.map((a) => a.overview.salesManager)).size).toBeGreaterThanOrEqual(3);
  });

  it('keep the spec example scores for the first one (OPP 80, real 100, worth 60, WIN 70, lead +20)', () => {
    const a = assessAccount(samples[0], AS_OF);
    expect([a.opp, a.real, a.worth, a.win, a.lead, a.completeness.competitiveness]).toEqual([80, 100, 60, 70, 20, 80]);
    expect(a.competitors).toEqual([
      { name: '用友', win: 50 },
      { name: '中科江南', win: 10 },
    ]);
  });

  it('are dated relative to the as-of date, so they never go stale by themselves', () => {
    for (const asOf of ['2024-02-29', '2031-07-15']) {
      const verdicts = sampleAccounts(asOf).map((a) => {
        const got = assessAccount(a, asOf);
        return [got.verdict, got.redFlags];
      });
      expect(verdicts).toEqual(SAMPLE_EXPECTATIONS.map((e) => [e.verdict, e.redFlags]));
    }
    expect(sampleAccounts('2024-02-29')[0].keyPeople[1].visitDate).toBe('2024-02-23');
  });

  it('are deterministic', () => {
    expect(JSON.stringify(sampleAccounts(AS_OF))).toBe(JSON.stringify(sampleAccounts(AS_OF)));
  });

  it('rejects an as-of that is not a date', () => {
    expect(() => sampleAccounts('soon')).toThrow(/YYYY-MM-DD/);
  });
});

describe('generateAccount', () => {
  const N = 300;
  const accounts = Array.from({ length: N }, (_, i) => generateAccount(i, AS_OF));

  it('gives the same account for the same index and as-of date, and different ones otherwise', () => {
    expect(JSON.stringify(generateAccount(42, AS_OF))).toBe(JSON.stringify(accounts[42]));
    expect(JSON.stringify(accounts[42])).not.toBe(JSON.stringify(accounts[43]));
    expect(new Set(accounts.map((a) => a.overview.customerName)).size).toBe(N);
  });

  it('is varied: every verdict, every stage, and some accounts with problems', () => {
    const verdicts = new Map<string, number>();
    let withProblems = 0;
    for (const a of accounts) {
      const v = assessAccount(a, AS_OF).verdict;
      verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
      if (validateAccount(JSON.parse(JSON.stringify(a))).length) withProblems++;
    }
    for (const v of ['pursue', 'watch', 'not-real', 'unassessed']) expect(verdicts.get(v) ?? 0).toBeGreaterThan(N / 20);
    expect(new Set(accounts.map((a) => a.overview.stage)).size).toBe(4);
    expect(withProblems).toBeGreaterThan(N / 12);
    expect(withProblems).toBeLessThan(N / 4);
  });

  it('logs visits oldest first with unique (name, visit no.)', () => {
    for (const a of accounts) {
      const dates = a.keyPeople.map((r) => r.visitDate).filter((d): d is string => typeof d === 'string');
      expect([...dates].sort()).toEqual(dates);
      const keys = a.keyPeople.map((r) => `${r.name}#${r.visitNo}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('roll-up columns', () => {
  it('are the spec §9 columns, each once, with labels in both locales', () => {
    const ids = ROLLUP_COLUMNS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ROLLUP_COLUMNS.map((c) => c.label.zh)).toEqual(
      expect.arrayContaining([
        '客户名称',
        '销售经理',
        '阶段',
        '最近拜访',
        '拜访次数',
        '真实性',
        '价值',
        'OPP_SCORE',
        '我方竞争力',
        '最强对手',
        '领先',
        '结论',
        '教练',
        '决策者立场',
        '红旗',
        '待修正',
        '链接',
        '更新时间',
      ]),
    );
    for (const c of ROLLUP_COLUMNS) expect(c.label.en).not.toBe('');
  });

  it('never carry a personal field, an intel text or a person’s name', () => {
    const fields: FieldDef[] = [...KEY_PEOPLE_FORM.table.fields, ...ROLE_MAP_FORM.table.fields];
    const personal = fields.filter((f) => f.personal || f.intel).map((f) => f.id);
    expect(personal.length).toBeGreaterThan(5);
    const planFields = ACTION_PLAN_FORM.table.fields.filter((f) => f.personal || f.intel).map((f) => f.id);
    expect(planFields).toEqual(['action', 'owner', 'result']);
    for (let i = 0; i < 60; i++) {
      const a = generateAccount(i, AS_OF);
      let k = 0;
      const planted: string[] = [];
      const plant = (row: Record<string, unknown>, field: string) => {
        const marker = `PLANTED_${i}_${k++}_${field}`;
        row[field] = marker;
        planted.push(marker);
      };
      for (const r of a.keyPeople) {
        for (const f of [...personal, 'name', 'orgTitle']) if (KEY_PEOPLE_FORM.table.fields.some((d) => d.id === f)) plant(r, f);
      }
      for (const r of a.roleMap)
        for (const f of ['name', 'title', 'influencedBy', 'influences', 'focus', 'relations', 'preferences']) plant(r, f);
      a.actionPlan = [{ status: '进行中', dueDate: '2026-10-01' }, { status: '完成' }];
      for (const r of a.actionPlan) for (const f of planFields) plant(r, f);
      plant(a.overview as Record<string, unknown>, 'outcomeReason');
      const cells = rollupCells(rollupRow(a, 'f.json', 0, AS_OF), { locale: 'zh' });
      const row = rollupRow(a, 'f.json', 0, AS_OF);
      const shown = JSON.stringify(cells) + JSON.stringify(row);
      for (const m of planted) expect(shown).not.toContain(m);
    }
  });
});
