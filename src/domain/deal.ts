import { type Account, text } from './account';
import { isIsoDate, isoDayNumber } from './dates';
import { vocabCode } from './vocab';

/**
 * The deal's decision and outcome (the overview's 决策与结果 block, template
 * version 3): by code, read leniently like every score input — a value that
 * breaks its field's rule (which validation reports) counts as not given.
 */

/** Outcome codes (vocabulary `outcome`), in the review's section order. */
export type Outcome = 'open' | 'won' | 'lost' | 'abandoned';
export const OUTCOMES: readonly Outcome[] = ['open', 'won', 'lost', 'abandoned'];

/**
 * The account's outcome. Blank means open; [decision] so does text that is
 * not one of the vocabulary's values (validation reports it): an account
 * leaves the open pipeline only by a value that says so.
 */
export function outcomeOf(account: Account): Outcome {
  // The vocabulary's codes are exactly the Outcome codes ('' when not one of its values).
  return (vocabCode('outcome', account.overview.outcome) || 'open') as Outcome;
}

/** A date field as an ISO date (trimmed), or null when blank or not a real date. */
function isoOrNull(v: unknown): string | null {
  return isIsoDate(v) ? text(v) : null;
}

/** The expected decision date (ISO), or null when blank or not a real date. */
export function decisionDateOf(account: Account): string | null {
  return isoOrNull(account.overview.decisionDate);
}

/** The outcome date (ISO), or null. */
export function outcomeDateOf(account: Account): string | null {
  return isoOrNull(account.overview.outcomeDate);
}

/** Our quoted value in 万元, or null when blank or not a number (`300万元` is a problem, not a number). */
export function ourQuoteOf(account: Account): number | null {
  const q = account.overview.ourQuote;
  return typeof q === 'number' && Number.isFinite(q) ? q : null;
}

/** `overdue-decision`: the deal is open and its expected decision date is before the as-of date (ISO). */
export function isDecisionOverdue(account: Account, asOf: string): boolean {
  const due = isoDayNumber(decisionDateOf(account));
  const day = isoDayNumber(asOf);
  return outcomeOf(account) === 'open' && due !== null && day !== null && due < day;
}

/** The outcome's reason as typed ('' when blank): free text, for the account's own pages only. */
export function outcomeReasonOf(account: Account): string {
  return text(account.overview.outcomeReason);
}
