import type { Command } from 'commander';
import { type Assessment, RED_FLAG_LABELS, VERDICT_LABELS, assessAccount } from '../../domain/assessment';
import { todayIso } from '../../domain/dates';
import { type Unreadable, forEachAccount } from '../load-account';
import { msg } from '../messages';
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
  const m = (key: Parameters<typeof msg>[0], args: Record<string, string | number> = {}) => msg(key, args, locale);
  const comps = r.competitors.map((c) => `${c.name} ${c.win}`).join(m('list.sep'));
  const flags = r.redFlags.map((f) => `${RED_FLAG_LABELS[f][locale]} (${f})`).join(m('list.sep'));
  const lines = [
    m('score.head', { file: r.file, customer: r.customerName || '?', stage: r.stage ? ` [${r.stage}]` : '' }),
    m('score.opp', { opp: r.opp, real: r.real, worth: r.worth, completeness: r.completeness.opportunity }),
    m('score.win', {
      win: r.win,
      completeness: r.completeness.competitiveness,
      rivals: comps ? m('score.rivals', { list: comps }) : '',
      lead: r.lead ?? '—',
    }),
    m('score.verdict', { label: VERDICT_LABELS[r.verdict][locale], code: r.verdict }),
    m('score.flags', { list: flags || m('score.none') }),
  ];
  if (r.problems) lines.push(m('score.problems', { count: r.problems }));
  // Names come from the file: each line stays one line, whatever they hold.
  return lines.map(oneLine).join('\n');
}
