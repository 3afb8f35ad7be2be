import * as z from 'zod/mini';
import {
  ACTION_PLAN_FORM,
  COMPETITIVENESS_FORM,
  KEY_PEOPLE_FORM,
  OPPORTUNITY_FORM,
  OVERVIEW_FORM,
  ROLE_MAP_FORM,
} from '../../sheets-templates/forms';
import type { FieldDef, Localized } from '../../sheets-templates/types';
import { ITEM_COUNT, SCHEMA_VERSION, isBlank } from './account';
import { isIsoDate, isMonthDay } from './dates';
import { isValidMark } from './marks';
import type { MessageArgs, Rule } from './messages';
import { vocabOptions } from './vocab';

/**
 * The interchange format (forms.md §10) as a zod schema, derived from the form
 * definitions: one leaf check per field, carrying the rule and the field's
 * label so that every issue becomes a problem a person can act on.
 */

export interface IssueParams extends MessageArgs {
  rule: Rule;
}

/** How many 万元 a unit word stands for. */
const IN_WAN: Record<string, number> = { 万元: 1, 万: 1, 元: 1e-4, 亿元: 1e4, 亿: 1e4 };

/**
 * An amount typed with a unit (`300万元`, `300 万`, `1.2亿`) as the number of
 * 万元 it stands for (300, 12000), or null when the value is not one.
 */
export function amountWithUnit(value: unknown): number | null {
  const m = typeof value === 'string' ? /^\s*([-+]?(?:\d[\d,，]*\.?\d*|\.\d+))\s*(\S+?)\s*$/.exec(value) : null;
  if (!m || !(m[2] in IN_WAN)) return null;
  const n = Number(m[1].replace(/[,，]/g, '')) * IN_WAN[m[2]];
  return Number.isFinite(n) ? Number(n.toPrecision(12)) : null;
}

/** The rule a field's value breaks, or null. Blank optional values pass. */
export function fieldProblem(field: FieldDef, value: unknown): IssueParams | null {
  const label = field.label;
  if (isBlank(value)) return field.required ? { rule: 'required', label } : null;
  switch (field.type) {
    case 'text':
    case 'longText':
      return typeof value === 'string' ? null : { rule: 'type', label, value, expected: 'text' };
    case 'integer':
    case 'number': {
      const amount = field.unit?.zh === '万元' ? amountWithUnit(value) : null;
      if (amount !== null) return { rule: 'amount-unit', label, value, fix: amount, unit: field.unit };
      if (typeof value !== 'number' || !Number.isFinite(value)) return { rule: 'type', label, value, expected: 'number' };
      if (field.type === 'integer' && !Number.isInteger(value)) return { rule: 'integer', label, value };
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
        return { rule: 'range', label, value, min: field.min, max: field.max };
      }
      return null;
    }
    case 'date':
      return isIsoDate(value) ? null : { rule: 'date', label, value };
    case 'dateOrMonthDay':
      return isIsoDate(value) || isMonthDay(value) ? null : { rule: 'date', label, value, expected: 'text' };
    case 'vocab': {
      const options = vocabOptions(field.vocab as string);
      return typeof value === 'string' && options.includes(value.trim()) ? null : { rule: 'vocabulary', label, value, options };
    }
  }
}

function issue(ctx: { addIssue: (i: z.core.$ZodRawIssue) => void; value: unknown }, params: IssueParams): void {
  ctx.addIssue({ code: 'custom', input: ctx.value, message: params.rule, params: params as unknown as Record<string, unknown> });
}

function leaf(check: (value: unknown) => IssueParams | null) {
  return z.unknown().check(
    z.superRefine((value, ctx) => {
      const p = check(value);
      if (p) issue({ addIssue: (i) => ctx.addIssue(i), value }, p);
    }),
  );
}

const fieldLeaf = (f: FieldDef) => leaf((v) => fieldProblem(f, v));

function shape(fields: FieldDef[]) {
  return Object.fromEntries(fields.map((f) => [f.id, fieldLeaf(f)]));
}

/**
 * A check of a list's length that runs even when an element has a problem
 * (zod skips checks after such issues by default, so a list of eleven items
 * with one bad mark would be reported for the mark only).
 */
function onAnyList<T>(ch: z.core.$ZodCheck<T>): z.core.$ZodCheck<T> {
  ch._zod.def.when = (payload) => Array.isArray(payload.value);
  return ch;
}

function exactCount(label: Localized, n: number) {
  return onAnyList(
    z.superRefine((arr: unknown[], ctx) => {
      if (arr.length !== n) {
        ctx.addIssue({
          code: 'custom',
          input: arr,
          message: 'items-count',
          params: { rule: 'items-count', label, count: arr.length, limit: n },
        });
      }
    }),
  );
}

/** A list longer than the workbook has room for: the rest could not be kept. */
function atMost(label: Localized, limit: number) {
  return onAnyList(
    z.superRefine((arr: unknown[], ctx) => {
      if (arr.length > limit) {
        ctx.addIssue({ code: 'custom', input: arr, message: 'too-many', params: { rule: 'too-many', label, count: arr.length, limit } });
      }
    }),
  );
}

const markLeaf = (label: Localized) => leaf((v) => (isValidMark(v) ? null : { rule: 'mark', label, value: v }));
const textLeaf = (label: Localized) =>
  leaf((v) => (isBlank(v) || typeof v === 'string' ? null : { rule: 'type', label, value: v, expected: 'text' }));
const dateLeaf = (label: Localized) => leaf((v) => (isBlank(v) || isIsoDate(v) ? null : { rule: 'date', label, value: v }));

const overviewShape: Record<string, z.core.$ZodType> = {};
for (const block of OVERVIEW_FORM.blocks) {
  const inner = shape(block.fields);
  if (block.kind === 'table') overviewShape[block.path[0]] = z.optional(z.array(z.strictObject(inner)));
  else if (block.path.length === 0) Object.assign(overviewShape, inner);
  else overviewShape[block.path[0]] = z.optional(z.strictObject(inner));
}

const GENERIC_ITEM: Localized = { zh: '评估项', en: 'Assessment item' };
const COMPETITORS: Localized = { zh: '竞争对手', en: 'Competitors' };

export const accountSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  overview: z.strictObject(overviewShape),
  keyPeople: z.optional(z.array(z.strictObject(shape(KEY_PEOPLE_FORM.table.fields)))),
  roleMap: z.optional(z.array(z.strictObject(shape(ROLE_MAP_FORM.table.fields)))),
  actionPlan: z.optional(z.array(z.strictObject(shape(ACTION_PLAN_FORM.table.fields)))),
  opportunity: z.strictObject({
    date: z.optional(dateLeaf({ zh: `${OPPORTUNITY_FORM.tab.zh}日期`, en: `${OPPORTUNITY_FORM.tab.en} date` })),
    items: z
      .array(z.strictObject({ mark: markLeaf(GENERIC_ITEM), comment: z.optional(textLeaf({ zh: '评语', en: 'Comment' })) }))
      .check(exactCount({ zh: OPPORTUNITY_FORM.title.zh, en: OPPORTUNITY_FORM.title.en }, ITEM_COUNT)),
    weights: z.optional(
      z
        .array(
          leaf((v) =>
            isBlank(v) || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
              ? null
              : { rule: 'weight', label: GENERIC_ITEM, value: v },
          ),
        )
        .check(exactCount({ zh: '权重', en: 'Weights' }, ITEM_COUNT)),
    ),
  }),
  competitiveness: z.strictObject({
    date: z.optional(dateLeaf({ zh: `${COMPETITIVENESS_FORM.tab.zh}日期`, en: `${COMPETITIVENESS_FORM.tab.en} date` })),
    competitors: z.array(textLeaf({ zh: '竞争对手', en: 'Competitor' })).check(atMost(COMPETITORS, COMPETITIVENESS_FORM.maxCompetitors)),
    items: z
      .array(
        z.strictObject({
          us: markLeaf(GENERIC_ITEM),
          // A workbook has a column for each of at most three competitors: more marks could not be kept.
          competitors: z.array(markLeaf(GENERIC_ITEM)).check(atMost(COMPETITORS, COMPETITIVENESS_FORM.maxCompetitors)),
          comment: z.optional(textLeaf({ zh: '评语', en: 'Comment' })),
        }),
      )
      .check(exactCount({ zh: COMPETITIVENESS_FORM.title.zh, en: COMPETITIVENESS_FORM.title.en }, ITEM_COUNT)),
    conclusions: z.optional(
      z
        .array(textLeaf(COMPETITIVENESS_FORM.conclusionLabel))
        .check(atMost(COMPETITIVENESS_FORM.conclusionLabel, COMPETITIVENESS_FORM.conclusionsAfter.length)),
    ),
  }),
});
