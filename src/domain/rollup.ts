import { STAGE_PROBABILITY } from '../../sheets-templates/vocabularies';
import { VOCABULARIES } from '../../sheets-templates/vocabularies';
import { type Account, isBlank, text } from './account';
import { type Assessment, type AssessmentSettings, DEFAULT_SETTINGS, assessAccount } from './assessment';

/**
 * One row of the manager roll-up (forms.md §9). Built only from scores,
 * stages, dates, counts and flags: no name or personal field of a key person,
 * no intel text. `customerName` and `salesManager` are account identity, not
 * personal data of the customer's people.
 */
export interface RollupRow extends Assessment {
  file: string;
  salesManager: string;
  budget: number | null;
  latestVisit: string | null;
  visitCount: number;
  hasCoach: boolean;
  /** The stance of the role map's key decision maker (first such row with a stance), '' when unknown. */
  decisionMakerStance: string;
  problems: number;
}

export function rollupRow(account: Account, file: string, problems: number, asOf: string, settings: AssessmentSettings = DEFAULT_SETTINGS): RollupRow {
  const a = assessAccount(account, asOf, settings);
  const budget = account.overview.budget;
  const dm = account.roleMap.find((r) => text(r.role) === '关键决策者' && !isBlank(r.stance));
  return {
    file,
    ...a,
    salesManager: text(account.overview.salesManager),
    budget: typeof budget === 'number' && Number.isFinite(budget) ? budget : null,
    visitCount: account.keyPeople.length,
    hasCoach: !a.redFlags.includes('no-coach'),
    decisionMakerStance: dm ? text(dm.stance) : '',
    problems,
  };
}

export interface PipelineTotal {
  key: string;
  count: number;
  budget: number;
  forecast: number;
}

/** Totals by stage (in the vocabulary's order, then "no stage") and by sales manager. */
export function pipelineTotals(rows: RollupRow[], probability: Record<string, number> = STAGE_PROBABILITY): { byStage: PipelineTotal[]; byManager: PipelineTotal[] } {
  const stages = (VOCABULARIES.find((v) => v.id === 'stage')?.values ?? []).map((v) => v.value);
  const sum = (keyOf: (r: RollupRow) => string, order: string[]) => {
    const map = new Map<string, PipelineTotal>(order.map((k) => [k, { key: k, count: 0, budget: 0, forecast: 0 }]));
    for (const r of rows) {
      const k = keyOf(r);
      const t = map.get(k) ?? map.set(k, { key: k, count: 0, budget: 0, forecast: 0 }).get(k)!;
      t.count++;
      t.budget += r.budget ?? 0;
      t.forecast += (r.budget ?? 0) * (probability[r.stage] ?? 0);
    }
    return [...map.values()].map((t) => ({ ...t, budget: round2(t.budget), forecast: round2(t.forecast) }));
  };
  return {
    byStage: sum((r) => r.stage, stages),
    byManager: sum((r) => r.salesManager, [...new Set(rows.map((r) => r.salesManager))].sort()),
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
