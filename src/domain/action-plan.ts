import type { RedFlag } from '../../sheets-templates/flags';
import { RED_FLAGS } from '../../sheets-templates/flags';
import { type Account, type ActionRow, text } from './account';
import { isoDayNumber } from './dates';
import { vocabCode } from './vocab';

/**
 * The action plan (行动计划, template version 3) read by code: which actions
 * are open, overdue, next, and which red flags no open action answers. Pure;
 * values that break their field's rule are read leniently (validation
 * reports them): an action is hidden from "open" only by a status that says
 * it is done or cancelled.
 */

/** Status codes (vocabulary `actionStatus`). */
export type ActionStatus = 'notStarted' | 'inProgress' | 'done' | 'cancelled';
export const ACTION_STATUSES: readonly ActionStatus[] = ['notStarted', 'inProgress', 'done', 'cancelled'];

/** The rows of the account's action plan (none when it has no plan). */
export function actionsOf(account: Account): ActionRow[] {
  return account.actionPlan ?? [];
}

/** A row's status code: blank is `notStarted`; text that is not a status (a problem validation reports) is null. */
export function actionStatusOf(row: ActionRow): ActionStatus | null {
  if (text(row.status) === '') return 'notStarted';
  // The vocabulary's codes are exactly the ActionStatus codes ('' when not one of its values).
  return (vocabCode('actionStatus', row.status) || null) as ActionStatus | null;
}

/**
 * Open: the row has an action text and its status is blank, 未开始 or 进行中.
 * [decision] A status that is not one of the vocabulary's counts as open too,
 * so that a typo never hides an action.
 */
export function isOpenAction(row: ActionRow): boolean {
  const s = actionStatusOf(row);
  return text(row.action) !== '' && s !== 'done' && s !== 'cancelled';
}

/** A row's due date as a day number, or null when blank or not a real date. */
function dueDay(row: ActionRow): number | null {
  return isoDayNumber(row.dueDate);
}

/** Overdue: open, and due before the as-of date (ISO). An undated action is never overdue. */
export function isOverdueAction(row: ActionRow, asOf: string): boolean {
  const due = dueDay(row);
  const day = isoDayNumber(asOf);
  return isOpenAction(row) && due !== null && day !== null && due < day;
}

/** Rows in due order: earliest due date first, undated (or not a real date) last, the plan's order on a tie. Stable. */
export function byDueDate<R extends ActionRow>(rows: R[]): R[] {
  const key = (r: R) => dueDay(r) ?? Number.POSITIVE_INFINITY;
  return rows
    .map((r, i) => ({ r, i, k: key(r) }))
    .sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1))
    .map((x) => x.r);
}

/** The open actions, in due order. */
export function openActions(account: Account): ActionRow[] {
  return byDueDate(actionsOf(account).filter(isOpenAction));
}

/** The overdue actions as of a date, in due order. */
export function overdueActions(account: Account, asOf: string): ActionRow[] {
  return openActions(account).filter((r) => isOverdueAction(r, asOf));
}

/** The next open action: the earliest due; an undated one only when none is dated. */
export function nextOpenAction(account: Account): ActionRow | undefined {
  return openActions(account)[0];
}

export interface ActionCounts {
  /** Rows of the plan. */
  total: number;
  open: number;
  overdue: number;
  done: number;
  cancelled: number;
}

export function actionCounts(account: Account, asOf: string): ActionCounts {
  const rows = actionsOf(account);
  const status = (s: ActionStatus) => rows.filter((r) => actionStatusOf(r) === s).length;
  return {
    total: rows.length,
    open: rows.filter(isOpenAction).length,
    overdue: rows.filter((r) => isOverdueAction(r, asOf)).length,
    done: status('done'),
    cancelled: status('cancelled'),
  };
}

/** What a row answers (its 针对), by code: a red flag, or an item of the opportunity or competitiveness assessment. */
export type Answers = { kind: 'flag'; flag: RedFlag } | { kind: 'opportunity' | 'competitiveness'; no: number };

/**
 * A row's 针对 by its code — a red flag's own (`no-coach`) or an item
 * reference (`opportunity.4`, `competitiveness.7`, as health.ts's `ItemRef`) —
 * or null when blank or not one of the vocabulary's values.
 */
export function answersOf(row: ActionRow): Answers | null {
  const code = vocabCode('answers', row.answers);
  if ((RED_FLAGS as readonly string[]).includes(code)) return { kind: 'flag', flag: code as RedFlag };
  const m = /^(opportunity|competitiveness)\.(\d+)$/.exec(code);
  return m ? { kind: m[1] as 'opportunity' | 'competitiveness', no: Number(m[2]) } : null;
}

/** The red flags (of `flags`, in their order) that no open action answers. */
export function unansweredFlags(account: Account, flags: readonly RedFlag[]): RedFlag[] {
  const answered = new Set<RedFlag>();
  for (const r of actionsOf(account).filter(isOpenAction)) {
    const a = answersOf(r);
    if (a?.kind === 'flag') answered.add(a.flag);
  }
  return flags.filter((f) => !answered.has(f));
}
