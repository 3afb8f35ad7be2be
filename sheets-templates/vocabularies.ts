import type { Vocabulary } from './types';

/** Dropdown values (forms.md §0). The stored value is the zh-CN text. */
export const VOCABULARIES: Vocabulary[] = [
  {
    id: 'stage',
    label: { zh: '阶段', en: 'Stage' },
    values: [
      { value: '潜在', en: 'Potential' },
      { value: '意向', en: 'Intention' },
      { value: '方案', en: 'Solution' },
      { value: '谈判成交', en: 'Negotiation & close' },
    ],
  },
  {
    id: 'personality',
    label: { zh: '性格', en: 'Personality' },
    values: [
      { value: '老虎', en: 'Tiger' },
      { value: '孔雀', en: 'Peacock' },
      { value: '猫头鹰', en: 'Owl' },
      { value: '无尾熊', en: 'Koala' },
    ],
  },
  {
    id: 'temperament',
    label: { zh: '气质', en: 'Temperament' },
    values: [
      { value: '稳重', en: 'Steady' },
      { value: '寡言', en: 'Reserved' },
      { value: '暴躁', en: 'Hot-tempered' },
      { value: '饶舌', en: 'Talkative' },
    ],
  },
  {
    id: 'thinking',
    label: { zh: '思想', en: 'Outlook' },
    values: [
      { value: '稳健', en: 'Prudent' },
      { value: '保守', en: 'Conservative' },
      { value: '激进', en: 'Radical' },
    ],
  },
  {
    id: 'eloquence',
    label: { zh: '口才', en: 'Eloquence' },
    values: [
      { value: '能说', en: 'Articulate' },
      { value: '口拙', en: 'Inarticulate' },
      { value: '一般', en: 'Average' },
    ],
  },
  {
    id: 'buyingRole',
    label: { zh: '角色', en: 'Buying role' },
    values: [
      { value: '业务把关者', en: 'Business gatekeeper' },
      { value: '技术把关者', en: 'Technical gatekeeper' },
      { value: '关键决策者', en: 'Key decision maker' },
    ],
  },
  {
    id: 'mapRole',
    label: { zh: '角色', en: 'Role-map role' },
    values: [
      { value: '项目牵头人', en: 'Project lead' },
      { value: '关键决策者', en: 'Key decision maker' },
      { value: '技术把关者', en: 'Technical gatekeeper' },
      { value: '业务把关者', en: 'Business gatekeeper' },
      { value: '教练', en: 'Coach' },
    ],
  },
  {
    id: 'gender',
    label: { zh: '性别', en: 'Gender' },
    values: [
      { value: '男', en: 'Male' },
      { value: '女', en: 'Female' },
    ],
  },
  {
    id: 'yesNo',
    label: { zh: '是/否', en: 'Yes/No' },
    values: [
      { value: '是', en: 'Yes' },
      { value: '否', en: 'No' },
    ],
  },
  {
    id: 'trend',
    label: { zh: '变化', en: 'Change' },
    values: [
      { value: '上升', en: 'Up' },
      { value: '持平', en: 'Flat' },
      { value: '下降', en: 'Down' },
    ],
  },
  {
    id: 'surveyMethod',
    label: { zh: '调研方式', en: 'Survey method' },
    values: [
      { value: '会议', en: 'Meeting' },
      { value: '单独座谈', en: 'One-to-one talk' },
    ],
  },
  {
    id: 'stance',
    label: { zh: '立场', en: 'Stance' },
    values: [
      { value: '支持我方', en: 'Supports us' },
      { value: '中立', en: 'Neutral' },
      { value: '倾向对手', en: 'Leans to a competitor' },
      { value: '未知', en: 'Unknown' },
    ],
  },
  {
    id: 'level',
    label: { zh: '影响力 / 支持度', en: 'Influence / support' },
    values: [
      { value: '高', en: 'High' },
      { value: '中', en: 'Medium' },
      { value: '低', en: 'Low' },
    ],
  },
  {
    id: 'mark',
    label: { zh: '评估', en: 'Mark' },
    values: [
      { value: '+', en: '+' },
      { value: '-', en: '-' },
      { value: '?', en: '?' },
    ],
  },
];

/** Full-width marks accepted on input and stored as the half-width form. */
export const MARK_ALIASES: Record<string, string> = { '＋': '+', '－': '-', '？': '?' };

/** [decision] forms.md §9: stage probabilities for the weighted forecast (a manager can change them). */
export const STAGE_PROBABILITY: Record<string, number> = {
  潜在: 0.1,
  意向: 0.3,
  方案: 0.6,
  谈判成交: 0.8,
};

/** Stages that count as "late" for the red flags (forms.md §8). */
export const LATE_STAGES = ['方案', '谈判成交'];
