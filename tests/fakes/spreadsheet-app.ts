/**
 * An in-memory fake of the part of Apps Script that ka-sales calls:
 * SpreadsheetApp (spreadsheets, sheets, ranges, notes, data validation,
 * number formats, merges, protections, named ranges, charts, rich text),
 * Ui (menus, prompts, alerts, sidebars, dialogs), HtmlService,
 * PropertiesService, LockService, ScriptApp (triggers), Utilities, Session,
 * DriveApp (files by id), Logger and console.
 *
 * Test code only: it holds no product logic. It follows Apps Script's
 * documented behaviour where the adapter depends on it:
 *   - ranges are 1-based; getRange throws like Apps Script outside the sheet;
 *   - setValues needs a 2-D array of exactly the range's size;
 *   - setValues / setValue / appendRow parse strings as if typed: `=…` becomes a
 *     formula, a leading `'` keeps the rest as literal text (the apostrophe is
 *     not part of the value), and unless the cell's number format is plain text
 *     (`@`) numeric, boolean and date-like strings become numbers, booleans and
 *     dates; `=…` becomes a formula whatever the format (the conservative reading);
 *   - getValues returns '' for empty cells and Date objects for dates;
 *   - data validation is not enforced on setValues (only the UI enforces it:
 *     see `userTypes`), so tests can inspect the rules and simulate typing.
 * Formulas are evaluated by HyperFormula, one engine per spreadsheet; custom
 * functions (OPP_SCORE, WIN_SCORE, …) are registered as a HyperFormula
 * function plugin that calls the very functions the script exposes, with
 * arguments as Sheets passes them (a single cell as a value, a range as a 2-D
 * array, empty cells as '').
 *
 * Every call on a service object is counted by kind (`calls['Range.setValues']`).
 */
import {
  ArraySize,
  CellError,
  DetailedCellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from 'hyperformula';
import { createHash } from 'node:crypto';
import { type GridRect, a1Of, colLetters, parseA1, splitSheet } from './a1-notation';

// ------------------------------------------------------------------ basics

type Fn = (...args: any[]) => any;
export type CellInput = string | number | boolean | Date | null | undefined;
/** What a cell stores: null is empty. */
export type Stored = string | number | boolean | Date | null;

/** An error as Apps Script throws it: `String(e)` is `Exception: …`. */
export class GasException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Exception';
  }
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

function is2D(v: unknown): v is unknown[][] {
  return Array.isArray(v) && v.every((r) => Array.isArray(r));
}

// ------------------------------------------------------------------ time zones

interface ZonedParts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
  ms: number;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function zoned(date: Date, tz: string): ZonedParts {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    dtfCache.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, hh: p.hour % 24, mm: p.minute, ss: p.second, ms: date.getUTCMilliseconds() };
}

/** The instant of a wall-clock time in a time zone. */
export function zonedInstant(y: number, m: number, d: number, tz: string, hh = 0, mm = 0, ss = 0): number {
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  let t = wall;
  for (let i = 0; i < 3; i++) {
    const p = zoned(new Date(t), tz);
    const seen = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss);
    t += wall - seen;
  }
  return t;
}

/** Sheets' serial number of a date (days since 1899-12-30) in a time zone. */
function serialOf(date: Date, tz: string): number {
  const p = zoned(date, tz);
  const day = Date.UTC(p.y, p.m - 1, p.d) / 86_400_000 + 25569;
  return day + (p.hh * 3600 + p.mm * 60 + p.ss) / 86400;
}

/** A number format that shows a date (year or day letters outside quotes). */
const DATE_FORMAT_PATTERN = /^(?:[^"]|"[^"]*")*[yd]/i;

/** The date a serial number stands for in a time zone (the inverse of serialOf, to the second). */
function dateOfSerial(serial: number, tz: string): Date {
  const day = Math.floor(serial);
  const d = new Date((day - 25569) * 86_400_000);
  const secs = Math.round((serial - day) * 86400);
  return new Date(
    zonedInstant(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      tz,
      Math.floor(secs / 3600),
      Math.floor(secs / 60) % 60,
      secs % 60,
    ),
  );
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Utilities.formatDate: the SimpleDateFormat letters ka-sales and its tests use. */
export function formatDate(date: Date, tz: string, pattern: string): string {
  const p = zoned(date, tz);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    const offsetMin = Math.round((Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - (date.getTime() - p.ms)) / 60000);
    const sign = offsetMin < 0 ? '-' : '+';
    const abs = Math.abs(offsetMin);
    switch (ch) {
      case 'y':
        out += n === 2 ? pad(p.y % 100) : pad(p.y, n);
        break;
      case 'M':
        // SimpleDateFormat: MMM and longer are the month's name (locale-dependent): not modelled, so refused.
        if (n > 2) throw new GasException('Invalid argument: format (fake supports M and MM, not month names)');
        out += pad(p.m, n);
        break;
      case 'd':
        out += pad(p.d, n);
        break;
      case 'H':
        out += pad(p.hh, n);
        break;
      case 'm':
        out += pad(p.mm, n);
        break;
      case 's':
        out += pad(p.ss, n);
        break;
      case 'S':
        out += pad(p.ms, 3).slice(0, n);
        break;
      case 'Z':
        out += `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
        break;
      case 'X':
        // SimpleDateFormat ISO 8601 zone: "Z" for UTC; X = +08, XX = +0800, XXX = +08:00.
        out += abs === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}${n === 1 ? '' : `${n >= 3 ? ':' : ''}${pad(abs % 60)}`}`;
        break;
      default:
        if (/[A-Za-z]/.test(ch)) throw new GasException(`Invalid argument: format (fake supports y M d H m s S Z X, not "${ch}")`);
        out += ch.repeat(n);
    }
    i += n;
  }
  return out;
}

// ------------------------------------------------------------------ data validation

export type CriteriaType =
  | 'VALUE_IN_LIST'
  | 'VALUE_IN_RANGE'
  | 'NUMBER_BETWEEN'
  | 'NUMBER_NOT_BETWEEN'
  | 'NUMBER_EQUAL_TO'
  | 'NUMBER_NOT_EQUAL_TO'
  | 'NUMBER_GREATER_THAN'
  | 'NUMBER_GREATER_THAN_OR_EQUAL_TO'
  | 'NUMBER_LESS_THAN'
  | 'NUMBER_LESS_THAN_OR_EQUAL_TO'
  | 'DATE_IS_VALID_DATE'
  | 'DATE_AFTER'
  | 'DATE_BEFORE'
  | 'DATE_ON_OR_AFTER'
  | 'DATE_ON_OR_BEFORE'
  | 'TEXT_CONTAINS'
  | 'TEXT_IS_VALID_EMAIL'
  | 'TEXT_IS_VALID_URL'
  | 'CUSTOM_FORMULA'
  | 'CHECKBOX';

const CRITERIA: Record<CriteriaType, CriteriaType> = Object.fromEntries(
  (
    [
      'VALUE_IN_LIST',
      'VALUE_IN_RANGE',
      'NUMBER_BETWEEN',
      'NUMBER_NOT_BETWEEN',
      'NUMBER_EQUAL_TO',
      'NUMBER_NOT_EQUAL_TO',
      'NUMBER_GREATER_THAN',
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      'NUMBER_LESS_THAN',
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      'DATE_IS_VALID_DATE',
      'DATE_AFTER',
      'DATE_BEFORE',
      'DATE_ON_OR_AFTER',
      'DATE_ON_OR_BEFORE',
      'TEXT_CONTAINS',
      'TEXT_IS_VALID_EMAIL',
      'TEXT_IS_VALID_URL',
      'CUSTOM_FORMULA',
      'CHECKBOX',
    ] as CriteriaType[]
  ).map((k) => [k, k]),
) as Record<CriteriaType, CriteriaType>;

/** A built rule (immutable, like Apps Script's DataValidation). */
export class FakeDataValidation {
  constructor(
    readonly criteria: CriteriaType,
    readonly args: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): CriteriaType {
    return this.criteria;
  }
  getCriteriaValues(): unknown[] {
    return [...this.args];
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getHelpText(): string {
    return this.helpText;
  }
  describe(): { criteria: CriteriaType; args: unknown[]; allowInvalid: boolean; helpText: string } {
    return {
      criteria: this.criteria,
      args: this.args.map((a) => (Array.isArray(a) ? [...a] : a)),
      allowInvalid: this.allowInvalid,
      helpText: this.helpText,
    };
  }
}

// ------------------------------------------------------------------ the model

interface Cell {
  v: Stored;
  /** Formula text (with `=`); the value then comes from HyperFormula. */
  f?: string;
  note?: string;
  dv?: FakeDataValidation;
  nf?: string;
  fmt?: Record<string, unknown>;
  link?: string;
}

export interface ProtectionModel {
  type: 'SHEET' | 'RANGE';
  sheet: SheetModel;
  rect?: GridRect;
  description: string;
  warningOnly: boolean;
  editors: Set<string>;
  domainEdit: boolean;
  unprotected: Array<{ sheet: SheetModel; rect: GridRect }>;
  removed: boolean;
}

export interface ChartModel {
  id: number;
  type: string;
  ranges: Array<{ sheet: SheetModel; rect: GridRect }>;
  options: Record<string, unknown>;
  position: { row: number; col: number; offsetX: number; offsetY: number };
  numHeaders?: number;
}

/** A boolean conditional format rule as Sheets keeps it (a background colour as #rrggbb). */
export interface ConditionalFormatModel {
  ranges: GridRect[];
  type: string;
  values: string[];
  background: string | null;
}

/** The boolean condition types the fake knows (BooleanCondition / ConditionType); only CUSTOM_FORMULA is used. */
export const CONDITION_TYPES = ['CUSTOM_FORMULA', 'TEXT_EQ', 'BLANK', 'NOT_BLANK'];

export class SheetModel {
  cells = new Map<number, Map<number, Cell>>();
  maxRows = 1000;
  maxCols = 26;
  frozenRows = 0;
  frozenCols = 0;
  widths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hiddenColumns = new Set<number>();
  hidden = false;
  merges: GridRect[] = [];
  charts: ChartModel[] = [];
  /**
   * Conditional format rules, in order: the ranges (on this sheet), the boolean condition, the background when it
   * holds. Copied with the spreadsheet; not moved by inserted rows or columns (Sheets moves them and their formulas'
   * references: not modelled — no test inserts rows into a formatted tab and reads the rules back).
   */
  conditionalFormats: ConditionalFormatModel[] = [];
  tabColor: string | null = null;
  /** A custom function's array result spills on this tab (its empty cells may show a spilled value). */
  spills = false;
  constructor(
    readonly book: SpreadsheetModel,
    readonly id: number,
    public name: string,
  ) {}
  cell(row: number, col: number): Cell | undefined {
    return this.cells.get(row)?.get(col);
  }
  ensure(row: number, col: number): Cell {
    let r = this.cells.get(row);
    if (!r) {
      r = new Map();
      this.cells.set(row, r);
    }
    let c = r.get(col);
    if (!c) {
      c = { v: null };
      r.set(col, c);
    }
    return c;
  }
  hasContent(c: Cell | undefined): boolean {
    return !!c && (c.f !== undefined || (c.v !== null && c.v !== ''));
  }
  lastRow(): number {
    let last = 0;
    for (const [r, row] of this.cells) for (const c of row.values()) if (this.hasContent(c)) last = Math.max(last, r);
    return last;
  }
  lastCol(): number {
    let last = 0;
    for (const row of this.cells.values()) for (const [col, c] of row) if (this.hasContent(c)) last = Math.max(last, col);
    return last;
  }
  /** Last row / column holding any cell record (content, note, format…). */
  lastRowAny(): number {
    return Math.max(1, ...this.cells.keys());
  }
  lastColAny(): number {
    let m = 1;
    for (const row of this.cells.values()) for (const c of row.keys()) m = Math.max(m, c);
    return m;
  }
  get hfId(): number {
    const id = this.book.hf.getSheetId(this.name);
    if (id === undefined) throw new Error(`fake: HyperFormula lost sheet ${this.name}`);
    return id;
  }
}

export interface DeveloperMetadataModel {
  id: number;
  key: string;
  value: string | null;
  visibility: string;
}

export class SpreadsheetModel {
  sheets: SheetModel[] = [];
  namedRanges = new Map<string, { sheet: SheetModel; rect: GridRect }>();
  protections: ProtectionModel[] = [];
  hf: HyperFormula;
  deleted = false;
  trashed = false;
  noAccess = false;
  activeSheet: SheetModel | null = null;
  activeRange: { sheet: SheetModel; rect: GridRect } | null = null;
  nextSheetId = 0;
  nextChartId = 1;
  /** A test marker: the script bound to this file, copied with it (Spreadsheet.copy copies the bound script). */
  boundScript: string | null = null;
  /** Spreadsheet-level developer metadata (copied with the file, like its content). */
  metadata: DeveloperMetadataModel[] = [];
  /** The file's owner (its creator; a copy belongs to whoever made it). */
  owner = '';
  /** When the file's content was last changed (ms, the fake's clock): Drive's `modifiedTime`. */
  modifiedAt = 0;
  constructor(
    readonly fake: FakeGas,
    readonly id: string,
    public name: string,
    public locale: string,
    public timeZone: string,
  ) {
    this.hf = HyperFormula.buildEmpty({ licenseKey: 'gpl-v3', maxRows: 20000, maxColumns: 500 });
    hfModels.set(this.hf.dependencyGraph, this);
  }
  get url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  sheetByName(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }
  addSheet(name: string, index = this.sheets.length, id?: number): SheetModel {
    const auto = this.nextSheetId++ === 0 ? 0 : 100000 + this.nextSheetId * 7919;
    if (id !== undefined && this.sheets.some((x) => x.id === id)) throw new GasException(`A sheet with the id ${id} already exists.`);
    const s = new SheetModel(this, id ?? auto, name);
    this.fake.withHf(() => this.hf.addSheet(name));
    this.sheets.splice(index, 0, s);
    return s;
  }
}

// ------------------------------------------------------------------ custom functions in HyperFormula

type Resolver = (name: string) => Fn | undefined;
let activeResolver: Resolver | undefined;
let activeTimeZone = 'Asia/Shanghai';
let activeCustomCalls: Record<string, number> | undefined;
let activeFake: FakeGas | undefined;
const registeredCustom = new Set<string>();
/**
 * Custom functions that return a 2-D array, by name: the array's size (rows, columns). Sheets spills such a result
 * into the cells right of and below the formula's (when they are empty); HyperFormula must know an array formula's
 * size before evaluating it, so a function that spills declares its size (FakeGasOptions.customResultSizes) and must
 * return exactly that.
 */
const customResultSizes = new Map<string, [rows: number, cols: number]>();

/** The spreadsheet each formula engine belongs to (a plugin knows its engine by its dependency graph). */
const hfModels = new WeakMap<object, SpreadsheetModel>();

/** A computed value as Sheets passes it: a date (TODAY(), DATE(…)) as a Date of that day in the spreadsheet's time zone. */
function fromHf(v: unknown): unknown {
  if (v === EmptyValue || v === null || v === undefined) return '';
  if (typeof v === 'object' && v !== null && 'val' in v) {
    const rich = v as { val: number; getDetailedType?: () => string };
    const type = rich.getDetailedType?.();
    if (type === 'NUMBER_DATE' || type === 'NUMBER_DATETIME') return dateOfSerial(rich.val, activeTimeZone);
    return rich.val; // percents, currencies: the number
  }
  return v;
}

type HfAddress = {
  toSimpleCellAddress(base: unknown): { sheet: number; row: number; col: number };
  toSimpleColumnAddress(base: unknown): { sheet: number; col: number };
};
type HfAst = { type?: string; reference?: HfAddress; start?: HfAddress; end?: HfAddress };

/** A referenced cell as Sheets passes it: what getValues gives (a date as a Date, empty as ''); a formula's error stays an error. */
function cellArgument(model: SpreadsheetModel, sheet: SheetModel, row: number, col: number): unknown {
  const c = sheet.cell(row, col);
  if (c?.f !== undefined) {
    const v = model.fake.withHf(() => model.hf.getCellValue({ sheet: sheet.hfId, row: row - 1, col: col - 1 }));
    if (v instanceof DetailedCellError) return new CellError(v.type as ErrorType, v.message);
  }
  return model.fake.readValue(sheet, row, col);
}

/**
 * An argument that is a reference (a cell, a range `A1:B9`) as Sheets passes
 * it to a custom function: the cells' values as getValues returns them, a
 * range as a 2-D array (one cell as its value). Undefined for any other
 * argument (a computed value: the formula engine's).
 */
function referenceArgument(model: SpreadsheetModel, ast: HfAst, base: unknown): unknown {
  const sheetOf = (id: number) => model.sheets.find((x) => x.hfId === id);
  if (ast.type === 'CELL_REFERENCE' && ast.reference) {
    const at = ast.reference.toSimpleCellAddress(base);
    const sheet = sheetOf(at.sheet);
    return sheet ? cellArgument(model, sheet, at.row + 1, at.col + 1) : undefined;
  }
  // A range, or whole columns (`A:Z`: every row of the sheet, as many as it has — Sheets passes them all).
  const range = (): { from: { sheet: number; row: number; col: number }; to: { row: number; col: number } } | undefined => {
    if (ast.type === 'CELL_RANGE' && ast.start && ast.end)
      return { from: ast.start.toSimpleCellAddress(base), to: ast.end.toSimpleCellAddress(base) };
    if (ast.type !== 'COLUMN_RANGE' || !ast.start || !ast.end) return undefined;
    const [a, b] = [ast.start.toSimpleColumnAddress(base), ast.end.toSimpleColumnAddress(base)];
    const rows = sheetOf(a.sheet)?.maxRows ?? 1;
    return { from: { sheet: a.sheet, row: 0, col: a.col }, to: { row: rows - 1, col: b.col } };
  };
  const r = range();
  if (r) {
    const { from, to } = r;
    const sheet = sheetOf(from.sheet);
    if (!sheet) return undefined;
    const rows: unknown[][] = [];
    for (let r = Math.min(from.row, to.row); r <= Math.max(from.row, to.row); r++) {
      const row: unknown[] = [];
      for (let c = Math.min(from.col, to.col); c <= Math.max(from.col, to.col); c++) {
        const v = cellArgument(model, sheet, r + 1, c + 1);
        if (v instanceof CellError) return v;
        row.push(v);
      }
      rows.push(row);
    }
    return rows.length === 1 && rows[0].length === 1 ? rows[0][0] : rows;
  }
  return undefined;
}

/** A computed argument as Sheets passes it (a range result as a 2-D array); an error stays an error. */
function computedArgument(a: unknown): unknown {
  if (a instanceof CellError) return a;
  if (a instanceof SimpleRangeValue) {
    const data = a.data.map((row) => row.map(fromHf));
    for (const row of data) for (const x of row) if (x instanceof CellError) return x;
    return data.length === 1 && data[0].length === 1 ? data[0][0] : data;
  }
  return fromHf(a);
}

function invokeCustom(name: string, args: unknown[]): unknown {
  const fn = activeResolver?.(name);
  if (!fn) return new CellError(ErrorType.NAME, `Unknown function: '${name}'.`);
  if (activeCustomCalls) activeCustomCalls[name] = (activeCustomCalls[name] ?? 0) + 1;
  const converted: unknown[] = [];
  for (const a of args) {
    if (a instanceof CellError) return a;
    converted.push(a);
  }
  let out: unknown;
  // A formula runs the script in its own authorization mode (AuthMode.CUSTOM_FUNCTION): no UI, no other file, no writes.
  const mode = activeFake?.authMode;
  if (activeFake) activeFake.authMode = 'CUSTOM_FUNCTION';
  try {
    out = fn(...converted);
  } catch (e) {
    return new CellError(
      ErrorType.ERROR,
      e instanceof Error || (e && typeof e === 'object' && 'message' in e) ? String((e as Error).message) : String(e),
    );
  } finally {
    if (activeFake && mode) activeFake.authMode = mode;
  }
  const size = customResultSizes.get(name);
  if (size) return spilled(name, out, size);
  if (Array.isArray(out)) {
    if (out.length === 1 && Array.isArray(out[0]) && out[0].length === 1) out = out[0][0];
    else if (out.length === 1 && !Array.isArray(out[0])) out = out[0];
    else return new CellError(ErrorType.VALUE, 'the fake does not spill array results');
  }
  if (out === undefined || out === null) return '';
  if (isDate(out)) return serialOf(out, activeTimeZone);
  if (typeof out === 'number' && !Number.isFinite(out)) return new CellError(ErrorType.NUM);
  if (typeof out === 'number' || typeof out === 'string' || typeof out === 'boolean') return out;
  return String(out);
}

/** A result as a spilled array: each value as Sheets stores a returned value (a string stays text, never a formula). */
function spilled(name: string, out: unknown, [rows, cols]: [number, number]): unknown {
  const ok = Array.isArray(out) && out.length === rows && out.every((r) => Array.isArray(r) && r.length === cols);
  if (!ok) return new CellError(ErrorType.VALUE, `the fake: ${name} must return ${rows}×${cols} values`);
  const cell = (v: unknown) => {
    if (v === undefined || v === null) return '';
    if (isDate(v)) return serialOf(v, activeTimeZone);
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    return String(v);
  };
  return SimpleRangeValue.onlyValues((out as unknown[][]).map((r) => r.map(cell)) as any);
}

/** Registers a custom function name with HyperFormula (once per process; the implementation is looked up per call). */
export function registerCustomFunction(name: string): void {
  const id = name.toUpperCase();
  if (registeredCustom.has(id)) return;
  class CustomFunctionPlugin extends FunctionPlugin {
    static implementedFunctions = {
      [id]: {
        method: 'call',
        parameters: [{ argumentType: FunctionArgumentType.ANY }],
        repeatLastArgs: 1,
        sizeOfResultArrayMethod: 'size',
      },
    };
    size() {
      const s = customResultSizes.get(id);
      return s ? new ArraySize(s[1], s[0]) : ArraySize.scalar();
    }
    call(ast: { args: any[] }, state: any) {
      const model = hfModels.get(this.dependencyGraph);
      if (model && customResultSizes.has(id)) {
        const at = model.sheets.find((x) => x.hfId === state.formulaAddress.sheet);
        if (at) at.spills = true;
      }
      const args: unknown[] = [];
      for (const arg of ast.args) {
        const ref = model ? referenceArgument(model, arg, state.formulaAddress) : undefined;
        const v = ref !== undefined ? ref : computedArgument(this.evaluateAst(arg, state));
        if (v instanceof CellError) return v;
        args.push(v);
      }
      return invokeCustom(id, args) as any;
    }
  }
  const t = { [id]: id };
  HyperFormula.registerFunctionPlugin(CustomFunctionPlugin as any, { enGB: t, enUS: t } as any);
  registeredCustom.add(id);
}

// ------------------------------------------------------------------ call counting

/** Wraps a fake object so every method call is counted as `Kind.method`. */
function tracked<T extends object>(fake: FakeGas, kind: string, target: T): T {
  const proxy = new Proxy(target, {
    get(t, p, recv) {
      const v = Reflect.get(t, p, recv);
      if (typeof v !== 'function' || typeof p !== 'string' || p.startsWith('_') || p === 'constructor') return v;
      return (...args: unknown[]) => {
        fake.hit(`${kind}.${p}`);
        return (v as Fn).apply(t, args);
      };
    },
  });
  (target as { _proxy?: T })._proxy = proxy;
  return proxy;
}

function self<T>(o: { _proxy?: unknown }): T {
  return (o._proxy ?? o) as T;
}

// ------------------------------------------------------------------ value parsing ("as typed")

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Google Sheets holds at most 50,000 characters in a cell; a write of longer text fails as a whole (the quote prefix is not stored, so not counted). */
export const CELL_TEXT_LIMIT = 50_000;
function checkCellText(values: unknown[][]): void {
  for (const row of values) {
    for (const v of row) {
      if (typeof v === 'string' && v.length - (v.startsWith("'") ? 1 : 0) > CELL_TEXT_LIMIT) {
        throw new GasException(`Your input contains more than the maximum of ${CELL_TEXT_LIMIT} characters in a single cell.`);
      }
    }
  }
}
/** A typed date, optionally with a time of day (Sheets reads "2026-11-01 09:30:00" as a date-time). */
const DATE_TEXT = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const MONTH_DAY_TEXT = /^(\d{1,2})[-/](\d{1,2})$/;

/** Session.getTemporaryActiveUserKey: the same for one user (of this script), another for another user, not the email. */
function temporaryKey(user: string): string {
  return createHash('sha256').update(`fake-script-id\u0000${user}`).digest('base64url').slice(0, 43);
}

function realTime(hh = '0', mm = '0', ss = '0'): boolean {
  return +hh < 24 && +mm < 60 && +ss < 60;
}

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// ------------------------------------------------------------------ the fake

/**
 * Calls refused outside AuthMode.FULL (developers.google.com/apps-script/reference/script/auth-mode,
 * /guides/triggers "Restrictions", /guides/sheets/functions "Using Apps Script services"):
 * - LIMITED: the bound file only — no other file, no trigger, no Drive or Sheets API, no user identity;
 * - NONE: nothing that needs authorization (the menu can still be built: getUi, createAddonMenu);
 * - CUSTOM_FUNCTION: read-only spreadsheet access, no UI, no triggers, no other file, no user identity.
 */
const OTHER_FILES =
  /^(SpreadsheetApp\.(openById|openByUrl|create)|DriveApp\.|Drive\.|Sheets\.|ScriptApp\.(newTrigger|getProjectTriggers|deleteTrigger)|Session\.(getActiveUser|getEffectiveUser))/;
export const AUTH_DENIED: Record<'LIMITED' | 'NONE' | 'CUSTOM_FUNCTION', RegExp> = {
  LIMITED: OTHER_FILES,
  NONE: new RegExp(
    `${OTHER_FILES.source}|^(SpreadsheetApp\\.(getActive|getActiveSpreadsheet|getActiveSheet|getActiveRange)|PropertiesService|LockService|Spreadsheet\\.|Sheet\\.|Range\\.)`,
  ),
  CUSTOM_FUNCTION: new RegExp(
    `${OTHER_FILES.source}|^(SpreadsheetApp\\.getUi|Ui\\.|Range\\.set|Sheet\\.(insert|delete|set)|Spreadsheet\\.(insert|delete|add|set))`,
  ),
};

export interface FakeGasOptions {
  /** The script's time zone (appsscript.json); new spreadsheets get it too. */
  timeZone?: string;
  /** Locale of new spreadsheets (Apps Script's spelling, e.g. 'zh_CN', 'en_US'). */
  locale?: string;
  /** The signed-in user. */
  user?: string;
  /** The clock. */
  now?: () => Date;
  /** Finds the implementation of a custom function used in a cell (e.g. a top-level function of the loaded script). */
  customFunctions?: Resolver;
  /** Custom function names to register with the formula engine. */
  customFunctionNames?: string[];
  /** Custom functions whose result is a 2-D array that spills, with its size: [rows, columns] (see customResultSizes). */
  customResultSizes?: Record<string, [number, number]>;
}

export interface UiAnswer {
  button?: 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE';
  text?: string;
}

export interface MenuModel {
  name: string;
  items: Array<{ caption: string; functionName: string } | { separator: true } | { submenu: MenuModel }>;
  addedToUi: boolean;
}

export interface HtmlOutputModel {
  content: string;
  title: string;
  width?: number;
  height?: number;
}

export interface TriggerModel {
  id: string;
  handler: string;
  eventType: 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';
  source: 'CLOCK' | 'SPREADSHEETS';
  sourceId: string | null;
  schedule: Record<string, unknown>;
  /** Who installed it: it runs as them. */
  owner: string;
}

export interface FileModelRef {
  id: string;
}

export class FakeGas {
  readonly calls: Record<string, number> = {};
  readonly log: string[] = [];
  /** Custom-function evaluations by name (not service calls). */
  readonly customFunctionCalls: Record<string, number> = {};
  readonly spreadsheets = new Map<string, SpreadsheetModel>();
  active: SpreadsheetModel | null = null;
  readonly ui = {
    menus: [] as MenuModel[],
    answers: [] as UiAnswer[],
    prompts: [] as Array<{ title: string; prompt: string; buttons: string; answer: UiAnswer }>,
    alerts: [] as Array<{ title: string; prompt: string; buttons: string; answer: string }>,
    sidebars: [] as HtmlOutputModel[],
    dialogs: [] as Array<HtmlOutputModel & { modal: boolean; dialogTitle: string }>,
    toasts: [] as Array<{ spreadsheet: string; message: string; title: string }>,
  };
  /**
   * Property stores: the script's (all users), each user's ("a property store that only the current user can
   * access": the user the script runs as, an installable trigger's installer), each document's. `user` is the
   * store of whoever the fake runs as now; userProperties(email) any user's.
   */
  readonly properties = (() => {
    const fake = this;
    return {
      script: new Map<string, string>(),
      users: new Map<string, Map<string, string>>(),
      document: new Map<string, Map<string, string>>(),
      get user(): Map<string, string> {
        return fake.userProperties();
      },
    };
  })();

  userProperties(email: string = this.effectiveUser ?? this.options.user): Map<string, string> {
    let m = this.properties.users.get(email);
    if (!m) {
      m = new Map();
      this.properties.users.set(email, m);
    }
    return m;
  }
  readonly triggers: TriggerModel[] = [];
  readonly locks = new Map<string, number | null>();
  readonly logs: Array<{ level: string; message: string }> = [];
  readonly htmlFiles = new Map<string, string>();
  /** Called before every counted call; a test can use it to act in the middle of a run (e.g. a second refresh). */
  readonly hooks: Array<(kind: string) => void> = [];
  readonly options: Required<Omit<FakeGasOptions, 'customFunctions'>> & { customFunctions?: Resolver };
  private idSeq = 0;
  private lockSeq = 0;
  /**
   * What the running code may call (ScriptApp.AuthMode): FULL (menus, installable
   * triggers, dialogs), LIMITED (a bound script's onOpen/onEdit simple trigger),
   * NONE (an add-on's onOpen in a file where it has not been used),
   * CUSTOM_FUNCTION (a formula calling the script). See AUTH_DENIED.
   */
  authMode: 'FULL' | 'LIMITED' | 'NONE' | 'CUSTOM_FUNCTION' = 'FULL';
  /** The user the script runs as when not the active user (an installable trigger runs as whoever installed it). */
  effectiveUser: string | null = null;
  private metadataSeq = 0;
  /** The services, ready to be installed as globals. */
  readonly globals: Record<string, unknown>;

  constructor(options: FakeGasOptions = {}) {
    this.options = {
      timeZone: options.timeZone ?? 'Asia/Shanghai',
      locale: options.locale ?? 'zh_CN',
      user: options.user ?? 'rep@example.com',
      now: options.now ?? (() => new Date()),
      customFunctions: options.customFunctions,
      customFunctionNames: options.customFunctionNames ?? ['OPP_SCORE', 'WIN_SCORE'],
      customResultSizes: options.customResultSizes ?? {},
    };
    for (const n of this.options.customFunctionNames) registerCustomFunction(n);
    for (const [n, size] of Object.entries(this.options.customResultSizes)) customResultSizes.set(n.toUpperCase(), size);
    this.globals = this.buildGlobals();
  }

  // ---------------------------------------------------------------- test helpers (not counted)

  hit(kind: string): void {
    if (this.authMode !== 'FULL' && AUTH_DENIED[this.authMode].test(kind)) {
      throw new GasException(`You do not have permission to call ${kind}. (fake: not allowed in AuthMode.${this.authMode})`);
    }
    for (const h of this.hooks) h(kind);
    this.calls[kind] = (this.calls[kind] ?? 0) + 1;
    this.log.push(kind);
  }

  resetCalls(): void {
    for (const k of Object.keys(this.calls)) delete this.calls[k];
    this.log.length = 0;
    for (const k of Object.keys(this.customFunctionCalls)) delete this.customFunctionCalls[k];
  }

  /** Number of counted calls, optionally only of kinds matching a prefix or predicate. */
  totalCalls(filter?: string | ((kind: string) => boolean)): number {
    const f = typeof filter === 'string' ? (k: string) => k.startsWith(filter) : (filter ?? (() => true));
    return Object.entries(this.calls)
      .filter(([k]) => f(k))
      .reduce((s, [, n]) => s + n, 0);
  }

  /** Sets the custom-function resolver (e.g. after loading a script into a vm context). */
  setCustomFunctions(resolver: Resolver): void {
    this.options.customFunctions = resolver;
  }

  /** Runs a HyperFormula operation with this fake's custom functions and time zone active. */
  withHf<T>(op: () => T): T {
    const prev = [activeResolver, activeTimeZone, activeCustomCalls, activeFake] as const;
    activeResolver = this.options.customFunctions;
    activeTimeZone = this.options.timeZone;
    activeCustomCalls = this.customFunctionCalls;
    activeFake = this;
    try {
      return op();
    } finally {
      [activeResolver, activeTimeZone, activeCustomCalls, activeFake] = prev;
    }
  }

  newId(prefix = 'ss'): string {
    this.idSeq++;
    return `${prefix}${this.idSeq.toString(36).padStart(4, '0')}FAKE${'x'.repeat(20)}`.slice(0, 44);
  }

  /** Creates a spreadsheet without counting (test setup). */
  createSpreadsheet(
    name: string,
    opts: { locale?: string; timeZone?: string; id?: string; boundScript?: string; noSheets?: boolean; owner?: string } = {},
  ): SpreadsheetModel {
    const m = new SpreadsheetModel(
      this,
      opts.id ?? this.newId(),
      name,
      opts.locale ?? this.options.locale,
      opts.timeZone ?? this.options.timeZone,
    );
    if (!opts.noSheets) {
      m.addSheet('Sheet1');
      m.activeSheet = m.sheets[0];
    }
    m.boundScript = opts.boundScript ?? null;
    m.owner = opts.owner ?? this.options.user;
    m.modifiedAt = this.options.now().getTime();
    this.spreadsheets.set(m.id, m);
    return m;
  }

  /** Makes a spreadsheet the one the script is bound to / opened from. */
  setActive(ss: SpreadsheetModel | GoogleAppsScript.Spreadsheet.Spreadsheet | null): void {
    this.active = ss === null ? null : this.model(ss);
  }

  /** The model behind a spreadsheet object or id. */
  model(ss: SpreadsheetModel | GoogleAppsScript.Spreadsheet.Spreadsheet | string): SpreadsheetModel {
    if (ss instanceof SpreadsheetModel) return ss;
    const id = typeof ss === 'string' ? ss : (ss as unknown as { _m: SpreadsheetModel })._m?.id;
    const m = id ? this.spreadsheets.get(id) : undefined;
    if (!m) throw new Error(`fake: no spreadsheet ${String(id)}`);
    return m;
  }

  /** The spreadsheet as the script sees it (a counted API object). */
  api(ss: SpreadsheetModel | string): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.wrapSpreadsheet(this.model(ss));
  }

  /** Permanently deletes a file: opening it then fails like Apps Script. */
  deleteFile(id: string): void {
    this.model(id).deleted = true;
  }

  /** The user loses access to a file. */
  revokeAccess(id: string): void {
    this.model(id).noAccess = true;
  }

  /** Queues answers for the next prompts / alerts, in order. */
  answer(...answers: UiAnswer[]): void {
    this.ui.answers.push(...answers);
  }

  /** Releases every lock (an execution ended). */
  /**
   * Ui.alert and Ui.prompt suspend the script, and "LockService locks don't persist across the suspension"
   * (base/ui reference). The fake does not know which execution holds a lock, so a dialog shown while any lock
   * is held fails loudly instead of silently keeping a lock Apps Script would have dropped.
   */
  noLockAcrossDialog(what: string): void {
    if ([...this.locks.values()].some((h) => h !== null))
      throw new Error(`fake: Ui.${what} while a LockService lock is held (Apps Script drops the lock during the dialog)`);
  }

  releaseAllLocks(): void {
    for (const k of this.locks.keys()) this.locks.set(k, null);
  }

  /** Installs the services as globals on an object (globalThis, or a vm context). */
  install(target: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(this.globals)) {
      // A host's own console (Node, jest) is kept; a bare vm context gets the recording one.
      if (k === 'console' && target.console) continue;
      target[k] = v;
    }
  }

  /** The message of a formula error in a cell (what hovering the cell shows in Sheets). */
  cellError(ss: SpreadsheetModel | string, sheetName: string, a1: string): string | null {
    const m = this.model(ss);
    const sheet = m.sheetByName(sheetName);
    if (!sheet) throw new Error(`fake: no sheet ${sheetName}`);
    const rect = parseA1(a1, sheet.maxRows, sheet.maxCols);
    if (!rect) throw new Error(`fake: bad A1 ${a1}`);
    const c = sheet.cell(rect.row, rect.col);
    if (!c?.f) return null;
    const v = m.hf.getCellValue({ sheet: sheet.hfId, row: rect.row - 1, col: rect.col - 1 });
    return v instanceof DetailedCellError ? (v.message ?? v.value) : null;
  }

  /**
   * Everything a user could see of a spreadsheet, as plain data: values,
   * formulas, notes, number formats, validations, formatting, merges,
   * protections, frozen rows, widths, hidden tabs, named ranges, charts.
   * For "changes nothing" comparisons.
   */
  snapshot(ss: SpreadsheetModel | string): unknown {
    const m = this.model(ss);
    return {
      name: m.name,
      locale: m.locale,
      timeZone: m.timeZone,
      named: [...m.namedRanges].map(([k, r]) => [k, r.sheet.name, a1Of(r.rect)]),
      protections: m.protections.filter((p) => !p.removed).map((p) => this.describeProtection(p)),
      sheets: m.sheets.map((s) => ({
        name: s.name,
        hidden: s.hidden,
        frozenRows: s.frozenRows,
        frozenCols: s.frozenCols,
        maxRows: s.maxRows,
        maxCols: s.maxCols,
        widths: [...s.widths].sort((a, b) => a[0] - b[0]),
        merges: s.merges.map(a1Of).sort(),
        conditionalFormats: s.conditionalFormats.map((f) => ({ ...f, ranges: f.ranges.map(a1Of) })),
        charts: s.charts.map((c) => ({ ...c, ranges: c.ranges.map((r) => `${r.sheet.name}!${a1Of(r.rect)}`) })),
        cells: [...s.cells]
          .sort((a, b) => a[0] - b[0])
          .flatMap(([r, row]) =>
            [...row]
              .sort((a, b) => a[0] - b[0])
              .map(([c, cell]) => [
                `${colLetters(c)}${r}`,
                {
                  v: isDate(cell.v) ? `date:${cell.v.toISOString()}` : cell.v,
                  f: cell.f,
                  note: cell.note,
                  nf: cell.nf,
                  dv: cell.dv?.describe(),
                  fmt: cell.fmt,
                  link: cell.link,
                },
              ]),
          ),
      })),
    };
  }

  describeProtection(p: ProtectionModel): Record<string, unknown> {
    return {
      type: p.type,
      sheet: p.sheet.name,
      range: p.rect ? a1Of(p.rect) : null,
      description: p.description,
      warningOnly: p.warningOnly,
      editors: [...p.editors].sort(),
      unprotected: p.unprotected.map((u) => `${u.sheet.name}!${a1Of(u.rect)}`),
    };
  }

  /** The value a cell holds as getValues would return it (not counted). */
  valueAt(ss: SpreadsheetModel | string, sheetName: string, a1: string): unknown {
    const m = this.model(ss);
    const s = m.sheetByName(sheetName);
    if (!s) throw new Error(`fake: no sheet ${sheetName}`);
    const r = parseA1(a1, s.maxRows, s.maxCols);
    if (!r) throw new Error(`fake: bad A1 ${a1}`);
    return this.readValue(s, r.row, r.col);
  }

  /**
   * A person typing into cells in the Sheets UI: data validation that rejects
   * invalid input refuses the value (the cell keeps what it had); warning-only
   * protection warns; accepted text is parsed as typed. Not counted. A cell
   * outside the tab's rows or columns cannot be typed into (the UI has no such
   * cell: a person adds rows first, with "add more rows" at the bottom).
   */
  userTypes(ss: SpreadsheetModel | string, sheetName: string, a1: string, values: CellInput[][]): { rejected: string[]; warned: string[] } {
    const m = this.model(ss);
    const s = m.sheetByName(sheetName);
    if (!s) throw new Error(`fake: no sheet ${sheetName}`);
    const r = parseA1(a1, s.maxRows, s.maxCols);
    if (!r) throw new Error(`fake: bad A1 ${a1}`);
    const [lastRow, lastCol] = [r.row + values.length - 1, r.col + Math.max(1, ...values.map((x) => x.length)) - 1];
    if (lastRow > s.maxRows || lastCol > s.maxCols)
      throw new Error(`fake: ${sheetName}!${a1} is outside the tab's ${s.maxRows} rows and ${s.maxCols} columns: add rows first`);
    const rejected: string[] = [];
    const warned: string[] = [];
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        const rr = r.row + i;
        const cc = r.col + j;
        const at = `${colLetters(cc)}${rr}`;
        const p = this.protectionAt(s, rr, cc);
        if (p && !p.warningOnly && !p.editors.has(this.options.user)) {
          rejected.push(at);
          return;
        }
        if (p?.warningOnly) warned.push(at);
        if (typeof v === 'string' && v.length > CELL_TEXT_LIMIT) {
          rejected.push(at);
          return;
        }
        const dv = s.cell(rr, cc)?.dv;
        if (dv && !dv.allowInvalid && v !== '' && v !== null && v !== undefined && !this.passes(dv, v, m)) {
          rejected.push(at);
          return;
        }
        this.writeParsed(s, rr, cc, v);
      }),
    );
    this.syncHf(s, { row: r.row, col: r.col, numRows: values.length, numCols: Math.max(1, ...values.map((x) => x.length)) });
    return { rejected, warned };
  }

  protectionAt(s: SheetModel, row: number, col: number): ProtectionModel | undefined {
    const inside = (rect: GridRect) => row >= rect.row && row < rect.row + rect.numRows && col >= rect.col && col < rect.col + rect.numCols;
    for (const p of s.book.protections) {
      if (p.removed || p.sheet !== s) continue;
      if (p.type === 'RANGE' && p.rect && inside(p.rect)) return p;
      if (p.type === 'SHEET' && !p.unprotected.some((u) => u.sheet === s && inside(u.rect))) return p;
    }
    return undefined;
  }

  /** Whether the Sheets UI would accept a typed value under a rule. */
  passes(dv: FakeDataValidation, v: CellInput, m: SpreadsheetModel): boolean {
    const a = dv.args;
    const num = typeof v === 'number' ? v : typeof v === 'string' && NUMBER_TEXT.test(v.trim()) ? Number(v) : NaN;
    switch (dv.criteria) {
      case 'VALUE_IN_LIST':
        return (a[0] as unknown[]).map(String).includes(String(v));
      case 'NUMBER_BETWEEN':
        return num >= Number(a[0]) && num <= Number(a[1]);
      case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
        return num >= Number(a[0]);
      case 'NUMBER_GREATER_THAN':
        return num > Number(a[0]);
      case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
        return num <= Number(a[0]);
      case 'NUMBER_LESS_THAN':
        return num < Number(a[0]);
      case 'NUMBER_EQUAL_TO':
        return num === Number(a[0]);
      case 'DATE_IS_VALID_DATE':
        return isDate(v) || (typeof v === 'string' && isDate(this.parseTyped(v, m).v));
      case 'CHECKBOX':
        return typeof v === 'boolean';
      default:
        return true; // custom formulas and the rest: not modelled, accepted
    }
  }

  // ---------------------------------------------------------------- cells

  /** What typing (or setValues) of a value stores. */
  parseTyped(v: CellInput, m: SpreadsheetModel, numberFormat?: string): { v: Stored; f?: string } {
    if (v === null || v === undefined) return { v: null };
    if (isDate(v)) return { v: new Date(v.getTime()) };
    if (typeof v === 'number') return { v: Number.isFinite(v) ? v : String(v) };
    if (typeof v === 'boolean') return { v };
    if (typeof v !== 'string') return { v: String(v) };
    if (v === '') return { v: null };
    if (v.startsWith("'")) return { v: v.slice(1) };
    if (v.startsWith('=') && v.length > 1) return { v: null, f: v };
    if (numberFormat === '@') return { v };
    const t = v.trim();
    if (NUMBER_TEXT.test(t)) return { v: Number(t) };
    if (/^(true|false)$/i.test(t)) return { v: t.toLowerCase() === 'true' };
    let d = DATE_TEXT.exec(t);
    if (d && realDate(+d[1], +d[2], +d[3]) && realTime(d[4], d[5], d[6]))
      return { v: new Date(zonedInstant(+d[1], +d[2], +d[3], m.timeZone, +(d[4] ?? 0), +(d[5] ?? 0), +(d[6] ?? 0))) };
    d = MONTH_DAY_TEXT.exec(t);
    if (d) {
      const y = zoned(this.options.now(), m.timeZone).y;
      if (realDate(y, +d[1], +d[2])) return { v: new Date(zonedInstant(y, +d[1], +d[2], m.timeZone)) };
    }
    return { v };
  }

  writeParsed(s: SheetModel, row: number, col: number, v: CellInput): void {
    const c = s.ensure(row, col);
    const p = this.parseTyped(v, s.book, c.nf);
    c.v = p.v;
    if (p.f !== undefined) c.f = p.f;
    else delete c.f;
    delete c.link;
    // Sheets gives a typed date a date format, a typed date-time a date-time format.
    if (isDate(p.v) && c.nf === undefined) c.nf = typeof v === 'string' && /\d:\d/.test(v) ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd';
  }

  /** Pushes a block of cells into the formula engine. */
  syncHf(s: SheetModel, rect: GridRect): void {
    const m = s.book;
    m.modifiedAt = this.options.now().getTime();
    const rows: unknown[][] = [];
    for (let r = 0; r < rect.numRows; r++) {
      const row: unknown[] = [];
      for (let c = 0; c < rect.numCols; c++) {
        const cell = s.cell(rect.row + r, rect.col + c);
        if (!cell) row.push(null);
        else if (cell.f !== undefined) row.push(cell.f);
        else if (cell.v === null) row.push(null);
        else if (typeof cell.v === 'string') row.push(`'${cell.v}`);
        else if (isDate(cell.v)) row.push(serialOf(cell.v, m.timeZone));
        else row.push(cell.v);
      }
      rows.push(row);
    }
    this.withHf(() => m.hf.setCellContents({ sheet: s.hfId, row: rect.row - 1, col: rect.col - 1 }, rows as any));
  }

  readValue(s: SheetModel, row: number, col: number): unknown {
    const c = s.cell(row, col);
    if ((!c || (c.f === undefined && c.v === null)) && s.spills) return this.spilledValue(s, row, col);
    if (!c) return '';
    if (c.f !== undefined) {
      const v = this.withHf(() => s.book.hf.getCellValue({ sheet: s.hfId, row: row - 1, col: col - 1 }));
      if (v instanceof DetailedCellError) return v.value;
      if (v === null || v === undefined) return '';
      return v;
    }
    if (c.v === null) return '';
    if (isDate(c.v)) return new Date(c.v.getTime());
    // Sheets: a number in a cell formatted as a date reads as that date (getValues gives a Date).
    if (typeof c.v === 'number' && c.nf && DATE_FORMAT_PATTERN.test(c.nf) && c.v > 0 && c.v < 2958466)
      return dateOfSerial(c.v, s.book.timeZone);
    return c.v;
  }

  /** An empty cell of a tab where an array result spills: the value spilled into it, if any. */
  private spilledValue(s: SheetModel, row: number, col: number): unknown {
    const v = this.withHf(() => s.book.hf.getCellValue({ sheet: s.hfId, row: row - 1, col: col - 1 }));
    if (v instanceof DetailedCellError) return v.value;
    return v === null || v === undefined ? '' : v;
  }

  displayValue(s: SheetModel, row: number, col: number): string {
    const v = this.readValue(s, row, col);
    const nf = s.cell(row, col)?.nf;
    if (isDate(v)) {
      const pattern = (nf && /[yd]/i.test(nf) ? nf : 'yyyy-mm-dd')
        .replace(/mm(?!:)/gi, 'MM')
        .replace(/hh/gi, 'HH')
        .replace(/:MM/g, ':mm');
      return formatDate(v, s.book.timeZone, pattern.replace(/Y/g, 'y').replace(/D/g, 'd'));
    }
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (typeof v === 'number') {
      if (nf && /^0(\.0+)?$/.test(nf)) return v.toFixed(nf.includes('.') ? nf.split('.')[1].length : 0);
      return String(Math.round(v * 1e10) / 1e10);
    }
    return String(v);
  }

  // ---------------------------------------------------------------- API objects

  private spreadsheetProxies = new WeakMap<SpreadsheetModel, GoogleAppsScript.Spreadsheet.Spreadsheet>();
  private sheetProxies = new WeakMap<SheetModel, GoogleAppsScript.Spreadsheet.Sheet>();

  wrapSpreadsheet(m: SpreadsheetModel): GoogleAppsScript.Spreadsheet.Spreadsheet {
    let p = this.spreadsheetProxies.get(m);
    if (!p) {
      p = tracked(this, 'Spreadsheet', new FakeSpreadsheet(this, m)) as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
      this.spreadsheetProxies.set(m, p);
    }
    return p;
  }

  wrapSheet(s: SheetModel): GoogleAppsScript.Spreadsheet.Sheet {
    let p = this.sheetProxies.get(s);
    if (!p) {
      p = tracked(this, 'Sheet', new FakeSheet(this, s)) as unknown as GoogleAppsScript.Spreadsheet.Sheet;
      this.sheetProxies.set(s, p);
    }
    return p;
  }

  wrapRange(s: SheetModel, rect: GridRect): GoogleAppsScript.Spreadsheet.Range {
    return tracked(this, 'Range', new FakeRange(this, s, rect)) as unknown as GoogleAppsScript.Spreadsheet.Range;
  }

  wrapProtection(p: ProtectionModel): GoogleAppsScript.Spreadsheet.Protection {
    return tracked(this, 'Protection', new FakeProtection(this, p)) as unknown as GoogleAppsScript.Spreadsheet.Protection;
  }

  /** Opens a file by id as SpreadsheetApp.openById does. */
  open(id: string, how: 'openById' | 'openByUrl'): SpreadsheetModel {
    const m = this.spreadsheets.get(id);
    if (!m || m.deleted) throw new GasException(`Unexpected error while getting the method or property ${how} on object SpreadsheetApp.`);
    if (m.noAccess) throw new GasException('You do not have permission to access the requested document.');
    return m;
  }

  private buildGlobals(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this;
    const ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' };
    const spreadsheetApp = {
      ProtectionType,
      DataValidationCriteria: CRITERIA,
      WrapStrategy: { WRAP: 'WRAP', OVERFLOW: 'OVERFLOW', CLIP: 'CLIP' },
      Dimension: { ROWS: 'ROWS', COLUMNS: 'COLUMNS' },
      BorderStyle: {
        SOLID: 'SOLID',
        DOTTED: 'DOTTED',
        DASHED: 'DASHED',
        SOLID_MEDIUM: 'SOLID_MEDIUM',
        SOLID_THICK: 'SOLID_THICK',
        DOUBLE: 'DOUBLE',
      },
      AutoFillSeries: { DEFAULT_SERIES: 'DEFAULT_SERIES', ALTERNATE_SERIES: 'ALTERNATE_SERIES' },
      DeveloperMetadataVisibility: { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' },
      create(name: string, rows?: number, columns?: number) {
        const m = fake.createSpreadsheet(String(name));
        if (rows) m.sheets[0].maxRows = rows;
        if (columns) m.sheets[0].maxCols = columns;
        return fake.wrapSpreadsheet(m);
      },
      openById(id: string) {
        return fake.wrapSpreadsheet(fake.open(String(id), 'openById'));
      },
      openByUrl(url: string) {
        const m = /\/spreadsheets\/d\/([a-zA-Z0-9-_]+)/.exec(String(url));
        if (!m) throw new GasException('Invalid argument: url');
        return fake.wrapSpreadsheet(fake.open(m[1], 'openByUrl'));
      },
      getActive() {
        return fake.active ? fake.wrapSpreadsheet(fake.active) : null;
      },
      getActiveSpreadsheet() {
        return fake.active ? fake.wrapSpreadsheet(fake.active) : null;
      },
      setActiveSpreadsheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet) {
        fake.active = fake.model(ss);
      },
      getActiveSheet() {
        return fake.active?.activeSheet ? fake.wrapSheet(fake.active.activeSheet) : null;
      },
      getActiveRange() {
        const a = fake.active?.activeRange;
        return a ? fake.wrapRange(a.sheet, a.rect) : null;
      },
      getUi() {
        return fake.makeUi();
      },
      newDataValidation() {
        return tracked(fake, 'DataValidationBuilder', new FakeDataValidationBuilder(fake));
      },
      newConditionalFormatRule() {
        return tracked(fake, 'ConditionalFormatRuleBuilder', new FakeConditionalFormatRuleBuilder(fake));
      },
      newRichTextValue() {
        return tracked(fake, 'RichTextValueBuilder', new FakeRichTextBuilder(fake));
      },
      flush() {},
    };
    const htmlService = {
      SandboxMode: { IFRAME: 'IFRAME', NATIVE: 'NATIVE', EMULATED: 'EMULATED' },
      XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
      createHtmlOutput(html?: string) {
        return tracked(fake, 'HtmlOutput', new FakeHtmlOutput(html ?? ''));
      },
      createHtmlOutputFromFile(name: string) {
        const html = fake.htmlFiles.get(name);
        if (html === undefined) throw new GasException(`No HTML file named ${name} was found.`);
        return tracked(fake, 'HtmlOutput', new FakeHtmlOutput(html));
      },
      createTemplate(html: string) {
        return tracked(fake, 'HtmlTemplate', new FakeHtmlTemplate(fake, html));
      },
    };
    const props = (store: () => Map<string, string>) => () => tracked(fake, 'Properties', new FakeProperties(store()));
    const propertiesService = {
      getScriptProperties: props(() => fake.properties.script),
      getUserProperties: props(() => fake.userProperties()),
      getDocumentProperties: () => {
        if (!fake.active) return null;
        let m = fake.properties.document.get(fake.active.id);
        if (!m) {
          m = new Map();
          fake.properties.document.set(fake.active.id, m);
        }
        const store = m;
        return tracked(fake, 'Properties', new FakeProperties(store));
      },
    };
    const lockService = {
      getScriptLock: () => tracked(fake, 'Lock', new FakeLock(fake, 'script')),
      getUserLock: () => tracked(fake, 'Lock', new FakeLock(fake, `user:${fake.options.user}`)),
      getDocumentLock: () => (fake.active ? tracked(fake, 'Lock', new FakeLock(fake, `document:${fake.active.id}`)) : null),
    };
    const scriptApp = {
      AuthMode: { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' },
      EventType: { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_CHANGE: 'ON_CHANGE', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT' },
      TriggerSource: { CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS', DRIVE: 'DRIVE' },
      WeekDay: {
        MONDAY: 'MONDAY',
        TUESDAY: 'TUESDAY',
        WEDNESDAY: 'WEDNESDAY',
        THURSDAY: 'THURSDAY',
        FRIDAY: 'FRIDAY',
        SATURDAY: 'SATURDAY',
        SUNDAY: 'SUNDAY',
      },
      newTrigger(functionName: string) {
        return tracked(fake, 'TriggerBuilder', new FakeTriggerBuilder(fake, String(functionName)));
      },
      getProjectTriggers() {
        // This project's triggers of the current user (each user sees only the triggers they installed).
        const me = fake.effectiveUser ?? fake.options.user;
        return fake.triggers.filter((t) => t.owner === me).map((t) => tracked(fake, 'Trigger', new FakeTrigger(t)));
      },
      getUserTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet) {
        const id = fake.model(ss).id;
        return fake.triggers.filter((t) => t.sourceId === id).map((t) => tracked(fake, 'Trigger', new FakeTrigger(t)));
      },
      deleteTrigger(trigger: { getUniqueId(): string }) {
        const i = fake.triggers.findIndex((t) => t.id === trigger.getUniqueId());
        if (i >= 0) fake.triggers.splice(i, 1);
      },
      getScriptId() {
        return 'fake-script-id';
      },
    };
    const utilities = {
      formatDate(date: Date, timeZone: string, format: string) {
        if (!isDate(date)) throw new GasException('Invalid argument: date');
        return formatDate(date, timeZone, format);
      },
      /** "The maximum allowed value is 300000 (or 5 minutes)". The fake's clock is the test's: sleeping does not move it. */
      sleep(milliseconds: number) {
        if (!(Number(milliseconds) >= 0 && Number(milliseconds) <= 300_000)) throw new GasException('Invalid argument: milliseconds');
      },
      getUuid() {
        fake.idSeq++;
        return `00000000-0000-4000-8000-${fake.idSeq.toString(16).padStart(12, '0')}`;
      },
    };
    const user = (email: () => string) => () => tracked(fake, 'User', { getEmail: email });
    const session = {
      getScriptTimeZone: () => fake.options.timeZone,
      getActiveUser: user(() => fake.options.user),
      getEffectiveUser: user(() => fake.effectiveUser ?? fake.options.user),
      getActiveUserLocale: () => fake.options.locale.split('_')[0],
      // "unique to the active user but does not reveal the user identity … unique to the script".
      getTemporaryActiveUserKey: () => temporaryKey(fake.options.user),
    };
    const driveApp = {
      getFileById(id: string) {
        const m = fake.spreadsheets.get(String(id));
        if (!m || m.deleted || m.noAccess)
          throw new GasException(
            'No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.',
          );
        return tracked(fake, 'File', new FakeFile(m));
      },
    };
    const logger = {
      log(...args: unknown[]) {
        fake.logs.push({ level: 'log', message: args.map(String).join(' ') });
        return logger;
      },
    };
    const consoleFake = Object.fromEntries(
      ['log', 'info', 'warn', 'error'].map((level) => [
        level,
        (...args: unknown[]) =>
          void fake.logs.push({ level, message: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') }),
      ]),
    );
    const charts = {
      ChartType: {
        AREA: 'AREA',
        BAR: 'BAR',
        COLUMN: 'COLUMN',
        COMBO: 'COMBO',
        LINE: 'LINE',
        PIE: 'PIE',
        SCATTER: 'SCATTER',
        TABLE: 'TABLE',
        HISTOGRAM: 'HISTOGRAM',
      },
    };
    return {
      SpreadsheetApp: tracked(fake, 'SpreadsheetApp', spreadsheetApp),
      HtmlService: tracked(fake, 'HtmlService', htmlService),
      PropertiesService: tracked(fake, 'PropertiesService', propertiesService),
      LockService: tracked(fake, 'LockService', lockService),
      ScriptApp: tracked(fake, 'ScriptApp', scriptApp),
      Utilities: tracked(fake, 'Utilities', utilities),
      Session: tracked(fake, 'Session', session),
      DriveApp: tracked(fake, 'DriveApp', driveApp),
      Logger: logger,
      console: consoleFake,
      Charts: charts,
    };
  }

  makeUi(): GoogleAppsScript.Base.Ui {
    return tracked(this, 'Ui', new FakeUi(this)) as unknown as GoogleAppsScript.Base.Ui;
  }

  takeAnswer(what: string): UiAnswer {
    const a = this.ui.answers.shift();
    if (!a) throw new Error(`fake Ui: no scripted answer for ${what}`);
    return a;
  }

  nextMetadataId(): number {
    return ++this.metadataSeq;
  }

  wrapMetadata(m: SpreadsheetModel, d: DeveloperMetadataModel): GoogleAppsScript.Spreadsheet.DeveloperMetadata {
    return tracked(this, 'DeveloperMetadata', new FakeMetadata(m, d)) as unknown as GoogleAppsScript.Spreadsheet.DeveloperMetadata;
  }

  /** The settings a spreadsheet carries under a developer-metadata key (test setup and assertions; not counted). */
  metadataValue(ss: SpreadsheetModel | string, key: string): string | null {
    return this.model(ss).metadata.find((d) => d.key === key)?.value ?? null;
  }

  nextLockHolder(): number {
    return ++this.lockSeq;
  }

  nextTriggerId(): string {
    this.idSeq++;
    return `trigger-${this.idSeq}`;
  }
}

/** A fresh fake with its services installed on `target` (globalThis by default). */
export function installFakeGas(
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  options: FakeGasOptions = {},
): FakeGas {
  const fake = new FakeGas(options);
  fake.install(target);
  return fake;
}

// ------------------------------------------------------------------ Spreadsheet

const DEFAULT_NUMBER_FORMAT = '0.###############';

function checkRect(s: SheetModel, row: number, col: number, numRows: number, numCols: number): GridRect {
  for (const [v, what] of [
    [row, 'row'],
    [col, 'column'],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new GasException(`Cannot convert '${String(v)}' to int.`);
    if (v < 1) throw new GasException(`The starting ${what} of the range is too small.`);
  }
  if (numRows < 1) throw new GasException('The number of rows in the range must be at least 1.');
  if (numCols < 1) throw new GasException('The number of columns in the range must be at least 1.');
  if (row + numRows - 1 > s.maxRows || col + numCols - 1 > s.maxCols)
    throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
  return { row: Math.floor(row), col: Math.floor(col), numRows: Math.floor(numRows), numCols: Math.floor(numCols) };
}

function rangeOfA1(s: SheetModel, a1: string): GridRect {
  const r = parseA1(a1, s.maxRows, s.maxCols);
  if (!r) throw new GasException('Range not found');
  return checkRect(s, r.row, r.col, r.numRows, r.numCols);
}

function modelOfRange(r: unknown): { sheet: SheetModel; rect: GridRect } {
  const raw = r as { _sheet?: SheetModel; _rect?: GridRect };
  if (!raw._sheet || !raw._rect) throw new GasException('Invalid argument: range');
  return { sheet: raw._sheet, rect: raw._rect };
}

class FakeSpreadsheet {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    readonly _m: SpreadsheetModel,
  ) {}
  getId(): string {
    return this._m.id;
  }
  getUrl(): string {
    return this._m.url;
  }
  getName(): string {
    return this._m.name;
  }
  rename(name: string): void {
    this._m.name = String(name);
  }
  getSpreadsheetLocale(): string {
    return this._m.locale;
  }
  setSpreadsheetLocale(locale: string): void {
    this._m.locale = locale;
  }
  getSpreadsheetTimeZone(): string {
    return this._m.timeZone;
  }
  setSpreadsheetTimeZone(tz: string): void {
    this._m.timeZone = tz;
  }
  getSheets(): GoogleAppsScript.Spreadsheet.Sheet[] {
    return this._m.sheets.map((s) => this._fake.wrapSheet(s));
  }
  getNumSheets(): number {
    return this._m.sheets.length;
  }
  getSheetByName(name: string): GoogleAppsScript.Spreadsheet.Sheet | null {
    const s = this._m.sheetByName(String(name));
    return s ? this._fake.wrapSheet(s) : null;
  }
  getSheetById(id: number): GoogleAppsScript.Spreadsheet.Sheet | null {
    const s = this._m.sheets.find((x) => x.id === id);
    return s ? this._fake.wrapSheet(s) : null;
  }
  insertSheet(...args: unknown[]): GoogleAppsScript.Spreadsheet.Sheet {
    let name: string | undefined;
    let index: number | undefined;
    for (const a of args) {
      if (typeof a === 'string') name = a;
      else if (typeof a === 'number') index = a;
    }
    if (name === undefined) {
      let n = this._m.sheets.length + 1;
      while (this._m.sheetByName(`Sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    if (this._m.sheetByName(name)) throw new GasException(`A sheet with the name "${name}" already exists. Please enter another name.`);
    const s = this._m.addSheet(name, index === undefined ? this._m.sheets.length : Math.max(0, Math.min(index, this._m.sheets.length)));
    this._m.activeSheet = s;
    return this._fake.wrapSheet(s);
  }
  deleteSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
    const s = (sheet as unknown as { _s: SheetModel })._s;
    const i = this._m.sheets.indexOf(s);
    if (i < 0) throw new GasException('Invalid argument: sheet');
    if (this._m.sheets.filter((x) => x !== s && !x.hidden).length === 0)
      throw new GasException("You can't remove all the sheets in a document.");
    this._m.sheets.splice(i, 1);
    this._fake.withHf(() => this._m.hf.removeSheet(this._m.hf.getSheetId(s.name) as number));
    this._m.protections = this._m.protections.filter((p) => p.sheet !== s);
    for (const [k, r] of this._m.namedRanges) if (r.sheet === s) this._m.namedRanges.delete(k);
    if (this._m.activeSheet === s) this._m.activeSheet = this._m.sheets[0];
  }
  getActiveSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    return this._fake.wrapSheet(this._m.activeSheet ?? this._m.sheets[0]);
  }
  setActiveSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet): GoogleAppsScript.Spreadsheet.Sheet {
    this._m.activeSheet = (sheet as unknown as { _s: SheetModel })._s;
    return sheet;
  }
  getActiveRange(): GoogleAppsScript.Spreadsheet.Range | null {
    const a = this._m.activeRange;
    return a ? this._fake.wrapRange(a.sheet, a.rect) : null;
  }
  setActiveRange(range: GoogleAppsScript.Spreadsheet.Range): GoogleAppsScript.Spreadsheet.Range {
    const { sheet, rect } = modelOfRange(range);
    this._m.activeSheet = sheet;
    this._m.activeRange = { sheet, rect };
    return range;
  }
  getRange(a1: string): GoogleAppsScript.Spreadsheet.Range {
    const { sheet, range } = splitSheet(String(a1));
    const s = sheet === undefined ? (this._m.activeSheet ?? this._m.sheets[0]) : this._m.sheetByName(sheet);
    if (!s) throw new GasException('Range not found');
    return this._fake.wrapRange(s, rangeOfA1(s, range));
  }
  setNamedRange(name: string, range: GoogleAppsScript.Spreadsheet.Range): void {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name)) throw new GasException('Invalid argument: name');
    this._m.namedRanges.set(name, modelOfRange(range));
  }
  getRangeByName(name: string): GoogleAppsScript.Spreadsheet.Range | null {
    const r = this._m.namedRanges.get(name);
    return r ? this._fake.wrapRange(r.sheet, r.rect) : null;
  }
  removeNamedRange(name: string): void {
    if (!this._m.namedRanges.delete(name)) throw new GasException(`Named range ${name} not found.`);
  }
  getNamedRanges(): unknown[] {
    return [...this._m.namedRanges.keys()].map((name) =>
      tracked(this._fake, 'NamedRange', {
        getName: () => name,
        getRange: () => {
          const r = this._m.namedRanges.get(name);
          if (!r) throw new GasException(`Named range ${name} not found.`);
          return this._fake.wrapRange(r.sheet, r.rect);
        },
        remove: () => void this._m.namedRanges.delete(name),
      }),
    );
  }
  toast(message: string, title?: string, _timeoutSeconds?: number): void {
    this._fake.ui.toasts.push({ spreadsheet: this._m.id, message: String(message), title: title ?? '' });
  }
  getProtections(type: string): GoogleAppsScript.Spreadsheet.Protection[] {
    return this._m.protections.filter((p) => !p.removed && p.type === type).map((p) => this._fake.wrapProtection(p));
  }
  addDeveloperMetadata(key: string, value?: string, visibility?: string) {
    if (!key || String(key).length > 256) throw new GasException('Invalid argument: key');
    const v = value === undefined ? null : String(value);
    if (v !== null && v.length > 30_000) throw new GasException('Invalid argument: value');
    this._m.metadata.push({ id: this._fake.nextMetadataId(), key: String(key), value: v, visibility: visibility ?? 'DOCUMENT' });
    return self(this);
  }
  getDeveloperMetadata() {
    return this._m.metadata.map((d) => this._fake.wrapMetadata(this._m, d));
  }
  createDeveloperMetadataFinder() {
    return tracked(this._fake, 'DeveloperMetadataFinder', new FakeMetadataFinder(this._fake, this._m));
  }
  /** Copies the spreadsheet (its tabs with values, formulas, notes, validations, formats, protections, and its bound script). */
  copy(name: string): GoogleAppsScript.Spreadsheet.Spreadsheet {
    const m = this._fake.createSpreadsheet(String(name), {
      locale: this._m.locale,
      timeZone: this._m.timeZone,
      boundScript: this._m.boundScript ?? undefined,
      noSheets: true,
    });
    const map = new Map<SheetModel, SheetModel>();
    for (const s of this._m.sheets) {
      const t = m.addSheet(s.name);
      map.set(s, t);
      t.maxRows = s.maxRows;
      t.maxCols = s.maxCols;
      t.frozenRows = s.frozenRows;
      t.frozenCols = s.frozenCols;
      t.hidden = s.hidden;
      t.tabColor = s.tabColor;
      t.widths = new Map(s.widths);
      t.merges = s.merges.map((r) => ({ ...r }));
      t.conditionalFormats = s.conditionalFormats.map((f) => ({ ...f, ranges: f.ranges.map((r) => ({ ...r })), values: [...f.values] }));
      for (const [r, row] of s.cells)
        for (const [c, cell] of row)
          Object.assign(t.ensure(r, c), {
            ...cell,
            fmt: cell.fmt && { ...cell.fmt },
            v: isDate(cell.v) ? new Date(cell.v.getTime()) : cell.v,
          });
    }
    for (const t of map.values())
      if (t.cells.size) this._fake.syncHf(t, { row: 1, col: 1, numRows: t.lastRowAny(), numCols: t.lastColAny() });
    for (const p of this._m.protections) {
      if (p.removed) continue;
      m.protections.push({
        ...p,
        sheet: map.get(p.sheet) as SheetModel,
        editors: new Set([this._fake.options.user]),
        unprotected: p.unprotected.map((u) => ({ sheet: map.get(u.sheet) as SheetModel, rect: { ...u.rect } })),
      });
    }
    for (const [k, r] of this._m.namedRanges) m.namedRanges.set(k, { sheet: map.get(r.sheet) as SheetModel, rect: { ...r.rect } });
    m.metadata = this._m.metadata.map((d) => ({ ...d, id: this._fake.nextMetadataId() }));
    m.activeSheet = m.sheets[0];
    return this._fake.wrapSpreadsheet(m);
  }
}

class FakeMetadata {
  _proxy?: unknown;
  constructor(
    private readonly _m: SpreadsheetModel,
    private readonly _d: DeveloperMetadataModel,
  ) {}
  getId(): number {
    return this._d.id;
  }
  getKey(): string {
    return this._d.key;
  }
  getValue(): string | null {
    return this._d.value;
  }
  getVisibility(): string {
    return this._d.visibility;
  }
  getLocation() {
    return { getLocationType: () => 'SPREADSHEET' };
  }
  setValue(value: string) {
    if (String(value).length > 30_000) throw new GasException('Invalid argument: value');
    this._d.value = String(value);
    return self(this);
  }
  setKey(key: string) {
    this._d.key = String(key);
    return self(this);
  }
  remove(): void {
    this._m.metadata = this._m.metadata.filter((d) => d !== this._d);
  }
}

class FakeMetadataFinder {
  _proxy?: unknown;
  private key: string | null = null;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _m: SpreadsheetModel,
  ) {}
  withKey(key: string) {
    this.key = String(key);
    return self(this);
  }
  find() {
    return this._m.metadata.filter((d) => this.key === null || d.key === this.key).map((d) => this._fake.wrapMetadata(this._m, d));
  }
}

// ------------------------------------------------------------------ Sheet

class FakeSheet {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    readonly _s: SheetModel,
  ) {}
  private get _me(): GoogleAppsScript.Spreadsheet.Sheet {
    return self(this);
  }
  getName(): string {
    return this._s.name;
  }
  setName(name: string): GoogleAppsScript.Spreadsheet.Sheet {
    const n = String(name);
    if (n !== this._s.name) {
      if (this._s.book.sheetByName(n)) throw new GasException(`A sheet with the name "${n}" already exists. Please enter another name.`);
      this._fake.withHf(() => this._s.book.hf.renameSheet(this._s.hfId, n));
      this._s.name = n;
    }
    return this._me;
  }
  getSheetId(): number {
    return this._s.id;
  }
  getIndex(): number {
    return this._s.book.sheets.indexOf(this._s) + 1;
  }
  getParent(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this._fake.wrapSpreadsheet(this._s.book);
  }
  activate(): GoogleAppsScript.Spreadsheet.Sheet {
    this._s.book.activeSheet = this._s;
    return this._me;
  }
  getRange(a: unknown, col?: number, numRows?: number, numCols?: number): GoogleAppsScript.Spreadsheet.Range {
    if (typeof a === 'string') return this._fake.wrapRange(this._s, rangeOfA1(this._s, a));
    return this._fake.wrapRange(this._s, checkRect(this._s, a as number, col as number, numRows ?? 1, numCols ?? 1));
  }
  /** Replaces the sheet's conditional format rules (Sheet.setConditionalFormatRules): each rule's ranges must be on this sheet. */
  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    for (const r of rules)
      if (r._model.ranges.length === 0 || r._sheets.some((s) => s !== this._s))
        throw new GasException('Conditional format rule cannot reference a different sheet.');
    this._s.conditionalFormats = rules.map((r) => ({ ...r._model, ranges: r._model.ranges.map((x) => ({ ...x })) }));
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    return this._s.conditionalFormats.map(
      (m) =>
        new FakeConditionalFormatRule(
          this._fake,
          m,
          m.ranges.map(() => this._s),
        ),
    );
  }
  getRangeList(a1Notations: string[]): GoogleAppsScript.Spreadsheet.RangeList {
    const rects = a1Notations.map((a) => rangeOfA1(this._s, a));
    return tracked(
      this._fake,
      'RangeList',
      new FakeRangeList(this._fake, this._s, rects),
    ) as unknown as GoogleAppsScript.Spreadsheet.RangeList;
  }
  getDataRange(): GoogleAppsScript.Spreadsheet.Range {
    return this._fake.wrapRange(this._s, {
      row: 1,
      col: 1,
      numRows: Math.max(1, this._s.lastRow()),
      numCols: Math.max(1, this._s.lastCol()),
    });
  }
  getLastRow(): number {
    return this._s.lastRow();
  }
  getLastColumn(): number {
    return this._s.lastCol();
  }
  getMaxRows(): number {
    return this._s.maxRows;
  }
  getMaxColumns(): number {
    return this._s.maxCols;
  }
  insertRowsAfter(afterPosition: number, howMany: number): GoogleAppsScript.Spreadsheet.Sheet {
    this._insertRows(afterPosition, howMany);
    return this._me;
  }
  insertRowsBefore(beforePosition: number, howMany: number): GoogleAppsScript.Spreadsheet.Sheet {
    this._insertRows(beforePosition - 1, howMany);
    return this._me;
  }
  insertRowAfter(afterPosition: number): GoogleAppsScript.Spreadsheet.Sheet {
    this._insertRows(afterPosition, 1);
    return this._me;
  }
  insertRowBefore(beforePosition: number): GoogleAppsScript.Spreadsheet.Sheet {
    this._insertRows(beforePosition - 1, 1);
    return this._me;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): GoogleAppsScript.Spreadsheet.Sheet {
    if (afterPosition !== this._s.maxCols) throw new Error('fake: insertColumnsAfter only at the end of the sheet');
    this._s.maxCols += howMany;
    return this._me;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    if (columnPosition < 1 || columnPosition + howMany - 1 > this._s.maxCols) throw new GasException('Those columns are out of bounds.');
    if (howMany >= this._s.maxCols) throw new GasException("You can't delete all the columns on the sheet.");
    if (columnPosition + howMany - 1 !== this._s.maxCols || this._s.lastColAny() >= columnPosition)
      throw new Error('fake: deleteColumns only of unused columns at the end of the sheet');
    this._s.maxCols -= howMany;
  }
  deleteRows(rowPosition: number, howMany: number): void {
    if (rowPosition < 1 || rowPosition + howMany - 1 > this._s.maxRows) throw new GasException('Those rows are out of bounds.');
    if (howMany >= this._s.maxRows) throw new GasException("You can't delete all the rows on the sheet.");
    this._shiftRows(rowPosition, -howMany);
    this._s.maxRows -= howMany;
  }
  deleteRow(rowPosition: number): void {
    this.deleteRows(rowPosition, 1);
  }
  _insertRows(after: number, howMany: number): void {
    if (after < 0 || after > this._s.maxRows) throw new GasException('Those rows are out of bounds.');
    this._s.maxRows += howMany;
    this._shiftRows(after + 1, howMany);
  }
  /** Moves rows from `from` on by `by` (negative: deletes rows from..from-by-1), formulas adjusted by HyperFormula. */
  _shiftRows(from: number, by: number): void {
    const s = this._s;
    const m = s.book;
    this._fake.withHf(() => {
      if (by > 0) m.hf.addRows(s.hfId, [from - 1, by]);
      else m.hf.removeRows(s.hfId, [from - 1, -by]);
    });
    const moved = new Map<number, Map<number, Cell>>();
    for (const [r, row] of s.cells) {
      if (r < from) moved.set(r, row);
      else if (by < 0 && r < from - by) continue;
      else moved.set(r + by, row);
    }
    s.cells = moved;
    for (const [r, row] of s.cells)
      for (const [c, cell] of row) {
        if (cell.f !== undefined) cell.f = (m.hf.getCellFormula({ sheet: s.hfId, row: r - 1, col: c - 1 }) as string | undefined) ?? cell.f;
      }
    const shift = (rect: GridRect) =>
      rect.row >= from
        ? { ...rect, row: rect.row + by }
        : rect.row + rect.numRows - 1 >= from && by > 0
          ? { ...rect, numRows: rect.numRows + by }
          : rect;
    s.merges = s.merges.map(shift);
    for (const p of m.protections) {
      if (p.sheet === s && p.rect) p.rect = shift(p.rect);
      p.unprotected = p.unprotected.map((u) => (u.sheet === s ? { sheet: s, rect: shift(u.rect) } : u));
    }
    for (const [k, r] of m.namedRanges) if (r.sheet === s) m.namedRanges.set(k, { sheet: s, rect: shift(r.rect) });
  }
  appendRow(rowContents: CellInput[]): GoogleAppsScript.Spreadsheet.Sheet {
    if (!Array.isArray(rowContents)) throw new GasException('Invalid argument: rowContents');
    checkCellText([rowContents]);
    const row = this._s.lastRow() + 1;
    if (row > this._s.maxRows) this._s.maxRows = row;
    if (rowContents.length > this._s.maxCols) this._s.maxCols = rowContents.length;
    rowContents.forEach((v, j) => this._fake.writeParsed(this._s, row, j + 1, v));
    this._fake.syncHf(this._s, { row, col: 1, numRows: 1, numCols: Math.max(1, rowContents.length) });
    return this._me;
  }
  setFrozenRows(rows: number): void {
    if (rows < 0 || rows >= this._s.maxRows) throw new GasException('Invalid argument: rows');
    this._s.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this._s.frozenRows;
  }
  setFrozenColumns(columns: number): void {
    this._s.frozenCols = columns;
  }
  getFrozenColumns(): number {
    return this._s.frozenCols;
  }
  setColumnWidth(columnPosition: number, width: number): GoogleAppsScript.Spreadsheet.Sheet {
    this._s.widths.set(columnPosition, width);
    return this._me;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): GoogleAppsScript.Spreadsheet.Sheet {
    if (startColumn < 1 || startColumn + numColumns - 1 > this._s.maxCols)
      throw new GasException('The coordinates of the range are outside the dimensions of the sheet.');
    for (let c = startColumn; c < startColumn + numColumns; c++) this._s.widths.set(c, width);
    return this._me;
  }
  getColumnWidth(columnPosition: number): number {
    return this._s.widths.get(columnPosition) ?? 100;
  }
  setRowHeight(rowPosition: number, height: number): GoogleAppsScript.Spreadsheet.Sheet {
    this._s.rowHeights.set(rowPosition, height);
    return this._me;
  }
  setRowHeights(startRow: number, numRows: number, height: number): GoogleAppsScript.Spreadsheet.Sheet {
    for (let r = startRow; r < startRow + numRows; r++) this._s.rowHeights.set(r, height);
    return this._me;
  }
  autoResizeColumns(_startColumn: number, _numColumns: number): GoogleAppsScript.Spreadsheet.Sheet {
    return this._me;
  }
  hideColumns(columnIndex: number, numColumns = 1): void {
    if (columnIndex < 1 || numColumns < 1 || columnIndex + numColumns - 1 > this._s.maxCols) {
      throw new GasException('Those columns are out of bounds.');
    }
    for (let c = columnIndex; c < columnIndex + numColumns; c++) this._s.hiddenColumns.add(c);
  }
  showColumns(columnIndex: number, numColumns = 1): void {
    if (columnIndex < 1 || numColumns < 1 || columnIndex + numColumns - 1 > this._s.maxCols) {
      throw new GasException('Those columns are out of bounds.');
    }
    for (let c = columnIndex; c < columnIndex + numColumns; c++) this._s.hiddenColumns.delete(c);
  }
  isColumnHiddenByUser(columnPosition: number): boolean {
    return this._s.hiddenColumns.has(columnPosition);
  }
  hideSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    if (this._s.book.sheets.filter((x) => x !== this._s && !x.hidden).length === 0)
      throw new GasException("You can't hide all the sheets in a document.");
    this._s.hidden = true;
    return this._me;
  }
  showSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this._s.hidden = false;
    return this._me;
  }
  isSheetHidden(): boolean {
    return this._s.hidden;
  }
  setTabColor(color: string | null): GoogleAppsScript.Spreadsheet.Sheet {
    this._s.tabColor = color;
    return this._me;
  }
  protect(): GoogleAppsScript.Spreadsheet.Protection {
    const existing = this._s.book.protections.find((p) => !p.removed && p.type === 'SHEET' && p.sheet === this._s);
    if (existing) return this._fake.wrapProtection(existing);
    const p: ProtectionModel = {
      type: 'SHEET',
      sheet: this._s,
      description: '',
      warningOnly: false,
      editors: new Set([this._fake.options.user]),
      domainEdit: false,
      unprotected: [],
      removed: false,
    };
    this._s.book.protections.push(p);
    return this._fake.wrapProtection(p);
  }
  getProtections(type: string): GoogleAppsScript.Spreadsheet.Protection[] {
    return this._s.book.protections
      .filter((p) => !p.removed && p.sheet === this._s && p.type === type)
      .map((p) => this._fake.wrapProtection(p));
  }
  clear(): GoogleAppsScript.Spreadsheet.Sheet {
    this._s.cells = new Map();
    this._s.merges = [];
    this._fake.withHf(() => this._s.book.hf.clearSheet(this._s.hfId));
    return this._me;
  }
  clearContents(): GoogleAppsScript.Spreadsheet.Sheet {
    for (const row of this._s.cells.values())
      for (const c of row.values()) {
        c.v = null;
        delete c.f;
        delete c.link;
      }
    this._fake.withHf(() => this._s.book.hf.clearSheet(this._s.hfId));
    return this._me;
  }
  clearNotes(): GoogleAppsScript.Spreadsheet.Sheet {
    for (const row of this._s.cells.values()) for (const c of row.values()) delete c.note;
    return this._me;
  }
  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    return tracked(
      this._fake,
      'EmbeddedChartBuilder',
      new FakeChartBuilder(this._fake, this._s),
    ) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
  }
  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const c = (chart as unknown as { _c: ChartModel })._c;
    if (!this._s.charts.includes(c)) this._s.charts.push(c);
  }
  updateChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const c = (chart as unknown as { _c: ChartModel })._c;
    const i = this._s.charts.findIndex((x) => x.id === c.id);
    if (i < 0) throw new GasException('Invalid argument: chart');
    this._s.charts[i] = c;
  }
  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    const c = (chart as unknown as { _c: ChartModel })._c;
    this._s.charts = this._s.charts.filter((x) => x.id !== c.id);
  }
  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    return this._s.charts.map(
      (c) =>
        tracked(
          this._fake,
          'EmbeddedChart',
          new FakeChart(this._fake, this._s, c),
        ) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChart,
    );
  }
}

// ------------------------------------------------------------------ Range

class FakeRange {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    readonly _sheet: SheetModel,
    readonly _rect: GridRect,
  ) {}
  private get _me(): GoogleAppsScript.Spreadsheet.Range {
    return self(this);
  }
  private _each<T>(fn: (row: number, col: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this._rect.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < this._rect.numCols; c++) row.push(fn(this._rect.row + r, this._rect.col + c));
      out.push(row);
    }
    return out;
  }
  private _checkShape(values: unknown, what = 'data'): unknown[][] {
    if (!is2D(values))
      throw new GasException(
        `The parameters (${Array.isArray(values) ? 'number[]' : typeof values}) don't match the method signature for SpreadsheetApp.Range.set${what === 'data' ? 'Values' : what}.`,
      );
    if (values.length !== this._rect.numRows)
      throw new GasException(
        `The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this._rect.numRows}.`,
      );
    for (const row of values) {
      if (row.length !== this._rect.numCols)
        throw new GasException(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this._rect.numCols}.`,
        );
    }
    return values;
  }
  private _set(values: unknown[][], apply: (cell: Cell, v: unknown, row: number, col: number) => void): void {
    values.forEach((row, i) =>
      row.forEach((v, j) => apply(this._sheet.ensure(this._rect.row + i, this._rect.col + j), v, this._rect.row + i, this._rect.col + j)),
    );
  }
  private _fill<T>(v: T): T[][] {
    return Array.from({ length: this._rect.numRows }, () => Array.from({ length: this._rect.numCols }, () => v));
  }

  // where
  getA1Notation(): string {
    return a1Of(this._rect);
  }
  getRow(): number {
    return this._rect.row;
  }
  getColumn(): number {
    return this._rect.col;
  }
  getLastRow(): number {
    return this._rect.row + this._rect.numRows - 1;
  }
  getLastColumn(): number {
    return this._rect.col + this._rect.numCols - 1;
  }
  getNumRows(): number {
    return this._rect.numRows;
  }
  getNumColumns(): number {
    return this._rect.numCols;
  }
  getHeight(): number {
    return this._rect.numRows;
  }
  getWidth(): number {
    return this._rect.numCols;
  }
  getSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    return this._fake.wrapSheet(this._sheet);
  }
  getGridId(): number {
    return this._sheet.id;
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): GoogleAppsScript.Spreadsheet.Range {
    return this._fake.wrapRange(
      this._sheet,
      checkRect(
        this._sheet,
        this._rect.row + rowOffset,
        this._rect.col + columnOffset,
        numRows ?? this._rect.numRows,
        numColumns ?? this._rect.numCols,
      ),
    );
  }
  getCell(row: number, column: number): GoogleAppsScript.Spreadsheet.Range {
    if (row < 1 || column < 1 || row > this._rect.numRows || column > this._rect.numCols)
      throw new GasException('Cell reference out of range');
    return this._fake.wrapRange(this._sheet, { row: this._rect.row + row - 1, col: this._rect.col + column - 1, numRows: 1, numCols: 1 });
  }
  activate(): GoogleAppsScript.Spreadsheet.Range {
    this._sheet.book.activeSheet = this._sheet;
    this._sheet.book.activeRange = { sheet: this._sheet, rect: this._rect };
    return this._me;
  }

  // values
  getValues(): unknown[][] {
    return this._each((r, c) => this._fake.readValue(this._sheet, r, c));
  }
  getValue(): unknown {
    return this._fake.readValue(this._sheet, this._rect.row, this._rect.col);
  }
  getDisplayValues(): string[][] {
    return this._each((r, c) => this._fake.displayValue(this._sheet, r, c));
  }
  getDisplayValue(): string {
    return this._fake.displayValue(this._sheet, this._rect.row, this._rect.col);
  }
  setValues(values: CellInput[][]): GoogleAppsScript.Spreadsheet.Range {
    const v = this._checkShape(values) as CellInput[][];
    checkCellText(v);
    v.forEach((row, i) => row.forEach((x, j) => this._fake.writeParsed(this._sheet, this._rect.row + i, this._rect.col + j, x)));
    this._fake.syncHf(this._sheet, this._rect);
    return this._me;
  }
  setValue(value: CellInput): GoogleAppsScript.Spreadsheet.Range {
    return this.setValues(this._fill(value));
  }
  isBlank(): boolean {
    return this._each((r, c) => this._sheet.hasContent(this._sheet.cell(r, c))).every((row) => row.every((x) => !x));
  }
  getFormulas(): string[][] {
    return this._each((r, c) => this._sheet.cell(r, c)?.f ?? '');
  }
  getFormula(): string {
    return this._sheet.cell(this._rect.row, this._rect.col)?.f ?? '';
  }
  setFormulas(formulas: string[][]): GoogleAppsScript.Spreadsheet.Range {
    this._set(this._checkShape(formulas, 'Formulas'), (cell, f) => {
      const s = String(f ?? '');
      delete cell.link;
      if (s === '') {
        delete cell.f;
        cell.v = null;
      } else if (s.startsWith('=')) {
        cell.f = s;
        cell.v = null;
      } else {
        delete cell.f;
        cell.v = this._fake.parseTyped(s, this._sheet.book, cell.nf).v;
      }
    });
    this._fake.syncHf(this._sheet, this._rect);
    return this._me;
  }
  setFormula(formula: string): GoogleAppsScript.Spreadsheet.Range {
    return this.setFormulas(this._fill(formula));
  }
  clearContent(): GoogleAppsScript.Spreadsheet.Range {
    this._each((r, c) => {
      const cell = this._sheet.cell(r, c);
      if (cell) {
        cell.v = null;
        delete cell.f;
        delete cell.link;
      }
    });
    this._fake.syncHf(this._sheet, this._rect);
    return this._me;
  }
  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    commentsOnly?: boolean;
    validationsOnly?: boolean;
  }): GoogleAppsScript.Spreadsheet.Range {
    const o = options ?? {};
    const all = !o.contentsOnly && !o.formatOnly && !o.commentsOnly && !o.validationsOnly;
    this._each((r, c) => {
      const cell = this._sheet.cell(r, c);
      if (!cell) return;
      if (all || o.contentsOnly) {
        cell.v = null;
        delete cell.f;
        delete cell.link;
      }
      if (all || o.formatOnly) {
        delete cell.fmt;
        delete cell.nf;
      }
      if (all || o.commentsOnly) delete cell.note;
      if (o.validationsOnly) delete cell.dv;
    });
    this._fake.syncHf(this._sheet, this._rect);
    return this._me;
  }
  clearFormat(): GoogleAppsScript.Spreadsheet.Range {
    this._each((r, c) => {
      const cell = this._sheet.cell(r, c);
      if (cell) {
        delete cell.fmt;
        delete cell.nf;
      }
    });
    return this._me;
  }

  // rich text (literal text, never parsed)
  setRichTextValues(values: Array<Array<FakeRichText | null>>): GoogleAppsScript.Spreadsheet.Range {
    this._set(this._checkShape(values, 'RichTextValues'), (cell, v) => {
      const rt = v as FakeRichText | null;
      delete cell.f;
      cell.v = rt && rt.text !== '' ? rt.text : null;
      if (rt?.link) cell.link = rt.link;
      else delete cell.link;
    });
    this._fake.syncHf(this._sheet, this._rect);
    return this._me;
  }
  setRichTextValue(value: FakeRichText): GoogleAppsScript.Spreadsheet.Range {
    return this.setRichTextValues(this._fill(value));
  }
  getRichTextValues(): FakeRichText[][] {
    return this._each((r, c) => {
      const cell = this._sheet.cell(r, c);
      return new FakeRichText(cell?.f !== undefined ? '' : this._fake.displayValue(this._sheet, r, c), cell?.link ?? null);
    });
  }
  getRichTextValue(): FakeRichText {
    return this.getRichTextValues()[0][0];
  }

  // notes
  getNotes(): string[][] {
    return this._each((r, c) => this._sheet.cell(r, c)?.note ?? '');
  }
  getNote(): string {
    return this._sheet.cell(this._rect.row, this._rect.col)?.note ?? '';
  }
  setNotes(notes: Array<Array<string | null>>): GoogleAppsScript.Spreadsheet.Range {
    this._set(this._checkShape(notes, 'Notes'), (cell, n) => {
      if (n === null || n === undefined || n === '') delete cell.note;
      else cell.note = String(n);
    });
    return this._me;
  }
  setNote(note: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this.setNotes(this._fill(note));
  }
  clearNote(): GoogleAppsScript.Spreadsheet.Range {
    return this.setNote(null);
  }

  // validation
  getDataValidations(): Array<Array<FakeDataValidation | null>> {
    return this._each((r, c) => this._sheet.cell(r, c)?.dv ?? null);
  }
  getDataValidation(): FakeDataValidation | null {
    return this._sheet.cell(this._rect.row, this._rect.col)?.dv ?? null;
  }
  setDataValidations(rules: Array<Array<FakeDataValidation | null>>): GoogleAppsScript.Spreadsheet.Range {
    this._set(this._checkShape(rules, 'DataValidations'), (cell, rule) => {
      if (rule === null || rule === undefined) delete cell.dv;
      else if (rule instanceof FakeDataValidation) cell.dv = rule;
      else throw new GasException('Invalid argument: rules');
    });
    return this._me;
  }
  setDataValidation(rule: FakeDataValidation | null): GoogleAppsScript.Spreadsheet.Range {
    return this.setDataValidations(this._fill(rule));
  }
  clearDataValidations(): GoogleAppsScript.Spreadsheet.Range {
    return this.setDataValidation(null);
  }

  // number formats
  getNumberFormats(): string[][] {
    return this._each((r, c) => this._sheet.cell(r, c)?.nf ?? DEFAULT_NUMBER_FORMAT);
  }
  getNumberFormat(): string {
    return this._sheet.cell(this._rect.row, this._rect.col)?.nf ?? DEFAULT_NUMBER_FORMAT;
  }
  setNumberFormats(formats: string[][]): GoogleAppsScript.Spreadsheet.Range {
    this._set(this._checkShape(formats, 'NumberFormats'), (cell, f) => {
      cell.nf = String(f);
    });
    return this._me;
  }
  setNumberFormat(format: string): GoogleAppsScript.Spreadsheet.Range {
    return this.setNumberFormats(this._fill(format));
  }

  // formatting (recorded, not rendered)
  _format(key: string, values: unknown[][]): GoogleAppsScript.Spreadsheet.Range {
    this._set(this._checkShape(values, key), (cell, v) => {
      cell.fmt = { ...(cell.fmt ?? {}), [key]: v };
    });
    return this._me;
  }
  _getFormat(key: string, dflt: unknown): unknown[][] {
    return this._each((r, c) => this._sheet.cell(r, c)?.fmt?.[key] ?? dflt);
  }
  setFontWeight(w: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontWeight', this._fill(w));
  }
  setFontWeights(w: string[][]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontWeight', w);
  }
  getFontWeights(): unknown[][] {
    return this._getFormat('fontWeight', 'normal');
  }
  getFontWeight(): unknown {
    return this.getFontWeights()[0][0];
  }
  setFontStyle(v: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontStyle', this._fill(v));
  }
  setFontColor(v: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontColor', this._fill(v));
  }
  setFontColors(v: string[][]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontColor', v);
  }
  setFontSize(v: number): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontSize', this._fill(v));
  }
  setFontSizes(v: number[][]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('fontSize', v);
  }
  setBackground(v: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this._format('background', this._fill(v));
  }
  setBackgrounds(v: string[][]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('background', v);
  }
  getBackgrounds(): unknown[][] {
    return this._getFormat('background', '#ffffff');
  }
  getBackground(): unknown {
    return this.getBackgrounds()[0][0];
  }
  setWrap(v: boolean): GoogleAppsScript.Spreadsheet.Range {
    return this._format('wrap', this._fill(v));
  }
  setWraps(v: boolean[][]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('wrap', v);
  }
  setWrapStrategy(v: string): GoogleAppsScript.Spreadsheet.Range {
    return this._format('wrapStrategy', this._fill(v));
  }
  setHorizontalAlignment(v: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this._format('horizontalAlignment', this._fill(v));
  }
  setHorizontalAlignments(v: string[][]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('horizontalAlignment', v);
  }
  setVerticalAlignment(v: string | null): GoogleAppsScript.Spreadsheet.Range {
    return this._format('verticalAlignment', this._fill(v));
  }
  setBorder(...args: unknown[]): GoogleAppsScript.Spreadsheet.Range {
    return this._format('border', this._fill(JSON.stringify(args)));
  }

  // merges
  merge(): GoogleAppsScript.Spreadsheet.Range {
    this._addMerge({ ...this._rect });
    return this._me;
  }
  mergeAcross(): GoogleAppsScript.Spreadsheet.Range {
    for (let r = 0; r < this._rect.numRows; r++)
      this._addMerge({ row: this._rect.row + r, col: this._rect.col, numRows: 1, numCols: this._rect.numCols });
    return this._me;
  }
  mergeVertically(): GoogleAppsScript.Spreadsheet.Range {
    for (let c = 0; c < this._rect.numCols; c++)
      this._addMerge({ row: this._rect.row, col: this._rect.col + c, numRows: this._rect.numRows, numCols: 1 });
    return this._me;
  }
  _addMerge(rect: GridRect): void {
    if (rect.numRows * rect.numCols < 2) return;
    const overlaps = (a: GridRect, b: GridRect) =>
      a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.col < b.col + b.numCols && b.col < a.col + a.numCols;
    if (
      this._sheet.merges.some(
        (m) => overlaps(m, rect) && !(m.row === rect.row && m.col === rect.col && m.numRows === rect.numRows && m.numCols === rect.numCols),
      )
    ) {
      throw new GasException('You must select all cells in a merged range to merge or unmerge them.');
    }
    if (!this._sheet.merges.some((m) => a1Of(m) === a1Of(rect))) this._sheet.merges.push(rect);
  }
  breakApart(): GoogleAppsScript.Spreadsheet.Range {
    const inside = (m: GridRect) =>
      m.row >= this._rect.row &&
      m.col >= this._rect.col &&
      m.row + m.numRows <= this._rect.row + this._rect.numRows &&
      m.col + m.numCols <= this._rect.col + this._rect.numCols;
    this._sheet.merges = this._sheet.merges.filter((m) => !inside(m));
    return this._me;
  }
  isPartOfMerge(): boolean {
    const a = this._rect;
    return this._sheet.merges.some(
      (m) => a.row < m.row + m.numRows && m.row < a.row + a.numRows && a.col < m.col + m.numCols && m.col < a.col + a.numCols,
    );
  }
  getMergedRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    const a = this._rect;
    return this._sheet.merges
      .filter((m) => a.row < m.row + m.numRows && m.row < a.row + a.numRows && a.col < m.col + m.numCols && m.col < a.col + a.numCols)
      .map((m) => this._fake.wrapRange(this._sheet, m));
  }

  // protection
  protect(): GoogleAppsScript.Spreadsheet.Protection {
    const p: ProtectionModel = {
      type: 'RANGE',
      sheet: this._sheet,
      rect: { ...this._rect },
      description: '',
      warningOnly: false,
      editors: new Set([this._fake.options.user]),
      domainEdit: false,
      unprotected: [],
      removed: false,
    };
    this._sheet.book.protections.push(p);
    return this._fake.wrapProtection(p);
  }
}

class FakeRangeList {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _sheet: SheetModel,
    private readonly _rects: GridRect[],
  ) {}
  private _all(fn: (r: GoogleAppsScript.Spreadsheet.Range) => void): GoogleAppsScript.Spreadsheet.RangeList {
    // Apply through raw ranges: one RangeList call, not one per range.
    for (const rect of this._rects) fn(new FakeRange(this._fake, this._sheet, rect) as unknown as GoogleAppsScript.Spreadsheet.Range);
    return self(this);
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return this._rects.map((r) => this._fake.wrapRange(this._sheet, r));
  }
  setFontWeight(w: string | null) {
    return this._all((r) => r.setFontWeight(w as any));
  }
  setBackground(c: string | null) {
    return this._all((r) => r.setBackground(c));
  }
  setFontColor(c: string) {
    return this._all((r) => r.setFontColor(c));
  }
  setNumberFormat(f: string) {
    return this._all((r) => r.setNumberFormat(f));
  }
  setWrap(w: boolean) {
    return this._all((r) => r.setWrap(w));
  }
  setHorizontalAlignment(a: string) {
    return this._all((r) => r.setHorizontalAlignment(a as any));
  }
  setNote(n: string | null) {
    return this._all((r) => r.setNote(n as string));
  }
  setDataValidation(rule: FakeDataValidation | null) {
    return this._all((r) => r.setDataValidation(rule as any));
  }
  setValue(v: CellInput) {
    return this._all((r) => r.setValue(v as any));
  }
  clearContent() {
    return this._all((r) => r.clearContent());
  }
  clearDataValidations() {
    return this._all((r) => r.clearDataValidations());
  }
  breakApart() {
    return this._all((r) => r.breakApart());
  }
}

// ------------------------------------------------------------------ Protection

class FakeProtection {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    readonly _p: ProtectionModel,
  ) {}
  private get _me(): GoogleAppsScript.Spreadsheet.Protection {
    return self(this);
  }
  getProtectionType(): string {
    return this._p.type;
  }
  getRange(): GoogleAppsScript.Spreadsheet.Range {
    const rect = this._p.rect ?? { row: 1, col: 1, numRows: this._p.sheet.maxRows, numCols: this._p.sheet.maxCols };
    return this._fake.wrapRange(this._p.sheet, rect);
  }
  setDescription(d: string): GoogleAppsScript.Spreadsheet.Protection {
    this._p.description = String(d);
    return this._me;
  }
  getDescription(): string {
    return this._p.description;
  }
  setWarningOnly(w: boolean): GoogleAppsScript.Spreadsheet.Protection {
    this._p.warningOnly = !!w;
    return this._me;
  }
  isWarningOnly(): boolean {
    return this._p.warningOnly;
  }
  setUnprotectedRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]): GoogleAppsScript.Spreadsheet.Protection {
    if (this._p.type !== 'SHEET') throw new GasException('Unprotected ranges can only be set on sheet protections.');
    this._p.unprotected = ranges.map(modelOfRange);
    return this._me;
  }
  getUnprotectedRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return this._p.unprotected.map((u) => this._fake.wrapRange(u.sheet, u.rect));
  }
  addEditor(email: string): GoogleAppsScript.Spreadsheet.Protection {
    this._p.editors.add(String(email));
    return this._me;
  }
  addEditors(emails: string[]): GoogleAppsScript.Spreadsheet.Protection {
    for (const e of emails) this._p.editors.add(String(e));
    return this._me;
  }
  removeEditors(emails: string[]): GoogleAppsScript.Spreadsheet.Protection {
    // The owner (and the user running the script) can never be removed.
    for (const e of emails) if (e !== this._fake.options.user) this._p.editors.delete(String(e));
    return this._me;
  }
  getEditors(): Array<{ getEmail(): string }> {
    return [...this._p.editors].map((e) => ({ getEmail: () => e }));
  }
  canEdit(): boolean {
    return this._p.editors.has(this._fake.options.user);
  }
  setDomainEdit(edit: boolean): GoogleAppsScript.Spreadsheet.Protection {
    this._p.domainEdit = edit;
    return this._me;
  }
  canDomainEdit(): boolean {
    return this._p.domainEdit;
  }
  remove(): void {
    this._p.removed = true;
  }
}

// ------------------------------------------------------------------ builders

/** SpreadsheetApp.newConditionalFormatRule(): the boolean rules the product builds (a custom formula, a background). */
class FakeConditionalFormatRuleBuilder {
  _proxy?: unknown;
  private model: ConditionalFormatModel = { ranges: [], type: '', values: [], background: null };
  private sheets: SheetModel[] = [];
  constructor(private readonly _fake: FakeGas) {}
  whenFormulaSatisfied(formula: string) {
    this.model = { ...this.model, type: 'CUSTOM_FORMULA', values: [String(formula)] };
    return self(this);
  }
  setBackground(color: string | null) {
    this.model = { ...this.model, background: color === null ? null : String(color).toLowerCase() };
    return self(this);
  }
  setRanges(ranges: GoogleAppsScript.Spreadsheet.Range[]) {
    const got = ranges.map(modelOfRange);
    this.sheets = got.map((g) => g.sheet);
    this.model = { ...this.model, ranges: got.map((g) => g.rect) };
    return self(this);
  }
  build() {
    if (!this.model.type) throw new GasException('A conditional format rule needs a condition.');
    return new FakeConditionalFormatRule(this._fake, { ...this.model }, [...this.sheets]);
  }
}

/** A built conditional format rule (ConditionalFormatRule), read back with getRanges / getBooleanCondition. */
export class FakeConditionalFormatRule {
  constructor(
    private readonly _fake: FakeGas,
    readonly _model: ConditionalFormatModel,
    readonly _sheets: SheetModel[],
  ) {}
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return this._model.ranges.map((r, i) => this._fake.wrapRange(this._sheets[i], r));
  }
  getBooleanCondition() {
    const m = this._model;
    return { getCriteriaType: () => m.type, getCriteriaValues: () => [...m.values], getBackground: () => m.background };
  }
}

class FakeDataValidationBuilder {
  _proxy?: unknown;
  private criteria: CriteriaType | null = null;
  private args: unknown[] = [];
  private allowInvalid = true;
  private helpText = '';
  constructor(_fake: FakeGas) {}
  private _set(c: CriteriaType, args: unknown[]): unknown {
    this.criteria = c;
    this.args = args;
    return self(this);
  }
  requireValueInList(values: string[], showDropdown = true) {
    if (!Array.isArray(values) || values.length === 0) throw new GasException('Invalid argument: values');
    if (values.length > 500) throw new GasException('The data validation list has more than 500 items.');
    return this._set('VALUE_IN_LIST', [[...values], showDropdown]);
  }
  requireValueInRange(range: GoogleAppsScript.Spreadsheet.Range, showDropdown = true) {
    return this._set('VALUE_IN_RANGE', [range, showDropdown]);
  }
  requireNumberBetween(start: number, end: number) {
    return this._set('NUMBER_BETWEEN', [start, end]);
  }
  requireNumberNotBetween(start: number, end: number) {
    return this._set('NUMBER_NOT_BETWEEN', [start, end]);
  }
  requireNumberEqualTo(n: number) {
    return this._set('NUMBER_EQUAL_TO', [n]);
  }
  requireNumberGreaterThan(n: number) {
    return this._set('NUMBER_GREATER_THAN', [n]);
  }
  requireNumberGreaterThanOrEqualTo(n: number) {
    return this._set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberLessThan(n: number) {
    return this._set('NUMBER_LESS_THAN', [n]);
  }
  requireNumberLessThanOrEqualTo(n: number) {
    return this._set('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  requireDate() {
    return this._set('DATE_IS_VALID_DATE', []);
  }
  requireDateAfter(d: Date) {
    return this._set('DATE_AFTER', [d]);
  }
  requireDateBefore(d: Date) {
    return this._set('DATE_BEFORE', [d]);
  }
  requireDateOnOrAfter(d: Date) {
    return this._set('DATE_ON_OR_AFTER', [d]);
  }
  requireDateOnOrBefore(d: Date) {
    return this._set('DATE_ON_OR_BEFORE', [d]);
  }
  requireTextContains(t: string) {
    return this._set('TEXT_CONTAINS', [t]);
  }
  requireTextIsEmail() {
    return this._set('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl() {
    return this._set('TEXT_IS_VALID_URL', []);
  }
  requireFormulaSatisfied(formula: string) {
    return this._set('CUSTOM_FORMULA', [formula]);
  }
  requireCheckbox() {
    return this._set('CHECKBOX', []);
  }
  withCriteria(criteria: CriteriaType, args: unknown[]) {
    return this._set(criteria, [...args]);
  }
  setAllowInvalid(allow: boolean) {
    this.allowInvalid = !!allow;
    return self(this);
  }
  setHelpText(text: string) {
    this.helpText = String(text);
    return self(this);
  }
  getCriteriaType() {
    return this.criteria;
  }
  getCriteriaValues() {
    return [...this.args];
  }
  getAllowInvalid() {
    return this.allowInvalid;
  }
  getHelpText() {
    return this.helpText;
  }
  build(): FakeDataValidation {
    if (!this.criteria) throw new GasException('You must specify a validation criteria.');
    return new FakeDataValidation(this.criteria, this.args, this.allowInvalid, this.helpText);
  }
}

export class FakeRichText {
  constructor(
    readonly text: string,
    readonly link: string | null,
  ) {}
  getText(): string {
    return this.text;
  }
  getLinkUrl(): string | null {
    return this.link;
  }
  getRuns(): FakeRichText[] {
    return [this];
  }
}

class FakeRichTextBuilder {
  _proxy?: unknown;
  private text = '';
  private link: string | null = null;
  constructor(_fake: FakeGas) {}
  setText(text: string) {
    this.text = String(text);
    return self(this);
  }
  setLinkUrl(...args: unknown[]) {
    this.link = args.length === 1 ? (args[0] as string | null) : (args[2] as string | null);
    return self(this);
  }
  setTextStyle(..._args: unknown[]) {
    return self(this);
  }
  build(): FakeRichText {
    return new FakeRichText(this.text, this.link);
  }
}

class FakeChartBuilder {
  _proxy?: unknown;
  private c: ChartModel;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _sheet: SheetModel,
    existing?: ChartModel,
  ) {
    this.c = existing
      ? { ...existing, ranges: [...existing.ranges], options: { ...existing.options } }
      : { id: _sheet.book.nextChartId++, type: 'COLUMN', ranges: [], options: {}, position: { row: 1, col: 1, offsetX: 0, offsetY: 0 } };
  }
  /** "Does not add the range if it has already been added to the chart." */
  addRange(range: GoogleAppsScript.Spreadsheet.Range) {
    const r = modelOfRange(range);
    const same = (x: { sheet: SheetModel; rect: GridRect }) =>
      x.sheet === r.sheet && (['row', 'col', 'numRows', 'numCols'] as const).every((k) => x.rect[k] === r.rect[k]);
    if (!this.c.ranges.some(same)) this.c.ranges.push(r);
    return self(this);
  }
  clearRanges() {
    this.c.ranges = [];
    return self(this);
  }
  setChartType(type: string) {
    this.c.type = String(type);
    return self(this);
  }
  asColumnChart() {
    return this.setChartType('COLUMN');
  }
  asBarChart() {
    return this.setChartType('BAR');
  }
  asPieChart() {
    return this.setChartType('PIE');
  }
  asLineChart() {
    return this.setChartType('LINE');
  }
  asScatterChart() {
    return this.setChartType('SCATTER');
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number) {
    this.c.position = { row: anchorRowPos, col: anchorColPos, offsetX, offsetY };
    return self(this);
  }
  setOption(option: string, value: unknown) {
    this.c.options[option] = value;
    return self(this);
  }
  setTitle(title: string) {
    return this.setOption('title', title);
  }
  setNumHeaders(n: number) {
    this.c.numHeaders = n;
    return self(this);
  }
  setTransposeRowsAndColumns(t: boolean) {
    return this.setOption('transpose', t);
  }
  setStacked() {
    return this.setOption('isStacked', true);
  }
  build(): GoogleAppsScript.Spreadsheet.EmbeddedChart {
    return tracked(
      this._fake,
      'EmbeddedChart',
      new FakeChart(this._fake, this._sheet, { ...this.c }),
    ) as unknown as GoogleAppsScript.Spreadsheet.EmbeddedChart;
  }
}

class FakeChart {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _sheet: SheetModel,
    readonly _c: ChartModel,
  ) {}
  getChartId(): number {
    return this._c.id;
  }
  getId(): string {
    return `chart-${this._c.id}`;
  }
  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    return this._c.ranges.map((r) => this._fake.wrapRange(r.sheet, r.rect));
  }
  getOptions() {
    return { get: (k: string) => this._c.options[k] ?? null };
  }
  modify() {
    return tracked(this._fake, 'EmbeddedChartBuilder', new FakeChartBuilder(this._fake, this._sheet, this._c));
  }
}

// ------------------------------------------------------------------ Ui, Html

class FakeMenu {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    readonly _m: MenuModel,
  ) {}
  addItem(caption: string, functionName: string) {
    this._m.items.push({ caption: String(caption), functionName: String(functionName) });
    return self(this);
  }
  addSeparator() {
    this._m.items.push({ separator: true });
    return self(this);
  }
  addSubMenu(menu: FakeMenu) {
    this._m.items.push({ submenu: (menu as unknown as { _m: MenuModel })._m });
    return self(this);
  }
  addToUi(): void {
    this._m.addedToUi = true;
    const i = this._fake.ui.menus.findIndex((m) => m.name === this._m.name);
    if (i >= 0) this._fake.ui.menus[i] = this._m;
    else this._fake.ui.menus.push(this._m);
  }
}

class FakeUi {
  _proxy?: unknown;
  readonly Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  readonly ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  constructor(private readonly _fake: FakeGas) {}
  createMenu(caption: string) {
    return tracked(this._fake, 'Menu', new FakeMenu(this._fake, { name: String(caption), items: [], addedToUi: false }));
  }
  createAddonMenu() {
    return tracked(this._fake, 'Menu', new FakeMenu(this._fake, { name: '(add-on)', items: [], addedToUi: false }));
  }
  prompt(a: string, b?: string, c?: string) {
    const [title, prompt, buttons] =
      c !== undefined ? [a, b as string, c] : b !== undefined && b in this.ButtonSet ? ['', a, b] : ['', a, 'OK'];
    this._fake.noLockAcrossDialog('prompt');
    const answer = this._fake.takeAnswer(`prompt "${prompt}"`);
    this._fake.ui.prompts.push({ title, prompt, buttons, answer });
    const button = answer.button ?? 'OK';
    return tracked(this._fake, 'PromptResponse', { getResponseText: () => answer.text ?? '', getSelectedButton: () => button });
  }
  alert(a: string, b?: string, c?: string): string {
    const [title, prompt, buttons] =
      c !== undefined ? [a, b as string, c] : b !== undefined && b in this.ButtonSet ? ['', a, b] : ['', a, 'OK'];
    this._fake.noLockAcrossDialog('alert');
    let answer = 'OK';
    if (buttons !== 'OK') answer = this._fake.takeAnswer(`alert "${prompt}"`).button ?? 'OK';
    this._fake.ui.alerts.push({ title, prompt, buttons, answer });
    return answer;
  }
  showSidebar(html: FakeHtmlOutput): void {
    this._fake.ui.sidebars.push(html._snapshot());
  }
  showModalDialog(html: FakeHtmlOutput, title: string): void {
    this._fake.ui.dialogs.push({ ...html._snapshot(), modal: true, dialogTitle: String(title) });
  }
  showModelessDialog(html: FakeHtmlOutput, title: string): void {
    this._fake.ui.dialogs.push({ ...html._snapshot(), modal: false, dialogTitle: String(title) });
  }
}

class FakeHtmlOutput {
  _proxy?: unknown;
  private title = '';
  private width?: number;
  private height?: number;
  constructor(private content: string) {}
  _snapshot(): HtmlOutputModel {
    return { content: this.content, title: this.title, width: this.width, height: this.height };
  }
  getContent(): string {
    return this.content;
  }
  setContent(c: string) {
    this.content = String(c);
    return self(this);
  }
  append(c: string) {
    this.content += String(c);
    return self(this);
  }
  setTitle(t: string) {
    this.title = String(t);
    return self(this);
  }
  getTitle(): string {
    return this.title;
  }
  setWidth(w: number) {
    this.width = w;
    return self(this);
  }
  setHeight(h: number) {
    this.height = h;
    return self(this);
  }
  getWidth() {
    return this.width;
  }
  getHeight() {
    return this.height;
  }
  setSandboxMode() {
    return self(this);
  }
  setXFrameOptionsMode() {
    return self(this);
  }
  addMetaTag() {
    return self(this);
  }
}

/** createTemplate: `<?= expr ?>` (escaped) and `<?!= expr ?>` (raw) over the template's properties. */
class FakeHtmlTemplate {
  _proxy?: unknown;
  [key: string]: unknown;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _code: string,
  ) {}
  getCode(): string {
    return this._code;
  }
  evaluate() {
    const scope = Object.fromEntries(Object.entries(this).filter(([k]) => !k.startsWith('_')));
    const esc = (s: unknown) =>
      String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
    const html = this._code.replace(/<\?(!?=)([\s\S]*?)\?>/g, (_, kind: string, expr: string) => {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const v = new Function(...Object.keys(scope), `return (${expr});`)(...Object.values(scope));
      return kind === '=' ? esc(v) : String(v);
    });
    if (/<\?/.test(html)) throw new Error('fake HtmlTemplate: only <?= ?> and <?!= ?> scriptlets are supported');
    return tracked(this._fake, 'HtmlOutput', new FakeHtmlOutput(html));
  }
}

// ------------------------------------------------------------------ Properties, Lock, Triggers, Drive

/** Quotas for Google Services: "Properties value size 9 KB / val", "Properties total storage 500 KB / property store". */
export const PROPERTY_VALUE_LIMIT = 9 * 1024;
export const PROPERTY_STORE_LIMIT = 500 * 1024;
const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

class FakeProperties {
  _proxy?: unknown;
  constructor(private readonly _store: Map<string, string>) {}
  /** Refuses a value over the per-value quota or a store over the total quota, as Apps Script does (nothing written). */
  private _check(next: Map<string, string>): void {
    let total = 0;
    for (const [k, v] of next) {
      if (utf8(v) > PROPERTY_VALUE_LIMIT) throw new GasException('Argument too large: value');
      total += utf8(k) + utf8(v);
    }
    if (total > PROPERTY_STORE_LIMIT)
      throw new GasException('You have exceeded the property storage quota. Please remove some properties and try again.');
  }
  getProperty(key: string): string | null {
    return this._store.get(key) ?? null;
  }
  setProperty(key: string, value: string) {
    this._check(new Map(this._store).set(String(key), String(value)));
    this._store.set(String(key), String(value));
    return self(this);
  }
  deleteProperty(key: string) {
    this._store.delete(key);
    return self(this);
  }
  getProperties(): Record<string, string> {
    return Object.fromEntries(this._store);
  }
  setProperties(props: Record<string, string>, deleteAllOthers = false) {
    const next = new Map(deleteAllOthers ? [] : this._store);
    for (const [k, v] of Object.entries(props)) next.set(k, String(v));
    this._check(next);
    if (deleteAllOthers) this._store.clear();
    for (const [k, v] of Object.entries(props)) this._store.set(k, String(v));
    return self(this);
  }
  getKeys(): string[] {
    return [...this._store.keys()];
  }
  deleteAllProperties() {
    this._store.clear();
    return self(this);
  }
}

/** One handle on a lock; handles contend with each other (a second execution gets its own handle). */
class FakeLock {
  _proxy?: unknown;
  private readonly _holder: number;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _scope: string,
  ) {
    this._holder = _fake.nextLockHolder();
  }
  tryLock(_timeoutInMillis: number): boolean {
    const h = this._fake.locks.get(this._scope) ?? null;
    if (h === null || h === this._holder) {
      this._fake.locks.set(this._scope, this._holder);
      return true;
    }
    return false; // synchronous fake: the other holder cannot finish while we wait
  }
  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) throw new GasException('Lock timeout: another process was holding the lock for too long.');
  }
  hasLock(): boolean {
    return this._fake.locks.get(this._scope) === this._holder;
  }
  releaseLock(): void {
    if (this.hasLock()) this._fake.locks.set(this._scope, null);
  }
}

class FakeTrigger {
  _proxy?: unknown;
  constructor(readonly _t: TriggerModel) {}
  getHandlerFunction(): string {
    return this._t.handler;
  }
  getUniqueId(): string {
    return this._t.id;
  }
  getEventType(): string {
    return this._t.eventType;
  }
  getTriggerSource(): string {
    return this._t.source;
  }
  getTriggerSourceId(): string | null {
    return this._t.sourceId;
  }
}

class FakeTriggerBuilder {
  _proxy?: unknown;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _handler: string,
  ) {}
  timeBased() {
    return tracked(this._fake, 'ClockTriggerBuilder', new FakeClockTriggerBuilder(this._fake, this._handler));
  }
  forSpreadsheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet | string) {
    const id = typeof ss === 'string' ? ss : this._fake.model(ss).id;
    return tracked(this._fake, 'SpreadsheetTriggerBuilder', new FakeSpreadsheetTriggerBuilder(this._fake, this._handler, id));
  }
}

function addTrigger(fake: FakeGas, t: Omit<TriggerModel, 'id' | 'owner'>): FakeTrigger {
  const owner = fake.effectiveUser ?? fake.options.user;
  if (fake.triggers.filter((x) => x.owner === owner).length >= 20)
    throw new GasException('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
  const model = { ...t, id: fake.nextTriggerId(), owner };
  fake.triggers.push(model);
  return tracked(fake, 'Trigger', new FakeTrigger(model));
}

class FakeClockTriggerBuilder {
  _proxy?: unknown;
  private schedule: Record<string, unknown> = {};
  constructor(
    private readonly _fake: FakeGas,
    private readonly _handler: string,
  ) {}
  everyMinutes(n: number) {
    if (![1, 5, 10, 15, 30].includes(n)) throw new GasException('Invalid argument: minutes. Must be 1, 5, 10, 15 or 30.');
    this.schedule.everyMinutes = n;
    return self(this);
  }
  everyHours(n: number) {
    if (![1, 2, 4, 6, 8, 12].includes(n)) throw new GasException('Invalid argument: hours. Must be 1, 2, 4, 6, 8 or 12.');
    this.schedule.everyHours = n;
    return self(this);
  }
  everyDays(n: number) {
    this.schedule.everyDays = n;
    return self(this);
  }
  everyWeeks(n: number) {
    this.schedule.everyWeeks = n;
    return self(this);
  }
  atHour(h: number) {
    this.schedule.atHour = h;
    return self(this);
  }
  nearMinute(m: number) {
    this.schedule.nearMinute = m;
    return self(this);
  }
  onWeekDay(d: string) {
    this.schedule.onWeekDay = d;
    return self(this);
  }
  inTimezone(tz: string) {
    this.schedule.timeZone = tz;
    return self(this);
  }
  after(ms: number) {
    this.schedule.after = ms;
    return self(this);
  }
  at(d: Date) {
    this.schedule.at = d;
    return self(this);
  }
  create() {
    if (Object.keys(this.schedule).length === 0) throw new GasException('The trigger needs a schedule (everyHours, after, at …).');
    return addTrigger(this._fake, { handler: this._handler, eventType: 'CLOCK', source: 'CLOCK', sourceId: null, schedule: this.schedule });
  }
}

class FakeSpreadsheetTriggerBuilder {
  _proxy?: unknown;
  private event: TriggerModel['eventType'] | null = null;
  constructor(
    private readonly _fake: FakeGas,
    private readonly _handler: string,
    private readonly _id: string,
  ) {}
  onOpen() {
    this.event = 'ON_OPEN';
    return self(this);
  }
  onEdit() {
    this.event = 'ON_EDIT';
    return self(this);
  }
  onChange() {
    this.event = 'ON_CHANGE';
    return self(this);
  }
  onFormSubmit() {
    this.event = 'ON_FORM_SUBMIT';
    return self(this);
  }
  create() {
    if (!this.event) throw new GasException('The trigger needs an event (onOpen, onEdit …).');
    return addTrigger(this._fake, {
      handler: this._handler,
      eventType: this.event,
      source: 'SPREADSHEETS',
      sourceId: this._id,
      schedule: {},
    });
  }
}

class FakeFile {
  _proxy?: unknown;
  constructor(private readonly _m: SpreadsheetModel) {}
  getId(): string {
    return this._m.id;
  }
  getName(): string {
    return this._m.name;
  }
  getUrl(): string {
    return this._m.url;
  }
  getMimeType(): string {
    return 'application/vnd.google-apps.spreadsheet';
  }
  isTrashed(): boolean {
    return this._m.trashed;
  }
  setTrashed(trashed: boolean) {
    this._m.trashed = !!trashed;
    return self(this);
  }
}
