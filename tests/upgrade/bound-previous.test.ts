/**
 * Workbooks of the previous template version (3: bindings and the health
 * tab, but no action plan and no decision and outcome; tests/upgrade/support.ts `previousLayout`) are read by
 * their bindings as they are, and upgraded — in the domain, by
 * `ka-sales upgrade` and by the Sheets menu item — to version 4: the
 * action-plan tab and the overview's 决策与结果 block added, every value kept,
 * every binding of version 4 in place. A workbook of a version newer than
 * this ka-sales is refused, as before.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ACTION_PLAN_FORM, TEMPLATE_VERSION } from '../../sheets-templates/forms';
import { type Account, toAccount } from '../../src/domain/account';
import { bindingName } from '../../src/domain/bindings';
import { META_TAB, tabName, workbookLayout } from '../../src/domain/layout';
import { layoutNames, layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { planUpgrade } from '../../src/domain/upgrade';
import { readGrids, readNames } from '../../src/sheets/read-workbook';
import { renderWorkbook } from '../../src/sheets/render-workbook';
import { upgradeActiveWorkbook } from '../../src/sheets/upgrade';
import { readXlsx } from '../../src/xlsx/read-xlsx';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { setupSheets } from '../sheets/sheets-support';
import { runCli, scratchFolder } from '../support/cli-in-process';
import { AP, BOUND_VERSION, DEAL_BLOCK, OV, previousLayout } from './support';

const EXAMPLE = join(__dirname, '..', 'fixtures', 'example-account.json');
const example = (): Account => toAccount(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
/** The example as a workbook holds it (blank texts are no value). */
function held(): Account {
  const tabs = workbookLayout(example());
  return readAccountFromGrids(layoutToGrids(tabs), layoutNames(tabs)).account;
}

/** Every binding name of the current template, lower-cased. */
const currentNames = () => layoutNames(workbookLayout(example())).map((n) => n.name.toLowerCase());

test('a previous-version workbook is read by its bindings as it is: no action plan, no decision and outcome', () => {
  const tabs = previousLayout(example());
  expect(tabs.map((t) => t.name)).not.toContain(AP);
  const read = readAccountFromGrids(layoutToGrids(tabs), layoutNames(tabs));
  expect({ bound: read.bound, version: read.templateVersion, unbound: read.unbound }).toEqual({
    bound: true,
    version: BOUND_VERSION,
    unbound: [],
  });
  expect(read.account).toEqual(held());
  expect(read.account.actionPlan).toBeUndefined();
  // Its overview fields are where version 3 put them (the budget right after the header block's other fields).
  expect(read.locations['overview.budget']).toEqual({ sheet: OV, cell: 'B10' });
});

test('planUpgrade of a previous-version workbook: every value kept, the new block and tab laid out', () => {
  const tabs = previousLayout(example());
  const plan = planUpgrade(layoutToGrids(tabs), layoutNames(tabs));
  expect(plan.lost).toEqual([]);
  expect([plan.from, plan.to]).toEqual([BOUND_VERSION, TEMPLATE_VERSION]);
  expect(plan.kept).toBeGreaterThan(150);
  expect(plan.tabs.map((t) => t.name)).toContain(AP);
  const after = readAccountFromGrids(layoutToGrids(plan.tabs), layoutNames(plan.tabs));
  expect(after.account).toEqual(held());
  expect(after.templateVersion).toBe(TEMPLATE_VERSION);
  expect(after.locations['overview.decisionDate']?.sheet).toBe(OV);
  expect(after.locations['overview.budget']).toEqual({ sheet: OV, cell: 'B10' });
});

test('content a rep typed where version 4 puts its block is not taken for a field: upgrade refuses, naming the cell', () => {
  const tabs = previousLayout(example());
  const grids = layoutToGrids(tabs);
  // Column C beside the budget: outside every binding of version 3.
  grids[OV][9][2] = '备注：预算含运维';
  const plan = planUpgrade(grids, layoutNames(tabs));
  expect(plan.lost.map((l) => `${l.sheet}!${l.cell}`)).toEqual([`${OV}!C10`]);
});

describe('ka-sales upgrade (.xlsx)', () => {
  const scratch = scratchFolder('ka-v2-');
  const run = async (...args: string[]) => (await runCli(...args)).code;

  test('adds the action-plan tab and the decision and outcome, every value and binding in place', async () => {
    // A workbook written by the previous release (`ka-sales build` of the example at main 445b695, template 3).
    const file = join(scratch(), 'v3.xlsx');
    copyFileSync(join(__dirname, '..', 'fixtures', 'template-v3.xlsx'), file);
    const before = readXlsx(readFileSync(file));
    expect(before.definedNames.some((n) => n.name === bindingName('actionPlan', 'action'))).toBe(false);
    const old = readAccountFromGrids(before.grids, before.definedNames);
    expect({ bound: old.bound, version: old.templateVersion }).toEqual({ bound: true, version: BOUND_VERSION });
    expect(old.account).toEqual(held());

    expect(await run('upgrade', file)).toBe(0);
    const after = readXlsx(readFileSync(file));
    const read = readAccountFromGrids(after.grids, after.definedNames);
    expect({ bound: read.bound, version: read.templateVersion }).toEqual({ bound: true, version: TEMPLATE_VERSION });
    expect(read.account).toEqual(held());
    expect(after.definedNames.map((n) => n.name.toLowerCase()).sort()).toEqual(expect.arrayContaining(currentNames()));
    expect(after.grids[OV].some((r) => r?.[0] === DEAL_BLOCK.title.zh)).toBe(true);
    expect(after.grids[AP][1].slice(0, ACTION_PLAN_FORM.table.fields.length)).toEqual(ACTION_PLAN_FORM.table.fields.map((f) => f.label.zh));
  });

  test('the same workbook written by this version is current; one claiming a newer template is refused', async () => {
    const file = join(scratch(), 'v3.xlsx');
    writeFileSync(file, await accountWorkbookBuffer(example()));
    expect(await run('upgrade', file)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet(META_TAB)!.getCell('B1').value = TEMPLATE_VERSION + 1;
    await wb.xlsx.writeFile(file);
    const { grids, definedNames } = readXlsx(readFileSync(file));
    expect(() => readAccountFromGrids(grids, definedNames)).toThrow(
      `made by a newer ka-sales (template version ${TEMPLATE_VERSION + 1}; this ka-sales knows up to ${TEMPLATE_VERSION})`,
    );
    expect(await run('export', file)).toBe(2);
  });
});

test('Sheets: 升级到最新模板 on a previous-version spreadsheet adds the tab and the block, every value and binding in place', () => {
  const { fake } = setupSheets({ activeLocale: 'zh_CN' });
  const ss = fake.createSpreadsheet('临江市财政局 - 大客户销售', { locale: 'zh_CN' });
  const api = fake.api(ss);
  renderWorkbook(api, example(), 'zh', previousLayout(example()));
  const before = readAccountFromGrids(readGrids(api), readNames(api));
  expect({ bound: before.bound, version: before.templateVersion }).toEqual({ bound: true, version: BOUND_VERSION });
  fake.setActive(ss);
  fake.answer({ button: 'OK' });
  expect(upgradeActiveWorkbook()?.status).toBe('upgraded');
  const after = readAccountFromGrids(readGrids(api), readNames(api));
  expect({ bound: after.bound, version: after.templateVersion }).toEqual({ bound: true, version: TEMPLATE_VERSION });
  expect(after.account).toEqual(held());
  expect(readNames(api).map((n) => n.name.toLowerCase())).toEqual(expect.arrayContaining(currentNames()));
  expect(api.getSheets().map((s) => s.getName())).toContain(tabName('actionPlan', 'zh'));
  // The new tab's dropdowns: status and 针对 offer their vocabularies.
  const grid = readGrids(api)[AP];
  const col = (id: string) => grid[1].indexOf(ACTION_PLAN_FORM.table.fields.find((f) => f.id === id)!.label.zh) + 1;
  const rule = (id: string) => api.getSheetByName(AP)!.getRange(3, col(id)).getDataValidation();
  expect(rule('status')?.getCriteriaValues()[0]).toEqual(['未开始', '进行中', '完成', '取消']);
  expect(rule('answers')?.getCriteriaValues()[0]).toContain('红旗：预计决策日期已过');
});
