import { bindTrigger, boundSummary, unbindTrigger } from './state';

/**
 * The summary's time-driven triggers: the hourly refresh a manager installs
 * from the menu, and the one-off continuation a refresh schedules when it
 * runs out of time. The handler names are the top-level functions that
 * src/gas-entry.ts exposes (see entry-points.ts). Each trigger is bound to
 * the summary it refreshes (state.ts), so one user's triggers for two
 * summaries (or an add-on's, which have no active spreadsheet) stay apart.
 */

export const TIMER_HANDLER = 'kaSummaryRefreshOnTimer';
export const CONTINUATION_HANDLER = 'kaSummaryContinue';

type Trigger = GoogleAppsScript.Script.Trigger;

/** The user's triggers of this project calling `handler` for the summary (unbound ones count: a bound script has one summary). */
function summaryTriggers(handler: string, summaryId: string): Trigger[] {
  return ScriptApp.getProjectTriggers().filter((t) => {
    if (t.getHandlerFunction() !== handler) return false;
    const bound = boundSummary(t.getUniqueId());
    return bound === null || bound === summaryId;
  });
}

/** Deletes the summary's triggers that call `handler` (for this user); returns how many. */
export function deleteTriggers(handler: string, summaryId: string): number {
  const found = summaryTriggers(handler, summaryId);
  for (const t of found) {
    unbindTrigger(t.getUniqueId());
    ScriptApp.deleteTrigger(t);
  }
  return found.length;
}

/**
 * Schedules the continuation of a refresh in `delayMs`. One-off triggers stay
 * listed after they fire (and count toward the 20 triggers a user may have
 * per script), so an older continuation is deleted first. Throws when the
 * trigger cannot be created (the caller logs it; the saved cursor lets the
 * next refresh resume).
 */
export function scheduleContinuation(summaryId: string, delayMs: number): void {
  deleteTriggers(CONTINUATION_HANDLER, summaryId);
  bindTrigger(ScriptApp.newTrigger(CONTINUATION_HANDLER).timeBased().after(delayMs).create().getUniqueId(), summaryId);
}

/** Installs the summary's hourly refresh unless it is there already; true when installed now. */
export function installHourlyRefresh(summaryId: string): boolean {
  if (summaryTriggers(TIMER_HANDLER, summaryId).length) return false;
  bindTrigger(ScriptApp.newTrigger(TIMER_HANDLER).timeBased().everyHours(1).create().getUniqueId(), summaryId);
  return true;
}

/** Removes the summary's hourly refresh and any pending continuation; returns how many triggers were deleted. */
export function removeHourlyRefresh(summaryId: string): number {
  return deleteTriggers(TIMER_HANDLER, summaryId) + deleteTriggers(CONTINUATION_HANDLER, summaryId);
}
