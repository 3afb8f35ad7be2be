import { COMPETITIVENESS_FORM, OPPORTUNITY_FORM } from '../../sheets-templates/forms';
import { type ItemRef, RED_FLAG_TEXTS, VERDICT_REASONS } from '../../sheets-templates/health';
import type { AssessmentItemDef, Locale } from '../../sheets-templates/types';
import { type AssessmentSettings, DEFAULT_SETTINGS, RED_FLAG_LABELS, type Verdict } from './assessment';
import { t } from './messages';
import { OPP_GROUPS } from './scoring';
import { parseMark } from './marks';

/**
 * What the account-health tab (概览) says about a red flag and a verdict, in
 * a locale: the one reading of sheets-templates/health.ts that both adapters
 * use (the .xlsx tab compiles the same texts into formulas; the Sheets tab
 * calls these).
 */

export interface GuidingQuestions {
  ref: ItemRef;
  /** 'opportunity' (form 五) or 'competitiveness' (form 七). */
  form: 'opportunity' | 'competitiveness';
  no: number;
  /** The item's label in the locale. */
  label: string;
  /** Its guiding questions, one per line. */
  guidance: string;
}

export interface RedFlagGuide {
  code: string;
  label: string;
  meaning: string;
  questions: GuidingQuestions[];
  next: string;
}

/** The item an ItemRef names, or undefined. */
export function itemOf(ref: string): { form: 'opportunity' | 'competitiveness'; item: AssessmentItemDef } | undefined {
  const m = /^(opportunity|competitiveness)\.(\d+)$/.exec(ref);
  if (!m) return undefined;
  const form = m[1] as 'opportunity' | 'competitiveness';
  const item = (form === 'opportunity' ? OPPORTUNITY_FORM : COMPETITIVENESS_FORM).items.find((i) => i.no === Number(m[2]));
  return item ? { form, item } : undefined;
}

/** The texts of a red flag (undefined for a code the catalogue does not know). */
export function redFlagGuide(code: string, locale: Locale): RedFlagGuide | undefined {
  const entry = RED_FLAG_TEXTS[code];
  if (!entry) return undefined;
  const questions = entry.bearsOn.flatMap((ref): GuidingQuestions[] => {
    const found = itemOf(ref);
    if (!found) return [];
    return [{ ref, form: found.form, no: found.item.no, label: found.item.label[locale], guidance: found.item.guidance[locale] }];
  });
  return {
    code,
    label: (RED_FLAG_LABELS as Record<string, { zh: string; en: string }>)[code]?.[locale] ?? code,
    meaning: entry.meaning[locale],
    questions,
    next: entry.next[locale],
  };
}

/** "五 4 项目的预算" / "Form 五 item 4 …": how a question block is headed on the tab. */
export function questionsHeading(q: GuidingQuestions, locale: Locale): string {
  const form = q.form === 'opportunity' ? '五' : '七';
  return locale === 'zh' ? `${form}·第 ${q.no} 项 ${q.label}` : `${form} item ${q.no}: ${q.label}`;
}

/** The separator of the parts of a reason. */
export const REASON_SEPARATOR: Record<Locale, string> = { zh: '；', en: '; ' };
/** The separator of item numbers in a reason. */
export const ITEM_SEPARATOR: Record<Locale, string> = { zh: '、', en: ', ' };

/** What the verdict rules looked at (an Assessment has all of it). */
export interface VerdictInputs {
  verdict: Verdict;
  completeness: { opportunity: number; competitiveness: number };
  worth: number;
  lead: number | null;
}

/**
 * Why the verdict is what it is, in the words of VERDICT_REASONS: the
 * completeness below the minimum (unassessed), the items of 1–5 that failed
 * the real test (not real), the worth below the threshold and/or the lead
 * behind (watch). `marks` are the ten opportunity marks.
 */
export function verdictReason(
  a: VerdictInputs,
  marks: readonly unknown[],
  locale: Locale,
  settings: AssessmentSettings = DEFAULT_SETTINGS,
): string {
  const min = settings.minCompleteness;
  const parts: string[] = [];
  switch (a.verdict) {
    case 'unassessed':
      if (a.completeness.opportunity < min) parts.push(t(VERDICT_REASONS.oppIncomplete, locale, { opp: a.completeness.opportunity, min }));
      if (a.completeness.competitiveness < min)
        parts.push(t(VERDICT_REASONS.compIncomplete, locale, { comp: a.completeness.competitiveness, min }));
      break;
    case 'not-real': {
      const real = OPP_GROUPS.real.map((i) => ({ no: i + 1, m: parseMark(marks[i]) }));
      const minus = real.filter((x) => x.m === '-').map((x) => x.no);
      if (minus.length) parts.push(t(VERDICT_REASONS.minusItems, locale, { items: minus.join(ITEM_SEPARATOR[locale]) }));
      else parts.push(t(VERDICT_REASONS.fewPlus, locale, { plus: real.filter((x) => x.m === '+').length }));
      break;
    }
    case 'watch':
      if (a.worth < settings.pursueWorth) parts.push(t(VERDICT_REASONS.lowWorth, locale, { worth: a.worth, pursue: settings.pursueWorth }));
      if (a.lead !== null && a.lead < 0) parts.push(t(VERDICT_REASONS.behind, locale, { lead: -a.lead }));
      break;
    case 'pursue':
      parts.push(t(VERDICT_REASONS.pursue, locale, { worth: a.worth, pursue: settings.pursueWorth }));
      break;
  }
  return parts.join(REASON_SEPARATOR[locale]);
}
