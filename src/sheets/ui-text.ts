import type { Locale, Localized } from '../../sheets-templates/types';

/**
 * The account workbook's UI text (menus, prompts, dialogs), zh-CN first.
 * The summary's own texts live in summary/texts.ts.
 */

/** The UI locale of a spreadsheet: Chinese locales (zh, zh_CN, zh_TW…) and none at all get zh, the rest en. */
export function uiLocale(spreadsheetLocale: string | null | undefined): Locale {
  return !spreadsheetLocale || /^zh/i.test(spreadsheetLocale) ? 'zh' : 'en';
}

/** The catalogues' one interpolation (src/domain/messages.ts). */
export { t } from '../domain/messages';

export const MENU_TITLE: Localized = { zh: '大客户销售', en: 'Key accounts' };

export const TEXT = {
  newAccount: { zh: '新建客户工作簿…', en: 'New account workbook…' },
  validateSheet: { zh: '检查本表', en: 'Validate this sheet' },
  validateWorkbook: { zh: '检查整个工作簿', en: 'Validate the whole workbook' },
  recordVisit: { zh: '记录新拜访…', en: 'Record a new visit…' },
  importJson: { zh: '导入客户 JSON…', en: 'Import account JSON…' },
  exportJson: { zh: '导出客户 JSON', en: 'Export account JSON' },
  summaryMenu: { zh: '经理汇总', en: 'Manager summary' },
  setupMenu: { zh: '设置', en: 'Setup' },
  useAsTemplate: { zh: '将本表设为新工作簿模板', en: 'Use this spreadsheet as the template for new workbooks' },
  useAsSummary: { zh: '将本表设为经理汇总表', en: 'Use this spreadsheet as the manager summary' },

  askCustomer: { zh: '客户名称（如：临江市财政局）', en: 'Customer name (e.g. Linjiang Finance Bureau)' },
  newAccountTitle: { zh: '新建客户工作簿', en: 'New account workbook' },
  nameRequired: { zh: '没有填写客户名称，未创建工作簿。', en: 'No customer name given; no workbook was created.' },
  workbookTitle: { zh: '{name} - 大客户销售', en: '{name} - key account' },
  created: { zh: '已创建工作簿"{name}"。', en: 'Created the workbook "{name}".' },
  open: { zh: '打开工作簿', en: 'Open the workbook' },
  createdWithoutTemplate: {
    zh: '注意：尚未设置模板（设置 → 将本表设为新工作簿模板），新工作簿没有菜单和自定义函数，得分格会显示 #NAME?。',
    en: 'Note: no template is set (Setup → Use this spreadsheet as the template), so the new workbook has no menu and no custom functions; its score cells show #NAME?.',
  },

  notAccountWorkbook: { zh: '这不是客户工作簿：{reason}', en: 'This is not an account workbook: {reason}' },
  problemsTitle: { zh: '检查结果', en: 'Validation' },
  noProblems: { zh: '没有发现问题。', en: 'No problems found.' },
  problemsFound: { zh: '发现 {count} 个问题：', en: '{count} problem(s) found:' },
  colTab: { zh: '表', en: 'Tab' },
  colCell: { zh: '单元格', en: 'Cell' },
  colRule: { zh: '规则', en: 'Rule' },
  colMessage: { zh: '说明', en: 'Message' },
  clickToJump: { zh: '点击单元格可跳转。检查不会修改任何内容。', en: 'Click a cell to go to it. Validation changes nothing.' },

  askPerson: { zh: '拜访对象的姓名', en: 'Name of the person visited' },
  visitTitle: { zh: '记录新拜访', en: 'Record a new visit' },
  visitAdded: {
    zh: '已为{name}添加第 {no} 次拜访（第 {row} 行），请填写本次变化。',
    en: 'Added visit {no} of {name} (row {row}); fill in what changed.',
  },
  visitFirst: {
    zh: '"{name}"还没有拜访记录，已添加第 1 次拜访（第 {row} 行）。',
    en: 'No earlier visit of "{name}"; added visit 1 (row {row}).',
  },
  noKeyPeopleTab: { zh: '找不到"关键人物"表。', en: 'There is no key-people tab.' },

  importTitle: { zh: '导入客户 JSON', en: 'Import account JSON' },
  importHelp: {
    zh: '粘贴客户 JSON（例如由"导出客户 JSON"或 ka-sales 命令行导出的文件内容）。导入会新建一个工作簿，不会修改当前工作簿。',
    en: 'Paste account JSON (from "Export account JSON" or the ka-sales command line). Importing creates a new workbook; the current one is not changed.',
  },
  importButton: { zh: '导入', en: 'Import' },
  importFailed: { zh: '无法导入：{reason}', en: 'Cannot import: {reason}' },
  incomplete: { zh: '[未完成，请删除]', en: '[incomplete, delete it]' },
  imported: {
    zh: '已导入"{name}"到新工作簿（{problems} 个待修正问题）。',
    en: 'Imported "{name}" into a new workbook ({problems} problem(s) to fix).',
  },
  exportTitle: { zh: '导出客户 JSON', en: 'Export account JSON' },
  exportHelp: { zh: '复制以下内容并保存为 .json 文件。', en: 'Copy this text and save it as a .json file.' },
  copy: { zh: '复制', en: 'Copy' },
  download: { zh: '下载', en: 'Download' },

  templateSet: { zh: '已将本表设为新工作簿的模板。', en: 'This spreadsheet is now the template for new workbooks.' },
  templateNotBlank: {
    zh: '模板必须是只有一个空白表的电子表格（它只提供绑定的脚本）。本表有 {count} 个表或已有内容。',
    en: 'The template must be a spreadsheet with one blank sheet (it only carries the bound script). This one has {count} sheet(s) or content.',
  },
  cancelled: { zh: '已取消。', en: 'Cancelled.' },
} satisfies Record<string, Localized>;

export const RULE_LABELS: Record<string, Localized> = {
  required: { zh: '必填', en: 'required' },
  type: { zh: '类型', en: 'type' },
  vocabulary: { zh: '选项', en: 'options' },
  integer: { zh: '整数', en: 'whole number' },
  range: { zh: '范围', en: 'range' },
  date: { zh: '日期', en: 'date' },
  mark: { zh: '评估', en: 'mark' },
  weight: { zh: '权重', en: 'weight' },
  'items-count': { zh: '项数', en: 'item count' },
  'too-many': { zh: '数量', en: 'too many' },
  'unknown-field': { zh: '未知字段', en: 'unknown field' },
  'duplicate-visit': { zh: '重复拜访', en: 'duplicate visit' },
  'unbound-content': { zh: '表单外内容', en: 'outside the form' },
};

/** Help texts of native validation rules (shown when Sheets rejects a value). */
export const VALIDATION_HELP = {
  list: { zh: '请从下拉列表中选择。', en: 'Pick a value from the list.' },
  mark: {
    zh: '只能填 + - ? 或留空（+ 表示符合标准、对我方有利）。',
    en: 'Use + - ? or leave blank (+ means the standard is met, favourable to us).',
  },
  date: { zh: '请填写日期，如 2026-10-12。', en: 'Enter a date, e.g. 2026-10-12.' },
  number: { zh: '请填写数字{range}。', en: 'Enter a number{range}.' },
} satisfies Record<string, Localized>;
