import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * LibreOffice (Debian's libreoffice-calc) as the independent spreadsheet
 * engine of the tests: headless, with a throw-away profile in which
 * recalculation on load is forced for .xlsx and .ods, so that every formula
 * is computed by LibreOffice itself rather than read from cached results.
 * Many files go through one soffice call (start-up dominates the cost).
 */

const CANDIDATES = ['soffice', '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice', '/opt/libreoffice/program/soffice'];

/** The soffice binary, or a clear error (CI installs libreoffice-calc; the tests must not skip silently). */
export function sofficeBinary(): string {
  for (const c of CANDIDATES) {
    try {
      execFileSync(c, ['--version'], { stdio: 'pipe', timeout: 60_000 });
      return c;
    } catch {
      // try the next
    }
  }
  throw new Error(
    'LibreOffice (soffice) is not installed: the .xlsx recalculation tests need it. Install it with `apt-get install -y libreoffice-calc fonts-noto-cjk` (.ci/run does).',
  );
}

export function sofficeVersion(): string {
  return execFileSync(sofficeBinary(), ['--version'], { encoding: 'utf8' }).trim();
}

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** A fresh profile directory whose registry forces recalculation on load (0 = always). */
export function throwawayProfile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ka-lo-profile-'));
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(join(dir, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  return dir;
}

/** Runs one soffice --convert-to over many files into `outdir`. */
export function convert(files: string[], target: string, outdir: string, profile = throwawayProfile()): void {
  if (files.length === 0) return;
  mkdirSync(outdir, { recursive: true });
  try {
    execFileSync(
      sofficeBinary(),
      [
        '--headless',
        '--norestore',
        '--nolockcheck',
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--convert-to',
        target,
        '--outdir',
        outdir,
        ...files,
      ],
      { stdio: 'pipe', timeout: 600_000, env: { ...process.env, HOME: profile } },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * CSV export of every sheet (LibreOffice ≥ 7.2: token 12 = -1 writes
 * `<file>-<Sheet>.csv` per sheet), UTF-8, raw values (not "as shown").
 */
export const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

export type SheetCsv = Record<string, string[][]>;

/** Recalculates each file in LibreOffice and returns every sheet's cells as text, by file (as given) and sheet name. */
export function recalculatedSheets(files: string[], sheetNames: (file: string) => string[]): Record<string, SheetCsv> {
  const out = mkdtempSync(join(tmpdir(), 'ka-lo-csv-'));
  try {
    convert(files, CSV_ALL_SHEETS, out);
    const produced = readdirSync(out);
    const result: Record<string, SheetCsv> = {};
    for (const file of files) {
      const base = basename(file, extname(file));
      const sheets: SheetCsv = {};
      for (const name of sheetNames(file)) {
        const csv = join(out, `${base}-${name}.csv`);
        if (existsSync(csv)) sheets[name] = parseCsv(readFileSync(csv, 'utf8'));
      }
      if (Object.keys(sheets).length === 0) {
        throw new Error(`LibreOffice wrote no CSV for ${file} (found: ${produced.slice(0, 10).join(', ')})`);
      }
      result[file] = sheets;
    }
    return result;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Re-saves files as .xlsx with LibreOffice (as a user of LibreOffice would); returns the new paths by input. */
export function resaveAsXlsx(files: string[], outdir: string): Record<string, string> {
  convert(files, 'xlsx:Calc MS Excel 2007 XML', outdir);
  const result: Record<string, string> = {};
  for (const f of files) {
    const p = join(outdir, `${basename(f, extname(f))}.xlsx`);
    if (!existsSync(p)) throw new Error(`LibreOffice did not re-save ${f}`);
    result[f] = p;
  }
  return result;
}

/** RFC 4180 CSV (quotes doubled, fields may hold commas and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Texts LibreOffice (and Excel) show for formula errors. */
export const ERROR_VALUE = /^(#NAME\?|#VALUE!|#DIV\/0!|#REF!|#N\/A|#NUM!|#NULL!|Err:\d+|#ERR\d*)/;
