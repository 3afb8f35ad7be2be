import type { Localized } from './types';

/** Section 五 备注: guiding questions of the ten opportunity items, in item order. */
export const OPPORTUNITY_GUIDANCE: Localized[] = [
  // 1 客户的应用或项目
  {
    zh: [
      '1. 什么是客户需求？',
      '2. 客户的关键问题和项目目标是什么？',
      '3. 谁是计划的发起人？',
      '4. 谁将参与到这项工作中来？',
      '5. 这项计划如何适应客户的业务策略（管理改革）？',
    ].join('\n'),
    en: [
      '1. What does the customer need?',
      "2. What are the customer's key problems and the project's goals?",
      '3. Who is the sponsor of the plan?',
      '4. Who will take part in the work?',
      "5. How does the plan fit the customer's business strategy (management reform)?",
    ].join('\n'),
  },
  // 2 客户的业务状况
  {
    zh: ['1. 客户的业务流程是否清晰？', '2. 他们主要业务的分管领导是谁？', '3. 驱动客户改变现状的内在和外在动力是什么？'].join('\n'),
    en: [
      "1. Are the customer's business processes clear?",
      '2. Who are the leaders in charge of their main business areas?',
      '3. What internal and external forces are driving the customer to change the status quo?',
    ].join('\n'),
  },
  // 3 客户的项目立项业务状况
  {
    zh: [
      '1. 他们的项目立项流程是怎样的？',
      '2. 项目的可研报告由谁来写？',
      '3. 客户项目立项的关键评判指标是什么？',
      '4. 项目可能的立项时间？',
    ].join('\n'),
    en: [
      '1. What is their project approval process?',
      '2. Who writes the feasibility study?',
      '3. What are the key criteria for the customer to approve a project?',
      '4. When is the project likely to be approved?',
    ].join('\n'),
  },
  // 4 项目的预算
  {
    zh: [
      '1. 这个计划的预算是多少？（确定预算的时间及执行时间）',
      '2. 客户的预算申请程序是怎样的？',
      '3. 与其他项目相比，本项目的优先顺序如何？',
      '4. 客户的资金还有哪些其他用途？',
    ].join('\n'),
    en: [
      '1. What is the budget for the plan? (When is it set, and when is it spent?)',
      "2. What is the customer's budget application procedure?",
      '3. How does this project rank in priority against other projects?',
      "4. What else could the customer's money be spent on?",
    ].join('\n'),
  },
  // 5 项目对客户的急迫性
  {
    zh: [
      '1. 客户为什么必须行动？（内部项目小组是否已经成立？）',
      '2. 做出决定的最后期限是什么时候？',
      '3. 如果项目被延误，会有什么后果？',
      '4. 如果项目如期完成，会有什么回报？',
      '5. 项目会给我们的经营带来什么影响？',
    ].join('\n'),
    en: [
      '1. Why must the customer act? (Has an internal project team been set up?)',
      '2. What is the deadline for the decision?',
      '3. What happens if the project is delayed?',
      '4. What is the payoff if the project is completed on time?',
      '5. How will the project affect our business?',
    ].join('\n'),
  },
  // 6 我们的短期销售收入
  {
    zh: [
      '1. 可能的签单金额是多少？',
      '2. 是否超过我们的最低收入标准？',
      '3. 项目什么时候完成？',
      '4. 是否在我们公司的最长销售周期之内？',
    ].join('\n'),
    en: [
      '1. How much is the likely contract worth?',
      '2. Does it exceed our minimum revenue threshold?',
      '3. When will the project be completed?',
      "4. Is it within our company's longest acceptable sales cycle?",
    ].join('\n'),
  },
  // 7 我们的未来销售收入
  {
    zh: [
      '1. 下一年我们的潜在收入有多少？未来三年呢？',
      '2. 是否超过我们的最低标准？',
      '3. 这个项目将来如何衍生出更大的利益？',
      '4. 我们如何保证客户的承诺能够落实？',
    ].join('\n'),
    en: [
      '1. What is our potential revenue next year? And over the next three years?',
      '2. Does it exceed our minimum threshold?',
      '3. How can this project lead to greater benefits in future?',
      "4. How do we make sure the customer's commitments are carried out?",
    ].join('\n'),
  },
  // 8 我们的利润
  {
    zh: [
      '1. 这个项目的预计利润是多少？',
      '2. 是否超过我们的最低标准？',
      '3. 我们能否提高这个项目的利润？',
      '4. 给客户的折扣是否会影响这个项目的利润？',
    ].join('\n'),
    en: [
      '1. What is the estimated profit on this project?',
      '2. Does it exceed our minimum threshold?',
      '3. Can we raise the profit on this project?',
      "4. Will the discount given to the customer affect the project's profit?",
    ].join('\n'),
  },
  // 9 我们的风险
  {
    zh: [
      '1. 我们的方案会不会导致失败？',
      '2. 我们把价值交付给客户的成功要素是什么？',
      '3. 是否会因为客户方的因素导致失败？',
      '4. 方案的失败是否会影响我们的业务？',
      '注：本项标准为“低”，风险低时评 +。',
    ].join('\n'),
    en: [
      '1. Could our solution lead to failure?',
      '2. What are the success factors in delivering value to the customer?',
      "3. Could factors on the customer's side cause failure?",
      '4. Would a failed solution hurt our business?',
      "Note: the standard here is 'low'; mark + when our risk is low.",
    ].join('\n'),
  },
  // 10 对我们扩充市场的战略价值
  {
    zh: [
      '1. 超越表面收入的价值（应用及市场价值）是什么？',
      '2. 这个项目如何配合我们的整体业务计划？',
      '3. 我们如何借这个项目赢得其他客户或市场？',
      '4. 这个项目如何帮助我们改善产品的质量和服务？',
    ].join('\n'),
    en: [
      '1. What is its value beyond the headline revenue (application and market value)?',
      '2. How does this project fit our overall business plan?',
      '3. How can we use this project to win other customers or markets?',
      '4. How does this project help us improve the quality of our products and services?',
    ].join('\n'),
  },
];

/** Section 七: guiding questions of the ten competitiveness items, in item order. */
export const COMPETITIVENESS_GUIDANCE: Localized[] = [
  // 1 对客户评比标准的掌握
  {
    zh: [
      '1. 正式的采购流程是什么？',
      '2. 采购流程如何确定？',
      '3. 哪个评比标准最重要？为什么？（关系/方案/技术/服务/价格）',
      '4. 谁来主导评比标准？（业主代表谁去现场？采购中心还是招标公司？）',
    ].join('\n'),
    en: [
      '1. What is the formal procurement process?',
      '2. How is the procurement process decided?',
      '3. Which evaluation criterion matters most, and why? (relationship / solution / technology / service / price)',
      '4. Who drives the evaluation criteria? (Who represents the owner on site? The procurement centre or the tendering agency?)',
    ].join('\n'),
  },
  // 2 合适的解决方案
  {
    zh: [
      '1. 我们的方案如何更好地解决客户的问题？',
      '2. 客户如何评价我们满足其需求的综合能力（性能、价格、技术、服务、经验、品牌、信誉等）？',
      '3. 我们需要改善和加强的是什么？',
      '4. 我们需要什么样的外部资源来满足客户需求？（关系/媒体）',
    ].join('\n'),
    en: [
      "1. How well does our solution solve the customer's problems?",
      '2. How does the customer rate our overall ability to meet its needs (performance, price, technology, service, experience, brand, reputation, etc.)?',
      '3. What do we need to improve and strengthen?',
      "4. What external resources do we need to meet the customer's needs? (relationships / media)",
    ].join('\n'),
  },
  // 3 销售资源及素质
  {
    zh: [
      '1. 销售队伍需要投入多少时间？',
      '2. 需要什么样的额外外部资源才能赢？',
      '3. 预计销售成本是多少？',
      '4. 机会成本是多少？',
      '5. 销售团队的素质对比如何？',
    ].join('\n'),
    en: [
      '1. How much time must the sales team put in?',
      '2. What additional external resources do we need to win?',
      '3. What is the estimated cost of sale?',
      '4. What is the opportunity cost?',
      '5. How do the sales teams compare in calibre?',
    ].join('\n'),
  },
  // 4 与客户的关系
  {
    zh: [
      '1. 与客户的关系目前处于什么层次和发展状态？',
      '2. 竞争对手与客户的关系如何？',
      '3. 与哪位决策者的关系有助于我们的竞争？',
      '4. 双方高层领导的互访频率如何？',
      '5. 客户对竞争对手品牌（如用友）的忠诚度？',
    ].join('\n'),
    en: [
      '1. At what level is our relationship with the customer, and how is it developing?',
      "2. What is the competitors' relationship with the customer?",
      "3. Which decision maker's relationship helps us compete?",
      '4. How often do the senior leaders of both sides visit each other?',
      "5. How loyal is the customer to a competitor's brand (e.g. Yonyou)?",
    ].join('\n'),
  },
  // 5 客户认为我们独特的商业价值
  {
    zh: [
      '1. 我们能交付给客户的独特价值是什么？',
      '2. 客户如何定义价值？如何衡量？',
      '3. 用客户的衡量尺度来看，我们的价值有多少？',
      '4. 客户是否已经确认他们理解我们的价值？',
      '5. 我们给客户带来的价值和竞争对手有什么不同？',
    ].join('\n'),
    en: [
      '1. What unique value can we deliver to the customer?',
      '2. How does the customer define value? How does it measure it?',
      "3. By the customer's own yardstick, how much are we worth?",
      '4. Has the customer confirmed that it understands our value?',
      "5. How does the value we bring differ from the competitors'?",
    ].join('\n'),
  },
  // 6 客户内线的支持
  {
    zh: [
      '1. 在客户的团队中，谁希望我们获胜？',
      '2. 内线如何表明他们的支持？',
      '3. 他们愿意并且能够帮忙吗？内线能告诉我们竞争对手的具体信息吗？我们是否知道竞争对手的内线？',
      '4. 他们在自己的团队中是否有说服力？',
    ].join('\n'),
    en: [
      "1. Who on the customer's team wants us to win?",
      '2. How do our insiders show their support?',
      "3. Are they willing and able to help? Can they give us specific information about competitors? Do we know who the competitors' insiders are?",
      '4. Do they carry weight within their own team?',
    ].join('\n'),
  },
  // 7 客户领导高层的信任
  {
    zh: [
      '1. 谁会对这个项目产生影响或受其影响？',
      '2. 你如何与他们建立相互的信任？',
      '3. 你如何接近这些关键决策人？我们清楚高层领导的真正需求吗？',
    ].join('\n'),
    en: [
      '1. Who will influence this project, or be affected by it?',
      '2. How will you build mutual trust with them?',
      '3. How will you get close to these key decision makers? Do we clearly understand what the senior leaders really need?',
    ].join('\n'),
  },
  // 8 双方文化的兼容性
  {
    zh: [
      '1. 客户的主要领导及项目负责人的价值观是什么？',
      '2. 和我们相比有什么不同？',
      '3. 客户平时如何看待供应商？',
      '4. 我们能不能、愿不愿意调整自己的文化？',
    ].join('\n'),
    en: [
      "1. What are the values of the customer's main leaders and project lead?",
      '2. How do they differ from ours?',
      '3. How does the customer usually view its suppliers?',
      '4. Can we, and are we willing to, adapt our own culture?',
    ].join('\n'),
  },
  // 9 客户不公开的桌面下评比标准
  {
    zh: [
      '1. 客户如何做出真正的决定？',
      '2. 有哪些个人主观的、无形的因素会影响这个决定？采购专家的构成如何？',
      '3. 未表述的事项是什么？',
    ].join('\n'),
    en: [
      '1. How does the customer really make the decision?',
      '2. What personal, subjective, intangible factors will affect the decision? Who makes up the procurement expert panel?',
      '3. What has been left unsaid?',
    ].join('\n'),
  },
  // 10 与决策人的利害关系
  {
    zh: [
      '1. 在决策相关人中，谁最具权威？',
      '2. 他们希望我们获胜吗？为什么？',
      '3. 他能影响或改变评比标准吗？',
      '4. 他们是否有能力制造急迫感？',
    ].join('\n'),
    en: [
      '1. Among those involved in the decision, who has the most authority?',
      '2. Do they want us to win? Why?',
      '3. Can they influence or change the evaluation criteria?',
      '4. Are they able to create a sense of urgency?',
    ].join('\n'),
  },
];
