/**
 * Helpers of the roll-up tests: the command line run in-process (no build
 * needed), and a look into a written .xlsx — every cell, and a recalculation
 * of its formulas with HyperFormula.
 */
import ExcelJS from 'exceljs';
import { HyperFormula } from 'hyperformula';

/** Runs `ka-sales ARGS…` in this process, capturing stdout and stderr (one home: tests/support/cli-in-process.ts). */
export { type CliRun as Run, runCli } from '../support/cli-in-process';

export async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

export interface CellInfo {
  sheet: string;
  address: string;
  row: number;
  col: number;
  /** The cell's value as ExcelJS gives it. */
  value: ExcelJS.CellValue;
  formula?: string;
  /** Text of a string / hyperlink cell. */
  text?: string;
  hyperlink?: string;
  note?: string;
}

/** Every non-empty cell of every sheet. */
export function allCells(wb: ExcelJS.Workbook): CellInfo[] {
  const cells: CellInfo[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        const info: CellInfo = { sheet: ws.name, address: cell.address, row: Number(cell.row), col: Number(cell.col), value: v };
        if (v && typeof v === 'object' && 'formula' in v) info.formula = (v as ExcelJS.CellFormulaValue).formula;
        if (v && typeof v === 'object' && 'sharedFormula' in v)
          info.formula = `shared:${(v as ExcelJS.CellSharedFormulaValue).sharedFormula}`;
        if (typeof v === 'string') info.text = v;
        if (v && typeof v === 'object' && 'hyperlink' in v) {
          info.text = String((v as ExcelJS.CellHyperlinkValue).text);
          info.hyperlink = (v as ExcelJS.CellHyperlinkValue).hyperlink;
        }
        if (cell.note) info.note = typeof cell.note === 'string' ? cell.note : JSON.stringify(cell.note);
        cells.push(info);
      }),
    );
  }
  return cells;
}

/** Excel's serial day number of a JS date (UTC). */
function serial(d: Date): number {
  return d.getTime() / 86_400_000 + 25569;
}

/**
 * Recalculates the workbook's formulas with HyperFormula. Strings go in as
 * strings (quoted), so a cell holding `=1+1` text is never evaluated.
 * Returns a reader of computed values by sheet and A1 address.
 */
export interface Recalc {
  get(sheet: string, address: string): unknown;
  /** Changes a cell (as a user would type it) and recalculates. */
  set(sheet: string, address: string, value: string | number | null): void;
}

export function recalc(wb: ExcelJS.Workbook): Recalc {
  const sheets: Record<string, unknown[][]> = {};
  for (const ws of wb.worksheets) {
    const grid: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        let raw: unknown = null;
        if (typeof v === 'number' || typeof v === 'boolean') raw = v;
        else if (typeof v === 'string') raw = `'${v}`;
        else if (v instanceof Date) raw = serial(v);
        else if (v && typeof v === 'object' && 'formula' in v) raw = `=${(v as ExcelJS.CellFormulaValue).formula}`;
        else if (v && typeof v === 'object' && 'hyperlink' in v) raw = `'${(v as ExcelJS.CellHyperlinkValue).text}`;
        const r = Number(cell.row) - 1;
        const c = Number(cell.col) - 1;
        grid[r] ??= [];
        grid[r][c] = raw;
      }),
    );
    for (let r = 0; r < grid.length; r++) grid[r] ??= [];
    sheets[ws.name] = grid;
  }
  const hf = HyperFormula.buildFromSheets(sheets as Record<string, (string | number | boolean | null)[][]>, {
    licenseKey: 'gpl-v3',
    useArrayArithmetic: true,
  });
  const at = (sheet: string, address: string) => {
    const id = hf.getSheetId(sheet);
    if (id === undefined) throw new Error(`no sheet ${sheet}`);
    const addr = hf.simpleCellAddressFromString(address, id);
    if (!addr) throw new Error(`bad address ${address}`);
    return addr;
  };
  return {
    get: (sheet, address) => hf.getCellValue(at(sheet, address)),
    set: (sheet, address, value) => {
      hf.setCellContents(at(sheet, address), [[value]]);
    },
  };
}

/** Deterministic bytes that are not a zip. */
export function junkBytes(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  b[0] = 0x13; // never "PK"
  return b;
}
