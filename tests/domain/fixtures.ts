/**
 * Hand-written accounts for the domain tests. `baseline()` is an account with
 * no red flag and verdict pursue as of AS_OF; each test changes one thing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Account, toAccount } from '../../src/domain/account';

export const AS_OF = '2026-11-01';

export const EXAMPLE_PATH = join(__dirname, '..', 'fixtures', 'example-account.json');

/** The spec's example account (forms.md §10), parsed afresh on each call. */
export function exampleRaw(): Record<string, any> {
  return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8'));
}

/** Marks written as a spaced string: `+ - ? .` where `.` is a blank mark. */
export function marks(s: string): string[] {
  const out = s
    .trim()
    .split(/\s+/)
    .map((t) => (t === '.' ? '' : t));
  return out;
}

export type Row = Record<string, unknown>;

export interface AccountSpec {
  customerName?: string;
  stage?: string;
  /** null or undefined: the key is left out. */
  budget?: unknown;
  opp?: string;
  weights?: unknown[];
  us?: string;
  /** Competitor name → its ten marks. */
  competitors?: Array<[string, string]>;
  keyPeople?: Row[];
  roleMap?: Row[];
}

export const DM: Row = {
  name: '张三',
  visitNo: 1,
  visitDate: '2026-10-20',
  role: '关键决策者',
  couldCoach: '否',
  closeness: '持平',
  trust: '上升',
};

export const COACH: Row = {
  name: '李四',
  visitNo: 1,
  visitDate: '2026-10-25',
  role: '技术把关者',
  couldCoach: '是',
  closeness: '上升',
  trust: '持平',
};

const DEFAULTS: Required<Omit<AccountSpec, 'weights' | 'budget'>> & { budget: unknown } = {
  customerName: '测试市财政局',
  stage: '方案',
  budget: 200,
  opp: '+ + + + + + + + + +',
  us: '+ + + + + + + + - -',
  competitors: [['对手甲', '+ - + - + - + - . .']],
  keyPeople: [DM, COACH],
  roleMap: [],
};

/** The interchange JSON of an account (forms.md §10). */
export function rawAccount(spec: AccountSpec = {}): Record<string, any> {
  const s = { ...DEFAULTS, ...spec };
  const comps = s.competitors;
  const us = marks(s.us);
  const overview: Row = { customerName: s.customerName, stage: s.stage };
  const budget = 'budget' in spec ? spec.budget : DEFAULTS.budget;
  if (budget !== undefined && budget !== null) overview.budget = budget;
  const opportunity: Row = { items: marks(s.opp).map((mark) => ({ mark })) };
  if (spec.weights) opportunity.weights = spec.weights;
  return {
    schemaVersion: 1,
    overview,
    keyPeople: s.keyPeople.map((r) => ({ ...r })),
    roleMap: s.roleMap.map((r) => ({ ...r })),
    opportunity,
    competitiveness: {
      competitors: comps.map(([n]) => n),
      items: us.map((m, i) => ({ us: m, competitors: comps.map(([, cm]) => marks(cm)[i]) })),
      conclusions: [],
    },
  };
}

export function account(spec: AccountSpec = {}): Account {
  return toAccount(rawAccount(spec));
}

/** A deep copy with every object frozen, to prove a function does not write to its input. */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}
