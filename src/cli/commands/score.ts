import type { Command } from 'commander';
import { type Assessment, RED_FLAG_LABELS, VERDICT_LABELS, assessAccount } from '../../domain/assessment';
import { todayIso } from '../../domain/dates';
import { type Unreadable, forEachAccount } from '../load-account';
import { formatProblem, oneLine, parseAsOf, parseLocale, printJson } from '../output';

export interface ScoreOutput extends Omit<Assessment, 'realTest' | 'latestVisit'> {
  file: string;
  realTest: boolean;
  problems: number;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score accounts: OPP_SCORE, real, worth, WIN_SCORE, lead, completeness, verdict, red flags')
    .argument('<files...>', 'account files (.json or .xlsx)')
    .option('--json', 'print one JSON object per file, {file, error, code} for a file that cannot be read (an array when several files)')
    .option('--as-of <date>', 'date staleness is measured against (YYYY-MM-DD, default today in Asia/Shanghai)')
    .option('--lang <locale>', 'zh (default) or en', 'zh')
    .action(async (files: string[], opts: { json?: boolean; asOf?: string; lang?: string }) => {
      const locale = parseLocale(opts.lang);
      const asOf = parseAsOf(opts.asOf, todayIso());
      // One entry per file named, in order: its scores, or why it could not be read.
      const results: Array<ScoreOutput | Unreadable> = [];
      const exit = await forEachAccount(
        files,
        locale,
        ({ file, account, problems }) => {
          results.push({ file, ...assessAccount(account, asOf), problems: problems.length });
          // Exit 1 lists every problem (on stderr, so that --json output stays one document).
          for (const p of problems) process.stderr.write(`${formatProblem(file, p)}\n`);
        },
        (u) => results.push(u),
      );
      if (opts.json) {
        printJson(results, files.length);
      } else {
        for (const r of results) if (!('error' in r)) process.stdout.write(`${humanScore(r, locale)}\n`);
      }
      process.exitCode = exit;
    });
}

function humanScore(r: ScoreOutput, locale: 'zh' | 'en'): string {
  const zh = locale === 'zh';
  const comps = r.competitors.map((c) => `${c.name} ${c.win}`).join(zh ? '，' : ', ');
  const flags = r.redFlags.map((f) => `${RED_FLAG_LABELS[f][locale]} (${f})`).join(zh ? '，' : ', ');
  const lines = [
    `${r.file}: ${r.customerName || '?'}${r.stage ? ` [${r.stage}]` : ''}`,
    zh
      ? `  机会 OPP_SCORE ${r.opp}（真实 ${r.real}，价值 ${r.worth}，完整度 ${r.completeness.opportunity}%）`
      : `  OPP_SCORE ${r.opp} (real ${r.real}, worth ${r.worth}, completeness ${r.completeness.opportunity}%)`,
    zh
      ? `  竞争力 WIN_SCORE ${r.win}（完整度 ${r.completeness.competitiveness}%）${comps ? `；对手：${comps}` : ''}；领先 ${r.lead ?? '—'}`
      : `  WIN_SCORE ${r.win} (completeness ${r.completeness.competitiveness}%)${comps ? `; competitors: ${comps}` : ''}; lead ${r.lead ?? '—'}`,
    zh ? `  结论：${VERDICT_LABELS[r.verdict].zh} (${r.verdict})` : `  Verdict: ${VERDICT_LABELS[r.verdict].en} (${r.verdict})`,
    zh ? `  红旗：${flags || '无'}` : `  Red flags: ${flags || 'none'}`,
  ];
  if (r.problems) lines.push(zh ? `  待修正问题：${r.problems} 个（运行 ka-sales validate 查看）` : `  Problems: ${r.problems} (run ka-sales validate)`);
  // Names come from the file: each line stays one line, whatever they hold.
  return lines.map(oneLine).join('\n');
}
