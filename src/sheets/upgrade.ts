import type { Locale, Localized } from '../../sheets-templates/types';
import { isUnreadableAccount } from '../domain/account';
import { NAME_PREFIX } from '../domain/bindings';
import { layoutNames, readAccountFromGrids } from '../domain/read-workbook';
import { type UpgradePlan, accountDifferences, needsUpgrade, planUpgrade, refusalMessage } from '../domain/upgrade';
import { readGrids, readNames } from './read-workbook';
import { RuleCache, renderTabWithSpreadsheetApp, setBindings, sheetsTabs, tabGrid } from './render-workbook';
import { TEXT, t, uiLocale } from './ui-text';
import { requireRole } from './roles';

/**
 * Menu: upgrade the active workbook to the current template. The domain
 * (src/domain/upgrade.ts) reads the account and proves that every value
 * comes back in the new layout; only then, after the user agrees, is the
 * whole spreadsheet copied as a backup (one call, every tab with its
 * formatting, notes and protections, in a separate file the upgrade never
 * touches) and the account's tabs are rendered again in place — same tabs,
 * same sheet ids, other tabs left alone. The workbook is read again at the
 * end and compared with the account read at the start.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export const UPGRADE_TEXT = {
  menu: { zh: '升级到最新模板', en: 'Upgrade to the latest template' },
  confirm: {
    zh: '模板版本 {from} → {to}：先复制整个工作簿作备份，再重排各表，保留全部 {kept} 个值。继续？',
    en: 'Template version {from} → {to}: the workbook is copied as a backup first, then its tabs are laid out again, keeping all {kept} values. Continue?',
  },
  current: { zh: '已是最新模板（版本 {to}）。', en: 'Already the latest template (version {to}).' },
  newer: {
    zh: '本工作簿的模板（版本 {from}）比本程序（{to}）新，请先更新 ka-sales。',
    en: 'This workbook’s template (version {from}) is newer than this ka-sales ({to}); update ka-sales.',
  },
  done: {
    zh: '已升级：模板版本 {from} → {to}，保留 {kept} 个值。备份："{backup}"',
    en: 'Upgraded: template version {from} → {to}, {kept} values kept. Backup: "{backup}"',
  },
  failed: {
    zh: '升级后 {cell} 与升级前不同，请与备份"{backup}"核对。',
    en: 'After the upgrade {cell} differs from before; compare it with the backup "{backup}".',
  },
  backupName: { zh: '{name}（备份 模板v{from} {stamp}）', en: '{name} (backup, template v{from}, {stamp})' },
} satisfies Record<string, Localized>;

export interface UpgradeOutcome {
  status: 'current' | 'newer' | 'refused' | 'cancelled' | 'upgraded' | 'failed';
  message: string;
  plan: UpgradePlan;
  backup?: Spreadsheet;
}

/** Upgrades a spreadsheet in place when it needs it and nothing would be lost; `confirm` is asked before anything changes. */
export function upgradeSpreadsheet(
  ss: Spreadsheet,
  locale: Locale,
  confirm: (plan: UpgradePlan) => boolean = () => true,
  now = new Date(),
): UpgradeOutcome {
  const plan = planUpgrade(readGrids(ss), readNames(ss));
  const args = { from: plan.from, to: plan.to, kept: plan.kept };
  const out = (status: UpgradeOutcome['status'], message: string, backup?: Spreadsheet): UpgradeOutcome => ({
    status,
    message,
    plan,
    backup,
  });
  if (plan.from > plan.to) return out('newer', t(UPGRADE_TEXT.newer, locale, args));
  if (!needsUpgrade(plan.from)) return out('current', t(UPGRADE_TEXT.current, locale, args));
  if (plan.lost.length) return out('refused', refusalMessage(plan.lost, locale));
  if (!confirm(plan)) return out('cancelled', t(TEXT.cancelled, locale));
  const stamp = Utilities.formatDate(now, ss.getSpreadsheetTimeZone(), 'yyyyMMdd-HHmmss');
  const backup = ss.copy(t(UPGRADE_TEXT.backupName, locale, { name: ss.getName(), from: plan.from, stamp }));
  const rules = new RuleCache(plan.locale);
  // The new bindings replace the old ones (a workbook made before bindings has none).
  for (const n of ss.getNamedRanges()) if (n.getName().startsWith(NAME_PREFIX)) n.remove();
  sheetsTabs(plan.tabs, plan.locale).forEach((tab, i) => {
    const sheet = ss.getSheetByName(tab.name) ?? ss.insertSheet(tab.name, i);
    const g = tabGrid(tab, rules);
    const [rows, cols] = [sheet.getMaxRows(), sheet.getMaxColumns()];
    sheet.getRange(1, 1, rows, cols).breakApart().clear().clearDataValidations().clearNote();
    for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET)) p.remove();
    // A tab may have fewer rows or columns than a new one (a column deleted); the layout needs its own.
    if (g.rows > rows) sheet.insertRowsAfter(rows, g.rows - rows);
    if (g.cols > cols) sheet.insertColumnsAfter(cols, g.cols - cols);
    renderTabWithSpreadsheetApp(sheet, tab, g);
    setBindings(ss, sheet, tab);
  });
  // Read back through the bindings just written (reading them back from the spreadsheet costs five calls each).
  const after = readAccountFromGrids(readGrids(ss), layoutNames(plan.tabs));
  const diff = accountDifferences(plan.account, after.account);
  const named = { ...args, backup: backup.getName() };
  if (diff.length || after.templateVersion !== plan.to) {
    const at = after.locations[diff[0]];
    return out(
      'failed',
      t(UPGRADE_TEXT.failed, locale, { ...named, cell: at ? `${at.sheet}!${at.cell}` : (diff[0] ?? '_ka_meta') }),
      backup,
    );
  }
  return out('upgraded', t(UPGRADE_TEXT.done, locale, named), backup);
}

/** Menu: checks, asks, upgrades, and says what happened. */
export function upgradeActiveWorkbook(): UpgradeOutcome | null {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = uiLocale(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  const title = t(UPGRADE_TEXT.menu, locale);
  if (!requireRole(ss, ['account'], locale, ui)) return null;
  let r: UpgradeOutcome;
  try {
    r = upgradeSpreadsheet(
      ss,
      locale,
      (plan) =>
        ui.alert(title, t(UPGRADE_TEXT.confirm, locale, { from: plan.from, to: plan.to, kept: plan.kept }), ui.ButtonSet.OK_CANCEL) ===
        ui.Button.OK,
    );
  } catch (e) {
    if (!isUnreadableAccount(e)) throw e;
    ui.alert(title, t(TEXT.notAccountWorkbook, locale, { reason: (e as Error).message }), ui.ButtonSet.OK);
    return null;
  }
  if (r.status !== 'cancelled') ui.alert(title, r.message, ui.ButtonSet.OK);
  return r;
}
