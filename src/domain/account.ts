/**
 * The account: what one workbook holds, in the interchange shape of forms.md §10.
 *
 * Values are kept as the user gave them (a bad age stays "abc") so that nothing
 * is lost on the way between JSON, .xlsx and Google Sheets; the validator says
 * what is wrong and the scoring treats bad values leniently.
 */

import { show } from './messages';

export const SCHEMA_VERSION = 1;

/** One cell's worth of user data. */
export type Value = string | number | boolean | null | undefined;
export type Row = Record<string, Value>;

export interface KeyPersonVisit extends Row {}
export interface RoleMapEntry extends Row {}
/** One row of the action plan (行动计划): action, answers, owner, dueDate, status, result. */
export interface ActionRow extends Row {}

export interface Overview {
  [field: string]: Value | Row | Row[];
}

export interface OpportunityItem {
  mark: Value;
  comment?: Value;
}

export interface Opportunity {
  date?: Value;
  items: OpportunityItem[];
  weights?: Value[];
}

export interface CompetitivenessItem {
  us: Value;
  competitors: Value[];
  comment?: Value;
}

export interface Competitiveness {
  date?: Value;
  competitors: Value[];
  items: CompetitivenessItem[];
  conclusions: Value[];
}

export interface Account {
  schemaVersion: number;
  overview: Overview;
  keyPeople: KeyPersonVisit[];
  roleMap: RoleMapEntry[];
  opportunity: Opportunity;
  competitiveness: Competitiveness;
  /** The action plan (template version 3); absent in accounts written before it, and when it has no row. */
  actionPlan?: ActionRow[];
}

export const ITEM_COUNT = 10;

/** A value that holds nothing: absent, null or blank text. */
export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Text of a value for comparisons (vocabulary values, names); '' when blank. */
export function text(v: unknown): string {
  if (isBlank(v)) return '';
  return String(v).trim();
}

/** An account with every form empty. */
export function emptyAccount(customerName = ''): Account {
  return {
    schemaVersion: SCHEMA_VERSION,
    overview: customerName ? { customerName } : {},
    keyPeople: [],
    roleMap: [],
    opportunity: { items: Array.from({ length: ITEM_COUNT }, () => ({ mark: '' })) },
    competitiveness: {
      competitors: [],
      items: Array.from({ length: ITEM_COUNT }, () => ({ us: '', competitors: [] })),
      conclusions: [],
    },
  };
}

function asObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function asValue(v: unknown): Value {
  return v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v) ? (v as Value) : JSON.stringify(v);
}

/** Sets an own property: a key named `__proto__` in the JSON is a field like any other (reported as unknown), never the object's prototype. */
function put(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function asRow(v: unknown): Row {
  const out: Row = {};
  for (const [k, x] of Object.entries(asObject(v))) put(out, k, asValue(x));
  return out;
}

const isRow = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Gives any parsed JSON the account's shape for scoring and rendering: missing
 * arrays become empty, the item lists are at least ten long. Values are not
 * changed; structure that cannot be used is left to the validator to report.
 */
export function toAccount(raw: unknown): Account {
  const r = asObject(raw);
  const ov = asObject(r.overview);
  const overview: Overview = {};
  for (const [k, v] of Object.entries(ov)) {
    // A list holding rows is a table; a list of plain values (where a field wants one value) is kept whole, as its JSON text.
    if (Array.isArray(v) && (v.length === 0 || v.some(isRow))) put(overview, k, v.map(asRow));
    else if (isRow(v)) put(overview, k, asRow(v));
    else put(overview, k, asValue(v));
  }
  const opp = asObject(r.opportunity);
  const comp = asObject(r.competitiveness);
  const oppItems = asArray(opp.items).map((it) => {
    const o = asObject(it);
    const item: OpportunityItem = { mark: asValue(o.mark) };
    if (o.comment !== undefined) item.comment = asValue(o.comment);
    return item;
  });
  while (oppItems.length < ITEM_COUNT) oppItems.push({ mark: '' });
  const compItems = asArray(comp.items).map((it) => {
    const o = asObject(it);
    const item: CompetitivenessItem = { us: asValue(o.us), competitors: asArray(o.competitors).map(asValue) };
    if (o.comment !== undefined) item.comment = asValue(o.comment);
    return item;
  });
  while (compItems.length < ITEM_COUNT) compItems.push({ us: '', competitors: [] });
  const opportunity: Opportunity = { items: oppItems };
  if (opp.date !== undefined) opportunity.date = asValue(opp.date);
  if (opp.weights !== undefined) opportunity.weights = asArray(opp.weights).map(asValue);
  const competitiveness: Competitiveness = {
    competitors: asArray(comp.competitors).map(asValue),
    items: compItems,
    conclusions: asArray(comp.conclusions).map(asValue),
  };
  if (comp.date !== undefined) competitiveness.date = asValue(comp.date);
  const account: Account = {
    schemaVersion: typeof r.schemaVersion === 'number' ? r.schemaVersion : SCHEMA_VERSION,
    overview,
    keyPeople: asArray(r.keyPeople).map(asRow),
    roleMap: asArray(r.roleMap).map(asRow),
    opportunity,
    competitiveness,
  };
  if (r.actionPlan !== undefined) account.actionPlan = asArray(r.actionPlan).map(asRow);
  return account;
}

/** The stable code of UnreadableAccountError: a bundler renames classes, so callers compare this, never a class name. */
export const UNREADABLE_ACCOUNT = 'unreadable-account';

/** Raised when a document is not an account this version can read at all. */
export class UnreadableAccountError extends Error {
  readonly code = UNREADABLE_ACCOUNT;
  /**
   * `localized`: the message in each locale, when the reader has it in both (`message` is the English one).
   * `reason`: which check failed, for adapters with their own catalogue; `value`: the offending value.
   */
  constructor(
    message: string,
    readonly localized?: { zh: string; en: string },
    readonly reason?: 'json' | 'not-object' | 'too-deep' | 'no-version' | 'version',
    readonly value?: unknown,
  ) {
    super(message);
    this.name = 'UnreadableAccountError';
  }
}

/** Whether an error is an UnreadableAccountError, by its code (also across bundles and vm contexts). */
export function isUnreadableAccount(e: unknown): e is Error {
  return (e as { code?: unknown } | null)?.code === UNREADABLE_ACCOUNT;
}

/** Whether lists or objects nest deeper than any account does (five levels) by far: such JSON would overflow the stack later. */
function tooDeep(v: unknown, depth = 0): boolean {
  return depth > 64 || (v !== null && typeof v === 'object' && Object.values(v).some((x) => tooDeep(x, depth + 1)));
}

/**
 * Parses interchange JSON text. Throws UnreadableAccountError when it is not
 * JSON, not an object, or of a schemaVersion this version does not know.
 * Returns the raw document (for validation) and its account shape (for scoring).
 */
export function parseAccountJson(textIn: string): { raw: unknown; account: Account } {
  let raw: unknown;
  try {
    raw = JSON.parse(textIn.replace(/^\uFEFF/, ''));
  } catch (e) {
    // Never the parser's message: it quotes the text around the error, which may be personal.
    throw new UnreadableAccountError('not valid JSON', undefined, 'json');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UnreadableAccountError('not an account: the JSON is not an object', undefined, 'not-object');
  }
  if (tooDeep(raw)) throw new UnreadableAccountError('not an account: nested too deeply', undefined, 'too-deep');
  const v = (raw as Record<string, unknown>).schemaVersion;
  if (v === undefined) throw new UnreadableAccountError('not an account: it has no schemaVersion', undefined, 'no-version');
  if (v !== SCHEMA_VERSION) {
    throw new UnreadableAccountError(
      `unsupported schemaVersion ${show(v)}: this version of ka-sales reads schemaVersion ${SCHEMA_VERSION}` +
        (typeof v === 'number' && v > SCHEMA_VERSION ? ' (the file is newer; update ka-sales)' : ''),
      undefined,
      'version',
      v,
    );
  }
  return { raw, account: toAccount(raw) };
}
