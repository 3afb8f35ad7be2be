import { RED_FLAGS, RED_FLAG_LABELS } from '../../sheets-templates/flags';
import {
  ACTION_PLAN_FORM,
  COMPETITIVENESS_FORM,
  KEY_PEOPLE_FORM,
  OPPORTUNITY_FORM,
  OVERVIEW_FORM,
  ROLE_MAP_FORM,
} from '../../sheets-templates/forms';
import type { FieldDef } from '../../sheets-templates/types';
import { LATE_STAGES, MARK_ALIASES, STAGE_PROBABILITY, VOCABULARIES } from '../../sheets-templates/vocabularies';
import { emptyAccount } from '../../src/domain/account';
import { ACTION_STATUSES } from '../../src/domain/action-plan';
import { OUTCOMES } from '../../src/domain/deal';
import { VOCAB_TEXTS, workbookLayout } from '../../src/domain/layout';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { OPP_GROUPS } from '../../src/domain/scoring';

/**
 * The form definitions checked as data: a definition change that forgets
 * one of these fails here, and the failure names what was forgotten (each
 * expectation compares a list of offenders with []).
 */

const duplicates = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

const TABLES = [
  { where: 'keyPeople', fields: KEY_PEOPLE_FORM.table.fields },
  { where: 'roleMap', fields: ROLE_MAP_FORM.table.fields },
  { where: 'actionPlan', fields: ACTION_PLAN_FORM.table.fields },
  ...OVERVIEW_FORM.blocks.map((b) => ({ where: `overview.${b.id}`, fields: b.fields })),
];
const ALL_FIELDS: Array<{ where: string; field: FieldDef }> = TABLES.flatMap((t) => t.fields.map((field) => ({ where: t.where, field })));

describe('identity', () => {
  test('field ids are unique within their block or table, block ids within the overview', () => {
    expect(TABLES.flatMap((t) => duplicates(t.fields.map((f) => f.id)).map((id) => `${t.where}.${id}`))).toEqual([]);
    expect(duplicates(OVERVIEW_FORM.blocks.map((b) => b.id))).toEqual([]);
    // Two field blocks stored at the same path would share one object: their ids must not collide either.
    const byPath = new Map<string, string[]>();
    for (const b of OVERVIEW_FORM.blocks)
      if (b.kind === 'fields') byPath.set(b.path.join('.'), [...(byPath.get(b.path.join('.')) ?? []), ...b.fields.map((f) => f.id)]);
    expect([...byPath].flatMap(([p, ids]) => duplicates(ids).map((id) => `overview.${p}.${id}`))).toEqual([]);
  });

  test('field ids and vocabulary codes are ASCII identifiers (the derived 针对 codes: a red flag’s or an item reference)', () => {
    const ident = /^[a-z][A-Za-z0-9]*$/;
    const derived = /^([a-z]+(-[a-z]+)*|(opportunity|competitiveness)\.[1-9][0-9]*)$/;
    const bad = [
      ...ALL_FIELDS.filter(({ field }) => !ident.test(field.id)).map(({ where, field }) => `${where}.${field.id}`),
      ...VOCABULARIES.flatMap((v) =>
        v.values.filter((x) => !(v.id === 'answers' ? derived : ident).test(x.code)).map((x) => `${v.id}.${x.code}`),
      ),
    ];
    expect(bad).toEqual([]);
  });

  test('the outcome and action-status vocabularies have exactly the codes the engine knows (deal.ts, action-plan.ts)', () => {
    const codes = (id: string) => VOCABULARIES.find((v) => v.id === id)?.values.map((x) => x.code);
    expect(codes('outcome')).toEqual([...OUTCOMES]);
    expect(codes('actionStatus')).toEqual([...ACTION_STATUSES]);
  });

  test('the 针对 vocabulary is derived: one value per red flag, then per opportunity and competitiveness item, in order', () => {
    const answers = VOCABULARIES.find((v) => v.id === 'answers')!.values;
    expect(answers.map((x) => x.code)).toEqual([
      ...RED_FLAGS,
      ...OPPORTUNITY_FORM.items.map((i) => `opportunity.${i.no}`),
      ...COMPETITIVENESS_FORM.items.map((i) => `competitiveness.${i.no}`),
    ]);
    expect(answers.find((x) => x.code === 'no-coach')).toMatchObject({ value: '红旗：没有教练', en: 'Red flag: No coach' });
    expect(answers.find((x) => x.code === 'opportunity.4')).toMatchObject({
      value: '机会评估 4：项目的预算',
      en: 'Opportunity 4: Project budget',
    });
    expect(answers.find((x) => x.code === 'competitiveness.7')?.value).toBe('竞争力评估 7：客户领导高层的信任');
    // Every red flag has its label in both locales.
    expect(RED_FLAGS.filter((f) => !RED_FLAG_LABELS[f].zh.trim() || !RED_FLAG_LABELS[f].en.trim())).toEqual([]);
  });

  test('vocabulary ids, and each vocabulary’s codes and values, are unique', () => {
    expect(duplicates(VOCABULARIES.map((v) => v.id))).toEqual([]);
    expect(VOCABULARIES.flatMap((v) => duplicates(v.values.map((x) => x.code)).map((c) => `${v.id}.${c}`))).toEqual([]);
    expect(VOCABULARIES.flatMap((v) => duplicates(v.values.map((x) => x.value)).map((c) => `${v.id}.${c}`))).toEqual([]);
    expect(VOCABULARIES.flatMap((v) => duplicates(v.values.map((x) => x.en)).map((c) => `${v.id}.${c}`))).toEqual([]);
  });

  test('every vocab field names a vocabulary that exists', () => {
    const ids = new Set(VOCABULARIES.map((v) => v.id));
    expect(
      ALL_FIELDS.filter(({ field }) => field.type === 'vocab' && !ids.has(field.vocab as string)).map(
        ({ where, field }) => `${where}.${field.id}`,
      ),
    ).toEqual([]);
  });

  test('the codes the engine relies on exist (red flags, the decision maker’s stance, the coach)', () => {
    const used: Record<string, string[]> = {
      buyingRole: ['decisionMaker'],
      mapRole: ['decisionMaker', 'coach'],
      yesNo: ['yes'],
      trend: ['down'],
      stage: LATE_STAGES,
      outcome: ['open', 'won', 'lost', 'abandoned'],
      actionStatus: ['notStarted', 'inProgress', 'done', 'cancelled'],
    };
    const missing = Object.entries(used).flatMap(([id, codes]) =>
      codes.filter((c) => !VOCABULARIES.find((v) => v.id === id)?.values.some((x) => x.code === c)).map((c) => `${id}.${c}`),
    );
    expect(missing).toEqual([]);
    expect(
      Object.values(MARK_ALIASES).filter((m) => !VOCABULARIES.find((v) => v.id === 'mark')?.values.some((x) => x.value === m)),
    ).toEqual([]);
  });
});

/** Values presented with glossary text (glossary tab, header notes) that have none. */
function valuesWithoutText(): string[] {
  const missing: string[] = [];
  for (const [vocab, texts] of Object.entries(VOCAB_TEXTS)) {
    for (const v of VOCABULARIES.find((x) => x.id === vocab)?.values ?? []) {
      const t = texts[v.code];
      const parts = !t ? [] : 'traits' in t ? [t.traits, t.approach] : [t];
      if (!parts.length || parts.some((p) => !p.zh.trim() || !p.en.trim())) missing.push(`${vocab}.${v.code}`);
    }
  }
  return missing;
}

/** Stages without a forecast probability between 0 and 1. */
function stagesWithoutProbability(): string[] {
  const stages = VOCABULARIES.find((v) => v.id === 'stage')?.values.map((v) => v.code) ?? [];
  return stages.filter((c) => !(typeof STAGE_PROBABILITY[c] === 'number' && STAGE_PROBABILITY[c] >= 0 && STAGE_PROBABILITY[c] <= 1));
}

describe('texts', () => {
  test('every value of a vocabulary that the glossary or a header note presents has its text, and no text is left without a value', () => {
    // A text whose code is in none of the vocabularies that present it is stale (a value renamed or removed).
    const codes = new Set(
      Object.keys(VOCAB_TEXTS).flatMap((id) => (VOCABULARIES.find((v) => v.id === id)?.values ?? []).map((v) => v.code)),
    );
    const orphan = Object.values(VOCAB_TEXTS).flatMap((texts) => Object.keys(texts).filter((code) => !codes.has(code)));
    expect(valuesWithoutText()).toEqual([]);
    expect([...new Set(orphan)]).toEqual([]);
  });

  test('the check names a value added without its text (a new personality)', () => {
    const personality = VOCABULARIES.find((v) => v.id === 'personality')!;
    personality.values.push({ code: 'dolphin', value: '海豚', en: 'Dolphin' });
    try {
      expect(valuesWithoutText()).toEqual(['personality.dolphin']);
    } finally {
      personality.values.pop();
    }
  });

  test('every field, block and item has both labels', () => {
    const blank = (l: { zh: string; en: string }) => !l.zh.trim() || !l.en.trim();
    const bad = [
      ...ALL_FIELDS.filter(({ field }) => blank(field.label)).map(({ where, field }) => `${where}.${field.id}`),
      ...OVERVIEW_FORM.blocks.filter((b) => blank(b.title)).map((b) => `overview.${b.id}`),
      ...[...OPPORTUNITY_FORM.items, ...COMPETITIVENESS_FORM.items]
        .filter((i) => blank(i.label) || blank(i.standard) || blank(i.guidance))
        .map((i) => `item ${i.no}`),
      ...VOCABULARIES.flatMap((v) => v.values.filter((x) => !x.value.trim() || !x.en.trim()).map((x) => `${v.id}.${x.code}`)),
    ];
    expect(bad).toEqual([]);
  });
});

describe('forecast', () => {
  test('every stage has a forecast probability between 0 and 1, and every probability a stage', () => {
    const stages = VOCABULARIES.find((v) => v.id === 'stage')?.values.map((v) => v.code) ?? [];
    expect(stagesWithoutProbability()).toEqual([]);
    expect(Object.keys(STAGE_PROBABILITY).filter((c) => !stages.includes(c))).toEqual([]);
    expect(LATE_STAGES.filter((c) => !stages.includes(c))).toEqual([]);
  });

  test('the check names a stage added without a probability', () => {
    const stage = VOCABULARIES.find((v) => v.id === 'stage')!;
    stage.values.push({ code: 'contract', value: '签约', en: 'Contract' });
    try {
      expect(stagesWithoutProbability()).toEqual(['contract']);
    } finally {
      stage.values.pop();
    }
  });
});

describe('layout', () => {
  test('every field of every form is placed by the layout and read back from its place', () => {
    const account = emptyAccount();
    const ov = account.overview as Record<string, unknown>;
    for (const b of OVERVIEW_FORM.blocks) {
      const row = Object.fromEntries(b.fields.map((f) => [f.id, `${b.id}.${f.id}`]));
      if (b.kind === 'table') ov[b.path[0]] = [row];
      else if (b.path.length) ov[b.path[0]] = { ...(ov[b.path[0]] as object), ...row };
      else Object.assign(ov, row);
    }
    account.keyPeople = [Object.fromEntries(KEY_PEOPLE_FORM.table.fields.map((f) => [f.id, `kp.${f.id}`]))];
    account.roleMap = [Object.fromEntries(ROLE_MAP_FORM.table.fields.map((f) => [f.id, `rm.${f.id}`]))];
    account.actionPlan = [Object.fromEntries(ACTION_PLAN_FORM.table.fields.map((f) => [f.id, `ap.${f.id}`]))];
    for (const locale of ['zh', 'en'] as const) {
      const read = readAccountFromGrids(layoutToGrids(workbookLayout(account, locale)));
      const want = [
        ...OVERVIEW_FORM.blocks.flatMap((b) =>
          b.fields.map(
            (f) =>
              `overview.${b.kind === 'table' ? `${b.path[0]}.0` : [...b.path].join('.')}${b.kind === 'table' || b.path.length ? '.' : ''}${f.id}`,
          ),
        ),
        ...KEY_PEOPLE_FORM.table.fields.map((f) => `keyPeople.0.${f.id}`),
        ...ROLE_MAP_FORM.table.fields.map((f) => `roleMap.0.${f.id}`),
        ...ACTION_PLAN_FORM.table.fields.map((f) => `actionPlan.0.${f.id}`),
      ];
      expect(want.filter((p) => !read.locations[p])).toEqual([]);
      expect(read.account).toEqual(account);
    }
  });

  test('the scoring groups are the items’ `group`: every opportunity item has one, competitiveness items none', () => {
    expect(OPPORTUNITY_FORM.items.filter((i) => i.group !== 'real' && i.group !== 'worth').map((i) => i.no)).toEqual([]);
    expect(COMPETITIVENESS_FORM.items.filter((i) => i.group !== undefined).map((i) => i.no)).toEqual([]);
    for (const g of ['real', 'worth'] as const)
      expect(OPP_GROUPS[g]).toEqual(OPPORTUNITY_FORM.items.flatMap((item, i) => (item.group === g ? [i] : [])));
    expect(OPP_GROUPS.real.length).toBeGreaterThan(0);
    expect(OPP_GROUPS.worth.length).toBeGreaterThan(0);
  });
});
