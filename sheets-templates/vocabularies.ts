import { RED_FLAGS, RED_FLAG_LABELS } from './flags';
import { COMPETITIVENESS_FORM, OPPORTUNITY_FORM } from './forms';
import type { AssessmentItemDef, Localized, VocabValue, Vocabulary } from './types';

const FLAG_PREFIX: Localized = { zh: '红旗', en: 'Red flag' };

/**
 * What an action-plan row answers (its 针对): a red flag or an assessment
 * item. Derived, never listed by hand: one value per red flag (code: the
 * flag's own, `no-coach`, in RED_FLAGS order), per opportunity item
 * (`opportunity.4`) and per competitiveness item (`competitiveness.7`) — the
 * references forms.md §8a and the health tab (health.ts `ItemRef`) use. The
 * stored value is the zh label (`红旗：没有教练`, `机会评估 4：项目的预算`). A
 * flag or item added to its definition is offered here at once.
 */
function answersValues(): VocabValue[] {
  const item = (form: string, tab: Localized, i: AssessmentItemDef): VocabValue => ({
    code: `${form}.${i.no}`,
    value: `${tab.zh} ${i.no}：${i.label.zh}`,
    en: `${tab.en} ${i.no}: ${i.label.en}`,
  });
  return [
    ...RED_FLAGS.map((f) => ({
      code: f,
      value: `${FLAG_PREFIX.zh}：${RED_FLAG_LABELS[f].zh}`,
      en: `${FLAG_PREFIX.en}: ${RED_FLAG_LABELS[f].en}`,
    })),
    ...OPPORTUNITY_FORM.items.map((i) => item(OPPORTUNITY_FORM.id, OPPORTUNITY_FORM.tab, i)),
    ...COMPETITIVENESS_FORM.items.map((i) => item(COMPETITIVENESS_FORM.id, COMPETITIVENESS_FORM.tab, i)),
  ];
}

/**
 * Dropdown values (forms.md §0). Each value has a stable code (its identity:
 * the glossary, probabilities and red flags key by it) beside its labels; the
 * stored value (interchange JSON, cells) is the zh-CN text.
 */
export const VOCABULARIES: Vocabulary[] = [
  {
    id: 'stage',
    label: { zh: '阶段', en: 'Stage' },
    values: [
      { code: 'potential', value: '潜在', en: 'Potential' },
      { code: 'intention', value: '意向', en: 'Intention' },
      { code: 'solution', value: '方案', en: 'Solution' },
      { code: 'negotiation', value: '谈判成交', en: 'Negotiation & close' },
    ],
  },
  {
    id: 'personality',
    label: { zh: '性格', en: 'Personality' },
    values: [
      { code: 'tiger', value: '老虎', en: 'Tiger' },
      { code: 'peacock', value: '孔雀', en: 'Peacock' },
      { code: 'owl', value: '猫头鹰', en: 'Owl' },
      { code: 'koala', value: '无尾熊', en: 'Koala' },
    ],
  },
  {
    id: 'temperament',
    label: { zh: '气质', en: 'Temperament' },
    values: [
      { code: 'steady', value: '稳重', en: 'Steady' },
      { code: 'reserved', value: '寡言', en: 'Reserved' },
      { code: 'hotTempered', value: '暴躁', en: 'Hot-tempered' },
      { code: 'talkative', value: '饶舌', en: 'Talkative' },
    ],
  },
  {
    id: 'thinking',
    label: { zh: '思想', en: 'Outlook' },
    values: [
      { code: 'prudent', value: '稳健', en: 'Prudent' },
      { code: 'conservative', value: '保守', en: 'Conservative' },
      { code: 'radical', value: '激进', en: 'Radical' },
    ],
  },
  {
    id: 'eloquence',
    label: { zh: '口才', en: 'Eloquence' },
    values: [
      { code: 'articulate', value: '能说', en: 'Articulate' },
      { code: 'inarticulate', value: '口拙', en: 'Inarticulate' },
      { code: 'average', value: '一般', en: 'Average' },
    ],
  },
  {
    id: 'buyingRole',
    label: { zh: '角色', en: 'Buying role' },
    values: [
      { code: 'businessGatekeeper', value: '业务把关者', en: 'Business gatekeeper' },
      { code: 'technicalGatekeeper', value: '技术把关者', en: 'Technical gatekeeper' },
      { code: 'decisionMaker', value: '关键决策者', en: 'Key decision maker' },
    ],
  },
  {
    id: 'mapRole',
    label: { zh: '角色', en: 'Role-map role' },
    values: [
      { code: 'projectLead', value: '项目牵头人', en: 'Project lead' },
      { code: 'decisionMaker', value: '关键决策者', en: 'Key decision maker' },
      { code: 'technicalGatekeeper', value: '技术把关者', en: 'Technical gatekeeper' },
      { code: 'businessGatekeeper', value: '业务把关者', en: 'Business gatekeeper' },
      { code: 'coach', value: '教练', en: 'Coach' },
    ],
  },
  {
    id: 'gender',
    label: { zh: '性别', en: 'Gender' },
    values: [
      { code: 'male', value: '男', en: 'Male' },
      { code: 'female', value: '女', en: 'Female' },
    ],
  },
  {
    id: 'yesNo',
    label: { zh: '是/否', en: 'Yes/No' },
    values: [
      { code: 'yes', value: '是', en: 'Yes' },
      { code: 'no', value: '否', en: 'No' },
    ],
  },
  {
    id: 'trend',
    label: { zh: '变化', en: 'Change' },
    values: [
      { code: 'up', value: '上升', en: 'Up' },
      { code: 'flat', value: '持平', en: 'Flat' },
      { code: 'down', value: '下降', en: 'Down' },
    ],
  },
  {
    id: 'surveyMethod',
    label: { zh: '调研方式', en: 'Survey method' },
    values: [
      { code: 'meeting', value: '会议', en: 'Meeting' },
      { code: 'oneToOne', value: '单独座谈', en: 'One-to-one talk' },
    ],
  },
  {
    id: 'stance',
    label: { zh: '立场', en: 'Stance' },
    values: [
      { code: 'supportsUs', value: '支持我方', en: 'Supports us' },
      { code: 'neutral', value: '中立', en: 'Neutral' },
      { code: 'leansCompetitor', value: '倾向对手', en: 'Leans to a competitor' },
      { code: 'unknown', value: '未知', en: 'Unknown' },
    ],
  },
  {
    id: 'level',
    label: { zh: '影响力 / 支持度', en: 'Influence / support' },
    values: [
      { code: 'high', value: '高', en: 'High' },
      { code: 'medium', value: '中', en: 'Medium' },
      { code: 'low', value: '低', en: 'Low' },
    ],
  },
  {
    id: 'outcome',
    label: { zh: '结果', en: 'Outcome' },
    values: [
      { code: 'open', value: '进行中', en: 'Open' },
      { code: 'won', value: '赢单', en: 'Won' },
      { code: 'lost', value: '丢单', en: 'Lost' },
      { code: 'abandoned', value: '放弃', en: 'Abandoned' },
    ],
  },
  {
    id: 'actionStatus',
    label: { zh: '状态', en: 'Status' },
    values: [
      { code: 'notStarted', value: '未开始', en: 'Not started' },
      { code: 'inProgress', value: '进行中', en: 'In progress' },
      { code: 'done', value: '完成', en: 'Done' },
      { code: 'cancelled', value: '取消', en: 'Cancelled' },
    ],
  },
  {
    id: 'answers',
    label: { zh: '针对', en: 'Answers' },
    values: answersValues(),
  },
  {
    id: 'mark',
    label: { zh: '评估', en: 'Mark' },
    values: [
      { code: 'plus', value: '+', en: '+' },
      { code: 'minus', value: '-', en: '-' },
      { code: 'unknown', value: '?', en: '?' },
    ],
  },
];

/** Full-width marks accepted on input and stored as the half-width form. */
export const MARK_ALIASES: Record<string, string> = { '＋': '+', '－': '-', '？': '?' };

/** [decision] forms.md §9: stage probabilities for the weighted forecast (a manager can change them), by stage code. */
export const STAGE_PROBABILITY: Record<string, number> = {
  potential: 0.1,
  intention: 0.3,
  solution: 0.6,
  negotiation: 0.8,
};

/** Stages (codes) that count as "late" for the red flags (forms.md §8). */
export const LATE_STAGES = ['solution', 'negotiation'];
