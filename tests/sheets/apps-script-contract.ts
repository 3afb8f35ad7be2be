/**
 * The contract list: every Apps Script and advanced-service method the
 * bundle calls, with the reference page it was checked against and the
 * OAuth scope it needs (docs/apps-script-contract.json). The bundle's calls
 * are what the fake recorded while the end-to-end tests drove dist/Code.js
 * (gas-world.ts); a call that is not in the list fails the test, so nothing
 * the shipped script does goes unchecked.
 *
 * KA_WRITE_CONTRACT=1 adds the missing calls to the list with the page of
 * their class (to be checked and marked by hand: `checked` stays false).
 *
 * The list's own form is checked too (contractProblems): every entry names a
 * Google reference page and a scope, and a checked entry says in its `note`
 * what the reference was read for; and every server function a page the
 * bundle showed calls through google.script.run is one the bound script
 * has (serverCallsOf). The calls on service globals written in Code.js and
 * the library's HTML files (Actions.html holds the menus' code) are listed
 * too, tested or not (serviceCallsOf).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTRACT_FILE = join(__dirname, '..', '..', 'docs', 'apps-script-contract.json');

export interface ContractEntry {
  reference: string;
  scope: string;
  /** true: the reference page was read for this call and the fake does what it says (`note` says what was checked). */
  checked: boolean;
  /** What the reference says that the fake was checked against, or why the entry is not checked. */
  note?: string;
}

const REF = 'https://developers.google.com/apps-script/reference/';
/** The reference page and scope of each class the fake names calls by. */
export const CLASSES: Record<string, [string, string]> = {
  SpreadsheetApp: ['spreadsheet/spreadsheet-app', 'spreadsheets'],
  Spreadsheet: ['spreadsheet/spreadsheet', 'spreadsheets'],
  Sheet: ['spreadsheet/sheet', 'spreadsheets'],
  Range: ['spreadsheet/range', 'spreadsheets'],
  RangeList: ['spreadsheet/range-list', 'spreadsheets'],
  Protection: ['spreadsheet/protection', 'spreadsheets'],
  DataValidationBuilder: ['spreadsheet/data-validation-builder', 'spreadsheets'],
  DataValidation: ['spreadsheet/data-validation', 'spreadsheets'],
  RichTextValueBuilder: ['spreadsheet/rich-text-value-builder', 'spreadsheets'],
  EmbeddedChartBuilder: ['spreadsheet/embedded-chart-builder', 'spreadsheets'],
  EmbeddedChart: ['spreadsheet/embedded-chart', 'spreadsheets'],
  DeveloperMetadata: ['spreadsheet/developer-metadata', 'spreadsheets'],
  DeveloperMetadataFinder: ['spreadsheet/developer-metadata-finder', 'spreadsheets'],
  Ui: ['base/ui', 'script.container.ui'],
  Menu: ['base/menu', 'script.container.ui'],
  PromptResponse: ['base/prompt-response', 'script.container.ui'],
  HtmlService: ['html/html-service', 'none'],
  HtmlOutput: ['html/html-output', 'none'],
  PropertiesService: ['properties/properties-service', 'none'],
  Properties: ['properties/properties', 'none'],
  LockService: ['lock/lock-service', 'none'],
  Lock: ['lock/lock', 'none'],
  ScriptApp: ['script/script-app', 'script.scriptapp'],
  TriggerBuilder: ['script/trigger-builder', 'script.scriptapp'],
  ClockTriggerBuilder: ['script/clock-trigger-builder', 'script.scriptapp'],
  Trigger: ['script/trigger', 'script.scriptapp'],
  Utilities: ['utilities/utilities', 'none'],
  Session: ['base/session', 'none'],
  User: ['base/user', 'none'],
};
const API: Record<string, [string, string]> = {
  'Sheets.Spreadsheets': ['https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/', 'spreadsheets'],
  'Drive.Changes': ['https://developers.google.com/workspace/drive/api/reference/rest/v3/changes/', 'drive.metadata.readonly'],
  'Drive.Files': ['https://developers.google.com/workspace/drive/api/reference/rest/v3/files/', 'drive.metadata.readonly'],
  'Drive.About': ['https://developers.google.com/workspace/drive/api/reference/rest/v3/about/', 'drive.metadata.readonly'],
};

/** Where a call is documented, by its class. */
export function pageOf(kind: string): ContractEntry | null {
  const dot = kind.lastIndexOf('.');
  const cls = kind.slice(0, dot);
  const method = kind.slice(dot + 1);
  if (API[cls]) return { reference: `${API[cls][0]}${method}`, scope: API[cls][1], checked: false };
  if (CLASSES[cls]) return { reference: `${REF}${CLASSES[cls][0]}#${method}`, scope: CLASSES[cls][1], checked: false };
  return null;
}

export function readContract(): Record<string, ContractEntry> {
  return JSON.parse(readFileSync(CONTRACT_FILE, 'utf8')).calls;
}

/** The calls the bundle made that the list does not have. */
export function missingFromContract(seen: Set<string>): string[] {
  const contract = readContract();
  const missing = [...seen].filter((k) => !contract[k]).sort();
  if (missing.length && process.env.KA_WRITE_CONTRACT) {
    const doc = JSON.parse(readFileSync(CONTRACT_FILE, 'utf8'));
    for (const k of missing) doc.calls[k] = pageOf(k) ?? { reference: '?', scope: '?', checked: false };
    doc.calls = Object.fromEntries(Object.entries(doc.calls).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(CONTRACT_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  }
  return missing;
}

const SCOPES = new Set([...Object.values(CLASSES), ...Object.values(API)].map(([, scope]) => scope));

/** What is wrong with the list's form: an entry without a Google reference or a known scope, a checked entry without a note, keys out of order. */
export function contractProblems(calls: Record<string, ContractEntry> = readContract()): string[] {
  const out: string[] = [];
  const keys = Object.keys(calls);
  if (keys.join('\n') !== [...keys].sort((a, b) => a.localeCompare(b)).join('\n')) out.push('the calls are not in alphabetical order');
  for (const [k, e] of Object.entries(calls)) {
    if (!/^https:\/\/developers\.google\.com\//.test(e.reference)) out.push(`${k}: reference is not a developers.google.com page`);
    if (!SCOPES.has(e.scope)) out.push(`${k}: unknown scope ${e.scope}`);
    if (typeof e.checked !== 'boolean') out.push(`${k}: checked is not true or false`);
    if (e.checked && !e.note?.trim()) out.push(`${k}: checked without a note saying what was checked`);
    if (e.note !== undefined && typeof e.note !== 'string') out.push(`${k}: note is not text`);
  }
  return out;
}

/**
 * The server functions a page calls through google.script.run ("Executes the server-side Apps Script function
 * with the corresponding name", after any withSuccessHandler / withFailureHandler / withUserObject).
 */
export function serverCallsOf(html: string): string[] {
  const handlers = String.raw`(?:\.with(?:SuccessHandler|FailureHandler|UserObject)\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*`;
  return [...html.matchAll(new RegExp(String.raw`google\.script\.run${handlers}\.([A-Za-z_$][\w$]*)\(`, 'g'))].map((m) => m[1]);
}

/** Services the bundle reaches as globals (their method calls are named the same way in the list). */
const GLOBAL_SERVICES = [
  'SpreadsheetApp',
  'PropertiesService',
  'LockService',
  'ScriptApp',
  'Utilities',
  'Session',
  'HtmlService',
  'Drive',
  'Sheets',
];

/**
 * The calls on service globals written in a script's text (`SpreadsheetApp.create(`, `Sheets.Spreadsheets.get(`):
 * what the code can call, tested or not. Calls on the objects they return (a Range's, a builder's) are only seen
 * when the end-to-end tests make them.
 */
export function serviceCallsOf(code: string): string[] {
  const re = new RegExp(String.raw`\b(?<![.\w$])(${GLOBAL_SERVICES.join('|')})((?:\.[A-Za-z]+)+)\s*\(`, 'g');
  return [...new Set([...code.matchAll(re)].map((m) => m[1] + m[2]))].sort();
}
