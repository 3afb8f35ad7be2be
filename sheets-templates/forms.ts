import type { AssessmentItemDef, Block, FieldDef, Localized, TableBlock } from './types';
import { COMPETITIVENESS_GUIDANCE, OPPORTUNITY_GUIDANCE } from './guidance';
import { FIELD_NOTES } from './notes';

/**
 * The six forms of the source document (forms.md §1–§6), as data.
 * Field ids are the interchange JSON keys; labels are what users see.
 */

/**
 * Bumped whenever a form gains or loses a field or the workbook's structure changes; written into every workbook.
 * 2: workbooks carry bindings (defined names / named ranges, src/domain/bindings.ts).
 * 3: .xlsx workbooks open on the account-health tab 概览 (verdict, reasons, red flags; sheets-templates/health.ts).
 * 4: the overview's 决策与结果 block (decision date, our quote, outcome) and the 行动计划 tab (action plan).
 */
export const TEMPLATE_VERSION = 4;

export const WORKBOOK_TITLE: Localized = { zh: '大客户销售', en: 'Key-account sales' };

// ---------------------------------------------------------------- key people
const KEY_PEOPLE_FIELDS: FieldDef[] = [
  { id: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text', required: true, width: 10 },
  { id: 'visitNo', label: { zh: '第几次拜访', en: 'Visit no.' }, type: 'integer', required: true, min: 1, width: 8 },
  { id: 'visitDate', label: { zh: '拜访日期', en: 'Visit date' }, type: 'date', required: true, width: 12 },
  { id: 'gender', label: { zh: '性别', en: 'Gender' }, type: 'vocab', vocab: 'gender', personal: true, width: 6 },
  { id: 'age', label: { zh: '年龄', en: 'Age' }, type: 'integer', min: 18, max: 90, personal: true, width: 6 },
  { id: 'orgTitle', label: { zh: '机构&职务', en: 'Organisation & title' }, type: 'text', width: 18 },
  { id: 'birthplace', label: { zh: '出生地', en: 'Birthplace' }, type: 'text', personal: true, width: 10 },
  { id: 'hobbies', label: { zh: '爱好', en: 'Hobbies' }, type: 'text', personal: true, width: 12 },
  {
    id: 'birthday',
    label: { zh: '生日', en: 'Birthday' },
    type: 'dateOrMonthDay',
    personal: true,
    width: 10,
    note: FIELD_NOTES.keyPeople.birthday,
  },
  { id: 'education', label: { zh: '学历', en: 'Education' }, type: 'text', personal: true, width: 8 },
  { id: 'introducer', label: { zh: '介绍人', en: 'Introduced by' }, type: 'text', personal: true, width: 10 },
  {
    id: 'family',
    label: { zh: '配偶及子女状况', en: 'Spouse and children' },
    type: 'text',
    personal: true,
    width: 16,
    note: FIELD_NOTES.keyPeople.family,
  },
  { id: 'background', label: { zh: '出身', en: 'Background' }, type: 'text', personal: true, width: 12 },
  { id: 'personality', label: { zh: '性格', en: 'Personality' }, type: 'vocab', vocab: 'personality', width: 8 },
  { id: 'temperament', label: { zh: '气质', en: 'Temperament' }, type: 'vocab', vocab: 'temperament', width: 8 },
  { id: 'thinking', label: { zh: '思想', en: 'Outlook' }, type: 'vocab', vocab: 'thinking', width: 8 },
  { id: 'eloquence', label: { zh: '口才', en: 'Eloquence' }, type: 'vocab', vocab: 'eloquence', width: 8 },
  { id: 'role', label: { zh: '目前该人的角色', en: 'Current role' }, type: 'vocab', vocab: 'buyingRole', width: 12 },
  {
    id: 'couldCoach',
    label: { zh: '是否有可能成为我们的教练', en: 'Could become our coach?' },
    type: 'vocab',
    vocab: 'yesNo',
    width: 10,
  },
  { id: 'othersView', label: { zh: '其他人对该人的评价', en: "Others' view of this person" }, type: 'text', personal: true, width: 18 },
  { id: 'closeness', label: { zh: '本次沟通中亲近度变化', en: 'Closeness this visit' }, type: 'vocab', vocab: 'trend', width: 10 },
  { id: 'trust', label: { zh: '本次沟通中信任度变化', en: 'Trust this visit' }, type: 'vocab', vocab: 'trend', width: 10 },
  {
    id: 'policyInfo',
    label: { zh: '政策信息', en: 'Policy information' },
    type: 'longText',
    intel: true,
    width: 24,
    note: FIELD_NOTES.keyPeople.policyInfo,
  },
  {
    id: 'peopleInfo',
    label: { zh: '人员信息', en: 'People information' },
    type: 'longText',
    intel: true,
    width: 24,
    note: FIELD_NOTES.keyPeople.peopleInfo,
  },
  {
    id: 'businessNeeds',
    label: { zh: '业务需求', en: 'Business needs' },
    type: 'longText',
    intel: true,
    width: 24,
    note: FIELD_NOTES.keyPeople.businessNeeds,
  },
  {
    id: 'activityInfo',
    label: { zh: '活动信息', en: 'Activities' },
    type: 'longText',
    intel: true,
    width: 24,
    note: FIELD_NOTES.keyPeople.activityInfo,
  },
];

export const KEY_PEOPLE_FORM = {
  id: 'keyPeople' as const,
  tab: { zh: '关键人物', en: 'Key people' },
  title: { zh: '关键人物信息表（每次拜访一行）', en: 'Key people (one row per visit)' },
  table: {
    kind: 'table',
    id: 'keyPeople',
    title: { zh: '拜访记录', en: 'Visits' },
    path: [],
    fields: KEY_PEOPLE_FIELDS,
    blankRows: 20,
  } satisfies TableBlock,
};

// ---------------------------------------------------------------- role map
export const ROLE_MAP_FORM = {
  id: 'roleMap' as const,
  tab: { zh: '角色分析', en: 'Role map' },
  title: { zh: '角色分析', en: 'Role map' },
  /** One row per role in a new workbook; more rows per role are allowed. */
  fixedRoles: ['项目牵头人', '关键决策者', '技术把关者', '业务把关者', '教练'],
  table: {
    kind: 'table',
    id: 'roleMap',
    title: { zh: '角色', en: 'Roles' },
    path: [],
    blankRows: 3,
    fields: [
      { id: 'role', label: { zh: '角色', en: 'Role' }, type: 'vocab', vocab: 'mapRole', width: 12 },
      { id: 'title', label: { zh: '职务', en: 'Title' }, type: 'text', width: 14 },
      { id: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text', width: 10 },
      { id: 'stance', label: { zh: '立场', en: 'Stance' }, type: 'vocab', vocab: 'stance', width: 12 },
      { id: 'influencedBy', label: { zh: '受谁影响', en: 'Influenced by' }, type: 'text', width: 12 },
      { id: 'influences', label: { zh: '能影响谁', en: 'Influences' }, type: 'text', width: 12 },
      { id: 'focus', label: { zh: '关注焦点', en: 'Focus' }, type: 'text', width: 16 },
      { id: 'relations', label: { zh: '与其他人的关系', en: 'Relations with others' }, type: 'text', width: 18 },
      { id: 'preferences', label: { zh: '私人喜好', en: 'Personal preferences' }, type: 'text', personal: true, width: 14 },
    ],
  } satisfies TableBlock,
};

// ---------------------------------------------------------------- overview
const OVERVIEW_BLOCKS: Block[] = [
  {
    kind: 'fields',
    id: 'header',
    title: { zh: '基本信息', en: 'Account' },
    path: [],
    fields: [
      { id: 'salesManager', label: { zh: '销售经理', en: 'Sales manager' }, type: 'text' },
      { id: 'customerName', label: { zh: '客户名称', en: 'Customer name' }, type: 'text', required: true },
      { id: 'visitNo', label: { zh: '第几次拜访', en: 'Visit no.' }, type: 'integer', min: 1 },
      { id: 'surveyMethod', label: { zh: '调研方式', en: 'Survey method' }, type: 'vocab', vocab: 'surveyMethod' },
      { id: 'date', label: { zh: '时间', en: 'Date' }, type: 'date' },
      { id: 'stage', label: { zh: '阶段', en: 'Stage' }, type: 'vocab', vocab: 'stage' },
      {
        id: 'budget',
        label: { zh: '项目预算（万元）', en: 'Project budget (10k CNY)' },
        type: 'number',
        min: 0,
        unit: { zh: '万元', en: '10k CNY' },
        note: FIELD_NOTES.overview.budget,
      },
    ],
  },
  {
    kind: 'fields',
    id: 'deal',
    title: { zh: '决策与结果', en: 'Decision and outcome' },
    path: [],
    since: 4,
    fields: [
      {
        id: 'decisionDate',
        label: { zh: '预计决策日期', en: 'Expected decision date' },
        type: 'date',
        note: FIELD_NOTES.overview.decisionDate,
      },
      {
        id: 'ourQuote',
        label: { zh: '我方报价（万元）', en: 'Our quote (10k CNY)' },
        type: 'number',
        min: 0,
        unit: { zh: '万元', en: '10k CNY' },
        note: FIELD_NOTES.overview.ourQuote,
      },
      {
        id: 'outcome',
        label: { zh: '结果', en: 'Outcome' },
        type: 'vocab',
        vocab: 'outcome',
        note: FIELD_NOTES.overview.outcome,
      },
      { id: 'outcomeDate', label: { zh: '结果日期', en: 'Outcome date' }, type: 'date' },
      {
        id: 'outcomeReason',
        label: { zh: '结果原因', en: 'Outcome reason' },
        type: 'longText',
        intel: true,
        note: FIELD_NOTES.overview.outcomeReason,
      },
    ],
  },
  {
    kind: 'table',
    id: 'keyContacts',
    title: { zh: '重要拜访对象', en: 'Key contacts' },
    path: ['keyContacts'],
    blankRows: 5,
    fields: [
      { id: 'name', label: { zh: '姓名', en: 'Name' }, type: 'text' },
      { id: 'department', label: { zh: '所在处(科)室', en: 'Department' }, type: 'text' },
      { id: 'title', label: { zh: '职位', en: 'Title' }, type: 'text' },
      { id: 'influence', label: { zh: '项目影响力', en: 'Influence on the project' }, type: 'vocab', vocab: 'level' },
      { id: 'support', label: { zh: '对我们的支持度', en: 'Support for us' }, type: 'vocab', vocab: 'level' },
    ],
  },
  {
    kind: 'fields',
    id: 'itStatus',
    title: { zh: '系统建设现状', en: 'IT status' },
    path: ['itStatus'],
    fields: [
      { id: 'network', label: { zh: '网络覆盖状况', en: 'Network coverage' }, type: 'text' },
      { id: 'meetsProjectNeeds', label: { zh: '是否满足本次项目需要', en: 'Meets this project’s needs?' }, type: 'vocab', vocab: 'yesNo' },
      { id: 'servers', label: { zh: '现有服务器状况', en: 'Current servers' }, type: 'text' },
      { id: 'databaseMiddleware', label: { zh: '现有数据库、中间件', en: 'Current database, middleware' }, type: 'text' },
    ],
  },
  {
    kind: 'table',
    id: 'software',
    title: { zh: '软件应用现状', en: 'Software in use' },
    path: ['software'],
    blankRows: 4,
    fields: [
      { id: 'nameVersion', label: { zh: '软件名称、版本', en: 'Software, version' }, type: 'text' },
      { id: 'vendor', label: { zh: '供应商', en: 'Vendor' }, type: 'text' },
      { id: 'scope', label: { zh: '应用范畴', en: 'Scope of use' }, type: 'text' },
      { id: 'goLive', label: { zh: '上线时间', en: 'Live since' }, type: 'date' },
      { id: 'serviceStatus', label: { zh: '运营服务状况', en: 'Service status' }, type: 'text' },
      { id: 'urgentProblems', label: { zh: '迫切需解决问题', en: 'Urgent problems' }, type: 'text' },
      { id: 'replace', label: { zh: '是否替代', en: 'To be replaced?' }, type: 'vocab', vocab: 'yesNo' },
    ],
  },
  {
    kind: 'fields',
    id: 'project',
    title: { zh: '本项目状况', en: 'This project' },
    path: ['project'],
    fields: [
      { id: 'lead', label: { zh: '项目负责人', en: 'Project owner' }, type: 'text' },
      { id: 'policyDocs', label: { zh: '政策支持文件', en: 'Supporting policy documents' }, type: 'text' },
      { id: 'itPlanDocs', label: { zh: '信息化规划文件', en: 'IT plan documents' }, type: 'text' },
      { id: 'expectedOutcome', label: { zh: '项目期望效果', en: 'Expected outcome' }, type: 'text' },
    ],
  },
  {
    kind: 'fields',
    id: 'scope',
    title: { zh: '本次项目建设范围', en: 'Project scope' },
    path: ['scope'],
    fields: [
      { id: 'modulesPlanned', label: { zh: '拟上线模块', en: 'Modules planned' }, type: 'text' },
      { id: 'modulesOptional', label: { zh: '可增加模块', en: 'Optional modules' }, type: 'text' },
      {
        id: 'unitsCovered',
        label: { zh: '覆盖单位范围', en: 'Units covered' },
        type: 'text',
        note: FIELD_NOTES.overview.unitsCovered,
      },
      { id: 'integration', label: { zh: '与现有系统接口、整合', en: 'Interfaces with existing systems' }, type: 'text' },
      { id: 'legacyData', label: { zh: '旧系统数据处理（是否迁移）', en: 'Legacy data (migrate?)' }, type: 'text' },
      { id: 'architecture', label: { zh: '应用架构、模式（产品线选择）', en: 'Architecture (product line)' }, type: 'text' },
      { id: 'specialRequirements', label: { zh: '特殊要求（安全等）', en: 'Special requirements (security…)' }, type: 'text' },
    ],
  },
  {
    kind: 'fields',
    id: 'requirements',
    title: { zh: '需求与关注点', en: 'Requirements and concerns' },
    path: [],
    fields: [
      {
        id: 'processNotes',
        label: { zh: '流程梳理、功能需求', en: 'Processes, functional needs' },
        type: 'longText',
        note: FIELD_NOTES.overview.processNotes,
      },
      {
        id: 'departmentFunctions',
        label: { zh: '各业务部门职能', en: 'Department functions' },
        type: 'longText',
        note: FIELD_NOTES.overview.departmentFunctions,
      },
      { id: 'keyConcerns', label: { zh: '重点关注问题、功能', en: 'Key concerns, functions' }, type: 'longText' },
    ],
  },
];

export const OVERVIEW_FORM = {
  id: 'overview' as const,
  tab: { zh: '客户全貌', en: 'Overview' },
  title: { zh: '客户全貌', en: 'Customer overview' },
  blocks: OVERVIEW_BLOCKS,
};

// ---------------------------------------------------------------- opportunity
const OPPORTUNITY_ITEMS: Array<Omit<AssessmentItemDef, 'guidance'>> = [
  {
    no: 1,
    label: { zh: '客户的应用或项目', en: "The customer's application or project" },
    standard: { zh: '清晰', en: 'Clear' },
    group: 'real',
  },
  { no: 2, label: { zh: '客户的业务状况', en: "The customer's business" }, standard: { zh: '强劲', en: 'Strong' }, group: 'real' },
  { no: 3, label: { zh: '客户的项目立项业务状况', en: 'Project approval status' }, standard: { zh: '健全', en: 'Sound' }, group: 'real' },
  { no: 4, label: { zh: '项目的预算', en: 'Project budget' }, standard: { zh: '有', en: 'Exists' }, group: 'real' },
  { no: 5, label: { zh: '项目对客户的急迫性', en: 'Urgency for the customer' }, standard: { zh: '清晰', en: 'Clear' }, group: 'real' },
  { no: 6, label: { zh: '我们的短期销售收入', en: 'Our short-term revenue' }, standard: { zh: '高', en: 'High' }, group: 'worth' },
  { no: 7, label: { zh: '我们的未来销售收入', en: 'Our future revenue' }, standard: { zh: '高', en: 'High' }, group: 'worth' },
  { no: 8, label: { zh: '我们的利润', en: 'Our profit' }, standard: { zh: '高', en: 'High' }, group: 'worth' },
  { no: 9, label: { zh: '我们的风险', en: 'Our risk' }, standard: { zh: '低', en: 'Low' }, group: 'worth' },
  {
    no: 10,
    label: { zh: '对我们扩充市场的战略价值', en: 'Strategic value for our market' },
    standard: { zh: '有', en: 'Exists' },
    group: 'worth',
  },
];

export const OPPORTUNITY_FORM = {
  id: 'opportunity' as const,
  tab: { zh: '机会评估', en: 'Opportunity' },
  title: { zh: '销售机会评估表', en: 'Opportunity assessment' },
  question: { zh: '销售机会是不是虚的？值得赢吗？', en: 'Is the opportunity real? Is it worth winning?' },
  items: OPPORTUNITY_ITEMS.map((item, i) => ({ ...item, guidance: OPPORTUNITY_GUIDANCE[i] })) as AssessmentItemDef[],
};

// ---------------------------------------------------------------- competitiveness
const COMPETITIVENESS_ITEMS: Array<Omit<AssessmentItemDef, 'guidance'>> = [
  {
    no: 1,
    label: { zh: '对客户评比标准的掌握', en: "Grasp of the customer's evaluation criteria" },
    standard: { zh: '清晰', en: 'Clear' },
  },
  { no: 2, label: { zh: '合适的解决方案', en: 'A fitting solution' }, standard: { zh: '符合', en: 'Fits' } },
  { no: 3, label: { zh: '销售资源及素质', en: 'Sales resources and skills' }, standard: { zh: '充足有力', en: 'Ample and strong' } },
  { no: 4, label: { zh: '与客户的关系', en: 'Relationship with the customer' }, standard: { zh: '紧密', en: 'Close' } },
  {
    no: 5,
    label: { zh: '客户认为我们独特的商业价值', en: 'Unique business value the customer sees in us' },
    standard: { zh: '强大', en: 'Strong' },
  },
  { no: 6, label: { zh: '客户内线的支持', en: 'Support from our inside contacts' }, standard: { zh: '强大', en: 'Strong' } },
  { no: 7, label: { zh: '客户领导高层的信任', en: "Trust of the customer's leadership" }, standard: { zh: '强大', en: 'Strong' } },
  { no: 8, label: { zh: '双方文化的兼容性', en: 'Cultural fit' }, standard: { zh: '多', en: 'High' } },
  { no: 9, label: { zh: '客户不公开的桌面下评比标准', en: 'Unstated criteria under the table' }, standard: { zh: '清晰', en: 'Clear' } },
  { no: 10, label: { zh: '与决策人的利害关系', en: 'Shared interests with the decision maker' }, standard: { zh: '多', en: 'Many' } },
];

export const COMPETITIVENESS_FORM = {
  id: 'competitiveness' as const,
  tab: { zh: '竞争力评估', en: 'Competitiveness' },
  title: { zh: '销售竞争力评估表', en: 'Competitiveness assessment' },
  question: { zh: '我们真正赢的把握如何？', en: 'How sure are we really of winning?' },
  maxCompetitors: 3,
  /** A free-text conclusion follows each of these items. */
  conclusionsAfter: [5, 10],
  conclusionLabel: { zh: '结论', en: 'Conclusion' },
  items: COMPETITIVENESS_ITEMS.map((item, i) => ({ ...item, guidance: COMPETITIVENESS_GUIDANCE[i] })) as AssessmentItemDef[],
};

// ---------------------------------------------------------------- action plan
export const ACTION_PLAN_FORM = {
  id: 'actionPlan' as const,
  tab: { zh: '行动计划', en: 'Action plan' },
  title: { zh: '行动计划（每项行动一行）', en: 'Action plan (one row per action)' },
  /** The template version that added this tab: an older workbook has none. */
  since: 4,
  table: {
    kind: 'table',
    id: 'actionPlan',
    title: { zh: '行动', en: 'Actions' },
    path: [],
    blankRows: 10,
    fields: [
      { id: 'action', label: { zh: '行动', en: 'Action' }, type: 'text', required: true, intel: true, width: 30 },
      {
        id: 'answers',
        label: { zh: '针对', en: 'Answers' },
        type: 'vocab',
        vocab: 'answers',
        width: 26,
        note: FIELD_NOTES.actionPlan.answers,
      },
      {
        id: 'owner',
        label: { zh: '负责人', en: 'Owner' },
        type: 'text',
        personal: true,
        width: 10,
        note: FIELD_NOTES.actionPlan.owner,
      },
      { id: 'dueDate', label: { zh: '截止日期', en: 'Due date' }, type: 'date', width: 12 },
      {
        id: 'status',
        label: { zh: '状态', en: 'Status' },
        type: 'vocab',
        vocab: 'actionStatus',
        width: 9,
        note: FIELD_NOTES.actionPlan.status,
      },
      { id: 'result', label: { zh: '结果', en: 'Result' }, type: 'text', intel: true, width: 24 },
    ],
  } satisfies TableBlock,
};

// ---------------------------------------------------------------- glossary
export const GLOSSARY_FORM = {
  id: 'glossary' as const,
  tab: { zh: '术语对照', en: 'Glossary' },
  title: { zh: '大客户销售术语对照表', en: 'Key-account sales glossary' },
};

/** Tab order of an account workbook. */
export const FORM_ORDER = ['glossary', 'overview', 'keyPeople', 'roleMap', 'opportunity', 'competitiveness', 'actionPlan'] as const;
export type FormId = (typeof FORM_ORDER)[number];
