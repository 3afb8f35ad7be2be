import { readFileSync } from 'node:fs';
import { COMPETITIVENESS_FORM, OPPORTUNITY_FORM, FORM_ORDER } from '../../sheets-templates/forms';
import { HEALTH_TAB, RED_FLAG_TEXTS, VERDICT_REASONS } from '../../sheets-templates/health';
import { parseAccountJson } from '../../src/domain/account';
import { RED_FLAGS, RED_FLAG_LABELS, assessAccount } from '../../src/domain/assessment';
import { itemOf, redFlagGuide, verdictReason } from '../../src/domain/health';
import { tabNames } from '../../src/domain/layout';
import { EXAMPLE_PATH } from './fixtures';

describe('the red-flag catalogue (sheets-templates/health.ts)', () => {
  test('explains every red flag the engine raises, in both locales, with questions of 五/七 that exist', () => {
    for (const code of RED_FLAGS) {
      for (const locale of ['zh', 'en'] as const) {
        const g = redFlagGuide(code, locale);
        expect(g).toBeDefined();
        expect(g?.label).toBe(RED_FLAG_LABELS[code][locale]);
        expect(g?.meaning.length).toBeGreaterThan(10);
        expect(g?.next.length).toBeGreaterThan(10);
        expect(g?.questions.length).toBeGreaterThan(0);
        expect(g?.questions.length).toBe(RED_FLAG_TEXTS[code].bearsOn.length);
      }
    }
  });

  test('every item reference names an item of 五 or 七, with its own guiding questions', () => {
    for (const entry of Object.values(RED_FLAG_TEXTS))
      for (const ref of entry.bearsOn) expect({ ref, found: Boolean(itemOf(ref)) }).toEqual({ ref, found: true });
    expect(itemOf('opportunity.4')?.item.guidance.zh).toBe(OPPORTUNITY_FORM.items[3].guidance.zh);
    expect(itemOf('competitiveness.7')?.item.label.en).toBe(COMPETITIVENESS_FORM.items[6].label.en);
    expect(itemOf('opportunity.11')).toBeUndefined();
    expect(itemOf('keyPeople.1')).toBeUndefined();
    const g = redFlagGuide('no-budget', 'zh');
    expect(g?.questions[0]).toMatchObject({ form: 'opportunity', no: 4, label: '项目的预算' });
    expect(g?.questions[0].guidance).toContain('预算申请程序');
  });

  test('the next steps quote the source where it has words for them', () => {
    expect(redFlagGuide('no-decision-maker', 'zh')?.next).toContain('让我方高层领导加强与对方关键决策者的联系');
    expect(redFlagGuide('no-coach', 'zh')?.next).toContain('协助我方获取信息、联系和确认其他销售影响者');
    expect(redFlagGuide('unknown-flag', 'zh')).toBeUndefined();
  });

  test('the tab name is no form tab’s name', () => {
    const taken = FORM_ORDER.flatMap((f) => tabNames(f));
    expect(taken).not.toContain(HEALTH_TAB.zh);
    expect(taken).not.toContain(HEALTH_TAB.en);
  });
});

describe('verdictReason', () => {
  const base = parseAccountJson(readFileSync(EXAMPLE_PATH, 'utf8')).account;
  const withMarks = (opp: string[], us?: string[]) => {
    const a = structuredClone(base);
    opp.forEach((m, i) => {
      a.opportunity.items[i].mark = m;
    });
    if (us) us.forEach((m, i) => (a.competitiveness.items[i].us = m));
    return a;
  };
  const reason = (a: ReturnType<typeof withMarks>, locale: 'zh' | 'en' = 'zh') => {
    const s = assessAccount(a, '2026-11-01');
    return verdictReason(
      s,
      a.opportunity.items.map((i) => i.mark),
      locale,
    );
  };

  test('pursue: the example (real, worth 60, lead +20)', () => {
    expect(reason(base)).toBe('真实性检验通过，价值 60 ≥ 60，不落后于对手');
  });

  test('not real: the items marked -, else how few are +', () => {
    expect(reason(withMarks(['+', '-', '+', '-', '+']))).toBe('真实性检验未通过：第 2、4 项为 -');
    expect(reason(withMarks(['+', '-', '+', '-', '+']), 'en')).toBe('the real test fails: item(s) 2, 4 marked -');
    expect(reason(withMarks(['+', '?', '?', '+', '?']))).toBe('真实性检验未通过：第 1–5 项中只有 2 项为 +（至少需要 3 项）');
  });

  test('unassessed: each completeness below the minimum', () => {
    const a = withMarks(['', '', '', '', '', '', '', '', '', ''], ['', '', '', '', '', '', '?', '?', '?', '?']);
    expect(reason(a)).toBe('机会评估完整度 0% 低于 50%；竞争力评估完整度 0% 低于 50%');
  });

  test('watch: worth below the threshold and behind the best competitor', () => {
    const a = withMarks(['+', '+', '+', '+', '+', '-', '-', '-', '+', '+'], ['+', '-', '-', '-', '-', '-', '-', '-', '-', '-']);
    expect(reason(a)).toBe(`${VERDICT_REASONS.lowWorth.zh.replace('{worth}', '40').replace('{pursue}', '60')}；落后最强对手 40 分`);
  });

  test('every reason text exists in both locales', () => {
    for (const v of Object.values(VERDICT_REASONS)) expect(v.en && v.zh).toBeTruthy();
  });
});
