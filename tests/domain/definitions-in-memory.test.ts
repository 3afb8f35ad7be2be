/**
 * A form change is an edit of sheets-templates/ and nowhere else (issue #8,
 * done when 1): the definitions are changed in memory — a new overview field,
 * a new personal key-people field, a new vocabulary value, a new stage with its
 * forecast probability and glossary text, and a renamed heading — and the real
 * modules, loaded afresh over them, carry each through every path: the schema
 * (JSON in and out), validation, the .xlsx build and our reader, Google Sheets
 * (the fake) import and read, and the offline roll-up, which never shows the
 * personal field. Counts and positions are taken from the definitions, never
 * written here, so forms added later keep this test true.
 */
import JSZip from 'jszip';
import type * as FormsModule from '../../sheets-templates/forms';
import type * as GlossaryModule from '../../sheets-templates/glossary';
import type { FieldBlock } from '../../sheets-templates/types';
import type * as VocabModule from '../../sheets-templates/vocabularies';
import type * as AccountModule from '../../src/domain/account';
import type * as RollupModule from '../../src/domain/rollup';
import type * as ValidateModule from '../../src/domain/validate';
import type * as ImportExportModule from '../../src/sheets/import-export';
import type * as SheetsReadModule from '../../src/sheets/read-workbook';
import type * as VisitModule from '../../src/sheets/visit';
import type * as UpgradeModule from '../../src/domain/upgrade';
import type * as ReadSummaryModule from '../../src/xlsx/read-summary';
import type * as ReadXlsxModule from '../../src/xlsx/read-xlsx';
import type * as ReadWorkbookModule from '../../src/xlsx/read-workbook';
import type * as RenderRollupModule from '../../src/xlsx/render-rollup';
import type * as RenderWorkbookModule from '../../src/xlsx/render-workbook';
import { toAccount } from '../../src/domain/account';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { exampleWorkbook } from '../sheets/sheets-support';
import { oldAccount, oldXlsx } from '../upgrade/support';
import type * as SheetsSupport from '../sheets/sheets-support';
import type * as AsTypedModule from '../support/as-typed';
import { exampleRaw } from './fixtures';

const NEW_FIELD = { id: 'strategicNote', label: { zh: '战略备注', en: 'Strategic note' }, type: 'text' as const };
const PERSONAL_FIELD = { id: 'wechatId', label: { zh: '微信号', en: 'WeChat ID' }, type: 'text' as const, personal: true };
const NEW_TEMPERAMENT = { code: 'cheerful', value: '开朗', en: 'Cheerful' };
const NEW_STAGE = { code: 'pilot', value: '试点', en: 'Pilot' };
const PILOT_PROBABILITY = 0.9;
const RENAMED = { id: 'salesManager', zh: '客户经理', en: 'Account manager' };
const SECRET = 'wx-secret-4711';

interface Modules {
  forms: typeof FormsModule;
  account: typeof AccountModule;
  validate: typeof ValidateModule;
  renderWorkbook: typeof RenderWorkbookModule;
  readWorkbook: typeof ReadWorkbookModule;
  rollup: typeof RollupModule;
  renderRollup: typeof RenderRollupModule;
  readSummary: typeof ReadSummaryModule;
  importExport: typeof ImportExportModule;
  sheetsRead: typeof SheetsReadModule;
  sheets: typeof SheetsSupport;
  readXlsx: typeof ReadXlsxModule;
  upgrade: typeof UpgradeModule;
  visit: typeof VisitModule;
  /** The documented normalisations of a round trip, over the changed definitions too (it drops fields no form has). */
  asTyped: typeof AsTypedModule;
}

/** The real definitions, copied (each module whole, so what its exports share stays shared) and changed. */
function changedDefinitions(tweak?: (forms: typeof FormsModule) => void) {
  const forms = structuredClone({ ...jest.requireActual<typeof FormsModule>('../../sheets-templates/forms') });
  const vocab = structuredClone({ ...jest.requireActual<typeof VocabModule>('../../sheets-templates/vocabularies') });
  const glossary = structuredClone({ ...jest.requireActual<typeof GlossaryModule>('../../sheets-templates/glossary') });
  const firstBlock = forms.OVERVIEW_FORM.blocks.find(
    (b): b is FieldBlock => b.kind === 'fields' && b.fields.some((f) => f.id === RENAMED.id),
  );
  if (!firstBlock) throw new Error(`no overview block holds ${RENAMED.id}`);
  firstBlock.fields.push(NEW_FIELD);
  const renamed = firstBlock.fields.find((f) => f.id === RENAMED.id)!;
  renamed.label = { zh: RENAMED.zh, en: RENAMED.en };
  forms.KEY_PEOPLE_FORM.table.fields.push(PERSONAL_FIELD);
  vocab.VOCABULARIES.find((v) => v.id === 'temperament')!.values.push(NEW_TEMPERAMENT);
  vocab.VOCABULARIES.find((v) => v.id === 'stage')!.values.push(NEW_STAGE);
  vocab.STAGE_PROBABILITY[NEW_STAGE.code] = PILOT_PROBABILITY;
  glossary.STAGE_TEXTS[NEW_STAGE.code] = { zh: '小范围试用我方产品的阶段。', en: 'A small trial of our product.' };
  // A form change comes with a new template version, so that existing workbooks can be upgraded.
  (forms as { TEMPLATE_VERSION: number }).TEMPLATE_VERSION += 1;
  tweak?.(forms);
  return { forms, vocab, glossary };
}

/** The real modules, loaded afresh over the changed definitions. */
function loadOverChangedDefinitions(tweak?: (forms: typeof FormsModule) => void): Modules {
  const defs = changedDefinitions(tweak);
  let loaded: Modules | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../sheets-templates/forms', () => defs.forms);
    jest.doMock('../../sheets-templates/vocabularies', () => defs.vocab);
    jest.doMock('../../sheets-templates/glossary', () => defs.glossary);
    loaded = {
      forms: require('../../sheets-templates/forms'),
      account: require('../../src/domain/account'),
      validate: require('../../src/domain/validate'),
      renderWorkbook: require('../../src/xlsx/render-workbook'),
      readWorkbook: require('../../src/xlsx/read-workbook'),
      rollup: require('../../src/domain/rollup'),
      renderRollup: require('../../src/xlsx/render-rollup'),
      readSummary: require('../../src/xlsx/read-summary'),
      importExport: require('../../src/sheets/import-export'),
      sheetsRead: require('../../src/sheets/read-workbook'),
      sheets: require('../sheets/sheets-support'),
      readXlsx: require('../../src/xlsx/read-xlsx'),
      upgrade: require('../../src/domain/upgrade'),
      visit: require('../../src/sheets/visit'),
      asTyped: require('../support/as-typed'),
    };
  });
  return loaded as Modules;
}

/** The example account with a value in each new field and the new vocabulary values. */
function changedDoc(): Record<string, unknown> & { overview: Record<string, unknown>; keyPeople: Array<Record<string, unknown>> } {
  const doc = exampleRaw() as Record<string, unknown> & { overview: Record<string, unknown>; keyPeople: Array<Record<string, unknown>> };
  doc.overview[NEW_FIELD.id] = '三年内覆盖全市';
  doc.overview.stage = NEW_STAGE.value;
  doc.overview.budget = 500;
  doc.keyPeople[0][PERSONAL_FIELD.id] = SECRET;
  doc.keyPeople[0].temperament = NEW_TEMPERAMENT.value;
  return doc;
}

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
  });

  test('the offline roll-up: the new stage forecasts by its probability, and the personal field is nowhere', async () => {
    const { account } = m.account.parseAccountJson(JSON.stringify(changedDoc()));
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
