/**
 * The definitions changed in memory (issue #8, done when 1): a new overview
 * field, a new personal key-people field, a new vocabulary value, a new stage
 * (between two others) with its forecast probability and glossary text, and a
 * renamed heading; and the real modules loaded afresh over them. Shared by the
 * fast test of every path (tests/domain/definitions-in-memory.test.ts) and its
 * LibreOffice case (tests/domain/definitions-libreoffice.test.ts).
 */
import type * as FormsModule from '../../sheets-templates/forms';
import type * as GlossaryModule from '../../sheets-templates/glossary';
import type { FieldBlock } from '../../sheets-templates/types';
import type * as VocabModule from '../../sheets-templates/vocabularies';
import type * as AccountModule from '../../src/domain/account';
import type * as RollupModule from '../../src/domain/rollup';
import type * as ValidateModule from '../../src/domain/validate';
import type * as VocabCodeModule from '../../src/domain/vocab';
import type * as ImportExportModule from '../../src/sheets/import-export';
import type * as SheetsReadModule from '../../src/sheets/read-workbook';
import type * as VisitModule from '../../src/sheets/visit';
import type * as UpgradeModule from '../../src/domain/upgrade';
import type * as CliUpgradeModule from '../../src/cli/commands/upgrade';
import type * as SheetsUpgradeModule from '../../src/sheets/upgrade';
import type * as ReadSummaryModule from '../../src/xlsx/read-summary';
import type * as ReadXlsxModule from '../../src/xlsx/read-xlsx';
import type * as ReadWorkbookModule from '../../src/xlsx/read-workbook';
import type * as RenderRollupModule from '../../src/xlsx/render-rollup';
import type * as RenderWorkbookModule from '../../src/xlsx/render-workbook';
import type * as SheetsSupport from '../sheets/sheets-support';
import type * as SummarySupport from '../sheets/summary-support';
import type * as RefreshModule from '../../src/sheets/summary/refresh';
import type * as AsTypedModule from './as-typed';
import { exampleRaw } from '../domain/fixtures';

export const NEW_FIELD = { id: 'strategicNote', label: { zh: '战略备注', en: 'Strategic note' }, type: 'text' as const };
export const PERSONAL_FIELD = { id: 'wechatId', label: { zh: '微信号', en: 'WeChat ID' }, type: 'text' as const, personal: true };
export const NEW_TEMPERAMENT = { code: 'cheerful', value: '开朗', en: 'Cheerful' };
export const NEW_STAGE = { code: 'pilot', value: '试点', en: 'Pilot' };
export const PILOT_PROBABILITY = 0.9;
/** The stage the new one follows (not the last: the stages after it move down a row). */
export const STAGE_BEFORE = 'solution';
export const RENAMED = { id: 'salesManager', zh: '客户经理', en: 'Account manager' };
export const SECRET = 'wx-secret-4711';

export interface Modules {
  forms: typeof FormsModule;
  account: typeof AccountModule;
  validate: typeof ValidateModule;
  vocab: typeof VocabCodeModule;
  renderWorkbook: typeof RenderWorkbookModule;
  readWorkbook: typeof ReadWorkbookModule;
  rollup: typeof RollupModule;
  renderRollup: typeof RenderRollupModule;
  readSummary: typeof ReadSummaryModule;
  importExport: typeof ImportExportModule;
  sheetsRead: typeof SheetsReadModule;
  sheets: typeof SheetsSupport;
  summary: typeof SummarySupport;
  refresh: typeof RefreshModule;
  readXlsx: typeof ReadXlsxModule;
  upgrade: typeof UpgradeModule;
  cliUpgrade: typeof CliUpgradeModule;
  sheetsUpgrade: typeof SheetsUpgradeModule;
  visit: typeof VisitModule;
  /** The documented normalisations of a round trip, over the changed definitions too (it drops fields no form has). */
  asTyped: typeof AsTypedModule;
}

/** The real definitions, copied (each module whole, so what its exports share stays shared) and changed. */
export function changedDefinitions(tweak?: (forms: typeof FormsModule) => void) {
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
  // The new stage goes between two others, so that a stage found by its position would be found wrong.
  const stages = vocab.VOCABULARIES.find((v) => v.id === 'stage')!.values;
  stages.splice(stages.findIndex((v) => v.code === STAGE_BEFORE) + 1, 0, NEW_STAGE);
  vocab.STAGE_PROBABILITY[NEW_STAGE.code] = PILOT_PROBABILITY;
  glossary.STAGE_TEXTS[NEW_STAGE.code] = { zh: '小范围试用我方产品的阶段。', en: 'A small trial of our product.' };
  // A form change comes with a new template version, so that existing workbooks can be upgraded.
  (forms as { TEMPLATE_VERSION: number }).TEMPLATE_VERSION += 1;
  tweak?.(forms);
  return { forms, vocab, glossary };
}

/** The real modules, loaded afresh over the changed definitions (`tweak` changes them further). */
export function loadOverChangedDefinitions(tweak?: (forms: typeof FormsModule) => void): Modules {
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
      vocab: require('../../src/domain/vocab'),
      renderWorkbook: require('../../src/xlsx/render-workbook'),
      readWorkbook: require('../../src/xlsx/read-workbook'),
      rollup: require('../../src/domain/rollup'),
      renderRollup: require('../../src/xlsx/render-rollup'),
      readSummary: require('../../src/xlsx/read-summary'),
      importExport: require('../../src/sheets/import-export'),
      sheetsRead: require('../../src/sheets/read-workbook'),
      sheets: require('../sheets/sheets-support'),
      summary: require('../sheets/summary-support'),
      refresh: require('../../src/sheets/summary/refresh'),
      readXlsx: require('../../src/xlsx/read-xlsx'),
      upgrade: require('../../src/domain/upgrade'),
      cliUpgrade: require('../../src/cli/commands/upgrade'),
      sheetsUpgrade: require('../../src/sheets/upgrade'),
      visit: require('../../src/sheets/visit'),
      asTyped: require('./as-typed'),
    };
  });
  return loaded as Modules;
}

/** The example account with a value in each new field and the new vocabulary values. */
export function changedDoc(): Record<string, unknown> & { overview: Record<string, unknown>; keyPeople: Array<Record<string, unknown>> } {
  const doc = exampleRaw() as Record<string, unknown> & { overview: Record<string, unknown>; keyPeople: Array<Record<string, unknown>> };
  doc.overview[NEW_FIELD.id] = '三年内覆盖全市';
  doc.overview.stage = NEW_STAGE.value;
  doc.overview.budget = 500;
  doc.keyPeople[0][PERSONAL_FIELD.id] = SECRET;
  doc.keyPeople[0].temperament = NEW_TEMPERAMENT.value;
  return doc;
}
