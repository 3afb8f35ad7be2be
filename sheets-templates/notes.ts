import type { Localized } from './types';

/**
 * The fields' notes (shown on a header or label cell): guidance from the source
 * document and the product's hints, by form and field id (the assessment
 * tabs' marks, weights and competitor names too). Render-only texts:
 * the Apps Script build keeps them out of Code.js, which every custom-function
 * call loads (src/sheets/render-texts.ts, RENDER_TEXT_MODULES); forms.ts refers
 * to them, so they are still defined once.
 */
export const FIELD_NOTES = {
  keyPeople: {
    birthday: { zh: '填 月-日（如 03-18）即可，也可填完整日期。', en: 'Month-day (e.g. 03-18) is enough; a full date is fine too.' },
    family: {
      zh: '敏感个人信息：只留在本工作簿，不进入汇总。',
      en: 'Sensitive personal data: stays in this workbook, never in the roll-up.',
    },
    policyInfo: {
      zh: '新政策、财政最新动态、有助于我方软件销售的政策',
      en: 'New policies, the latest in public finance, policies that help our software sale',
    },
    peopleInfo: {
      zh: '组织结构、人员、关键人物喜好、人员变动',
      en: 'Organisation structure, staff, key people’s preferences, staff changes',
    },
    businessNeeds: { zh: '是否有新的业务需求、业务变化', en: 'Any new business needs or changes in the business' },
    activityInfo: { zh: '近期是否要开会议、去某地参观学习', en: 'Upcoming meetings, study visits elsewhere' },
  },
  overview: {
    budget: {
      zh: '单位：万元。本项目状况中的"项目预算"即此格。',
      en: 'In 10,000 CNY. This is also the project budget of the project section.',
    },
    decisionDate: {
      zh: '客户作出决定的最后期限（机会评估第 5 项）。日期已过而结果仍为进行中，即为红旗。',
      en: 'The deadline for the customer’s decision (opportunity item 5). Past it with the deal still open, it is a red flag.',
    },
    ourQuote: { zh: '单位：万元。可能签单是多少？（机会评估第 6 项）', en: 'In 10,000 CNY. What could we sign for? (opportunity item 6)' },
    outcome: {
      zh: '留空即为进行中。赢单、丢单、放弃的客户离开进行中的管道。',
      en: 'Blank means open. Won, lost and abandoned deals leave the open pipeline.',
    },
    outcomeReason: {
      zh: '客户如何作出真正的决定？（竞争力评估第 9 项）',
      en: 'How did the customer really decide? (competitiveness item 9)',
    },
    unitsCovered: { zh: '可附组织架构图', en: 'An organisation chart may be attached' },
    processNotes: {
      zh: '如：指标、支付、拨款、非税业务的处理。有相应文件可不填，重点掌握各上线模块的处理过程及联系。',
      en: 'E.g. how quotas, payments, allocations and non-tax revenue are handled. Skip if documents exist; focus on how the planned modules work and connect.',
    },
    departmentFunctions: {
      zh: '主要针对软件应用部分，如：预算科、国库科、综合科各部门职能。',
      en: 'As they concern the software, e.g. the budget, treasury and general sections.',
    },
  },
  actionPlan: {
    answers: { zh: '此行动针对的红旗或评估项。', en: 'The red flag or assessment item this action answers.' },
    owner: { zh: '我方负责人：只留在本工作簿，不进入汇总。', en: 'Who on our side: stays in this workbook, never in the roll-up.' },
    status: { zh: '留空即为未开始。', en: 'Blank means not started.' },
  },
  opportunity: {
    mark: {
      zh: '+ 符合标准（对我方有利）；- 不符合；? 尚不清楚；留空 = 未评估。',
      en: '+ meets the standard (favourable to us); - does not; ? not known yet; blank = not assessed.',
    },
    weight: { zh: '可选：每项的权重（≥ 0 的数字），留空即为 1。', en: 'Optional: each item’s weight (a number ≥ 0); blank means 1.' },
  },
  competitiveness: {
    competitors: { zh: '在右侧填写最多 3 个竞争对手的名称（如 用友）。', en: 'Name up to three competitors to the right (e.g. Yonyou).' },
  },
} satisfies Record<string, Record<string, Localized>>;
