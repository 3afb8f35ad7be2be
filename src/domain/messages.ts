import type { Locale, Localized } from '../../sheets-templates/types';

/** Validation rule codes: stable, for tools; the messages are for people. */
export type Rule =
  | 'required'
  | 'type'
  | 'vocabulary'
  | 'integer'
  | 'range'
  | 'date'
  | 'mark'
  | 'weight'
  | 'items-count'
  | 'too-many'
  | 'unknown-field'
  | 'duplicate-visit'
  /** An amount typed with a unit word (`300万元`): the message gives the number to type. */
  | 'amount-unit'
  /** Text longer than a workbook cell holds (reported by the adapters, which refuse to cut it). */
  | 'too-long'
  /** Content in a form tab outside every field of the form (a column a rep added, a note beside the form). */
  | 'unbound-content';

export interface MessageArgs {
  label?: Localized;
  value?: unknown;
  options?: string[];
  min?: number;
  max?: number;
  expected?: 'text' | 'number' | 'object' | 'list';
  count?: number;
  limit?: number;
  key?: string;
  /** The value to type instead (amount-unit). */
  fix?: number;
  unit?: Localized;
}

/**
 * The one interpolation of every catalogue (domain, Sheets, summary, CLI): a
 * text in its locale with `{name}` replaced by `args.name` (an unknown name
 * stays as written).
 */
export function t(text: Localized, locale: Locale, args: Record<string, string | number> = {}): string {
  return text[locale].replace(/\{(\w+)\}/g, (m, k: string) => (k in args ? String(args[k]) : m));
}

/**
 * `s` cut to at most `max` UTF-16 code units (what .xlsx and Sheets count), ending in `…` when cut: whole
 * characters only, never half of a surrogate pair (an emoji cut in two is two U+FFFD, or a lone surrogate).
 */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/** A value echoed in a message: as JSON unless text, never more than 40 characters. */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const out = s === undefined ? String(v) : s;
  // Whole characters: never half of a surrogate pair.
  return out.length > 40 ? `${out.slice(0, 40).replace(/[\ud800-\udbff]$/, '')}…` : out;
}

const EXPECTED: Record<NonNullable<MessageArgs['expected']>, Localized> = {
  text: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  object: { zh: '一组字段（对象）', en: 'an object' },
  list: { zh: '列表', en: 'a list' },
};

function range(a: MessageArgs, locale: Locale): string {
  if (a.min !== undefined && a.max !== undefined) return locale === 'zh' ? ` ${a.min}–${a.max} 之间` : `between ${a.min} and ${a.max}`;
  if (a.min !== undefined) return locale === 'zh' ? `≥ ${a.min} 的范围内` : `at least ${a.min}`;
  return locale === 'zh' ? `≤ ${a.max} 的范围内` : `at most ${a.max}`;
}

/** The message of a validation problem in a locale. */
export function problemMessage(rule: Rule, a: MessageArgs, locale: Locale): string {
  const label = a.label ? a.label[locale] : '';
  const zh = locale === 'zh';
  switch (rule) {
    case 'required':
      return zh ? `"${label}"必须填写` : `${label} is required`;
    case 'type':
      return zh
        ? `"${label}"应为${EXPECTED[a.expected ?? 'text'].zh}，现为 ${show(a.value)}`
        : `${label} must be ${EXPECTED[a.expected ?? 'text'].en}, not ${show(a.value)}`;
    case 'vocabulary':
      return zh
        ? `"${label}"的值 "${show(a.value)}" 不在选项中（可选：${(a.options ?? []).join('、')}）`
        : `${label}: "${show(a.value)}" is not one of the options (${(a.options ?? []).join(', ')})`;
    case 'integer':
      return zh ? `"${label}"应为整数，现为 ${show(a.value)}` : `${label} must be a whole number, not ${show(a.value)}`;
    case 'range':
      return zh ? `"${label}"应在${range(a, locale)}，现为 ${show(a.value)}` : `${label} must be ${range(a, locale)}, not ${show(a.value)}`;
    case 'date':
      return zh
        ? `"${label}"的值 "${show(a.value)}" 不是有效日期（格式 YYYY-MM-DD${a.expected === 'text' ? '，或 MM-DD' : ''}）`
        : `${label}: "${show(a.value)}" is not a real date (YYYY-MM-DD${a.expected === 'text' ? ' or MM-DD' : ''})`;
    case 'mark':
      return zh
        ? `"${label}"："${show(a.value)}" 不是有效评估，只能填 + - ? 或留空`
        : `${label}: "${show(a.value)}" is not a mark: use + - ? or leave it blank`;
    case 'weight':
      return zh ? `"${label}"的权重应为 ≥ 0 的数字，现为 ${show(a.value)}` : `${label}: weight must be a number ≥ 0, not ${show(a.value)}`;
    case 'items-count':
      return zh ? `"${label}"应有 ${a.limit} 项，现有 ${a.count} 项` : `${label} must have ${a.limit} items, not ${a.count}`;
    case 'too-many':
      return zh ? `"${label}"最多 ${a.limit} 个，现有 ${a.count} 个` : `${label}: at most ${a.limit}, not ${a.count}`;
    case 'unknown-field':
      return zh
        ? `未知字段 "${a.key}"：表单中没有此项，其值不会被保存到工作簿`
        : `unknown field "${a.key}": no form has it, so it cannot be kept in a workbook`;
    case 'too-long':
      return zh
        ? `文本长 ${a.count} 字，超过单元格上限 ${a.limit} 字：请缩短或拆分（不会截断）`
        : `text of ${a.count} characters, over a cell's limit of ${a.limit}: shorten or split it (it is never cut)`;
    case 'amount-unit':
      return zh
        ? `"${label}"只写数字，单位是${a.unit?.zh ?? ''}：${a.fix}（现为 ${show(a.value)}）`
        : `${label}: write the number only, in ${a.unit?.en ?? ''}: ${a.fix} (not ${show(a.value)})`;
    case 'unbound-content':
      return zh
        ? '此单元格有内容，但不在表单的任何字段内：导出和汇总都不会包含它。请移入表中的字段，或删除'
        : 'this cell holds content outside every field of the form: exports and roll-ups leave it out; move it into a field, or delete it';
    case 'duplicate-visit':
      return zh
        ? `"${label}"重复：同一人的同一次拜访（${show(a.value)}）出现了不止一行`
        : `${label}: the same visit of the same person (${show(a.value)}) appears on more than one row`;
  }
}

/** Why a file is not a readable .xlsx workbook (never quoting its content). */
export type ReaderMessage =
  | 'empty'
  | 'not-zip'
  | 'xls'
  | 'ods'
  | 'not-zip-directory'
  | 'encrypted'
  | 'damaged-part'
  | 'missing-part'
  | 'bad-xml'
  | 'too-large'
  | 'too-many-rows'
  | 'no-worksheets';

/** The one-line message of an unreadable .xlsx, with the fix where there is one. */
export function readerMessage(
  code: ReaderMessage,
  a: { part?: string; tab?: string; mb?: number; limit?: number },
  locale: Locale,
): string {
  const zh = locale === 'zh';
  switch (code) {
    case 'empty':
      return zh ? '文件是空的' : 'the file is empty';
    case 'not-zip':
      return zh ? '不是 .xlsx 工作簿（不是 zip 压缩文件）' : 'not an .xlsx workbook (it is not a zip archive)';
    case 'xls':
      return zh
        ? '不是 .xlsx 工作簿：这是旧的 .xls 文件或加密的工作簿（请另存为不设密码的 .xlsx）'
        : 'not an .xlsx workbook: it is an old .xls file or an encrypted workbook (save it as .xlsx without a password)';
    case 'ods':
      return zh
        ? '不是 .xlsx 工作簿：这是 OpenDocument (.ods) 表格（请打开后另存为 .xlsx）'
        : 'not an .xlsx workbook: it is an OpenDocument (.ods) spreadsheet (open it and save it as .xlsx)';
    case 'not-zip-directory':
      return zh
        ? '不是可读的 .xlsx 工作簿（zip 文件不完整或已损坏）'
        : 'not a readable .xlsx workbook (the zip archive is cut short or damaged)';
    case 'encrypted':
      return zh
        ? '不是可读的 .xlsx 工作簿（内容已加密：请另存为不设密码的 .xlsx）'
        : 'not a readable .xlsx workbook (its parts are encrypted: save it as .xlsx without a password)';
    case 'damaged-part':
      return zh
        ? `不是可读的 .xlsx 工作簿（部件 ${a.part} 已损坏：校验和不符）`
        : `not a readable .xlsx workbook (part ${a.part} is damaged: its checksum does not match)`;
    case 'missing-part':
      return zh ? `不是可读的 .xlsx 工作簿（缺少部件 ${a.part}）` : `not a readable .xlsx workbook (part ${a.part} is missing)`;
    case 'bad-xml':
      return zh
        ? `不是可读的 .xlsx 工作簿（部件 ${a.part} 不是有效的 XML）`
        : `not a readable .xlsx workbook (part ${a.part} is not well-formed XML)`;
    case 'too-large':
      return zh
        ? `不是客户工作簿：表格数据达 ${a.mb} MB，超过 ka-sales 读取上限 ${a.limit} MB`
        : `not an account workbook: it holds ${a.mb} MB of sheet data, more than the ${a.limit} MB ka-sales reads`;
    case 'too-many-rows':
      return zh
        ? `不是客户工作簿：工作表 ${a.tab} 的数据超过 ${a.limit} 行（ka-sales 读取上限）`
        : `not an account workbook: tab ${a.tab} has more than ${a.limit} rows of data, the most ka-sales reads`;
    case 'no-worksheets':
      return zh ? '不是 .xlsx 工作簿：其中没有工作表' : 'not an .xlsx workbook: it has no worksheets';
  }
}
