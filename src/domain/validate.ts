import type { Locale, Localized } from '../../sheets-templates/types';
import { COMPETITIVENESS_FORM, OPPORTUNITY_FORM } from '../../sheets-templates/forms';
import { KEY_PEOPLE_FORM } from '../../sheets-templates/forms';
import { text } from './account';
import { type Rule, problemMessage } from './messages';
import { unboundPath } from './read-workbook';
import type { z } from 'zod/mini';
import { type IssueParams, accountSchema } from './schema';

/** One thing wrong with an account: where (dot path, zero-based), which rule, and what to do. */
export interface Problem {
  path: string;
  rule: Rule;
  message: string;
}

function itemLabel(path: (string | number)[]): Localized | undefined {
  const [form, list, idx, key] = path;
  if (list !== 'items' || typeof idx !== 'number') return undefined;
  const def = form === 'opportunity' ? OPPORTUNITY_FORM : form === 'competitiveness' ? COMPETITIVENESS_FORM : undefined;
  if (!def) return undefined;
  const no = idx + 1;
  const who =
    key === 'competitors'
      ? { zh: `竞争对手 ${Number(path[4]) + 1} 的评估`, en: `competitor ${Number(path[4]) + 1}'s mark` }
      : key === 'us'
        ? { zh: '我方评估', en: 'our mark' }
        : { zh: '评估', en: 'mark' };
  return { zh: `${def.tab.zh}第 ${no} 项${who.zh}`, en: `${def.tab.en} item ${no}, ${who.en}` };
}

function keyLabel(key: string | number | undefined): Localized {
  if (key === undefined) return { zh: '账户文件', en: 'The account file' };
  const k = String(key);
  return { zh: k, en: k };
}

/** Rows of a list checked per schema run: zod gathers a list's issues with push(...issues), which overflows the stack at about 100,000. */
const PIECE = 1000;

type Issue = z.core.$ZodIssue;

/** Lists longer than PIECE reachable through objects (keyPeople, roleMap, overview tables, the assessment lists), with their paths. */
function longLists(
  v: unknown,
  path: string[] = [],
  out: Array<{ path: string[]; list: unknown[] }> = [],
): Array<{ path: string[]; list: unknown[] }> {
  if (v === null || typeof v !== 'object' || path.length > 3) return out;
  if (Array.isArray(v)) {
    if (v.length > PIECE) out.push({ path, list: v });
    return out;
  }
  for (const [k, x] of Object.entries(v)) longLists(x, [...path, k], out);
  return out;
}

/** A copy of `doc` with the value at `path` replaced (objects along the path copied; a computed key is an own property, even `__proto__`). */
function withAt(doc: unknown, path: string[], value: unknown): unknown {
  const o = doc as Record<string, unknown>;
  return path.length ? { ...o, [path[0]]: withAt(o[path[0]], path.slice(1), value) } : value;
}

const under = (p: PropertyKey[], prefix: string[]) => p.length > prefix.length && prefix.every((k, i) => p[i] === k);

/**
 * The schema's issues for a document, in linear time and bounded stack: a
 * long list is checked with its first PIECE rows in place (its count checks
 * get the real length), then the rest PIECE rows at a time.
 */
function schemaIssues(raw: unknown): Issue[] {
  const long = longLists(raw);
  let head = raw;
  for (const l of long) head = withAt(head, l.path, l.list.slice(0, PIECE));
  const issues: Issue[] = [];
  for (const iss of accountSchema.safeParse(head).error?.issues ?? []) {
    const cut = long.find((l) => l.path.join() === iss.path.join());
    const params = (iss as unknown as { params?: IssueParams }).params;
    // A count check of a cut list saw PIECE rows: it gets the real count.
    if (cut && params?.count !== undefined) params.count = cut.list.length;
    issues.push(iss);
  }
  for (const l of long) {
    for (let from = PIECE; from < l.list.length; from += PIECE) {
      const piece = withAt(head, l.path, l.list.slice(from, from + PIECE));
      for (const iss of accountSchema.safeParse(piece).error?.issues ?? []) {
        if (!under(iss.path, l.path)) continue;
        const path = iss.path.slice();
        path[l.path.length] = Number(path[l.path.length]) + from;
        issues.push({ ...iss, path });
      }
    }
  }
  return issues;
}

/**
 * Every problem of a parsed interchange document (the raw JSON value). Never
 * changes its input. Messages are in zh-CN unless `locale` says 'en'.
 */
export function validateAccount(raw: unknown, locale: Locale = 'zh'): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], rule: Rule, args: Omit<IssueParams, 'rule'>) =>
    problems.push({ path: path.join('.'), rule, message: problemMessage(rule, args, locale) });

  for (const iss of schemaIssues(raw)) {
    const path = iss.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (iss.code === 'custom') {
      const p = (iss as unknown as { params: IssueParams }).params;
      const label = p.rule === 'mark' || p.rule === 'weight' ? (itemLabel(path) ?? p.label) : p.label;
      add(path, p.rule, { ...p, label });
    } else if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) add([...path, key], 'unknown-field', { key: [...path, key].join('.') });
    } else if (iss.code === 'invalid_type') {
      const expected =
        iss.expected === 'array' ? 'list' : iss.expected === 'object' ? 'object' : iss.expected === 'number' ? 'number' : 'text';
      const value = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], raw);
      if (value === undefined) add(path, 'required', { label: keyLabel(path[path.length - 1]) });
      else add(path, 'type', { label: keyLabel(path[path.length - 1]), value, expected });
    } else {
      const value = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], raw);
      const label = keyLabel(path[path.length - 1]);
      if (value === undefined) add(path, 'required', { label });
      else if (iss.code === 'invalid_value') add(path, 'vocabulary', { label, value, options: iss.values.map((v) => String(v)) });
      else add(path, 'type', { label, value });
    }
  }

  // Across rows: the same visit of the same person twice is a copy-paste slip.
  const kp = raw !== null && typeof raw === 'object' ? (raw as { keyPeople?: unknown }).keyPeople : undefined;
  if (Array.isArray(kp)) {
    const seen = new Set<string>();
    kp.forEach((row, i) => {
      if (row === null || typeof row !== 'object') return;
      const r = row as Record<string, unknown>;
      const name = text(r.name);
      const no = text(r.visitNo);
      if (!name || !no) return;
      const key = `${name}\u0000${no}`;
      if (seen.has(key)) {
        add(['keyPeople', i, 'visitNo'], 'duplicate-visit', {
          label: KEY_PEOPLE_FORM.table.fields.find((f) => f.id === 'visitNo')?.label,
          value: `${name} #${no}`,
        });
      }
      seen.add(key);
    });
  }
  return problems;
}

/**
 * Every problem of an account read from a workbook: the account's, and each
 * cell of a form tab holding content that no binding covers (`unbound-content`:
 * it would otherwise be silently left out of exports and roll-ups). The value
 * itself is never quoted (it may be personal); the location names tab and cell.
 */
export function validateRead(
  read: { account: unknown; unbound: Array<{ sheet: string; cell: string }> },
  locale: Locale = 'zh',
): Problem[] {
  const problems = validateAccount(read.account, locale);
  for (const u of read.unbound)
    problems.push({ path: unboundPath(u), rule: 'unbound-content', message: problemMessage('unbound-content', {}, locale) });
  return problems;
}
