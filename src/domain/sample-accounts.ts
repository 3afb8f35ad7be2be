import { type Account, type CompetitivenessItem, type OpportunityItem, type Row, SCHEMA_VERSION } from './account';
import { isoDayNumber, isoFromDayNumber } from './dates';

/**
 * Sample accounts of government finance bureaus (the demo, the README
 * screenshots, tests) and a deterministic generator of many more (benchmarks).
 * No randomness and no clock: every date is a fixed number of days before the
 * as-of date, so the same as-of date always gives the same accounts.
 * All people and bureaus are invented.
 */

/** The ISO date `days` days before `asOf` (ISO). */
export function daysBefore(asOf: string, days: number): string {
  const d = isoDayNumber(asOf);
  if (d === null) throw new RangeError(`as-of date must be YYYY-MM-DD, not "${asOf}"`);
  return isoFromDayNumber(d - days);
}

/** Opportunity items from ten mark characters (' ' = blank) and comments by item no. */
function oppItems(marks: string, comments: Record<number, string> = {}): OpportunityItem[] {
  return [...marks].map((m, i) => {
    const item: OpportunityItem = { mark: m === ' ' ? '' : m };
    if (comments[i + 1]) item.comment = comments[i + 1];
    return item;
  });
}

/** Competitiveness items from our ten marks and each competitor's ten marks. */
function compItems(us: string, competitors: string[], comments: Record<number, string> = {}): CompetitivenessItem[] {
  const mark = (s: string, i: number) => (s[i] === ' ' || s[i] === undefined ? '' : s[i]);
  return Array.from({ length: 10 }, (_, i) => {
    const item: CompetitivenessItem = { us: mark(us, i), competitors: competitors.map((c) => mark(c, i)) };
    if (comments[i + 1]) item.comment = comments[i + 1];
    return item;
  });
}

/** The sample accounts as of a date: different stages, verdicts and red flags (see SAMPLE_EXPECTATIONS). */
export function sampleAccounts(asOf: string): Account[] {
  const d = (n: number) => daysBefore(asOf, n);
  return [
    // 1. The spec's example account, moved in time: a healthy solution-stage deal.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '临江市财政局',
        salesManager: '王磊',
        visitNo: 3,
        surveyMethod: '会议',
        date: d(6),
        stage: '方案',
        budget: 380,
        keyContacts: [
          { name: '周建国', department: '局领导', title: '副局长', influence: '高', support: '中' },
          { name: '李敏', department: '信息中心', title: '主任', influence: '高', support: '高' },
          { name: '陈晓', department: '国库科', title: '科长', influence: '中', support: '高' },
        ],
        itStatus: {
          network: '全市财政专网已覆盖各区县',
          meetsProjectNeeds: '是',
          servers: '机房 12 台 x86 服务器，2019 年采购',
          databaseMiddleware: 'Oracle 11g，WebLogic',
        },
        software: [
          {
            nameVersion: '预算管理系统 V5',
            vendor: '用友',
            scope: '市本级',
            goLive: '2017-03-01',
            serviceStatus: '维护响应慢',
            urgentProblems: '不支持预算一体化规范',
            replace: '是',
          },
        ],
        project: {
          lead: '李敏',
          policyDocs: '财政部预算管理一体化规范',
          itPlanDocs: '临江市数字财政三年规划',
          expectedOutcome: '明年初上线预算一体化',
        },
        scope: {
          modulesPlanned: '预算编制、指标管理、国库支付',
          modulesOptional: '非税收入、决算',
          unitsCovered: '市本级及 6 个区县',
          integration: '与国库集中支付、非税系统对接',
          legacyData: '迁移近 5 年预算数据',
          architecture: '集中部署，B/S 架构',
          specialRequirements: '等保三级，国产化数据库',
        },
        processNotes: '指标下达后由国库科审核支付，拨款走集中支付。',
        departmentFunctions: '预算科负责编制，国库科负责支付，综合科负责非税。',
        keyConcerns: '数据迁移风险与上线时间',
        decisionDate: d(-45),
        ourQuote: 360,
      },
      keyPeople: [
        {
          name: '周建国',
          visitNo: 1,
          visitDate: d(59),
          gender: '男',
          age: 52,
          orgTitle: '临江市财政局 副局长',
          birthplace: '临江',
          hobbies: '书法',
          birthday: '03-18',
          education: '硕士',
          introducer: '李敏',
          personality: '老虎',
          temperament: '稳重',
          thinking: '稳健',
          eloquence: '能说',
          role: '关键决策者',
          couldCoach: '否',
          othersView: '决策果断',
          closeness: '持平',
          trust: '上升',
          businessNeeds: '希望年底前立项',
        },
        {
          name: '李敏',
          visitNo: 2,
          visitDate: d(6),
          gender: '女',
          age: 41,
          orgTitle: '信息中心 主任',
          personality: '猫头鹰',
          temperament: '寡言',
          thinking: '保守',
          eloquence: '一般',
          role: '技术把关者',
          couldCoach: '是',
          closeness: '上升',
          trust: '上升',
          businessNeeds: '关注国产化适配',
        },
      ],
      roleMap: [
        {
          role: '项目牵头人',
          title: '信息中心主任',
          name: '李敏',
          stance: '支持我方',
          influencedBy: '周建国',
          influences: '陈晓',
          focus: '技术路线',
          relations: '与周建国关系密切',
        },
        {
          role: '关键决策者',
          title: '副局长',
          name: '周建国',
          stance: '中立',
          influencedBy: '局长',
          influences: '李敏',
          focus: '政绩与上线时间',
          preferences: '书法',
        },
        { role: '技术把关者', title: '信息中心主任', name: '李敏', stance: '支持我方' },
        { role: '业务把关者', title: '国库科科长', name: '陈晓', stance: '支持我方' },
        { role: '教练', title: '国库科科长', name: '陈晓', stance: '支持我方' },
      ],
      actionPlan: [
        {
          action: '请李敏安排周建国听取方案汇报',
          answers: '竞争力评估 7：客户领导高层的信任',
          owner: '王磊',
          dueDate: d(-10),
          status: '进行中',
        },
        { action: '按一体化规范准备演示环境', answers: '竞争力评估 2：合适的解决方案', owner: '王磊', dueDate: d(-20), status: '未开始' },
        {
          action: '核实短期签单金额与垫资需求',
          answers: '机会评估 6：我们的短期销售收入',
          owner: '王磊',
          dueDate: d(3),
          status: '完成',
          result: '一期 360 万，无需垫资',
        },
      ],
      opportunity: {
        date: d(6),
        items: oppItems('+++++--+++', { 1: '预算一体化改造需求明确', 4: '380 万已列入年度预算' }),
      },
      competitiveness: {
        date: d(6),
        competitors: ['用友', '中科江南'],
        items: compItems('++++?+-+?+', ['+++-+-+-?-', '-+---?--?-']),
        conclusions: ['方案与资源占优，高层信任不足', '需加强与周建国的联系'],
      },
    },

    // 2. A deal at the close: everything in place.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '南屿市财政局',
        salesManager: '张婷',
        visitNo: 6,
        surveyMethod: '单独座谈',
        date: d(3),
        stage: '谈判成交',
        budget: 620,
        keyContacts: [
          { name: '孙立平', department: '局领导', title: '局长', influence: '高', support: '高' },
          { name: '何静', department: '预算科', title: '科长', influence: '中', support: '高' },
          { name: '吴涛', department: '信息中心', title: '副主任', influence: '中', support: '中' },
        ],
        itStatus: { network: '政务外网全覆盖', meetsProjectNeeds: '是', servers: '政务云资源已申请', databaseMiddleware: '达梦 8，东方通' },
        software: [
          {
            nameVersion: '财政一体化平台 V2',
            vendor: '中科江南',
            scope: '国库支付',
            goLive: '2019-07-01',
            serviceStatus: '基本稳定',
            urgentProblems: '与预算编制数据不通',
            replace: '否',
          },
          {
            nameVersion: '非税收入系统',
            vendor: '本地厂商',
            scope: '非税收缴',
            goLive: '2015-01-01',
            serviceStatus: '厂商已停止服务',
            urgentProblems: '无法对接电子票据',
            replace: '是',
          },
        ],
        project: {
          lead: '何静',
          policyDocs: '省厅预算一体化推进方案',
          itPlanDocs: '南屿市“十四五”数字政府规划',
          expectedOutcome: '预算编制到执行全流程贯通',
        },
        scope: {
          modulesPlanned: '预算编制、指标管理、非税收入',
          modulesOptional: '绩效评价',
          unitsCovered: '市本级 86 家预算单位',
          integration: '与现有国库支付系统接口对接',
          legacyData: '迁移三年数据',
          architecture: '政务云部署',
          specialRequirements: '信创适配',
        },
        keyConcerns: '合同条款中的上线里程碑',
        decisionDate: d(10),
        ourQuote: 598,
        outcome: '赢单',
        outcomeDate: d(2),
        outcomeReason: '方案最贴合一体化规范，局长支持',
      },
      keyPeople: [
        {
          name: '孙立平',
          visitNo: 1,
          visitDate: d(120),
          orgTitle: '南屿市财政局 局长',
          personality: '老虎',
          temperament: '稳重',
          thinking: '激进',
          eloquence: '能说',
          role: '关键决策者',
          couldCoach: '否',
          closeness: '上升',
          trust: '持平',
          policyInfo: '省厅要求年内完成一体化',
        },
        {
          name: '何静',
          visitNo: 1,
          visitDate: d(95),
          orgTitle: '预算科 科长',
          hobbies: '羽毛球',
          personality: '无尾熊',
          temperament: '稳重',
          thinking: '稳健',
          eloquence: '一般',
          role: '业务把关者',
          couldCoach: '是',
          closeness: '上升',
          trust: '上升',
        },
        {
          name: '吴涛',
          visitNo: 1,
          visitDate: d(60),
          orgTitle: '信息中心 副主任',
          personality: '猫头鹰',
          temperament: '寡言',
          thinking: '保守',
          eloquence: '口拙',
          role: '技术把关者',
          couldCoach: '否',
          closeness: '持平',
          trust: '上升',
          businessNeeds: '要求通过信创适配测试',
        },
        {
          name: '孙立平',
          visitNo: 2,
          visitDate: d(21),
          orgTitle: '南屿市财政局 局长',
          role: '关键决策者',
          closeness: '上升',
          trust: '上升',
          activityInfo: '邀请参观我方省内标杆项目',
        },
        {
          name: '何静',
          visitNo: 2,
          visitDate: d(3),
          orgTitle: '预算科 科长',
          role: '业务把关者',
          couldCoach: '是',
          closeness: '持平',
          trust: '上升',
          peopleInfo: '国库科科长下月轮岗',
        },
      ],
      roleMap: [
        { role: '项目牵头人', title: '预算科科长', name: '何静', stance: '支持我方', influences: '吴涛', focus: '上线进度' },
        { role: '关键决策者', title: '局长', name: '孙立平', stance: '支持我方', focus: '省厅考核' },
        { role: '技术把关者', title: '信息中心副主任', name: '吴涛', stance: '中立', focus: '信创适配' },
        { role: '业务把关者', title: '预算科科长', name: '何静', stance: '支持我方' },
        { role: '教练', title: '预算科科长', name: '何静', stance: '支持我方' },
      ],
      actionPlan: [{ action: '签订合同并启动实施', owner: '张婷', dueDate: d(-14), status: '进行中' }],
      opportunity: { date: d(3), items: oppItems('++++++?+++', { 4: '620 万，财政资金已批复', 7: '后续区县推广未定' }) },
      competitiveness: {
        date: d(3),
        competitors: ['中科江南'],
        items: compItems('+++++++?++', ['+-+--+-?--'], { 8: '对方驻场团队与信息中心熟' }),
        conclusions: ['方案、关系均领先', '盯紧合同条款与付款节点'],
      },
    },

    // 3. Real but not worth much yet, and a competitor in front: watch.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '东湖区财政局',
        salesManager: '张婷',
        visitNo: 2,
        surveyMethod: '会议',
        date: d(12),
        stage: '意向',
        budget: 150,
        keyContacts: [
          { name: '郑凯', department: '局领导', title: '副局长', influence: '高', support: '低' },
          { name: '冯丽', department: '国库科', title: '科长', influence: '中', support: '中' },
        ],
        itStatus: {
          network: '区级财政专网',
          meetsProjectNeeds: '否',
          servers: '服务器老旧，需更换',
          databaseMiddleware: 'SQL Server 2012',
        },
        software: [
          {
            nameVersion: '国库集中支付 V3',
            vendor: '用友',
            scope: '区本级',
            goLive: '2016-05-01',
            serviceStatus: '正常',
            urgentProblems: '支付电子化改造',
            replace: '否',
          },
        ],
        project: { lead: '冯丽', expectedOutcome: '完成支付电子化' },
        scope: { modulesPlanned: '支付电子化', unitsCovered: '区本级 40 家单位' },
        decisionDate: d(-120),
        ourQuote: 140,
      },
      keyPeople: [
        {
          name: '冯丽',
          visitNo: 1,
          visitDate: d(40),
          orgTitle: '国库科 科长',
          personality: '孔雀',
          temperament: '饶舌',
          thinking: '激进',
          eloquence: '能说',
          role: '业务把关者',
          couldCoach: '否',
          closeness: '上升',
          trust: '持平',
        },
        {
          name: '郑凯',
          visitNo: 1,
          visitDate: d(12),
          orgTitle: '东湖区财政局 副局长',
          personality: '猫头鹰',
          temperament: '稳重',
          thinking: '保守',
          eloquence: '一般',
          role: '关键决策者',
          couldCoach: '否',
          closeness: '持平',
          trust: '持平',
          peopleInfo: '与用友合作多年',
        },
      ],
      roleMap: [
        { role: '项目牵头人', title: '国库科科长', name: '冯丽', stance: '中立' },
        { role: '关键决策者', title: '副局长', name: '郑凯', stance: '倾向对手', focus: '稳定，不愿换厂商' },
        { role: '业务把关者', title: '国库科科长', name: '冯丽', stance: '中立' },
      ],
      actionPlan: [
        { action: '从信息中心发展教练', answers: '红旗：没有教练', owner: '陈静', dueDate: d(5), status: '进行中' },
        { action: '摸清对手在用系统的合同期', answers: '竞争力评估 1：对客户评比标准的掌握', owner: '陈静', dueDate: d(-21) },
      ],
      opportunity: { date: d(12), items: oppItems('+++?+--?-+', { 6: '一期只做支付电子化，金额小', 9: '需垫资改造服务器' }) },
      competitiveness: {
        date: d(12),
        competitors: ['用友'],
        items: compItems('++?+-?+-?+', ['+++++-+-?+']),
        conclusions: ['对手现有系统在用，关系深', '以电子化专项切入'],
      },
    },

    // 4. Late stage, but the budget is not confirmed and the decision maker cooled: not real.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '北岗市财政局',
        salesManager: '刘洋',
        visitNo: 4,
        surveyMethod: '单独座谈',
        date: d(9),
        stage: '方案',
        budget: 200,
        keyContacts: [
          { name: '马志远', department: '局领导', title: '局长', influence: '高', support: '低' },
          { name: '高原', department: '信息中心', title: '主任', influence: '中', support: '高' },
        ],
        itStatus: { network: '已覆盖', meetsProjectNeeds: '是' },
        project: { lead: '高原', policyDocs: '财政部预算管理一体化规范', expectedOutcome: '替换旧预算系统' },
        scope: { modulesPlanned: '预算编制、指标管理', legacyData: '不迁移' },
        keyConcerns: '资金来源尚未落实',
        decisionDate: d(10),
        ourQuote: 210,
      },
      keyPeople: [
        {
          name: '马志远',
          visitNo: 1,
          visitDate: d(50),
          orgTitle: '北岗市财政局 局长',
          personality: '老虎',
          temperament: '暴躁',
          thinking: '激进',
          eloquence: '能说',
          role: '关键决策者',
          couldCoach: '否',
          closeness: '上升',
          trust: '上升',
        },
        {
          name: '高原',
          visitNo: 1,
          visitDate: d(30),
          orgTitle: '信息中心 主任',
          personality: '无尾熊',
          temperament: '稳重',
          thinking: '稳健',
          eloquence: '一般',
          role: '技术把关者',
          couldCoach: '是',
          closeness: '上升',
          trust: '上升',
        },
        {
          name: '马志远',
          visitNo: 2,
          visitDate: d(9),
          orgTitle: '北岗市财政局 局长',
          role: '关键决策者',
          closeness: '下降',
          trust: '持平',
          policyInfo: '财力紧张，项目可能延后',
        },
      ],
      roleMap: [
        { role: '项目牵头人', title: '信息中心主任', name: '高原', stance: '支持我方' },
        { role: '关键决策者', title: '局长', name: '马志远', stance: '未知' },
        { role: '教练', title: '信息中心主任', name: '高原', stance: '支持我方' },
      ],
      actionPlan: [
        { action: '确认资金来源与预算批复时间', answers: '红旗：后期阶段无预算', owner: '刘洋', dueDate: d(7), status: '进行中' },
        { action: '请我方副总拜访决策者', answers: '红旗：决策者关系下降', owner: '刘洋', dueDate: d(-7), status: '未开始' },
        {
          action: '补齐立项材料清单',
          answers: '机会评估 3：客户的项目立项业务状况',
          owner: '刘洋',
          dueDate: d(20),
          status: '取消',
          result: '客户暂缓立项',
        },
      ],
      opportunity: { date: d(9), items: oppItems('++?-+++-++', { 4: '预算 200 万尚未批复', 3: '立项手续未走完' }) },
      competitiveness: {
        date: d(9),
        competitors: ['用友', '博思'],
        items: compItems('+++-?++-?+', ['+-+-?-+-?-', '--+-?---?-']),
        conclusions: ['技术层面认可我方', '先确认资金来源再投入'],
      },
    },

    // 5. Just found: little known yet, nobody decisive met.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '青川县财政局',
        salesManager: '王磊',
        visitNo: 1,
        surveyMethod: '单独座谈',
        date: d(15),
        stage: '潜在',
        keyContacts: [{ name: '赵明', department: '办公室', title: '主任', influence: '低', support: '中' }],
        software: [{ nameVersion: '县级财政管理系统', vendor: '用友', scope: '全县', serviceStatus: '老旧' }],
      },
      keyPeople: [
        {
          name: '赵明',
          visitNo: 1,
          visitDate: d(15),
          orgTitle: '办公室 主任',
          personality: '孔雀',
          eloquence: '能说',
          role: '业务把关者',
          couldCoach: '否',
          closeness: '上升',
          trust: '持平',
          policyInfo: '省里在推县级一体化',
        },
      ],
      roleMap: [],
      opportunity: { date: d(15), items: oppItems('+? ? +    ') },
      competitiveness: { competitors: ['用友'], items: compItems('??   ?    ', ['+         ']), conclusions: [] },
    },

    // 6. Real and worth it, but nobody has been there for weeks and a rival leads: watch.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '西山县财政局',
        salesManager: '刘洋',
        visitNo: 3,
        surveyMethod: '会议',
        date: d(47),
        stage: '意向',
        budget: 90,
        keyContacts: [
          { name: '林峰', department: '局领导', title: '局长', influence: '高', support: '中' },
          { name: '许慧', department: '预算股', title: '股长', influence: '中', support: '高' },
        ],
        itStatus: { network: '县乡两级已联通', meetsProjectNeeds: '是', servers: '托管在市政务云' },
        project: { lead: '许慧', expectedOutcome: '乡镇财政纳入一体化' },
        scope: { modulesPlanned: '乡镇财政管理', unitsCovered: '12 个乡镇' },
        decisionDate: d(25),
        ourQuote: 95,
        outcome: '丢单',
        outcomeDate: d(20),
        outcomeReason: '对手报价低三成，客户选择原系统升级',
      },
      keyPeople: [
        {
          name: '林峰',
          visitNo: 1,
          visitDate: d(80),
          orgTitle: '西山县财政局 局长',
          personality: '无尾熊',
          temperament: '稳重',
          thinking: '保守',
          eloquence: '一般',
          role: '关键决策者',
          couldCoach: '否',
          closeness: '持平',
          trust: '持平',
        },
        {
          name: '许慧',
          visitNo: 1,
          visitDate: d(47),
          orgTitle: '预算股 股长',
          personality: '猫头鹰',
          temperament: '寡言',
          thinking: '稳健',
          eloquence: '口拙',
          role: '业务把关者',
          couldCoach: '是',
          closeness: '上升',
          trust: '上升',
        },
      ],
      roleMap: [
        { role: '关键决策者', title: '局长', name: '林峰', stance: '中立' },
        { role: '教练', title: '预算股股长', name: '许慧', stance: '支持我方' },
      ],
      actionPlan: [{ action: '复盘丢单原因，整理报价策略', owner: '刘洋', dueDate: d(-5), status: '未开始' }],
      opportunity: { date: d(47), items: oppItems('+++++-++-+', { 6: '县级项目金额不大' }) },
      competitiveness: {
        date: d(47),
        competitors: ['用友', '浪潮'],
        items: compItems('+-++-?+-+-', ['++++-++-++', '+-+--?--+-']),
        conclusions: ['用友在市里有整体项目', '争取乡镇模块单独立项'],
      },
    },

    // 7. A promising account whose workbook has typing slips: it still rolls up, with its problem count.
    {
      schemaVersion: SCHEMA_VERSION,
      overview: {
        customerName: '云台市财政局',
        salesManager: '王磊',
        visitNo: 2,
        surveyMethod: '会议',
        date: d(18),
        stage: '意向',
        budget: 260,
        keyContacts: [
          { name: '钱伟', department: '局领导', title: '副局长', influence: '高', support: '高' },
          { name: '唐宁', department: '绩效科', title: '科长', influence: '中', support: '高' },
        ],
        itStatus: { network: '已覆盖', meetsProjectNeeds: '是', databaseMiddleware: '人大金仓' },
        project: { lead: '唐宁', policyDocs: '全面实施预算绩效管理的意见', expectedOutcome: '建立绩效评价体系' },
        scope: { modulesPlanned: '预算绩效管理', modulesOptional: '部门决算', unitsCovered: '市本级' },
        decisionDate: d(-60),
        ourQuote: 250,
      },
      keyPeople: [
        {
          name: '钱伟',
          visitNo: 1,
          visitDate: d(33),
          orgTitle: '云台市财政局 副局长',
          age: '五十出头',
          personality: '孔雀',
          temperament: '饶舌',
          thinking: '激进',
          eloquence: '能说',
          role: '关键决策者',
          couldCoach: '否',
          closeness: '上升',
          trust: '上升',
        },
        {
          name: '唐宁',
          visitNo: 1,
          visitDate: d(18),
          orgTitle: '绩效科 科长',
          personality: '老虎',
          temperament: '稳重',
          thinking: '稳健',
          eloquence: '能说',
          role: '业务把关者',
          couldCoach: '是',
          closeness: '上升',
          trust: '上升',
          businessNeeds: '绩效目标与预算联动',
        },
      ],
      roleMap: [
        { role: '关键决策者', title: '副局长', name: '钱伟', stance: '支持我方' },
        { role: '教练', title: '绩效科科长', name: '唐宁', stance: '支持我方' },
      ],
      actionPlan: [{ action: '组织标杆参观', answers: '竞争力评估 5：客户认为我们独特的商业价值', owner: '王磊', dueDate: d(-15) }],
      opportunity: { date: d(18), items: oppItems('++++?++v++', { 8: '利润待核算（评估误填为 v）' }) },
      competitiveness: {
        date: d(18),
        competitors: ['中科江南'],
        items: compItems('++++?+++?+', ['+-+-?+--?-']),
        conclusions: ['绩效产品线领先', '尽快组织标杆参观'],
      },
    },
  ];
}

/** What each sample is meant to show (checked by the tests): verdict, red flags, problems, the deal's outcome and its open / overdue actions. */
export const SAMPLE_EXPECTATIONS: Array<{
  customerName: string;
  verdict: string;
  redFlags: string[];
  problems: number;
  outcome: string;
  actions: { open: number; overdue: number };
}> = [
  { customerName: '临江市财政局', verdict: 'pursue', redFlags: [], problems: 0, outcome: 'open', actions: { open: 2, overdue: 0 } },
  { customerName: '南屿市财政局', verdict: 'pursue', redFlags: [], problems: 0, outcome: 'won', actions: { open: 1, overdue: 0 } },
  {
    customerName: '东湖区财政局',
    verdict: 'watch',
    redFlags: ['no-coach', 'competitor-ahead'],
    problems: 0,
    outcome: 'open',
    actions: { open: 2, overdue: 1 },
  },
  {
    customerName: '北岗市财政局',
    verdict: 'not-real',
    redFlags: ['no-budget', 'not-real-late-stage', 'dm-relationship-down', 'overdue-decision'],
    problems: 0,
    outcome: 'open',
    actions: { open: 2, overdue: 1 },
  },
  {
    customerName: '青川县财政局',
    verdict: 'unassessed',
    redFlags: ['no-coach', 'no-decision-maker', 'competitor-ahead'],
    problems: 0,
    outcome: 'open',
    actions: { open: 0, overdue: 0 },
  },
  {
    customerName: '西山县财政局',
    verdict: 'watch',
    redFlags: ['competitor-ahead', 'stale'],
    problems: 0,
    outcome: 'lost',
    actions: { open: 1, overdue: 0 },
  },
  { customerName: '云台市财政局', verdict: 'pursue', redFlags: [], problems: 2, outcome: 'open', actions: { open: 1, overdue: 0 } },
];

// ------------------------------------------------------------------ generator

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  '安平',
  '白河',
  '长宁',
  '丹江',
  '峨眉',
  '凤城',
  '固原',
  '海门',
  '嘉禾',
  '金沙',
  '兰溪',
  '茂名',
  '宁远',
  '平潭',
  '清河',
  '瑞金',
  '石门',
  '桐城',
  '万宁',
  '新化',
  '阳朔',
  '永川',
  '枣阳',
  '漳浦',
];
const LEVELS = ['市', '县', '区'];
const MANAGERS = ['王磊', '张婷', '刘洋', '陈静', '黄勇'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['伟', '芳', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞'];
const TITLES = ['局长', '副局长', '信息中心主任', '预算科科长', '国库科科长', '综合科科长'];
const COMPETITORS = ['用友', '中科江南', '博思', '浪潮', '金财'];
const STAGES = ['潜在', '意向', '方案', '谈判成交'];
const ROLES = ['关键决策者', '技术把关者', '业务把关者'];
const TRENDS = ['上升', '持平', '下降'];
const STANCES = ['支持我方', '中立', '倾向对手', '未知'];

/**
 * A varied account for benchmarks and tests, the same for the same (i, asOf):
 * any stage, 0–8 visits, 0–3 competitors, marks of every kind, and about one
 * in seven with a problem (an invalid mark, a bad age or a missing visit date).
 */
export function generateAccount(i: number, asOf: string): Account {
  const r = prng(i * 2654435761 + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const marks = (bias: number) =>
    Array.from({ length: 10 }, () => {
      const x = r();
      return x < bias ? '+' : x < bias + 0.15 ? '-' : x < bias + 0.25 ? '?' : x < bias + 0.3 ? '' : '+';
    });
  const place = PLACES[i % PLACES.length];
  const level = LEVELS[Math.floor(i / PLACES.length) % LEVELS.length];
  const round = Math.floor(i / (PLACES.length * LEVELS.length));
  const customerName = `${place}${level}财政局${round ? `（${round + 1}）` : ''}`;
  const stage = pick(STAGES);
  const person = () => pick(SURNAMES) + pick(GIVEN) + (r() < 0.3 ? pick(GIVEN) : '');

  const people = Array.from({ length: 1 + Math.floor(r() * 4) }, () => ({ name: person(), title: pick(TITLES), role: pick(ROLES) }));
  const visits = Math.floor(r() * 9);
  let day = 5 + Math.floor(r() * 60);
  const keyPeople: Row[] = [];
  const visitsOf = new Map<string, number>();
  for (let v = 0; v < visits; v++) {
    const p = people[v % people.length];
    const no = (visitsOf.get(p.name) ?? 0) + 1;
    visitsOf.set(p.name, no);
    const row: Row = {
      name: p.name,
      visitNo: no,
      visitDate: daysBefore(asOf, day),
      orgTitle: `${customerName} ${p.title}`,
      role: p.role,
      couldCoach: r() < 0.3 ? '是' : '否',
      closeness: pick(TRENDS),
      trust: pick(TRENDS),
    };
    if (r() < 0.5) row.age = 30 + Math.floor(r() * 30);
    if (r() < 0.3) row.hobbies = pick(['书法', '钓鱼', '羽毛球', '摄影', '太极']);
    keyPeople.push(row);
    day = Math.max(0, day - 1 - Math.floor(r() * 20));
  }

  const named = COMPETITORS.slice(0, Math.floor(r() * 4)).map((_, k) => COMPETITORS[(i + k) % COMPETITORS.length]);
  const bias = 0.3 + r() * 0.5;
  const ours = marks(bias);
  const theirs = named.map(() => marks(0.2 + r() * 0.5));
  const opp = marks(bias);
  const overview: Account['overview'] = {
    customerName,
    salesManager: MANAGERS[i % MANAGERS.length],
    visitNo: Math.max(1, visits),
    surveyMethod: pick(['会议', '单独座谈']),
    date: daysBefore(asOf, day),
    stage,
  };
  if (r() < 0.8) overview.budget = 20 * (1 + Math.floor(r() * 40));
  const roleMap: Row[] = people.slice(0, 3).map((p) => ({ role: p.role, title: p.title, name: p.name, stance: pick(STANCES) }));
  if (r() < 0.4) roleMap.push({ role: '教练', title: people[0].title, name: people[0].name, stance: '支持我方' });

  const account: Account = {
    schemaVersion: SCHEMA_VERSION,
    overview,
    keyPeople,
    roleMap,
    opportunity: { date: daysBefore(asOf, day), items: opp.map((mark) => ({ mark })) },
    competitiveness: {
      date: daysBefore(asOf, day),
      competitors: named,
      items: ours.map((us, k) => ({ us, competitors: theirs.map((t) => t[k]) })),
      conclusions: [],
    },
  };
  // Early accounts are often barely assessed.
  if (stage === '潜在' && r() < 0.6) {
    for (let k = 4; k < 10; k++) {
      account.opportunity.items[k].mark = '';
      account.competitiveness.items[k].us = '';
    }
  }
  if (i % 7 === 3) {
    const kind = Math.floor(i / 7) % 3;
    if (kind === 0) account.opportunity.items[Math.floor(r() * 10)].mark = 'x';
    else if (kind === 1 && keyPeople.length) keyPeople[0].age = '四十多';
    else if (keyPeople.length) delete keyPeople[keyPeople.length - 1].visitDate;
    else account.competitiveness.items[0].us = '√';
  }
  return account;
}
