/**
 * The summary's time-driven triggers: the hourly refresh a manager installs
 * from the menu, and the one-off continuation a refresh schedules when it
 * runs out of time. The handler names are the top-level functions that
 * src/gas-entry.ts exposes (see entry-points.ts).
 */

export const TIMER_HANDLER = 'kaSummaryRefreshOnTimer';
export const CONTINUATION_HANDLER = 'kaSummaryContinue';

/** Deletes the project's triggers that call `handler` (for this user); returns how many. */
export function deleteTriggers(handler: string): number {
  let n = 0;
  for (const t of ScriptApp.getProjectTriggers()) {
    if (t.getHandlerFunction() === handler) {
      ScriptApp.deleteTrigger(t);
      n++;
    }
  }
  return n;
}

/**
 * Schedules the continuation of a refresh in `delayMs`. One-off triggers stay
 * listed after they fire (and count toward the 20 triggers a user may have
 * per script), so an older continuation is deleted first. Throws when the
 * trigger cannot be created (the caller logs it; the saved cursor lets the
 * next refresh resume).
 */
export function scheduleContinuation(delayMs: number): void {
  deleteTriggers(CONTINUATION_HANDLER);
  ScriptApp.newTrigger(CONTINUATION_HANDLER).timeBased().after(delayMs).create();
}

/** Installs the hourly refresh unless it is there already; true when installed now. */
export function installHourlyRefresh(): boolean {
  if (ScriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === TIMER_HANDLER)) return false;
  ScriptApp.newTrigger(TIMER_HANDLER).timeBased().everyHours(1).create();
  return true;
}

/** Removes the hourly refresh and any pending continuation; returns how many triggers were deleted. */
export function removeHourlyRefresh(): number {
  return deleteTriggers(TIMER_HANDLER) + deleteTriggers(CONTINUATION_HANDLER);
}
