import { dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type ExcelJS from 'exceljs';
import type { Locale } from '../../../sheets-templates/types';
import { UnreadableAccountError } from '../../domain/account';
import { HEALTH_TAB } from '../../../sheets-templates/health';
import { type DefinedName, bindingName, parseRef } from '../../domain/bindings';
import { isIsoDate } from '../../domain/dates';
import { type Grids, readAccountFromGrids } from '../../domain/read-workbook';
import { type UpgradePlan, accountDifferences, needsUpgrade, planUpgrade, refusalMessage } from '../../domain/upgrade';
import { loadWorkbook } from '../../xlsx/read-workbook';
import { readXlsx } from '../../xlsx/read-xlsx';
import { HEALTH_FORM } from '../../xlsx/render-health';
import { renderAccountWorkbook } from '../../xlsx/render-workbook';
import { placeRoleMapPicture } from '../../xlsx/role-map-picture';
import { outputPath, stem } from '../file-names';
import { unreadable } from '../load-account';
import { CliError, msg } from '../messages';
import { EXIT, parseLocale } from '../output';
import { readInputFile } from '../read-input';
import { type OutputFile, withOutput, writeFileAtomic } from '../write-file';

/**
 * `ka-sales upgrade FILE.xlsx [-o OUT.xlsx]`: a workbook of an older
 * template version is laid out again with the current forms, keeping every
 * value (src/domain/upgrade.ts proves it before anything is written, and the
 * written workbook is read back and compared before it replaces anything).
 * Without -o the file is upgraded in place after a backup copy
 * `FILE.bak-YYYYMMDD-HHMMSS.xlsx` next to it. Tabs that are not the
 * account's are copied over as they are.
 */

/** `dir/name.xlsx` → `dir/name.bak-YYYYMMDD-HHMMSS.xlsx` (local time). */
export function backupPath(file: string, now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return join(dirname(file), `${stem(file)}.bak-${stamp}${extname(file)}`);
}

/** Copies a worksheet the upgrade does not lay out (a tab the user added) into the new workbook. */
function copyTab(from: ExcelJS.Worksheet, to: ExcelJS.Workbook): void {
  const ws = to.addWorksheet(from.name, { state: from.state });
  const model = from.model as unknown as Record<string, unknown>;
  ws.model = { ...model, id: ws.id, name: from.name, mergeCells: model.merges } as unknown as ExcelJS.WorksheetModel;
}

/** The as-of date a rep set on the old workbook's health tab (ISO), if any: the upgraded tab keeps it. */
function healthAsOf(grids: Grids, names: DefinedName[]): string | null {
  const n = names.find((d) => d.name.toLowerCase() === bindingName(HEALTH_FORM, 'asOf').toLowerCase());
  const r = n?.sheet ? parseRef(n.ref) : undefined;
  const v = r && n?.sheet ? grids[n.sheet]?.[r.row1]?.[r.col1] : null;
  return typeof v === 'string' && isIsoDate(v) ? v.trim() : null;
}

/** The new workbook's bytes, read back and checked: the same account, the current version, other tabs unchanged. */
async function upgradedBytes(
  plan: UpgradePlan,
  oldBytes: Buffer,
  old: { grids: Grids; definedNames: DefinedName[] },
  file: string,
): Promise<Buffer> {
  const oldGrids = old.grids;
  const wb = renderAccountWorkbook(plan.account, plan.locale, { asOf: healthAsOf(old.grids, old.definedNames) });
  placeRoleMapPicture(wb, plan.account, plan.locale);
  const laidOut = new Set([...plan.tabs.map((t) => t.name), HEALTH_TAB.zh, HEALTH_TAB.en]);
  // ExcelJS reads the old file only when it has tabs to copy.
  const others = Object.keys(oldGrids).some((name) => !laidOut.has(name))
    ? (await loadWorkbook(oldBytes)).worksheets.filter((ws) => !laidOut.has(ws.name))
    : [];
  for (const ws of others) copyTab(ws, wb);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const { grids, definedNames } = readXlsx(bytes);
  const back = readAccountFromGrids(grids, definedNames);
  const diff = accountDifferences(plan.account, back.account);
  const tabDiff = others.find((ws) => JSON.stringify(grids[ws.name]) !== JSON.stringify(oldGrids[ws.name]));
  if (diff.length || back.templateVersion !== plan.to || tabDiff) {
    const what = diff.length
      ? `${diff[0]}${back.locations[diff[0]] ? ` (${back.locations[diff[0]].sheet}!${back.locations[diff[0]].cell})` : ''}`
      : tabDiff
        ? msg('upgrade.tab', { tab: tabDiff.name })
        : msg('upgrade.version');
    throw new CliError('upgrade.notSame', { file, what });
  }
  return bytes;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A backup copy of `bytes` beside `file`, never over an existing file (`-2`, `-3`… when the name is taken). */
async function writeBackup(file: string, bytes: Buffer, now?: Date): Promise<string> {
  for (let n = 1; ; n++) {
    const backup = n === 1 ? backupPath(file, now) : backupPath(file, now).replace(/(\.[^.]+)$/, `-${n}$1`);
    try {
      await writeFileAtomic(backup, bytes, { overwrite: false });
      return backup;
    } catch (e) {
      if (!(e instanceof CliError && e.code === 'write.exists') || n > 1000) throw e;
    }
  }
}

export async function upgradeFile(file: string, opts: { output?: string; force?: boolean; locale: Locale; now?: Date }): Promise<number> {
  if (extname(file).toLowerCase() !== '.xlsx') throw new CliError('usage.xlsxOnly', { file, command: 'upgrade' });
  const inPlace = opts.output === undefined || resolve(opts.output) === resolve(file);
  // In place, the file is read, checked, backed up and replaced under its write lock: no other writer in between.
  return inPlace ? withOutput(file, (out) => upgradeOnce(file, opts, out)) : upgradeOnce(file, opts);
}

async function upgradeOnce(
  file: string,
  opts: { output?: string; force?: boolean; locale: Locale; now?: Date },
  inPlace?: OutputFile,
): Promise<number> {
  const { locale } = opts;
  let oldBytes: Buffer;
  let oldGrids: Grids;
  let oldNames: DefinedName[];
  let plan: UpgradePlan;
  const original = readInputFile(file);
  try {
    const old = readXlsx(original);
    oldGrids = old.grids;
    oldNames = old.definedNames;
    plan = planUpgrade(oldGrids, old.definedNames);
    oldBytes = original;
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw unreadable(file, e, locale);
    throw e;
  }
  if (plan.from > plan.to) {
    throw new CliError('upgrade.newer', { file, from: plan.from, to: plan.to });
  }
  if (!needsUpgrade(plan.from)) {
    say(msg('upgrade.current', { file, from: plan.from }, locale));
    return EXIT.ok;
  }
  if (plan.lost.length) {
    for (const line of refusalMessage(plan.lost, locale, Number.POSITIVE_INFINITY).split('\n')) process.stderr.write(`${file}: ${line}\n`);
    return EXIT.problems;
  }
  const bytes = await upgradedBytes(plan, oldBytes, { grids: oldGrids, definedNames: oldNames }, file);
  const changed = msg('upgrade.changed', { from: plan.from, to: plan.to, kept: plan.kept }, locale);
  if (inPlace) {
    // The backup is complete (written atomically) before the file is replaced (atomically, keeping its mode and any symlink).
    const backup = await writeBackup(file, original, opts.now);
    inPlace.write(bytes, { overwrite: true });
    say(msg('upgrade.inPlace', { file, changed, backup }, locale));
  } else {
    const out = outputPath(opts.output, `${stem(file)}.xlsx`, opts.force);
    await writeFileAtomic(out, bytes, { overwrite: !!opts.force });
    say(msg('upgrade.toOut', { file, out, changed }, locale));
  }
  return EXIT.ok;
}

export function registerUpgrade(program: Command): void {
  program
    .command('upgrade')
    .description('upgrade an account workbook (.xlsx) to the latest template, keeping every value (in place after a backup copy, or to -o)')
    .argument('<workbook>', 'account workbook (.xlsx)')
    .option('-o, --output <file>', 'write the upgraded workbook here instead of upgrading the file in place')
    .option('--lang <locale>', 'zh (default) or en: messages', 'zh')
    .option('--force', 'overwrite the output file if it exists')
    .action(async (file: string, opts: { output?: string; lang?: string; force?: boolean }) => {
      process.exitCode = await upgradeFile(file, { output: opts.output, force: opts.force, locale: parseLocale(opts.lang) });
    });
}
