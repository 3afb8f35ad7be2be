import type { Localized } from '../../../sheets-templates/types';

/**
 * The manager summary spreadsheet's own texts (zh-CN first, English second).
 * The roll-up columns, the summary / pipeline / unreadable tab names and the
 * pipeline texts come from the domain (src/domain/rollup.ts); only what is
 * particular to Google Sheets lives here: the registry, the run log, menus,
 * and the messages of a refresh.
 */

export const REGISTRY_TAB: Localized = { zh: '账户清单', en: 'Accounts' };

/**
 * The sections of the summary tab below the accounts (so that a refresh
 * writes one range to that tab): the files that could not be read, and the
 * run log, latest run first.
 */
export const SECTION_TITLES = {
  unreadable: { zh: '无法读取的文件', en: 'Files that could not be read' },
  log: { zh: '运行日志（最新在上）', en: 'Run log (latest first)' },
} satisfies Record<string, Localized>;

/** The registry's columns, in order. */
export const REGISTRY_COLUMNS = [
  { id: 'id', label: { zh: '文件编号', en: 'File id' }, width: 30 },
  { id: 'url', label: { zh: '链接', en: 'Link' }, width: 40 },
  { id: 'name', label: { zh: '名称', en: 'Name' }, width: 20 },
  { id: 'addedAt', label: { zh: '加入时间', en: 'Added at' }, width: 16 },
  { id: 'lastRead', label: { zh: '最近读取', en: 'Last read' }, width: 16 },
  { id: 'status', label: { zh: '状态', en: 'Status' }, width: 10 },
  { id: 'note', label: { zh: '说明', en: 'Note' }, width: 40 },
] as const satisfies ReadonlyArray<{ id: string; label: Localized; width: number }>;
export type RegistryColumnId = (typeof REGISTRY_COLUMNS)[number]['id'];

/** Where a workbook stands in the registry. Stored as its zh or en label; read in either. */
export type EntryStatus = 'new' | 'pending' | 'ok' | 'retry' | 'error';
export const STATUS_LABELS: Record<EntryStatus, Localized> = {
  new: { zh: '未读取', en: 'Not read yet' },
  pending: { zh: '待读取', en: 'Queued' },
  ok: { zh: '正常', en: 'OK' },
  retry: { zh: '重试中', en: 'Retrying' },
  error: { zh: '无法读取', en: 'Unreadable' },
};

export const RUN_LOG_COLUMNS: Localized[] = [
  { zh: '时间', en: 'Time' },
  { zh: '方式', en: 'Started by' },
  { zh: '类型', en: 'Kind' },
  { zh: '结果', en: 'Result' },
  { zh: '已读取', en: 'Read' },
  { zh: '无法读取', en: 'Failed' },
  { zh: '尚余', en: 'Remaining' },
  { zh: '说明', en: 'Message' },
];

export const UNREADABLE_COLUMNS: Localized[] = [
  { zh: '名称', en: 'Name' },
  { zh: '链接', en: 'Link' },
  { zh: '原因', en: 'Reason' },
  { zh: '最近成功读取', en: 'Last read OK' },
];

/** Extra columns of the summary tab after the domain's columns: the key of each row and the codes of its snapshot (the refresh keeps rows by them). */
export const SUMMARY_KEY_COLUMNS: Localized[] = [
  { zh: '文件编号', en: 'File id' },
  { zh: '阶段（代码）', en: 'Stage (code)' },
  { zh: '结论（代码）', en: 'Verdict (code)' },
  { zh: '红旗（代码）', en: 'Red flags (codes)' },
  { zh: '结果（代码）', en: 'Outcome (code)' },
];

export const TRIGGER_LABELS: Record<'menu' | 'timer' | 'continuation', Localized> = {
  menu: { zh: '菜单', en: 'Menu' },
  timer: { zh: '定时', en: 'Timer' },
  continuation: { zh: '续跑', en: 'Continuation' },
};
export const MODE_LABELS: Record<'incremental' | 'full', Localized> = {
  incremental: { zh: '增量', en: 'Incremental' },
  full: { zh: '全量重建', en: 'Full rebuild' },
};
export const RESULT_LABELS: Record<'done' | 'partial' | 'failed', Localized> = {
  done: { zh: '完成', en: 'Done' },
  partial: { zh: '部分完成，待续', en: 'Partial, to be continued' },
  failed: { zh: '失败', en: 'Failed' },
};

/** Why a workbook could not be read. */
export type FailureKind = 'gone' | 'trashed' | 'no-access' | 'broken' | 'invalid-id' | 'transient';
export const FAILURE_LABELS: Record<FailureKind, Localized> = {
  gone: { zh: '文件已删除或无访问权限', en: 'The file was deleted or you lost access to it' },
  trashed: { zh: '文件已移到回收站', en: 'The file is in the trash' },
  'no-access': { zh: '没有访问权限（请让销售经理共享此文件）', en: 'No access (ask the rep to share the file with you)' },
  broken: { zh: '不是账户工作簿或版式已损坏', en: 'Not an account workbook, or its layout is broken' },
  'invalid-id': { zh: '链接或文件编号无效', en: 'Not a valid Google Sheets link or file id' },
  transient: { zh: '暂时无法读取（将自动重试）', en: 'Temporarily unreadable (will be retried)' },
};

export const MENU = {
  refresh: { zh: '立即刷新汇总', en: 'Refresh the summary now' },
  fullRebuild: { zh: '全量重建汇总', en: 'Rebuild the whole summary' },
  addByUrl: { zh: '按链接添加账户工作簿…', en: 'Add an account workbook by link…' },
  newAccount: { zh: '为本团队新建客户工作簿…', en: 'New account workbook for this team…' },
  installTimer: { zh: '开启每小时自动刷新', en: 'Refresh every hour' },
  removeTimer: { zh: '关闭自动刷新', en: 'Stop the hourly refresh' },
} satisfies Record<string, Localized>;

/** Messages of the summary's UI; `{n}` style placeholders are filled by `fill`. */
export const MESSAGES = {
  locked: {
    zh: '另一个汇总刷新正在运行，请稍后再试。',
    en: 'Another refresh of the summary is running; try again in a few minutes.',
  },
  done: { zh: '汇总已刷新：读取 {read} 个，无法读取 {failed} 个。', en: 'Summary refreshed: {read} read, {failed} unreadable.' },
  triggerMinutes: {
    zh: '今日触发器用时 {used} 分钟（每日上限：个人账号 {consumer}，Workspace {workspace}）。',
    en: 'Trigger time today: {used} min (daily quota: consumer {consumer}, Workspace {workspace}).',
  },
  nothingChanged: { zh: '汇总已是最新：没有账户工作簿被修改。', en: 'The summary is up to date: no account workbook changed.' },
  partial: {
    zh: '已读取 {read} 个，尚余 {remaining} 个；将在约 {minutes} 分钟后自动继续。',
    en: '{read} read, {remaining} to go; the refresh continues by itself in about {minutes} min.',
  },
  partialNoTrigger: {
    zh: '已读取 {read} 个，尚余 {remaining} 个；无法安排自动续跑（{error}），请再次点击“立即刷新汇总”继续。',
    en: '{read} read, {remaining} to go; could not schedule the continuation ({error}); choose “Refresh the summary now” to carry on.',
  },
  failed: { zh: '汇总刷新失败：{error}', en: 'The summary refresh failed: {error}' },
  continuationFailed: {
    zh: '无法创建续跑触发器：{error}。进度已保存，下次刷新会从这里继续。',
    en: 'Could not create the continuation trigger: {error}. Progress is saved; the next refresh resumes from here.',
  },
  changesUnavailable: {
    zh: '未启用 Drive 高级服务，无法只读取有改动的文件，本次读取全部文件。',
    en: 'The Drive advanced service is not enabled, so every file is read instead of only the changed ones.',
  },
  changesFailed: {
    zh: '无法查询 Drive 的改动记录（{error}），本次只读取待读取的文件，下次刷新再补上。',
    en: 'Could not query Drive for changes ({error}); only queued files were read, the next refresh catches up.',
  },
  lastSavedFailed: {
    zh: '无法从 Drive 查询各工作簿的最后保存时间（{error}），本次不更新“最后保存”。',
    en: 'Could not ask Drive when each workbook was last saved ({error}); “Last saved” is not updated this time.',
  },
  addPromptTitle: { zh: '添加账户工作簿', en: 'Add an account workbook' },
  addPromptText: { zh: '粘贴账户工作簿的链接（或文件编号）：', en: 'Paste the account workbook’s link (or file id):' },
  added: { zh: '已添加“{name}”，下次刷新时读取。', en: 'Added “{name}”; the next refresh reads it.' },
  alreadyRegistered: { zh: '“{name}”已在账户清单中。', en: '“{name}” is already in the list.' },
  invalidUrl: { zh: '“{value}”不是 Google 表格的链接或文件编号。', en: '“{value}” is not a Google Sheets link or file id.' },
  cannotOpen: { zh: '无法打开该文件：{error}', en: 'Cannot open that file: {error}' },
  timerInstalled: { zh: '已开启每小时自动刷新。', en: 'The summary now refreshes every hour.' },
  timerAlreadyInstalled: { zh: '每小时自动刷新已开启。', en: 'The hourly refresh is already on.' },
  timerRemoved: { zh: '已关闭自动刷新（删除 {n} 个触发器）。', en: 'The hourly refresh is off ({n} trigger(s) removed).' },
  noSummaryConfigured: {
    zh: '未设置汇总表（脚本属性 KA_SUMMARY_SPREADSHEET_ID），此工作簿未登记；请让主管按链接添加。',
    en: 'No summary spreadsheet is set (script property KA_SUMMARY_SPREADSHEET_ID), so this workbook was not registered; ask your manager to add it by link.',
  },
  registerFailed: {
    zh: '无法登记到汇总表：{error}；请让主管按链接添加此工作簿。',
    en: 'Could not register the workbook in the summary: {error}; ask your manager to add it by link.',
  },
  retryCount: { zh: '第 {n} 次重试：{error}', en: 'Retry {n}: {error}' },
  noErrors: { zh: '所有文件均已读取。', en: 'Every file was read.' },
} satisfies Record<string, Localized>;

/** One template fill and one locale rule for the whole Sheets side (src/sheets/ui-text.ts). */
export { t as fill, uiLocale as localeOf } from '../ui-text';
