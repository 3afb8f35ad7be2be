import type { Store } from './changes';

/**
 * What belongs to one summary between runs, keyed by the summary's file id,
 * so that two summaries (two managers, two teams) never share any of it:
 *
 * - its changes-feed token, refresh cursor and the trigger minutes used: in
 *   the *user* properties of whoever runs the refresh — the feed is that
 *   user's, the hourly trigger runs as the manager who installed it, and the
 *   trigger-runtime quota is per user. Kept out of the spreadsheet on
 *   purpose: writing to the summary is a change the next changes scan would
 *   report, so a quiet hour could never cost a single call.
 * - its lock: a lease (an expiry time) in the script properties, set and
 *   cleared under the script lock held for milliseconds only, so refreshes of
 *   different summaries never wait for each other.
 * - which summary a time-driven trigger refreshes (an add-on's trigger has no
 *   active spreadsheet): user property keyed by the trigger's unique id.
 */

const LEASE = 'KA_SUMMARY_LEASE';
const TRIGGER = 'KA_TRIGGER_SUMMARY';
/** A lease outlives the longest run (6 minutes), so a run that died frees its summary soon after. */
export const LEASE_MS = 7 * 60_000;

/** The user's state of one summary. */
export function summaryStore(summaryId: string): Store {
  const props = PropertiesService.getUserProperties();
  const k = (key: string) => `${key}:${summaryId}`;
  return {
    getProperty: (key) => props.getProperty(k(key)),
    setProperty: (key, value) => props.setProperty(k(key), value),
    deleteProperty: (key) => props.deleteProperty(k(key)),
  };
}

/** Takes the summary's lease unless another run holds it; false when it does (or the script lock is busy). */
export function takeLease(summaryId: string, now: number, waitMs: number): boolean {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(waitMs)) return false;
  try {
    const props = PropertiesService.getScriptProperties();
    if ((Number(props.getProperty(`${LEASE}:${summaryId}`)) || 0) > now) return false;
    props.setProperty(`${LEASE}:${summaryId}`, String(now + LEASE_MS));
    return true;
  } finally {
    lock.releaseLock();
  }
}

export function releaseLease(summaryId: string): void {
  PropertiesService.getScriptProperties().deleteProperty(`${LEASE}:${summaryId}`);
}

/** Records which summary a trigger refreshes. */
export function bindTrigger(triggerUid: string, summaryId: string): void {
  PropertiesService.getUserProperties().setProperty(`${TRIGGER}:${triggerUid}`, summaryId);
}

export function boundSummary(triggerUid: string | undefined): string | null {
  return triggerUid ? PropertiesService.getUserProperties().getProperty(`${TRIGGER}:${triggerUid}`) : null;
}

export function unbindTrigger(triggerUid: string): void {
  PropertiesService.getUserProperties().deleteProperty(`${TRIGGER}:${triggerUid}`);
}

/** Trigger runtime used today (per user, as Google's quota counts it), with this run's added. */
export function addTriggerMs(day: string, ms: number): number {
  const props = PropertiesService.getUserProperties();
  let used = { day, ms: 0 };
  try {
    const saved = JSON.parse(props.getProperty('KA_TRIGGER_MS') ?? '{}') as { day?: string; ms?: number };
    if (saved.day === day && typeof saved.ms === 'number') used = { day, ms: saved.ms };
  } catch {
    // unreadable: start the day again
  }
  used.ms += ms;
  props.setProperty('KA_TRIGGER_MS', JSON.stringify(used));
  return used.ms;
}
