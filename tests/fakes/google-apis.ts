/**
 * Fakes of two Apps Script advanced services, over the spreadsheets of a
 * FakeGas (test code only, no product logic):
 *
 * - `Drive` (Drive API v3): `Changes.getStartPageToken` and `Changes.list`.
 *   Drive keeps a change log; a spreadsheet's content, name, trashing,
 *   deletion or loss of access becomes one entry when the feed is next
 *   queried (like Drive, which records a change per modified file; its lag is
 *   not modelled). Page tokens are positions in the log; they never expire.
 *   Removed files (deleted, access lost) come with `removed: true` and no
 *   `file`; trashed ones with `file.trashed: true`. A change's `file` is the
 *   file as it is now, with only the fields asked for (`fields`), as Drive
 *   returns partial resources: `modifiedTime` (RFC 3339, when its cells were
 *   last written) only when the fields name it.
 * - `Sheets.Spreadsheets.Values.batchUpdate(request, spreadsheetId)`: every
 *   range's values written as typed (`USER_ENTERED`: a leading `'` keeps
 *   text), top-left anchored; a range beyond the sheet's grid fails the whole
 *   request (the API's "exceeds grid limits"), nothing written.
 * - `Sheets` (Sheets API v4): `Spreadsheets.get(id, {includeGridData})`
 *   returning every sheet's cells as `effectiveValue`s (dates as serial
 *   numbers, as the API renders them, with `effectiveFormat.numberFormat.type`
 *   DATE), and the API's errors for a missing
 *   file (404) or one the user cannot open (403).
 *
 * Every call is counted by the FakeGas like its own services
 * (`calls['Sheets.Spreadsheets.get']`), and runs its hooks first, so a test
 * can delete a file in the middle of a refresh.
 */
import { parseA1, splitSheet } from './a1-notation';
import { type FakeGas, GasException, type SheetModel, type SpreadsheetModel, formatDate } from './spreadsheet-app';

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** What Drive sees of a file: its content and state, as one string. */
function fingerprint(fake: FakeGas, m: SpreadsheetModel): string {
  if (m.deleted || m.noAccess) return 'removed';
  const parts: string[] = [m.name, m.trashed ? 'trashed' : ''];
  for (const s of m.sheets) {
    parts.push(`#${s.name}`);
    for (const [r, row] of s.cells) {
      for (const [c, cell] of row) {
        if (cell.v === null && cell.f === undefined) continue;
        parts.push(`${r},${c}=${cell.f ?? (isDate(cell.v) ? `d${cell.v.getTime()}` : typeof cell.v + String(cell.v))}`);
      }
    }
  }
  void fake;
  return parts.join('\u0001');
}

/**
 * A partial response: the top-level fields a Drive `fields` mask names ("owners(emailAddress)", "user",
 * "id,name"); a sub-selection keeps the named fields of each nested object. Enough for the masks the bundle sends.
 */
function partial(resource: Record<string, unknown>, fields: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [, name, sub] of fields.matchAll(/([A-Za-z]+)(?:\(([^()]*)\))?/g)) {
    if (!(name in resource)) continue;
    const v = resource[name];
    const pick = (o: unknown) => (sub && o && typeof o === 'object' ? partial(o as Record<string, unknown>, sub) : o);
    out[name] = Array.isArray(v) ? v.map(pick) : pick(v);
  }
  return out;
}

interface LogEntry {
  fileId: string;
  removed: boolean;
  trashed: boolean;
}

export class FakeDrive {
  readonly log: LogEntry[] = [];
  private seen = new Map<string, string>();
  /** Test switch: the next calls to Changes.list throw this. */
  failList: Error | null = null;

  constructor(private readonly fake: FakeGas) {
    this.sync();
  }

  /** Records a change for every file that differs from when Drive last looked. */
  sync(): void {
    for (const [id, m] of this.fake.spreadsheets) {
      const fp = fingerprint(this.fake, m);
      if (this.seen.get(id) !== fp) {
        if (this.seen.has(id) || fp !== 'removed')
          this.log.push({ fileId: id, removed: fp === 'removed', trashed: m.trashed && fp !== 'removed' });
        this.seen.set(id, fp);
      }
    }
  }

  /** The service as the script sees it. */
  service(): unknown {
    const fake = this.fake;
    const drive = this;
    const hit = (k: string) => fake.hit(k);
    return {
      Files: {
        /** The file with only the fields asked for (without `fields`: Drive's default kind, id, name, mimeType). */
        get(fileId: string, opts: Record<string, unknown> = {}) {
          hit('Drive.Files.get');
          const m = fake.spreadsheets.get(String(fileId));
          if (!m || m.deleted || m.noAccess)
            throw new GasException(`API call to drive.files.get failed with error: File not found: ${fileId}.`);
          const file = {
            kind: 'drive#file',
            id: m.id,
            name: m.name,
            mimeType: 'application/vnd.google-apps.spreadsheet',
            trashed: m.trashed,
            owners: [{ emailAddress: m.owner }],
          };
          return partial(file, opts.fields === undefined ? 'kind,id,name,mimeType' : String(opts.fields));
        },
        /**
         * Files.list of the user's spreadsheets (every file of the fake is one): the query the summary sends
         * (mimeType, optionally trashed=false; anything else throws), ordered by modifiedTime desc or not at all, in
         * pages of pageSize (at most 1,000); removed files (deleted, access lost) are not listed. Each file has only
         * the fields asked for.
         */
        list(opts: Record<string, unknown> = {}) {
          hit('Drive.Files.list');
          const q = String(opts.q ?? '');
          const m = /^mimeType\s*=\s*'application\/vnd\.google-apps\.spreadsheet'(\s+and\s+trashed\s*=\s*false)?$/.exec(q);
          if (!m) throw new Error(`fake: Drive.Files.list supports only the spreadsheet query, not ${q}`);
          if (opts.orderBy !== undefined && opts.orderBy !== 'modifiedTime desc') throw new Error(`fake: orderBy ${String(opts.orderBy)}`);
          const all = [...fake.spreadsheets.values()].filter((f) => !f.deleted && !f.noAccess && !(m[1] && f.trashed));
          if (opts.orderBy) all.sort((a, b) => b.modifiedAt - a.modifiedAt);
          const start = Number(opts.pageToken ?? 0);
          const size = Math.min(1000, Number(opts.pageSize ?? 100));
          const fields = String(opts.fields ?? 'files(id,name)');
          const files = all.slice(start, start + size).map((f) => ({
            id: f.id,
            ...(/files\([^)]*name/.test(fields) ? { name: f.name } : {}),
            ...(/files\([^)]*modifiedTime/.test(fields) ? { modifiedTime: new Date(f.modifiedAt).toISOString() } : {}),
          }));
          return start + size < all.length ? { files, nextPageToken: String(start + size) } : { files };
        },
      },
      About: {
        /** about.get: "Required: The fields parameter must be set" (the about resource has no default fields). */
        get(opts: Record<string, unknown> = {}) {
          hit('Drive.About.get');
          if (!opts.fields)
            throw new GasException("API call to drive.about.get failed with error: The 'fields' parameter is required for this method.");
          return partial({ kind: 'drive#about', user: { emailAddress: fake.effectiveUser ?? fake.options.user } }, String(opts.fields));
        },
      },
      Changes: {
        getStartPageToken(_opts?: Record<string, unknown>) {
          hit('Drive.Changes.getStartPageToken');
          drive.sync();
          return { startPageToken: String(drive.log.length + 1) };
        },
        list(pageToken: string, opts: Record<string, unknown> = {}) {
          hit('Drive.Changes.list');
          if (drive.failList) throw drive.failList;
          drive.sync();
          const start = Number(pageToken);
          if (!Number.isInteger(start) || start < 1)
            throw new GasException('API call to drive.changes.list failed with error: Invalid Value');
          const size = Math.min(1000, Number(opts.pageSize ?? 100));
          const slice = drive.log.slice(start - 1, start - 1 + size);
          const modified = /modifiedTime/.test(String(opts.fields ?? ''));
          const fileOf = (e: LogEntry) => {
            const m = fake.spreadsheets.get(e.fileId);
            return modified && m ? { trashed: e.trashed, modifiedTime: new Date(m.modifiedAt).toISOString() } : { trashed: e.trashed };
          };
          const changes = slice.map((e) =>
            e.removed
              ? { fileId: e.fileId, removed: true, changeType: 'file' }
              : { fileId: e.fileId, removed: false, changeType: 'file', file: fileOf(e) },
          );
          const next = start + slice.length;
          return next <= drive.log.length ? { changes, nextPageToken: String(next) } : { changes, newStartPageToken: String(next) };
        },
      },
    };
  }
}

/** The API's values of a sheet: a 2-D block from A1 to the last cell with content. */
function gridData(fake: FakeGas, s: SheetModel): GoogleAppsScript.Sheets.Schema.GridData {
  const rowData: GoogleAppsScript.Sheets.Schema.RowData[] = [];
  const lastRow = s.lastRow();
  const lastCol = s.lastCol();
  for (let r = 1; r <= lastRow; r++) {
    const values: GoogleAppsScript.Sheets.Schema.CellData[] = [];
    for (let c = 1; c <= lastCol; c++) {
      const v = fake.readValue(s, r, c);
      if (v === '' || v === null || v === undefined) values.push({});
      else if (typeof v === 'number') values.push({ effectiveValue: { numberValue: v } });
      else if (typeof v === 'boolean') values.push({ effectiveValue: { boolValue: v } });
      else if (isDate(v)) {
        const [y, mo, d, hh, mm, ss] = formatDate(v, s.book.timeZone, 'yyyy-MM-dd-HH-mm-ss').split('-').map(Number);
        values.push({
          effectiveValue: { numberValue: Date.UTC(y, mo - 1, d, hh, mm, ss) / 86_400_000 + 25569 },
          effectiveFormat: { numberFormat: { type: 'DATE' } },
        });
      } else if (typeof v === 'string' && /^#[A-Z/0!?]+[!?]?$/.test(v) && s.cell(r, c)?.f !== undefined) {
        values.push({ effectiveValue: { errorValue: { type: v.replace(/[#!?]/g, '') || 'ERROR', message: v } } });
      } else values.push({ effectiveValue: { stringValue: String(v) } });
    }
    while (values.length && Object.keys(values[values.length - 1]).length === 0) values.pop();
    rowData.push(values.length ? { values } : {});
  }
  return { startRow: 0, startColumn: 0, rowData };
}

export class FakeSheetsApi {
  /** Test switch: throws this for the next get of an id (once), e.g. a quota error. */
  readonly failOnce = new Map<string, Error>();
  /** Every range a `values.batchUpdate` wrote, in order (A1 with the tab's name): what a test counts as ranges written. */
  readonly rangesWritten: string[] = [];

  constructor(private readonly fake: FakeGas) {}

  service(): unknown {
    const fake = this.fake;
    const api = this;
    return {
      Spreadsheets: {
        get(spreadsheetId: string, opts: Record<string, unknown> = {}) {
          fake.hit('Sheets.Spreadsheets.get');
          const id = String(spreadsheetId);
          const planted = api.failOnce.get(id);
          if (planted) {
            api.failOnce.delete(id);
            throw planted;
          }
          const m = fake.spreadsheets.get(id);
          if (!m || m.deleted)
            throw new GasException('API call to sheets.spreadsheets.get failed with error: Requested entity was not found.');
          if (m.noAccess)
            throw new GasException('API call to sheets.spreadsheets.get failed with error: The caller does not have permission');
          return {
            spreadsheetId: id,
            properties: { title: m.name, locale: m.locale, timeZone: m.timeZone },
            sheets: m.sheets.map((s, index) => ({
              properties: { sheetId: s.id, title: s.name, index, hidden: s.hidden },
              // "By default, data within grids is not returned": it is when the field mask names it, or (without a
              // mask: "If a field mask is set, the includeGridData parameter is ignored") with includeGridData.
              ...((opts.fields === undefined ? opts.includeGridData : /\bdata\b/.test(String(opts.fields)))
                ? { data: [gridData(fake, s)] }
                : {}),
            })),
            // NamedRange: its GridRange as it is now (Sheets moves named ranges with inserted and deleted rows and columns).
            namedRanges: [...m.namedRanges].map(([name, r]) => ({
              namedRangeId: name,
              name,
              range: {
                sheetId: r.sheet.id,
                startRowIndex: r.rect.row - 1,
                endRowIndex: r.rect.row - 1 + r.rect.numRows,
                startColumnIndex: r.rect.col - 1,
                endColumnIndex: r.rect.col - 1 + r.rect.numCols,
              },
            })),
          };
        },
        Values: {
          batchUpdate(request: { valueInputOption?: string; data?: Array<{ range: string; values: unknown[][] }> }, spreadsheetId: string) {
            fake.hit('Sheets.Spreadsheets.Values.batchUpdate');
            const fail = (m: string) => {
              throw new GasException(`API call to sheets.spreadsheets.values.batchUpdate failed with error: ${m}`);
            };
            const m = fake.spreadsheets.get(String(spreadsheetId));
            if (!m || m.deleted) fail('Requested entity was not found.');
            if (request.valueInputOption !== 'USER_ENTERED' && request.valueInputOption !== 'RAW') fail("'valueInputOption' is required");
            // Checked first: the request is applied whole or not at all.
            const writes = (request.data ?? []).map((d) => {
              const { sheet, range } = splitSheet(d.range);
              const s = (m as SpreadsheetModel).sheetByName(sheet ?? '');
              const r = s && parseA1(range, s.maxRows, s.maxCols);
              if (!s || !r) return fail(`Unable to parse range: ${d.range}`);
              const rows = d.values.length;
              const cols = Math.max(1, ...d.values.map((x) => x.length));
              if (r.row + rows - 1 > s.maxRows || r.col + cols - 1 > s.maxCols)
                fail(`Range (${d.range}) exceeds grid limits. Max rows: ${s.maxRows}, max columns: ${s.maxCols}`);
              return { s, r, d, rows, cols };
            });
            for (const { s, r, d, rows, cols } of writes) {
              api.rangesWritten.push(d.range);
              d.values.forEach((row, i) =>
                row.forEach((v, j) => {
                  // ValueRange.values: "Null values will be skipped" (the cell keeps what it held); '' empties a cell.
                  if (v === null || v === undefined) return;
                  if (request.valueInputOption === 'RAW')
                    Object.assign(s.ensure(r.row + i, r.col + j), { v: v === '' ? null : v, f: undefined });
                  else fake.writeParsed(s, r.row + i, r.col + j, v as string | number | boolean);
                }),
              );
              fake.syncHf(s, { row: r.row, col: r.col, numRows: rows, numCols: cols });
            }
            return { spreadsheetId, totalUpdatedSheets: new Set(writes.map((w) => w.s)).size };
          },
        },
      },
    };
  }
}

/** Installs the Drive and Sheets advanced services of a FakeGas on `target` (globalThis by default). */
export function installGoogleApis(
  fake: FakeGas,
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): { drive: FakeDrive; sheets: FakeSheetsApi } {
  const drive = new FakeDrive(fake);
  const sheets = new FakeSheetsApi(fake);
  target.Drive = drive.service();
  target.Sheets = sheets.service();
  return { drive, sheets };
}

/** Removes the advanced services (as when they are not enabled in appsscript.json). */
export function uninstallGoogleApis(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  delete target.Drive;
  delete target.Sheets;
}
