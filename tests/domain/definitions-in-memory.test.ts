/**
 * A form change is an edit of sheets-templates/ and nowhere else (issue #8,
 * done when 1): the definitions are changed in memory — a new overview field,
 * a new personal key-people field, a new vocabulary value, a new stage with its
 * forecast probability and glossary text, and a renamed heading — and the real
 * modules, loaded afresh over them, carry each through every path: the schema
 * (JSON in and out), validation, the .xlsx build and our reader, Google Sheets
 * (the fake) import and read, 记录新拜访, the upgrade of workbooks made before
 * the change, and both roll-ups (offline, and the Sheets summary refresh on the
 * fake), which never show a personal field. The definitions and the loading
 * are in tests/support/changed-definitions.ts; the LibreOffice re-save of the
 * built workbook is tests/domain/definitions-libreoffice.test.ts. Counts and positions are taken from the definitions, never
 * written here, so forms added later keep this test true.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type * as VocabModule from '../../sheets-templates/vocabularies';
import { toAccount } from '../../src/domain/account';
import { refreshSummary } from '../../src/sheets/summary/refresh';
import { STAGES as STAGES_REAL } from '../../src/sheets/summary/summary-tabs';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { exampleWorkbook } from '../sheets/sheets-support';
import { registeredWorkbook, summaryWorld, tabValues } from '../sheets/summary-support';
import {
  type Modules,
  NEW_FIELD,
  NEW_STAGE,
  NEW_TEMPERAMENT,
  PERSONAL_FIELD,
  PILOT_PROBABILITY,
  RENAMED,
  SECRET,
  STAGE_BEFORE,
  changedDoc,
  loadOverChangedDefinitions,
} from '../support/changed-definitions';
import { APPENDED, oldAccount, oldXlsx } from '../upgrade/support';
import { exampleRaw } from './fixtures';

async function partsText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const texts = await Promise.all(Object.values(zip.files).map((f) => (f.dir ? '' : f.async('string'))));
  return texts.join('\n');
}

describe('a definition change in memory reaches every path with no other edit', () => {
  let m: Modules;
  beforeAll(() => {
    m = loadOverChangedDefinitions();
  });
  afterAll(() => {
    jest.resetModules();
  });

  test('the real definitions are untouched: the change lives only in the modules loaded over it', () => {
    const real = jest.requireActual<typeof VocabModule>('../../sheets-templates/vocabularies');
    expect(real.STAGE_PROBABILITY[NEW_STAGE.code]).toBeUndefined();
    expect(m.forms.KEY_PEOPLE_FORM.table.fields.map((f) => f.id)).toContain(PERSONAL_FIELD.id);
  });

  test('schema and validation: JSON in and out keeps the new values, and they are valid', () => {
    const doc = changedDoc();
    const { account } = m.account.parseAccountJson(JSON.stringify(doc));
    expect(account.overview[NEW_FIELD.id]).toBe('三年内覆盖全市');
    expect(account.keyPeople[0][PERSONAL_FIELD.id]).toBe(SECRET);
    expect(m.validate.validateAccount(doc, 'zh')).toEqual([]);
    // Validation does check the new definitions: a stage or temperament no vocabulary has is still a problem.
    const bad = changedDoc();
    bad.overview.stage = '试点二期';
    bad.keyPeople[0].temperament = '开心';
    expect(m.validate.validateAccount(bad, 'zh').map((p) => p.path)).toEqual(
      expect.arrayContaining(['overview.stage', 'keyPeople.0.temperament']),
    );
  });

  test('.xlsx: built, read back by our reader as the same account; the new heading and values are in the file', async () => {
    const { account } = m.account.parseAccountJson(JSON.stringify(changedDoc()));
    const bytes = await m.renderWorkbook.accountWorkbookBuffer(account);
    const read = await m.readWorkbook.readXlsxBuffer(bytes);
    expect(m.asTyped.asJson(read.account)).toEqual(m.asTyped.asJson(m.asTyped.asTyped(account)));
    expect(read.account.overview[NEW_FIELD.id]).toBe('三年内覆盖全市');
    expect(read.account.keyPeople[0][PERSONAL_FIELD.id]).toBe(SECRET);
    expect(read.bound).toBe(true);
    expect(read.unbound).toEqual([]);
    // What `export` and `validate` do with the file: no problem, the new stage and temperament being known values.
    expect(m.validate.validateRead(read)).toEqual([]);
    const text = await partsText(bytes);
    for (const s of [RENAMED.zh, NEW_FIELD.label.zh, PERSONAL_FIELD.label.zh, NEW_STAGE.value, NEW_TEMPERAMENT.value])
      expect(text).toContain(s);
  });

  test('Google Sheets (the fake): imported and read back as the same account', () => {
    const doc = changedDoc();
    const { account } = m.account.parseAccountJson(JSON.stringify(doc));
    const { fake } = m.sheets.setupSheets();
    expect(m.importExport.importAccountJson(JSON.stringify(doc)).ok).toBe(true);
    const back = m.sheetsRead.readWorkbook(fake.api(m.sheets.newest(fake)));
    expect(m.asTyped.asJson(back.account)).toEqual(m.asTyped.asJson(m.asTyped.asTyped(account)));
    expect(back.account.overview[NEW_FIELD.id]).toBe('三年内覆盖全市');
    expect(back.account.keyPeople[0][PERSONAL_FIELD.id]).toBe(SECRET);
    // The menu's export gives the same account as interchange JSON.
    fake.setActive(m.sheets.newest(fake));
    expect(JSON.parse(m.importExport.exportAccountJson())).toEqual(m.asTyped.asJson(m.asTyped.asTyped(account)));
  });

  test('the offline roll-up: the new stage forecasts by its probability, and the personal field is nowhere', async () => {
    // As `rollup` does: the account read from its workbook.
    const built = m.account.parseAccountJson(JSON.stringify(changedDoc())).account;
    const { account } = await m.readWorkbook.readXlsxBuffer(await m.renderWorkbook.accountWorkbookBuffer(built));
    const row = m.rollup.rollupRow(account, 'a.xlsx', 0, '2026-11-01');
    expect(m.rollup.stageForecast(row)).toBe(500 * PILOT_PROBABILITY);
    expect(m.rollup.pipelineTotals([row]).byStage.map((t) => t.key)).toContain(NEW_STAGE.value);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    const bytes = await m.renderRollup.renderRollupXlsx([row], [], { locale: 'zh', asOf: '2026-11-01', refreshedAt: '2026-11-01 09:00' });
    const text = await partsText(bytes);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PERSONAL_FIELD.label.zh);
    const summary = await m.readSummary.readPreviousSummary(bytes);
    expect(summary?.probability[NEW_STAGE.code]).toBe(PILOT_PROBABILITY);
    expect(summary?.history.map((s) => s.stage)).toEqual([NEW_STAGE.code]);
  });

  test('the Sheets summary refresh (the fake): the new stage forecasts by its probability, found by its code, and the personal field is nowhere', () => {
    const { account } = m.account.parseAccountJson(JSON.stringify(changedDoc()));
    const w = m.summary.summaryWorld({ render: 'adapter' });
    const wb = m.summary.registeredWorkbook(w, account);
    const refresh = () => m.refresh.refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
    expect(refresh().status).toBe('done');
    const cols = m.rollup.columnsFor('sheets');
    const row = () => m.summary.summaryRows(w).find((r) => r[cols.length] === wb.id) as unknown[];
    const forecast = () => row()[cols.findIndex((c) => c.id === 'forecast')];
    expect(row()[cols.findIndex((c) => c.id === 'stage')]).toBe(NEW_STAGE.value);
    expect(forecast()).toBe(500 * PILOT_PROBABILITY);
    // The pipeline tab lists the new stage by its code, with its probability; the manager's edit there re-weights it.
    const pipeline = m.rollup.ROLLUP_TABS.pipeline.zh;
    const at = m.summary.tabValues(w, pipeline).findIndex((r) => r[2] === NEW_STAGE.code);
    expect(m.summary.tabValues(w, pipeline)[at]?.slice(0, 2)).toEqual([NEW_STAGE.value, PILOT_PROBABILITY]);
    w.fake
      .api(w.summary)
      .getSheetByName(pipeline)
      ?.getRange(at + 1, 2)
      .setValue(0.25);
    expect(refresh().status).toBe('done');
    expect(forecast()).toBe(500 * 0.25);
    // The workbook holds the personal field (the reps' own file); the summary shows neither its value nor its heading.
    expect(JSON.stringify(w.fake.snapshot(wb))).toContain(SECRET);
    const summary = JSON.stringify(w.fake.snapshot(w.summary));
    expect(summary).not.toContain(SECRET);
    expect(summary).not.toContain(PERSONAL_FIELD.label.zh);
  });

  test('a Sheets summary made before the change keeps the manager’s probabilities by stage code after it', () => {
    // Made and refreshed by the real definitions, with a workbook at the stage after the new one's place; the manager
    // lowers that stage's probability.
    const after = STAGES_REAL[STAGES_REAL.findIndex((s) => s.code === STAGE_BEFORE) + 1];
    const oldDoc = toAccount(exampleRaw());
    oldDoc.overview.stage = after.value;
    const w = summaryWorld({ render: 'adapter' });
    const old = registeredWorkbook(w, oldDoc, 'old');
    const pipeline = m.rollup.ROLLUP_TABS.pipeline.zh;
    expect(refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 }).status).toBe('done');
    const at = tabValues(w, pipeline).findIndex((r) => r[2] === after.code);
    w.fake
      .api(w.summary)
      .getSheetByName(pipeline)
      ?.getRange(at + 1, 2)
      .setValue(0.05);
    // Refreshed by the changed definitions, with a workbook at the new stage registered since.
    const wb = m.summary.registeredWorkbook(w, m.account.parseAccountJson(JSON.stringify(changedDoc())).account, 'new');
    expect(m.refresh.refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 }).status).toBe('done');
    const cols = m.rollup.columnsFor('sheets');
    const forecastOf = (id: string) =>
      m.summary.summaryRows(w).find((r) => r[cols.length] === id)?.[cols.findIndex((c) => c.id === 'forecast')];
    expect(forecastOf(wb.id)).toBe(500 * PILOT_PROBABILITY);
    expect(forecastOf(old.id)).toBe(Math.round(Number(oldDoc.overview.budget) * 0.05 * 100) / 100);
  });

  test('upgrade: workbooks made before the change (by the real definitions; one of them before bindings) take the changed forms, every value kept', async () => {
    const current = toAccount(exampleRaw());
    const made = [
      { account: current, bytes: await accountWorkbookBuffer(current), bound: true },
      { account: oldAccount(), bytes: await oldXlsx(oldAccount(), accountWorkbookBuffer), bound: false },
    ];
    for (const { account, bytes, bound } of made) {
      // A workbook with bindings is read by them, though it has none for the fields added since.
      const read = await m.readWorkbook.readXlsxBuffer(bytes);
      expect(read.bound).toBe(bound);
      expect(read.unbound).toEqual([]);
      const { grids, definedNames } = m.readXlsx.readXlsx(bytes);
      const plan = m.upgrade.planUpgrade(grids, definedNames);
      expect(plan.to).toBe(m.forms.TEMPLATE_VERSION);
      expect(plan.from).toBeLessThan(plan.to);
      expect(plan.lost).toEqual([]);
      // The heading was renamed since: the sales manager is kept all the same.
      expect(plan.account.overview.salesManager).toBe(account.overview.salesManager);
      expect(plan.account.overview.customerName).toBe(account.overview.customerName);
      const texts = plan.tabs.flatMap((t) => t.cells.map((c) => c.value));
      for (const s of [RENAMED.zh, NEW_FIELD.label.zh, PERSONAL_FIELD.label.zh]) expect(texts).toContain(s);
      expect(texts.some((v) => typeof v === 'string' && v.includes(NEW_STAGE.value))).toBe(true);
    }
  });

  test('ka-sales upgrade of a workbook made before the change: the file it writes is read by the changed forms, every value kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ka-defs-up-'));
    try {
      const account = oldAccount();
      const file = join(dir, 'old.xlsx');
      writeFileSync(file, await oldXlsx(account, accountWorkbookBuffer));
      const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      const code = await m.cliUpgrade.upgradeFile(file, { output: join(dir, 'new.xlsx'), locale: 'zh' }).finally(() => quiet.mockRestore());
      expect(code).toBe(0);
      const bytes = readFileSync(join(dir, 'new.xlsx'));
      const read = await m.readWorkbook.readXlsxBuffer(bytes);
      expect({ bound: read.bound, version: read.templateVersion, unbound: read.unbound }).toEqual({
        bound: true,
        version: m.forms.TEMPLATE_VERSION,
        unbound: [],
      });
      expect(read.account.overview.salesManager).toBe(account.overview.salesManager);
      // The rows a rep appended to the old table (support.ts APPENDED) are visits like the others.
      expect(read.account.keyPeople.map((r) => r.name)).toEqual([...account.keyPeople, ...APPENDED].map((r) => r.name));
      const text = await partsText(bytes);
      for (const s of [RENAMED.zh, NEW_FIELD.label.zh, PERSONAL_FIELD.label.zh]) expect(text).toContain(s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Sheets 升级到最新模板 on a workbook made before the change: the changed forms laid out, every value kept', () => {
    // Made by the real definitions; upgraded and read by the modules over the changed ones.
    const { api } = exampleWorkbook();
    const before = m.sheetsRead.readWorkbook(api);
    const r = m.sheetsUpgrade.upgradeSpreadsheet(api, 'zh');
    expect({ status: r.status, lost: r.plan.lost }).toEqual({ status: 'upgraded', lost: [] });
    const after = m.sheetsRead.readWorkbook(api);
    expect({ bound: after.bound, version: after.templateVersion, unbound: after.unbound }).toEqual({
      bound: true,
      version: m.forms.TEMPLATE_VERSION,
      unbound: [],
    });
    expect(m.asTyped.asJson(after.account)).toEqual(m.asTyped.asJson(before.account));
    const texts = api.getSheets().flatMap((sh) => sh.getDataRange().getValues().flat());
    for (const s of [RENAMED.zh, NEW_FIELD.label.zh, PERSONAL_FIELD.label.zh]) expect(texts).toContain(s);
  });

  test('what the roll-ups leave out follows the personal flag: with the role map stance marked personal, no roll-up row shows it', () => {
    const stancePersonal = loadOverChangedDefinitions((forms) => {
      const stance = forms.ROLE_MAP_FORM.table.fields.find((f) => f.id === 'stance');
      if (!stance) throw new Error('no stance field');
      stance.personal = true;
    });
    const doc = changedDoc();
    const before = m.rollup.rollupRow(m.account.parseAccountJson(JSON.stringify(doc)).account, 'a.xlsx', 0, '2026-11-01');
    const after = stancePersonal.rollup.rollupRow(
      stancePersonal.account.parseAccountJson(JSON.stringify(doc)).account,
      'a.xlsx',
      0,
      '2026-11-01',
    );
    expect(before.decisionMakerStance).not.toBe('');
    expect(after.decisionMakerStance).toBe('');
    expect({ ...after, decisionMakerStance: before.decisionMakerStance }).toEqual(before);
    // The Sheets summary too: the stance the workbook holds is not in the summary's row.
    const stanceOf = (mods: Modules) => {
      const w = mods.summary.summaryWorld({ render: 'adapter' });
      const wb = mods.summary.registeredWorkbook(w, mods.account.parseAccountJson(JSON.stringify(doc)).account);
      expect(mods.refresh.refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 }).status).toBe('done');
      const cols = mods.rollup.columnsFor('sheets');
      const row = mods.summary.summaryRows(w).find((r) => r[cols.length] === wb.id);
      return row?.[cols.findIndex((c) => c.id === 'decisionMakerStance')];
    };
    expect(stanceOf(m)).toBe(before.decisionMakerStance);
    expect(stanceOf(stancePersonal)).toBe('');
  });

  test('Sheets 记录新拜访 in a workbook made before the change: found by its bindings, the new field has no column', () => {
    // Made by the real definitions; the visit recorded and the workbook read by the modules over the changed ones.
    const { fake, api } = exampleWorkbook();
    const before = m.sheetsRead.readWorkbook(api);
    expect(before.bound).toBe(true);
    const name = String(before.account.keyPeople[0].name);
    const visits = before.account.keyPeople.filter((r) => r.name === name).length;
    fake.answer({ button: 'OK', text: name });
    const v = m.visit.recordVisit();
    expect(v?.visitNo).toBe(visits + 1);
    const after = m.sheetsRead.readWorkbook(api);
    expect(after.bound).toBe(true);
    expect(after.unbound).toEqual([]);
    expect(after.account.keyPeople.filter((r) => r.name === name).map((r) => r.visitNo)).toHaveLength(visits + 1);
    expect(after.account.keyPeople.every((r) => r[PERSONAL_FIELD.id] === undefined)).toBe(true);
  });
});
