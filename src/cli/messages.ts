import type { Locale, Localized } from '../../sheets-templates/types';
import { t } from '../domain/messages';

/**
 * The command line's own texts (zh-CN first, English with `--lang en`), in the
 * catalogue format every part of ka-sales uses (`Localized` with `{name}`
 * slots, rendered by the one `t` of src/domain/messages.ts). The domain's
 * texts (validation, roll-up) stay in the domain and are bundled for Apps
 * Script; these stay here, out of the bundle.
 *
 * A message names the file and says what to do where there is something to do.
 * Slots never hold file content: only paths, numbers, codes and values cut to
 * 40 characters (`show`).
 */
export const CLI_TEXT = {
  // ------------------------------------------------------------ file system
  'fs.ENOENT': { zh: '{file}: 文件或文件夹不存在，请检查路径', en: '{file}: no such file or folder; check the path' },
  'fs.EACCES': {
    zh: '{file}: 没有权限（请检查文件权限，或换一个位置）',
    en: '{file}: permission denied (check the file’s permissions, or use another place)',
  },
  'fs.EPERM': { zh: '{file}: 操作不被允许（请检查文件权限）', en: '{file}: operation not permitted (check the file’s permissions)' },
  'fs.EISDIR': { zh: '{file}: 这是文件夹，请给出文件', en: '{file}: this is a folder; give a file' },
  'fs.ENOTDIR': { zh: '{file}: 路径中有一部分不是文件夹，请检查路径', en: '{file}: part of the path is not a folder; check the path' },
  'fs.ELOOP': { zh: '{file}: 符号链接循环，请检查链接', en: '{file}: symbolic links loop; check the link' },
  'fs.loop': { zh: '{file}: 符号链接循环，请检查链接', en: '{file}: symbolic links loop; check the link' },
  'fs.ENOSPC': {
    zh: '{file}: 磁盘已满，未写入；请腾出空间后重试',
    en: '{file}: the disk is full; nothing was written; free some space and try again',
  },
  'fs.EROFS': { zh: '{file}: 只读文件系统，无法写入；请换一个位置', en: '{file}: read-only file system; write somewhere else' },
  'fs.EMFILE': { zh: '{file}: 打开的文件太多，请稍后重试', en: '{file}: too many open files; try again' },
  'fs.EBUSY': {
    zh: '{file}: 文件正被占用（是否已在 Excel/WPS 中打开？），请关闭后重试',
    en: '{file}: the file is busy (open in Excel/WPS?); close it and try again',
  },
  'fs.ENAMETOOLONG': { zh: '{file}: 文件名太长，请换一个短些的名字', en: '{file}: the file name is too long; choose a shorter one' },
  'fs.other': { zh: '{file}: 无法访问文件（{code}）', en: '{file}: cannot access the file ({code})' },

  // ------------------------------------------------------------ reading input
  'input.special': {
    zh: '{file}: 不是普通文件（{kind}），未读取；请给出客户文件（.json 或 .xlsx）',
    en: '{file}: not a regular file ({kind}); not read; give an account file (.json or .xlsx)',
  },
  'input.tooBig': {
    zh: '{file}: 文件大小 {size}，超过上限 {limit}，未读取；客户文件远小于此，请检查是否选错了文件',
    en: '{file}: {size}, over the limit of {limit}; not read; an account file is far smaller: is it the right file?',
  },
  'input.type': {
    zh: '{file}: 不支持的文件类型 "{ext}"，请给出客户文件（.json 或 .xlsx）',
    en: '{file}: unsupported file type "{ext}": give an account file (.json or .xlsx)',
  },
  'kind.directory': { zh: '文件夹', en: 'a folder' },
  'kind.fifo': { zh: '命名管道', en: 'a named pipe' },
  'kind.socket': { zh: '套接字', en: 'a socket' },
  'kind.device': { zh: '设备', en: 'a device' },
  'kind.other': { zh: '特殊文件', en: 'a special file' },

  // ------------------------------------------------------------ JSON
  'json.syntax': {
    zh: '{file}: 不是有效的 JSON（第 {line} 行第 {column} 列：{what}），请在该处修正',
    en: '{file}: not valid JSON (line {line}, column {column}: {what}); fix it there',
  },
  'json.utf8': {
    zh: '{file}: 不是 UTF-8 文本（第 {line} 行第 {column} 列有无效字节），请将文件另存为 UTF-8',
    en: '{file}: not UTF-8 text (invalid bytes at line {line}, column {column}); save the file as UTF-8',
  },
  'json.duplicateKey': {
    zh: '字段 "{key}" 在同一对象中出现了两次（第 {first} 行和第 {line} 行），只读取了后一个；请删除其中一个',
    en: 'the key "{key}" appears twice in one object (lines {first} and {line}); only the last is read; delete one',
  },
  'json.what.value': { zh: '此处应为一个值', en: 'a value was expected' },
  'json.what.colon': { zh: '此处应为冒号', en: 'a colon was expected' },
  'json.what.comma': { zh: '此处应为逗号或右括号', en: 'a comma or a closing bracket was expected' },
  'json.what.key': { zh: '此处应为带引号的字段名', en: 'a quoted key was expected' },
  'json.what.end': { zh: '文件在此提前结束', en: 'the file ends too early' },
  'json.what.string': { zh: '文本（字符串）未正确结束或含有非法字符', en: 'a string is not closed or holds an invalid character' },
  'json.what.number': { zh: '数字格式不正确', en: 'a malformed number' },
  'json.what.trailing': { zh: '完整的 JSON 之后还有内容', en: 'more text after the JSON' },
  'json.what.other': { zh: '无法识别的内容', en: 'unexpected text' },
  'account.notObject': { zh: '{file}: 不是客户文件（JSON 顶层不是对象）', en: '{file}: not an account: the JSON is not an object' },
  'account.tooDeep': { zh: '{file}: 不是客户文件（嵌套过深）', en: '{file}: not an account: nested too deeply' },
  'account.noVersion': { zh: '{file}: 不是客户文件（没有 schemaVersion）', en: '{file}: not an account: it has no schemaVersion' },
  'account.version': {
    zh: '{file}: 不支持的 schemaVersion {value}：本版 ka-sales 读取 schemaVersion {supported}',
    en: '{file}: unsupported schemaVersion {value}: this version of ka-sales reads schemaVersion {supported}',
  },
  'account.newer': {
    zh: '{file}: schemaVersion {value} 比本版 ka-sales 新（本版读取 {supported}），请更新 ka-sales',
    en: '{file}: schemaVersion {value} is newer than this ka-sales reads ({supported}); update ka-sales',
  },
  'account.unreadable': { zh: '{file}: 无法读取：{detail}', en: '{file}: cannot be read: {detail}' },

  // ------------------------------------------------------------ writing
  'write.locked': {
    zh: '{file}: 另一个 ka-sales（进程 {pid}）正在写入此文件，未写入；请等它完成后重试（若没有在运行，删除 {lock}）',
    en: '{file}: another ka-sales (process {pid}) is writing this file; nothing written; try again when it has finished (if none is running, delete {lock})',
  },
  'write.exists': {
    zh: '{file} 已存在：请用 -o 换一个名字，或加 --force 覆盖',
    en: '{file} exists: choose another name with -o, or add --force to overwrite it',
  },
  'write.notFile': {
    zh: '{file}: 不是普通文件，不能写入；请换一个名字',
    en: '{file}: not a regular file; cannot write it; choose another name',
  },
  wrote: { zh: '已写入 {file}', en: 'wrote {file}' },
  noProblems: { zh: '没有问题', en: 'no problems' },
  wroteProblems: { zh: '已写入 {file}（{count} 个待修正问题）', en: 'wrote {file} ({count} problems)' },

  // ------------------------------------------------------------ usage
  'usage.lang': { zh: '--lang 只能是 zh 或 en，而不是 "{value}"', en: '--lang must be zh or en, not "{value}"' },
  'usage.asOf': {
    zh: '--as-of 应为真实日期，请写成 2026-11-03，而不是 "{value}"',
    en: '--as-of must be a real date such as 2026-11-03, not "{value}"',
  },
  'usage.emptyName': { zh: '客户名称不能为空', en: 'the customer name must not be empty' },
  'usage.xlsxOnly': { zh: '{file}: {command} 读取 .xlsx 客户工作簿', en: '{file}: {command} reads an .xlsx account workbook' },
  'usage.outXlsx': { zh: '-o 应为 .xlsx 文件，而不是 "{value}"', en: '-o must name an .xlsx file, not "{value}"' },
  'usage.actions': {
    zh: '--show-actions 与 --hide-actions 只能选一个',
    en: '--show-actions and --hide-actions cannot be used together: choose one',
  },
  'usage.window': {
    zh: '--window 应为 1 到 366 之间的整天数，例如 7，而不是 "{value}"',
    en: '--window takes a whole number of days from 1 to 366, such as 7, not "{value}"',
  },
  'usage.noFolder': { zh: '{file} 所在的文件夹不存在，请先创建它', en: 'the folder of {file} does not exist; create it first' },
  'usage.unknownCommand': {
    zh: '没有 "{name}" 这个命令{suggest}；运行 ka-sales --help 查看所有命令',
    en: 'there is no command "{name}"{suggest}; run ka-sales --help for the commands',
  },
  'usage.unknownOption': {
    zh: '没有 "{name}" 这个选项{suggest}；运行 ka-sales 命令 --help 查看选项',
    en: 'there is no option "{name}"{suggest}; run ka-sales COMMAND --help for the options',
  },
  'usage.missingArgument': {
    zh: '缺少参数 {name}；运行 ka-sales 命令 --help 查看用法',
    en: 'missing the argument {name}; run ka-sales COMMAND --help for its use',
  },
  'usage.optionMissingArgument': { zh: '选项 {name} 后面缺少值', en: 'the option {name} needs a value after it' },
  'usage.excessArguments': {
    zh: '参数太多；运行 ka-sales 命令 --help 查看用法',
    en: 'too many arguments; run ka-sales COMMAND --help for its use',
  },
  'usage.other': { zh: '命令行有误；运行 ka-sales --help 查看用法', en: 'the command line is not valid; run ka-sales --help' },
  'usage.didYouMean': { zh: '（是否想输入 {name}？）', en: ' (did you mean {name}?)' },
  'help.help': { zh: '显示帮助', en: 'display help for command' },
  'help.version': { zh: '显示版本号', en: 'output the version number' },
  'help.default': { zh: '（默认：{value}）', en: ' (default: {value})' },
  internal: { zh: '内部错误：{detail}（请报告此问题）', en: 'internal error: {detail} (please report it)' },

  'build.sameName': {
    zh: '{file}: {out} 刚由另一个输入写入，未覆盖（是否有两个同名客户？）',
    en: '{file}: {out} was just written from another input: not overwritten (two accounts of the same customer name?)',
  },
  'build.folder': {
    zh: '生成多个工作簿时，-o 必须是一个已存在的文件夹',
    en: 'with more than one account, -o must name an existing folder for the workbooks',
  },
  'export.sameName': {
    zh: '{file}: {out} 刚由另一个输入写入，未覆盖（是否有两个同名工作簿？）',
    en: '{file}: {out} was just written from another input: not overwritten (two workbooks of the same name?)',
  },
  'export.folder': {
    zh: '导出多个工作簿时，-o 必须是一个已存在的文件夹',
    en: 'with more than one workbook, -o must name an existing folder for the JSON files',
  },
  // ------------------------------------------------------------ build, export, score, demo
  'build.tooLong': {
    zh: '{file}: 未写入 {out}：{count} 个值超过 .xlsx 单元格上限 {limit} 个字符（不会截断保存）；请缩短或拆分这些文本',
    en: '{file}: {out} not written: {count} value(s) longer than an .xlsx cell holds ({limit} characters), and cutting them would lose text; shorten or split them',
  },
  'export.problems': {
    zh: '注意：{file} 有 {count} 个待修正问题（已原样导出；运行 ka-sales validate 查看）',
    en: 'note: {file} has {count} problems (exported as they are; run ka-sales validate)',
  },
  'score.head': { zh: '{file}: {customer}{stage}', en: '{file}: {customer}{stage}' },
  'score.opp': {
    zh: '  机会 OPP_SCORE {opp}（真实 {real}，价值 {worth}，完整度 {completeness}%）',
    en: '  OPP_SCORE {opp} (real {real}, worth {worth}, completeness {completeness}%)',
  },
  'score.win': {
    zh: '  竞争力 WIN_SCORE {win}（完整度 {completeness}%）{rivals}；领先 {lead}',
    en: '  WIN_SCORE {win} (completeness {completeness}%){rivals}; lead {lead}',
  },
  'score.rivals': { zh: '；对手：{list}', en: '; competitors: {list}' },
  'score.verdict': { zh: '  结论：{label} ({code})', en: '  Verdict: {label} ({code})' },
  'score.flags': { zh: '  红旗：{list}', en: '  Red flags: {list}' },
  'score.none': { zh: '无', en: 'none' },
  'score.problems': { zh: '  待修正问题：{count} 个（运行 ka-sales validate 查看）', en: '  Problems: {count} (run ka-sales validate)' },
  'list.sep': { zh: '，', en: ', ' },
  'demo.wrote': {
    zh: '已写入 {count} 个文件（示例客户 {rows} 个，截至 {asOf}）：',
    en: 'Wrote {count} files ({rows} sample accounts, as of {asOf}):',
  },
  'demo.open': { zh: '打开汇总表：{file}', en: 'Open the roll-up: {file}' },
  'demo.try': { zh: '试试：', en: 'Try:' },

  // ------------------------------------------------------------ upgrade
  'upgrade.newer': {
    zh: '{file}: 模板版本 {from} 比本版 ka-sales（{to}）新，请更新 ka-sales',
    en: '{file}: template version {from} is newer than this ka-sales ({to}); update ka-sales',
  },
  'upgrade.notSame': {
    zh: '{file}: 未升级：新工作簿无法保存相同的 {what}；文件未改动',
    en: '{file}: not upgraded: the new workbook would not hold the same {what}; the file is unchanged',
  },
  'upgrade.current': {
    zh: '{file} 已是最新模板（版本 {from}），未改动。',
    en: '{file} already uses the latest template (version {from}); unchanged.',
  },
  'upgrade.changed': { zh: '模板版本 {from} → {to}，保留 {kept} 个值', en: 'template version {from} → {to}, {kept} values kept' },
  'upgrade.inPlace': { zh: '已升级 {file}：{changed}。\n备份：{backup}', en: 'upgraded {file}: {changed}.\nbackup: {backup}' },
  'upgrade.toOut': { zh: '已升级 {file} → {out}：{changed}。', en: 'upgraded {file} → {out}: {changed}.' },
  'upgrade.tab': { zh: '工作表 {tab}', en: 'tab {tab}' },
  'upgrade.version': { zh: '模板版本', en: 'template version' },

  // ------------------------------------------------------------ roll-up
  'rollup.noFiles': { zh: '在 {inputs} 中没有找到客户文件（.json、.xlsx）', en: 'no account files (.json, .xlsx) in {inputs}' },
  'rollup.notSummary': {
    zh: '{file} 已存在且不是 ka-sales 汇总表，未覆盖：请用 -o 换一个名字，或加 --force 覆盖',
    en: '{file} exists and is not a ka-sales summary; not replaced: choose another name with -o, or add --force to replace it',
  },
  'rollup.isInput': {
    zh: '{file} 是本次汇总的输入文件之一，不能作为输出（--force 也不行）；请用 -o 指定另一个文件',
    en: '{file} is one of the roll-up’s own inputs and cannot be its output (not even with --force); name another file with -o',
  },
  'rollup.nothingRead': {
    zh: '没有可读取的客户文件，未写入 {file}（原有文件保持不变）',
    en: 'no account file could be read; {file} not written (an existing file is unchanged)',
  },
  'rollup.duplicate': {
    zh: '与 {other} 是同一客户（{customer}），只计一次（取 {other}）；请删除或移走其中一个文件',
    en: 'the same customer ({customer}) as {other}: counted once (from {other}); delete or move one of the files',
  },
  'rollup.duplicateReason': { zh: '重复的客户（只计一次）', en: 'Same customer again (counted once)' },
  'rollup.done': {
    zh: '已写入 {file}：{rows} 个客户（{withProblems} 个待修正），{errors} 个文件无法读取或重复',
    en: 'wrote {file}: {rows} accounts ({withProblems} with problems), {errors} files unreadable or duplicate',
  },
  'rollup.doneNoFile': {
    zh: '{rows} 个客户（{withProblems} 个待修正），{errors} 个文件无法读取或重复',
    en: '{rows} accounts ({withProblems} with problems), {errors} files unreadable or duplicate',
  },
  'rollup.problems': {
    zh: '{file}: {count} 个待修正问题（运行 ka-sales validate 查看）',
    en: '{file}: {count} problems (run ka-sales validate)',
  },
} satisfies Record<string, Localized>;

export type CliTextKey = keyof typeof CLI_TEXT;

let current: Locale = 'zh';

/** The locale of every message from now on (set from `--lang` before anything else runs). */
export function setLocale(locale: Locale): void {
  current = locale;
}

export function currentLocale(): Locale {
  return current;
}

/** The locale a command line asks for: `--lang en` / `--lang=en` anywhere, else zh. */
export function localeFromArgv(argv: string[]): Locale {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v === 'en') return 'en';
    if (v !== undefined) return 'zh';
  }
  return 'zh';
}

/** A CLI text in the current locale (or the one given). */
export function msg(key: CliTextKey, args: Record<string, string | number> = {}, locale: Locale = current): string {
  return t(CLI_TEXT[key], locale, args);
}

/** An error whose message comes from the catalogue; `code` is its key, for tools (`--json`). */
export class CliError extends Error {
  readonly code: CliTextKey;
  /** For an unreadable account: the reader's own words (English), from which the roll-up's short reason is told. */
  readonly readerMessage?: string;

  constructor(key: CliTextKey, args: Record<string, string | number> = {}, readerMessage?: string) {
    super(msg(key, args));
    this.code = key;
    this.readerMessage = readerMessage;
    this.name = 'CliError';
  }
}

/** The words the domain's list of unreadable reasons knows, for each kind of error of ours. */
const REASON_PROBE: Partial<Record<CliTextKey, string>> = {
  'json.syntax': 'not valid JSON',
  'json.utf8': 'not valid JSON',
  'account.notObject': 'not an account',
  'account.tooDeep': 'not an account',
  'account.noVersion': 'not an account',
  'account.version': 'schemaVersion',
  'account.newer': 'schemaVersion',
  'input.type': 'unsupported file type',
  'input.special': 'not an account',
  'input.tooBig': 'not an account',
};

/** What the domain's reason list is told about an error (its words, never file content). */
export function reasonProbe(e: unknown): string {
  if (e instanceof CliError) return e.readerMessage ?? REASON_PROBE[e.code] ?? (e.code.startsWith('fs.') ? 'cannot read' : '');
  return '';
}

/** A file-system error as a plain sentence with the fix: the errno's text, never Node's message. */
export function fsError(file: string, e: unknown): CliError {
  if (e instanceof CliError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const key = `fs.${code}` as CliTextKey;
  return key in CLI_TEXT ? new CliError(key, { file }) : new CliError('fs.other', { file, code: code || 'unknown' });
}

/** Bytes for people: 1.5 MB, 20 KB, 300 B. */
export function bytesText(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
