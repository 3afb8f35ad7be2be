import type { Command, Help, Option } from 'commander';
import type { Locale } from '../../sheets-templates/types';
import { CliError, msg } from './messages';

/**
 * `--help` in the user's language. The English texts are where each command
 * is registered (src/cli/commands/); the Chinese ones are here, keyed by
 * command, argument and option (`'rollup --force'`), and a test checks that
 * every one has its Chinese text. Titles, the default-value note and the
 * built-in help and version options come from the catalogue too.
 */
export const HELP_ZH: Record<string, string> = {
  program: '大客户销售工作簿：评分、检查、生成和汇总客户文件（.json / .xlsx）',
  score: '为客户评分：OPP_SCORE、真实性、价值、WIN_SCORE、领先、完整度、结论、红旗',
  'score files': '客户文件（.json 或 .xlsx）',
  'score --json': '每个文件输出一个 JSON 对象；无法读取的文件输出 {file, error, code}（多个文件时为数组）',
  'score --as-of': '计算“久未拜访”所依据的日期（如 2026-11-03，默认为上海时区的今天）',
  'score --lang': 'zh（默认）或 en',
  validate: '列出客户文件的所有问题（工作表、单元格、规则、说明）；不做任何修改',
  'validate files': '客户文件（.json 或 .xlsx）',
  'validate --json': '每个文件输出 {file, problems: [{path, rule, message}]}；无法读取的文件输出 {file, error, code}（多个文件时为数组）',
  'validate --lang': 'zh（默认）或 en',
  new: '为一个客户生成空白客户工作簿（.xlsx）',
  'new name': '客户名称',
  'new --output': '要写入的工作簿（默认：当前文件夹中的 <客户名称>.xlsx）',
  'new --lang': 'zh（默认）或 en：标签和工作表名称',
  'new --force': '输出文件已存在时覆盖它',
  build: '由客户 JSON 生成工作簿（.xlsx）：所有值原样写入，问题标明工作表和单元格',
  'build accounts': '客户交换文件（.json）；多于一个时，-o 为文件夹',
  'build --output': '要写入的工作簿（默认：当前文件夹中的 <客户名称>.xlsx）',
  'build --lang': 'zh（默认）或 en：标签、工作表名称和提示',
  'build --json': '输出所写工作簿的 {file, problems: [{path, rule, message, sheet, cell}]}',
  'build --force': '输出文件已存在时覆盖它',
  export: '把客户工作簿（.xlsx）读回为客户 JSON（输出到屏幕，或用 -o 写入文件）',
  'export workbooks': '客户工作簿（.xlsx）；多于一个时，-o 为文件夹',
  'export --output': '把 JSON 写入此文件（若为文件夹：写入其中的 <工作簿名>.json），而不是输出到屏幕',
  'export --lang': 'zh（默认）或 en：提示',
  'export --force': '输出文件已存在时覆盖它',
  rollup: '把客户文件汇总为经理汇总表（.xlsx）：每个客户一行、管道合计、无法读取的文件',
  'rollup inputs': '文件夹（其中的 .json 和 .xlsx 文件）或客户文件',
  'rollup --output': '要写入的汇总表（默认 summary.xlsx；使用 --json 时仅在指定时写入）',
  'rollup --json': '在屏幕上输出一个 JSON 对象 {rows, errors}',
  'rollup --as-of': '计算“久未拜访”所依据的日期（如 2026-11-03，默认为上海时区的今天）',
  'rollup --window': '与至少这么多天前的最近一次汇总比较（默认：汇总表自己的设置，否则 7）',
  'rollup --show-actions':
    '经理选择：汇总表多两列，显示每个客户下一项未完成行动的原文和负责人（销售填写的文字）；本次及以后的汇总沿用，直到 --hide-actions',
  'rollup --hide-actions': '只显示行动的数量和截止日期（默认）；本次及以后的汇总沿用',
  'rollup --lang': 'zh（默认）或 en',
  'rollup --force': '替换一个已存在但不是 ka-sales 汇总表的 -o 文件（汇总表无需此项即可替换；输入文件永远不会被替换）',
  demo: '把示例客户（.json、.xlsx）及其经理汇总写入一个文件夹',
  'demo --output': '要写入的文件夹',
  'demo --as-of': '示例所依据的日期（如 2026-11-03，默认为上海时区的今天）',
  'demo --lang': 'zh（默认）或 en',
  map: '把客户的决策链（角色分析）画成 SVG 或 PNG',
  'map file': '客户文件（.json 或 .xlsx）',
  'map --output': '要写入的图片：.svg 或 .png（默认：<文件名>-map.svg）',
  'map --lang': 'zh（默认）或 en',
  'map --force': '输出文件已存在时覆盖它',
  brief: '为客户中的一个人写出拜访简报：一页可打印的 HTML',
  'brief file': '客户文件（.json 或 .xlsx）',
  'brief --person': '此人，按“关键人物”或“角色分析”中的姓名',
  'brief --output': '要写入的页面（默认：<文件名>-brief.html）',
  'brief --lang': 'zh（默认）或 en',
  'brief --force': '输出文件已存在时覆盖它',
  upgrade: '把客户工作簿（.xlsx）升级到最新模板，保留每个值（先备份再原地升级，或写到 -o）',
  'upgrade workbook': '客户工作簿（.xlsx）',
  'upgrade --output': '把升级后的工作簿写到这里，而不原地升级',
  'upgrade --lang': 'zh（默认）或 en：提示',
  'upgrade --force': '输出文件已存在时覆盖它',
};

const TITLES_ZH: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

/** Every help item of a program: its key in HELP_ZH and where to put the text. */
export function helpItems(program: Command): Array<{ key: string; set: (text: string) => void }> {
  const items: Array<{ key: string; set: (text: string) => void }> = [{ key: 'program', set: (t) => program.description(t) }];
  for (const c of program.commands) {
    items.push({ key: c.name(), set: (t) => c.description(t) });
    for (const a of c.registeredArguments) items.push({ key: `${c.name()} ${a.name()}`, set: (t) => (a.description = t) });
    for (const o of c.options) if (o.long !== '--help') items.push({ key: `${c.name()} ${o.long}`, set: (t) => (o.description = t) });
  }
  return items;
}

/** Puts the help of a program (and its commands) into `locale`. */
export function localizeHelp(program: Command, locale: Locale): void {
  const zh = locale === 'zh';
  if (zh) for (const item of helpItems(program)) if (HELP_ZH[item.key]) item.set(HELP_ZH[item.key]);
  const version = program.options.find((o) => o.long === '--version');
  if (version) version.description = msg('help.version', {}, locale);
  const configure = (c: Command) => {
    c.helpOption('-h, --help', msg('help.help', {}, locale));
    c.configureHelp({
      styleTitle: (s: string) => (zh ? (TITLES_ZH[s] ?? s) : s),
      optionDescription: (o: Option) => {
        const shown =
          o.defaultValue !== undefined && (o.required || o.optional) ? msg('help.default', { value: String(o.defaultValue) }, locale) : '';
        return `${o.description}${shown}`;
      },
    } as Partial<Help>);
  };
  configure(program);
  program.helpCommand('help [command]', msg('help.help', {}, locale));
  for (const c of program.commands) configure(c);
}

/** Commander's own error (unknown command, missing argument…) as a catalogue message, with the way to the help. */
export function commanderError(code: string, message: string): CliError | undefined {
  const quoted = [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const hint = /Did you mean ([^?]+)\?/.exec(message)?.[1];
  const suggest = hint ? msg('usage.didYouMean', { name: hint }) : '';
  switch (code) {
    case 'commander.unknownCommand':
      return new CliError('usage.unknownCommand', { name: quoted[0] ?? '', suggest });
    case 'commander.unknownOption':
      return new CliError('usage.unknownOption', { name: quoted[0] ?? '', suggest });
    case 'commander.missingArgument':
      return new CliError('usage.missingArgument', { name: quoted[0] ?? '' });
    case 'commander.optionMissingArgument':
      return new CliError('usage.optionMissingArgument', { name: quoted[0] ?? '' });
    case 'commander.excessArguments':
      return new CliError('usage.excessArguments', {});
    case 'commander.invalidArgument':
    case 'commander.missingMandatoryOptionValue':
    case 'commander.conflictingOption':
      return new CliError('usage.other', {});
    default:
      return undefined;
  }
}
