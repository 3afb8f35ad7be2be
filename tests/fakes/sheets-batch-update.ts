/**
 * `Sheets.Spreadsheets.batchUpdate` of the Sheets advanced service (API v4),
 * over the spreadsheets of a FakeGas: the requests the account-workbook
 * renderer sends (addSheet, deleteSheet, updateSheetProperties,
 * updateDimensionProperties, mergeCells, addProtectedRange, addNamedRange,
 * addConditionalFormatRule). Test code only.
 *
 * Like the API, the batch is atomic: every request is checked before any is
 * applied, and an unknown request or a bad sheet id fails the whole batch
 * with the API's error shape. One counted call: `Sheets.Spreadsheets.batchUpdate`.
 * It adds `batchUpdate` to an existing `Sheets.Spreadsheets` (e.g. the one
 * tests/fakes/google-apis.ts installs) or creates the service.
 */
import {
  CONDITION_TYPES,
  type FakeGas,
  GasException,
  type ProtectionModel,
  type SheetModel,
  type SpreadsheetModel,
} from './spreadsheet-app';

type Req = Record<string, any>;

interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

function fail(message: string): never {
  throw new GasException(`API call to sheets.spreadsheets.batchUpdate failed with error: ${message}`);
}

const KNOWN = [
  'addSheet',
  'deleteSheet',
  'updateSheetProperties',
  'updateDimensionProperties',
  'mergeCells',
  'addProtectedRange',
  'addNamedRange',
  'addConditionalFormatRule',
];

/** A Sheets API colour ({red, green, blue} in 0–1, a missing part 0) as #rrggbb. */
function hexOf(c: { red?: number; green?: number; blue?: number } | undefined): string | null {
  if (!c) return null;
  const h = (x?: number) =>
    Math.round((x ?? 0) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(c.red)}${h(c.green)}${h(c.blue)}`;
}

function applyBatch(fake: FakeGas, m: SpreadsheetModel, requests: Req[]): Req[] {
  // Check first: the API applies all requests or none.
  const ids = new Set(m.sheets.map((s) => s.id));
  const names = new Set(m.sheets.map((s) => s.name));
  requests.forEach((r, i) => {
    const kinds = Object.keys(r);
    if (kinds.length !== 1 || !KNOWN.includes(kinds[0]))
      fail(`Invalid requests[${i}]: the fake supports ${KNOWN.join(', ')}, not ${kinds.join(', ')}`);
    const body = r[kinds[0]];
    if (kinds[0] === 'addSheet') {
      const p = body.properties ?? {};
      if (p.sheetId !== undefined && ids.has(p.sheetId))
        fail(`Invalid requests[${i}].addSheet: A sheet with the id ${p.sheetId} already exists.`);
      if (names.has(p.title))
        fail(`Invalid requests[${i}].addSheet: A sheet with the name "${p.title}" already exists. Please enter another name.`);
      ids.add(p.sheetId);
      names.add(p.title);
    } else if (kinds[0] === 'deleteSheet') {
      if (!ids.has(body.sheetId)) fail(`Invalid requests[${i}].deleteSheet: No grid with id: ${body.sheetId}`);
      ids.delete(body.sheetId);
    } else {
      if (kinds[0] === 'addNamedRange') {
        // As Sheets: a name is letters, digits, underscores (not a cell reference), unique in the spreadsheet.
        const name = body.namedRange?.name;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name))
          fail(`Invalid requests[${i}].addNamedRange: Invalid name: ${name}`);
        if (m.namedRanges.has(name) || names.has(`name:${name}`))
          fail(`Invalid requests[${i}].addNamedRange: A named range with the name ${name} already exists.`);
        names.add(`name:${name}`);
      }
      if (kinds[0] === 'addConditionalFormatRule') {
        // As the API: the ranges on one grid; a boolean rule's condition of a known type; a custom formula is one value.
        const ranges: GridRange[] = body.rule?.ranges ?? [];
        const cond = body.rule?.booleanRule?.condition;
        if (!ranges.length || ranges.some((r) => r.sheetId !== ranges[0].sheetId))
          fail(`Invalid requests[${i}].addConditionalFormatRule: All ranges must be on the same grid.`);
        if (!cond || !CONDITION_TYPES.includes(cond.type))
          fail(`Invalid requests[${i}].addConditionalFormatRule: the fake supports boolean rules of ${CONDITION_TYPES.join(', ')}`);
        const values = (cond.values ?? []).map((v: { userEnteredValue?: string }) => v.userEnteredValue);
        if (cond.type === 'CUSTOM_FORMULA' && (values.length !== 1 || !String(values[0]).startsWith('=')))
          fail(`Invalid requests[${i}].addConditionalFormatRule: CUSTOM_FORMULA takes one value, a formula.`);
      }
      const sheetId =
        body.range?.sheetId ??
        body.properties?.sheetId ??
        body.protectedRange?.range?.sheetId ??
        body.namedRange?.range?.sheetId ??
        body.rule?.ranges?.[0]?.sheetId;
      if (!ids.has(sheetId)) fail(`Invalid requests[${i}].${kinds[0]}: No grid with id: ${sheetId}`);
    }
  });
  const sheet = (id: number): SheetModel => m.sheets.find((s) => s.id === id) as SheetModel;
  const rect = (r: GridRange, s: SheetModel) => {
    const row = (r.startRowIndex ?? 0) + 1;
    const col = (r.startColumnIndex ?? 0) + 1;
    return { row, col, numRows: (r.endRowIndex ?? s.maxRows) - row + 1, numCols: (r.endColumnIndex ?? s.maxCols) - col + 1 };
  };
  const replies: Req[] = [];
  for (const r of requests) {
    const [kind, body] = Object.entries(r)[0] as [string, Req];
    switch (kind) {
      case 'addSheet': {
        const p = body.properties ?? {};
        const s = m.addSheet(p.title, p.index ?? m.sheets.length, p.sheetId);
        const g = p.gridProperties ?? {};
        if (g.rowCount) s.maxRows = g.rowCount;
        if (g.columnCount) s.maxCols = g.columnCount;
        if (g.frozenRowCount) s.frozenRows = g.frozenRowCount;
        s.hidden = !!p.hidden;
        replies.push({ addSheet: { properties: { ...p, sheetId: s.id, index: m.sheets.indexOf(s) } } });
        break;
      }
      case 'deleteSheet': {
        const s = sheet(body.sheetId);
        if (m.sheets.filter((x) => x !== s && !x.hidden).length === 0) fail("You can't remove all the sheets in a document.");
        m.sheets.splice(m.sheets.indexOf(s), 1);
        fake.withHf(() => m.hf.removeSheet(m.hf.getSheetId(s.name) as number));
        m.protections = m.protections.filter((p) => p.sheet !== s);
        if (m.activeSheet === s) m.activeSheet = m.sheets[0];
        replies.push({});
        break;
      }
      case 'updateSheetProperties': {
        const s = sheet(body.properties.sheetId);
        const fields = String(body.fields ?? '').split(',');
        const p = body.properties;
        if (fields.includes('hidden')) s.hidden = !!p.hidden;
        if (fields.includes('gridProperties.frozenRowCount')) s.frozenRows = p.gridProperties?.frozenRowCount ?? 0;
        replies.push({});
        break;
      }
      case 'updateDimensionProperties': {
        const s = sheet(body.range.sheetId);
        if (body.range.dimension !== 'COLUMNS' || body.fields !== 'pixelSize') fail('the fake supports column pixelSize only');
        for (let c = body.range.startIndex; c < body.range.endIndex; c++) s.widths.set(c + 1, body.properties.pixelSize);
        replies.push({});
        break;
      }
      case 'mergeCells': {
        const s = sheet(body.range.sheetId);
        const x = rect(body.range, s);
        if (body.mergeType === 'MERGE_ROWS')
          for (let k = 0; k < x.numRows; k++) s.merges.push({ row: x.row + k, col: x.col, numRows: 1, numCols: x.numCols });
        else if (body.mergeType === 'MERGE_ALL') s.merges.push(x);
        else fail(`mergeType ${body.mergeType} is not in the fake`);
        replies.push({});
        break;
      }
      case 'addNamedRange': {
        const nr = body.namedRange;
        const s = sheet(nr.range.sheetId);
        m.namedRanges.set(nr.name, { sheet: s, rect: rect(nr.range, s) });
        replies.push({ addNamedRange: { namedRange: { ...nr, namedRangeId: `nr-${m.namedRanges.size}` } } });
        break;
      }
      case 'addConditionalFormatRule': {
        const s = sheet(body.rule.ranges[0].sheetId);
        const cond = body.rule.booleanRule.condition;
        const rule = {
          ranges: body.rule.ranges.map((g: GridRange) => rect(g, s)),
          type: cond.type,
          values: (cond.values ?? []).map((v: { userEnteredValue?: string }) => String(v.userEnteredValue)),
          background: hexOf(body.rule.booleanRule.format?.backgroundColor),
        };
        s.conditionalFormats.splice(body.index ?? s.conditionalFormats.length, 0, rule);
        replies.push({});
        break;
      }
      case 'addProtectedRange': {
        const pr = body.protectedRange;
        const s = sheet(pr.range.sheetId);
        const whole = ['startRowIndex', 'endRowIndex', 'startColumnIndex', 'endColumnIndex'].every((k) => pr.range[k] === undefined);
        const p: ProtectionModel = {
          type: whole ? 'SHEET' : 'RANGE',
          sheet: s,
          rect: whole ? undefined : rect(pr.range, s),
          description: pr.description ?? '',
          warningOnly: !!pr.warningOnly,
          editors: new Set([fake.options.user]),
          domainEdit: false,
          unprotected: (pr.unprotectedRanges ?? []).map((u: GridRange) => ({
            sheet: sheet(u.sheetId as number),
            rect: rect(u, sheet(u.sheetId as number)),
          })),
          removed: false,
        };
        m.protections.push(p);
        replies.push({ addProtectedRange: { protectedRange: pr } });
        break;
      }
    }
  }
  return replies;
}

/** Adds `Sheets.Spreadsheets.batchUpdate` to `target` (globalThis or a vm context). */
export function installSheetsBatchUpdate(
  fake: FakeGas,
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): void {
  const sheets = (target.Sheets ?? {}) as { Spreadsheets?: Record<string, unknown> };
  sheets.Spreadsheets ??= {};
  sheets.Spreadsheets.batchUpdate = (resource: { requests?: Req[] }, spreadsheetId: string) => {
    fake.hit('Sheets.Spreadsheets.batchUpdate');
    const m = fake.spreadsheets.get(String(spreadsheetId));
    if (!m || m.deleted) fail('Requested entity was not found.');
    if (m.noAccess) fail('The caller does not have permission');
    return { spreadsheetId, replies: applyBatch(fake, m, resource.requests ?? []) };
  };
  target.Sheets = sheets;
}
