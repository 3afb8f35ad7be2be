/**
 * The custom functions (=OPP_SCORE(), =KA_FLAGS()…), and nothing else: each
 * is a one-line forward into src/sheets/custom-functions.ts. Code.js is
 * this file bundled alone (global `KaSales`: scripts/build-gas.mjs), so a
 * custom-function cell loads only what these need — not the modules of the
 * menus, whose top-level code (the import schema, the roll-up's tables)
 * would run on every load. The build appends, for every function exported
 * here, a top-level `function` of the same name and parameters with its
 * JSDoc copied, so that Sheets lists them (the `@customfunction` tag).
 * Nothing here runs when the script loads.
 */
import {
  KA_ACTIONS as kaActions,
  KA_FLAGS as kaFlags,
  KA_VERDICT as kaVerdict,
  OPP_SCORE as oppScore,
  WIN_SCORE as winScore,
} from './sheets/custom-functions';

/**
 * Opportunity score, 0–100: the weighted share of "+" among the ten opportunity marks
 * (机会得分：十项机会评估中"+"的加权占比). A mark that is not + - ? or blank is an error naming it.
 *
 * @param {E6:E15} marks The ten marks, items 1–10 in order: + - ? or blank.
 * @param {"real"} group Optional: "real" (items 1–5), "worth" (items 6–10) or "all" (the default).
 * @param {G6:G15} weights Optional: ten weights, numbers ≥ 0 (blank = 1).
 * @return The score, a whole number from 0 to 100.
 * @customfunction
 */
export function OPP_SCORE(marks: unknown, group?: unknown, weights?: unknown): number {
  return oppScore(marks, group, weights);
}

/**
 * Competitiveness score, 0–100: the share of "+" among one party's ten competitiveness marks
 * (竞争力得分：一方十项竞争力评估中"+"的占比). A mark that is not + - ? or blank is an error naming it.
 *
 * @param {D7:D16} marks One party's ten marks: + - ? or blank.
 * @return The score, a whole number from 0 to 100.
 * @customfunction
 */
export function WIN_SCORE(marks: unknown): number {
  return winScore(marks);
}

/**
 * The account's verdict as the engine gives it (追 / 观察 / 虚 / 待评估), from the workbook's tabs (each from A1).
 *
 * @param {'客户全貌'!A1:H1000} overview 客户全貌 (overview).
 * @param {'关键人物'!A:Z} keyPeople 关键人物 (key people).
 * @param {'角色分析'!A:I} roleMap 角色分析 (role map).
 * @param {'机会评估'!A1:H1000} opportunity 机会评估 (opportunity).
 * @param {'竞争力评估'!A1:H1000} competitiveness 竞争力评估 (competitiveness).
 * @param {'行动计划'!A:F} actionPlan 行动计划 (action plan).
 * @param {'_ka_meta'!A1:B200} meta _ka_meta (hidden): the version and where each input area is.
 * @param {TODAY()} asOf Optional: the date to judge by; blank = today.
 * @param {"zh"} locale Optional: "zh" or "en" for the label; blank = the code (pursue, watch, not-real, unassessed).
 * @param {"reason"} part Optional: "reason" for why.
 * @return The verdict, or why.
 * @customfunction
 */
export function KA_VERDICT(
  overview: unknown,
  keyPeople: unknown,
  roleMap: unknown,
  opportunity: unknown,
  competitiveness: unknown,
  actionPlan: unknown,
  meta: unknown,
  asOf?: unknown,
  locale?: unknown,
  part?: unknown,
): string {
  return kaVerdict([overview, keyPeople, roleMap, opportunity, competitiveness, actionPlan], meta, asOf, locale, part);
}

/**
 * The account's red flags as the engine gives them, in its order (红旗), from the workbook's tabs (each from A1).
 *
 * @param {'客户全貌'!A1:H1000} overview 客户全貌 (overview).
 * @param {'关键人物'!A:Z} keyPeople 关键人物 (key people).
 * @param {'角色分析'!A:I} roleMap 角色分析 (role map).
 * @param {'机会评估'!A1:H1000} opportunity 机会评估 (opportunity).
 * @param {'竞争力评估'!A1:H1000} competitiveness 竞争力评估 (competitiveness).
 * @param {'行动计划'!A:F} actionPlan 行动计划 (action plan).
 * @param {'_ka_meta'!A1:B200} meta _ka_meta (hidden): the version and where each input area is.
 * @param {TODAY()} asOf Optional: the date to judge by; blank = today.
 * @param {"zh"} locale Optional: "zh" or "en" for labels; blank = codes (no-coach, stale…) joined by ", ".
 * @param {"unanswered"} mode Optional: "unanswered" = the raised flags no open action answers; "open" / "overdue" = how many actions are.
 * @return The flags raised (blank when none), or a count of actions.
 * @customfunction
 */
export function KA_FLAGS(
  overview: unknown,
  keyPeople: unknown,
  roleMap: unknown,
  opportunity: unknown,
  competitiveness: unknown,
  actionPlan: unknown,
  meta: unknown,
  asOf?: unknown,
  locale?: unknown,
  mode?: unknown,
): string | number {
  return kaFlags([overview, keyPeople, roleMap, opportunity, competitiveness, actionPlan], meta, asOf, locale, mode);
}

/**
 * The account's open actions (未完成的行动), the first 10 in due order — earliest first, undated last — as the engine
 * lists them, from the workbook's tabs (each from A1): one row each, spilled below and right of the cell.
 *
 * @param {'客户全貌'!A1:H1000} overview 客户全貌 (overview).
 * @param {'关键人物'!A:Z} keyPeople 关键人物 (key people).
 * @param {'角色分析'!A:I} roleMap 角色分析 (role map).
 * @param {'机会评估'!A1:H1000} opportunity 机会评估 (opportunity).
 * @param {'竞争力评估'!A1:H1000} competitiveness 竞争力评估 (competitiveness).
 * @param {'行动计划'!A:F} actionPlan 行动计划 (action plan).
 * @param {'_ka_meta'!A1:B200} meta _ka_meta (hidden): the version and where each input area is.
 * @param {TODAY()} asOf Optional: the date overdue is judged by; blank = today.
 * @param {"zh"} locale Optional: "zh" or "en" for the overdue mark and the status; blank = zh.
 * @return 10 rows of due date, overdue mark (逾期), action, owner and status; blank rows after the last open action.
 * @customfunction
 */
export function KA_ACTIONS(
  overview: unknown,
  keyPeople: unknown,
  roleMap: unknown,
  opportunity: unknown,
  competitiveness: unknown,
  actionPlan: unknown,
  meta: unknown,
  asOf?: unknown,
  locale?: unknown,
): string[][] {
  return kaActions([overview, keyPeople, roleMap, opportunity, competitiveness, actionPlan], meta, asOf, locale);
}
