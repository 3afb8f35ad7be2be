import { constants, copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type ExcelJS from 'exceljs';
import type { Locale } from '../../../sheets-templates/types';
import { UnreadableAccountError } from '../../domain/account';
import { type Grids, readAccountFromGrids } from '../../domain/read-workbook';
import { type UpgradePlan, accountDifferences, needsUpgrade, planUpgrade, refusalMessage } from '../../domain/upgrade';
import { loadWorkbook } from '../../xlsx/read-workbook';
import { readXlsx } from '../../xlsx/read-xlsx';
import { renderAccountWorkbook } from '../../xlsx/render-workbook';
import { placeRoleMapPicture } from '../../xlsx/role-map-picture';
import { outputPath, stem } from '../file-names';
import { InputError } from '../load-account';
import { EXIT, UsageError, parseLocale } from '../output';

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

/** The new workbook's bytes, read back and checked: the same account, the current version, other tabs unchanged. */
async function upgradedBytes(plan: UpgradePlan, oldBytes: Buffer, oldGrids: Grids, file: string): Promise<Buffer> {
  const wb = renderAccountWorkbook(plan.account, plan.locale);
  placeRoleMapPicture(wb, plan.account, plan.locale);
  const laidOut = new Set(plan.tabs.map((t) => t.name));
  // ExcelJS reads the old file only when it has tabs to copy.
  const others = Object.keys(oldGrids).some((name) => !laidOut.has(name)) ? (await loadWorkbook(oldBytes)).worksheets.filter((ws) => !laidOut.has(ws.name)) : [];
  for (const ws of others) copyTab(ws, wb);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const { grids, definedNames } = readXlsx(bytes);
  const back = readAccountFromGrids(grids, definedNames);
  const diff = accountDifferences(plan.account, back.account);
  const tabDiff = others.find((ws) => JSON.stringify(grids[ws.name]) !== JSON.stringify(oldGrids[ws.name]));
  if (diff.length || back.templateVersion !== plan.to || tabDiff) {
    const what = diff.length ? `${diff[0]}${back.locations[diff[0]] ? ` (${back.locations[diff[0]].sheet}!${back.locations[diff[0]].cell})` : ''}` : tabDiff ? `tab ${tabDiff.name}` : 'template version';
    throw new InputError(`${file}: not upgraded: the new workbook would not hold the same ${what}; the file is unchanged`);
  }
  return bytes;
}

function say(locale: Locale, zh: string, en: string): void {
  process.stdout.write(`${locale === 'zh' ? zh : en}\n`);
}

export async function upgradeFile(file: string, opts: { output?: string; force?: boolean; locale: Locale; now?: Date }): Promise<number> {
  const { locale } = opts;
  if (extname(file).toLowerCase() !== '.xlsx') throw new UsageError(`${file}: upgrade reads an .xlsx account workbook`);
  let oldBytes: Buffer;
  let oldGrids: Grids;
  let plan: UpgradePlan;
  try {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new UnreadableAccountError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const old = readXlsx(bytes);
    oldGrids = old.grids;
    plan = planUpgrade(oldGrids, old.definedNames);
    oldBytes = bytes;
  } catch (e) {
    if (e instanceof UnreadableAccountError) throw new InputError(`${file}: ${e.message}`);
    throw e;
  }
  if (plan.from > plan.to) {
    throw new InputError(`${file}: template version ${plan.from} is newer than this ka-sales (${plan.to}); update ka-sales`);
  }
  if (!needsUpgrade(plan.from)) {
    say(locale, `${file} 已是最新模板（版本 ${plan.from}），未改动。`, `${file} already uses the latest template (version ${plan.from}); unchanged.`);
    return EXIT.ok;
  }
  if (plan.lost.length) {
    for (const line of refusalMessage(plan.lost, locale, Number.POSITIVE_INFINITY).split('\n')) process.stderr.write(`${file}: ${line}\n`);
    return EXIT.problems;
  }
  const bytes = await upgradedBytes(plan, oldBytes, oldGrids, file);
  const inPlace = opts.output === undefined || resolve(opts.output) === resolve(file);
  const changed = locale === 'zh' ? `模板版本 ${plan.from} → ${plan.to}，保留 ${plan.kept} 个值` : `template version ${plan.from} → ${plan.to}, ${plan.kept} values kept`;
  if (inPlace) {
    let backup = backupPath(file, opts.now);
    for (let n = 2; ; n++) {
      try {
        copyFileSync(file, backup, constants.COPYFILE_EXCL);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        backup = backupPath(file, opts.now).replace(/(\.[^.]+)$/, `-${n}$1`);
      }
    }
    const tmp = `${file}.upgrade-${process.pid}.tmp`;
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    say(locale, `已升级 ${file}：${changed}。\n备份：${backup}`, `upgraded ${file}: ${changed}.\nbackup: ${backup}`);
  } else {
    const out = outputPath(opts.output, `${stem(file)}.xlsx`, opts.force);
    writeFileSync(out, bytes);
    say(locale, `已升级 ${file} → ${out}：${changed}。`, `upgraded ${file} → ${out}: ${changed}.`);
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
