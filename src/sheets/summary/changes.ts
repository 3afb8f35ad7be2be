/**
 * "What changed since the last refresh", in one cheap query: the Drive
 * changes feed (advanced Drive service, v3, scope drive.metadata.readonly).
 *
 * Why the changes feed and not the alternatives:
 * - A per-workbook marker (an onEdit trigger stamping a time into the
 *   workbook) costs an openById per registered workbook just to look at the
 *   stamp: 1,000 workbooks ≈ 1,000 × 0.5–2 s, the very cost to avoid.
 * - DriveApp.getFileById(id).getLastUpdated() is one call per workbook too.
 * - A Drive search `modifiedTime > t` is one call per 1,000 results, but Drive
 *   metadata can lag edits by minutes (so it needs an overlap window that
 *   re-reads recent files) and it never shows a file that was deleted,
 *   trashed or unshared: those rows would stay stale until a full rebuild.
 * - The changes feed is one call per page of up to 1,000 changes to any file
 *   the user can see; its page token is an exact cursor (no overlap window,
 *   a late change is simply reported in a later scan) and never expires; and
 *   it reports removals (deleted, access lost) and trashing, which the
 *   summary lists on its unreadable tab without even opening the file.
 *
 * The feed belongs to the user who runs the refresh (the hourly trigger runs
 * as the manager who installed it). The saved token remembers whose it is; a
 * refresh run by someone else rebuilds everything instead of trusting another
 * user's cursor.
 */

export const CHANGES_PROPERTY = 'KA_SUMMARY_CHANGES';

/** Pages (of up to 1,000 changes) read before giving up and rebuilding everything. */
export const MAX_CHANGE_PAGES = 20;

export type ChangeKind = 'changed' | 'removed' | 'trashed';

export interface ChangeScan {
  /** Files changed since the token, with the latest kind of change of each. */
  touched: Map<string, ChangeKind>;
  /** When each changed file was last modified (Drive's `modifiedTime`, RFC 3339), where the feed says. */
  modified: Map<string, string>;
  /** The token to save once everything up to now has been read. */
  newToken: string;
  /** Drive calls made. */
  calls: number;
}

export interface SavedToken {
  token: string;
  /** Session.getTemporaryActiveUserKey() of the user whose feed it is. */
  user: string;
}

export function driveChangesAvailable(): boolean {
  return typeof Drive !== 'undefined' && !!Drive && !!Drive.Changes;
}

function drive(): GoogleAppsScript.Drive {
  if (!driveChangesAvailable()) throw new Error('the Drive advanced service (v3) is not enabled');
  return Drive as GoogleAppsScript.Drive;
}

/** The current user's key ('' when Session is unavailable). */
export function currentUserKey(): string {
  try {
    return typeof Session !== 'undefined' ? Session.getTemporaryActiveUserKey() : '';
  } catch {
    return '';
  }
}

/** A token marking "now" in the current user's feed: one Drive call. */
export function startToken(): string {
  const t = drive().Changes.getStartPageToken({ supportsAllDrives: true }).startPageToken;
  if (!t) throw new Error('Drive returned no start page token');
  return t;
}

/**
 * Every change since `token`. Returns null when the feed is longer than
 * MAX_CHANGE_PAGES pages (a full rebuild is then cheaper than reading it).
 */
export function scanChanges(token: string, maxPages = MAX_CHANGE_PAGES): ChangeScan | null {
  const touched = new Map<string, ChangeKind>();
  const modified = new Map<string, string>();
  let pageToken: string | undefined = token;
  let calls = 0;
  while (pageToken) {
    if (calls >= maxPages) return null;
    const page: GoogleAppsScript.Drive_v3.Drive.V3.Schema.ChangeList = drive().Changes.list(pageToken, {
      pageSize: 1000,
      includeRemoved: true,
      includeItemsFromAllDrives: true,
      supportsAllDrives: true,
      fields: 'nextPageToken,newStartPageToken,changes(fileId,removed,file(trashed,modifiedTime))',
    });
    calls++;
    for (const c of page.changes ?? []) {
      if (!c.fileId) continue;
      touched.set(c.fileId, c.removed ? 'removed' : c.file?.trashed ? 'trashed' : 'changed');
      if (c.file?.modifiedTime) modified.set(c.fileId, c.file.modifiedTime);
    }
    if (page.newStartPageToken) return { touched, modified, newToken: page.newStartPageToken, calls };
    pageToken = page.nextPageToken;
  }
  throw new Error('Drive returned a changes page with neither a next page nor a new start token');
}

/**
 * When each of `ids` was last modified (Drive's `modifiedTime`), for a full
 * rebuild, where the changes feed has nothing to say: the user's spreadsheets
 * listed newest first, one call per 1,000 of them (never one per file), until
 * every id is found or MAX_CHANGE_PAGES pages are read.
 */
export function modifiedTimes(ids: Set<string>): { modified: Map<string, string>; calls: number } {
  const modified = new Map<string, string>();
  let pageToken: string | undefined;
  let calls = 0;
  do {
    const page: GoogleAppsScript.Drive_v3.Drive.V3.Schema.FileList = drive().Files.list({
      q: "mimeType='application/vnd.google-apps.spreadsheet' and trashed=false",
      orderBy: 'modifiedTime desc',
      pageSize: 1000,
      pageToken,
      includeItemsFromAllDrives: true,
      supportsAllDrives: true,
      fields: 'nextPageToken,files(id,modifiedTime)',
    });
    calls++;
    for (const f of page.files ?? []) if (f.id && f.modifiedTime && ids.has(f.id)) modified.set(f.id, f.modifiedTime);
    pageToken = page.nextPageToken;
  } while (pageToken && modified.size < ids.size && calls < MAX_CHANGE_PAGES);
  return { modified, calls };
}

/** Where a summary keeps its state between runs (summary/state.ts). */
export type Store = Pick<GoogleAppsScript.Properties.Properties, 'getProperty' | 'setProperty' | 'deleteProperty'>;

export function loadToken(props: Store): SavedToken | null {
  const s = props.getProperty(CHANGES_PROPERTY);
  if (!s) return null;
  try {
    const t = JSON.parse(s) as Partial<SavedToken>;
    return typeof t.token === 'string' && t.token ? { token: t.token, user: typeof t.user === 'string' ? t.user : '' } : null;
  } catch {
    return null;
  }
}

export function saveToken(props: Store, t: SavedToken): void {
  props.setProperty(CHANGES_PROPERTY, JSON.stringify(t));
}
