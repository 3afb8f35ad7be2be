/**
 * The account-health tab (概览) as written, without a spreadsheet engine:
 * first tab and the one shown on opening, its texts from the catalogue in
 * the workbook's language, bound by name, locked but for the as-of date; an
 * output tab the reader never reads (whatever a program caches in it); and
 * `ka-sales upgrade` adds it to a workbook of the previous template, every
 * value kept, and keeps an as-of date a rep set. Recalculation against the
 * engine: health-libreoffice.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { TEMPLATE_VERSION } from '../../sheets-templates/forms';
import { HEALTH_TAB, RED_FLAG_TEXTS } from '../../sheets-templates/health';
import type { Locale } from '../../sheets-templates/types';
import { parseAccountJson } from '../../src/domain/account';
import { RED_FLAGS, RED_FLAG_LABELS } from '../../src/domain/assessment';
import { parseRef } from '../../src/domain/bindings';
import { redFlagGuide } from '../../src/domain/health';
import { META_TAB, tabName } from '../../src/domain/layout';
import { readAccountFromGrids } from '../../src/domain/read-workbook';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { HELPER_HEADER_PREFIXES } from '../../src/domain/upgrade';
import { HELPER_HEADERS } from '../../src/xlsx/formulas';
import { FLAG_FORMULAS, KP_HELPER_HEADERS } from '../../src/xlsx/health-formulas';
import { HEALTH } from '../../src/xlsx/render-health';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { runCli, scratchFolder } from '../support/cli-in-process';

const example = parseAccountJson(readFileSync(join(__dirname, '..', 'fixtures', 'example-account.json'), 'utf8')).account;

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

const nameOf = (names: Array<{ name: string; sheet: string | null; ref: string }>, n: string) => names.find((d) => d.name === n);

describe.each(['zh', 'en'] as Locale[])('the health tab (%s)', (locale) => {
  let bytes: Buffer;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    bytes = await accountWorkbookBuffer(example, locale, { asOf: '2026-11-27' });
    wb = await load(bytes);
  });

  test('is the first tab and the one a workbook opens on', () => {
    expect(wb.worksheets[0].name).toBe(HEALTH_TAB[locale]);
    expect(wb.worksheets.map((w) => w.name).slice(1, 3)).toEqual([tabName('glossary', locale), tabName('overview', locale)]);
    expect(wb.views[0].activeTab).toBe(0);
  });

  test('shows each red flag with the catalogue’s meaning, guiding questions and next step, in the workbook’s language', () => {
    const ws = wb.worksheets[0];
    const at = (r: number, c: number) => String(ws.getCell(r + 1, c + 1).value ?? '');
    RED_FLAGS.forEach((code, i) => {
      const g = redFlagGuide(code, locale);
      const r = HEALTH.firstFlagRow + i;
      expect(at(r, HEALTH.cols.label)).toBe(RED_FLAG_LABELS[code][locale]);
      expect(at(r, HEALTH.cols.meaning)).toBe(RED_FLAG_TEXTS[code].meaning[locale]);
      expect(at(r, HEALTH.cols.next)).toBe(RED_FLAG_TEXTS[code].next[locale]);
      for (const q of g?.questions ?? []) expect(at(r, HEALTH.cols.questions)).toContain(q.guidance);
    });
  });

  test('binds the verdict, the flags and the as-of date by name; the cached results are the engine’s as of that date', () => {
    const { grids, definedNames } = readXlsx(bytes);
    const cell = (n: string) => {
      const d = nameOf(definedNames, n);
      expect(d?.sheet).toBe(HEALTH_TAB[locale]);
      const r = parseRef(d?.ref ?? '');
      return grids[HEALTH_TAB[locale]][r?.row1 ?? -1]?.[r?.col1 ?? -1];
    };
    expect(cell('ka_health_asOf')).toBe('2026-11-27');
    expect(cell('ka_health_out_verdict')).toBe('pursue');
    expect(cell('ka_health_out_flags')).toBe('stale');
  });

  test('is locked but for the as-of date; its helper cells are hidden', () => {
    const ws = wb.worksheets[0];
    expect((ws as unknown as { sheetProtection: unknown }).sheetProtection).toBeTruthy();
    const unlocked: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.style?.protection?.locked === false) unlocked.push(c.address);
      }),
    );
    expect(unlocked).toEqual(['B3']);
    expect(ws.getColumn(HEALTH.helperCol + 1).hidden).toBe(true);
  });
});

test('every red flag the engine raises has its formula on the tab', () => {
  for (const f of RED_FLAGS) expect({ flag: f, formula: FLAG_FORMULAS.includes(f) }).toEqual({ flag: f, formula: true });
});

test('every helper column is headed as one, so that an upgrade read by labels never takes it for the rep’s content', () => {
  for (const h of Object.values({ ...KP_HELPER_HEADERS, ...HELPER_HEADERS }))
    for (const t of [h.zh, h.en]) expect({ t, helper: HELPER_HEADER_PREFIXES.some((p) => t.startsWith(p)) }).toEqual({ t, helper: true });
});

test('an output tab: whatever a program caches in it or in the helper columns, the reader reads the same account, nothing unbound', async () => {
  const bytes = await accountWorkbookBuffer(example, 'zh');
  const { grids, definedNames } = readXlsx(bytes);
  const before = readAccountFromGrids(grids, definedNames);
  const filled = structuredClone(grids);
  // As LibreOffice or Excel leave them after a save: every formula cell with a value.
  const health = filled[HEALTH_TAB.zh];
  for (let r = 0; r < 40; r++) {
    health[r] = health[r] ?? [];
    for (let c = 0; c < 10; c++) health[r][c] = `cached ${r},${c}`;
  }
  const kp = filled[tabName('keyPeople', 'zh')];
  const helpers = nameOf(definedNames, 'ka_keyPeople_out_helpers');
  const area = parseRef(helpers?.ref ?? '');
  expect(area && area.col2 - area.col1).toBeGreaterThan(10);
  for (let r = area?.row1 ?? 0; r <= (area?.row2 ?? -1); r++) {
    kp[r] = kp[r] ?? [];
    for (let c = area?.col1 ?? 0; c <= (area?.col2 ?? -1); c++) kp[r][c] = r;
  }
  const after = readAccountFromGrids(filled, definedNames);
  expect(after.bound).toBe(true);
  expect(after.unbound).toEqual([]);
  expect(after.account).toEqual(before.account);
});

describe('ka-sales upgrade', () => {
  const scratch = scratchFolder('ka-health-up-');
  const run = async (...args: string[]) => (await runCli(...args)).code;

  /** A workbook of the previous template: the meta tab says so; `withHealth` false: no health tab (and none of its names). */
  async function previous(file: string, withHealth: boolean, asOf?: string): Promise<void> {
    const wb = await load(await accountWorkbookBuffer(example, 'zh', { asOf }));
    (wb.getWorksheet(META_TAB) as ExcelJS.Worksheet).getCell('B1').value = TEMPLATE_VERSION - 1;
    if (!withHealth) {
      wb.removeWorksheet((wb.getWorksheet(HEALTH_TAB.zh) as ExcelJS.Worksheet).id);
      wb.definedNames.model = wb.definedNames.model.filter((n) => !n.name.startsWith('ka_health_'));
      wb.views = [{ ...wb.views[0], activeTab: 0 }];
    }
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  }

  test('adds the tab to a workbook without one, first, every value kept', async () => {
    const file = join(scratch(), 'old.xlsx');
    await previous(file, false);
    const old = readXlsx(readFileSync(file));
    expect(old.grids[HEALTH_TAB.zh]).toBeUndefined();
    expect(await run('upgrade', file, '-o', join(scratch(), 'new.xlsx'))).toBe(0);
    const upgraded = readFileSync(join(scratch(), 'new.xlsx'));
    const next = readXlsx(upgraded);
    expect(readAccountFromGrids(next.grids, next.definedNames).account).toEqual(readAccountFromGrids(old.grids, old.definedNames).account);
    expect((await load(upgraded)).worksheets[0].name).toBe(HEALTH_TAB.zh);
    expect(nameOf(next.definedNames, 'ka_health_out_flags')?.sheet).toBe(HEALTH_TAB.zh);
  });

  test('keeps the as-of date a rep set on the tab, and never copies the old tab beside the new one', async () => {
    const file = join(scratch(), 'dated.xlsx');
    await previous(file, true, '2026-11-05');
    expect(await run('upgrade', file, '-o', join(scratch(), 'dated-new.xlsx'))).toBe(0);
    const upgraded = readFileSync(join(scratch(), 'dated-new.xlsx'));
    const next = readXlsx(upgraded);
    const asOf = nameOf(next.definedNames, 'ka_health_asOf');
    const r = parseRef(asOf?.ref ?? '');
    expect(next.grids[HEALTH_TAB.zh][r?.row1 ?? -1][r?.col1 ?? -1]).toBe('2026-11-05');
    expect((await load(upgraded)).worksheets.filter((w) => w.name.startsWith(HEALTH_TAB.zh)).map((w) => w.name)).toEqual([HEALTH_TAB.zh]);
  });
});
