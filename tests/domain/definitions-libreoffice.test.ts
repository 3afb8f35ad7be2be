/**
 * @needs libreoffice
 * A form change is an edit of sheets-templates/ and nowhere else (issue #8,
 * done when 1), proven on a file we did not write: the workbook built over
 * the definitions changed in memory (tests/support/changed-definitions.ts) is
 * opened and saved by LibreOffice, as a rep using LibreOffice would, and our
 * reader, loaded over the same definitions, exports the same account from
 * LibreOffice's file: the new field, the new personal field, the new stage
 * and the new temperament included, the renamed heading no obstacle.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import {
  type Modules,
  NEW_FIELD,
  NEW_STAGE,
  NEW_TEMPERAMENT,
  PERSONAL_FIELD,
  SECRET,
  changedDoc,
  loadOverChangedDefinitions,
} from '../support/changed-definitions';
import { resaveAsXlsx } from '../support/libreoffice';

jest.setTimeout(180_000);

describe('a definition change in memory, through a LibreOffice re-save', () => {
  let m: Modules;
  let dir: string;
  beforeAll(() => {
    m = loadOverChangedDefinitions();
    dir = mkdtempSync(join(tmpdir(), 'ka-defs-lo-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    jest.resetModules();
  });

  test('the built workbook, re-saved by LibreOffice, exports the same account with the new field and values', async () => {
    const { account } = m.account.parseAccountJson(JSON.stringify(changedDoc()));
    const built = join(dir, 'built.xlsx');
    writeFileSync(built, await m.renderWorkbook.accountWorkbookBuffer(account));
    const resaved = resaveAsXlsx([built], join(dir, 'lo'))[built];
    const bytes = readFileSync(resaved);
    // LibreOffice wrote the file anew (its own zip and XML), not a copy of ours.
    const app = await (await JSZip.loadAsync(bytes)).file('docProps/app.xml')?.async('string');
    expect(app).toMatch(/<Application>LibreOffice/);
    const read = await m.readWorkbook.readXlsxBuffer(bytes);
    expect(read.bound).toBe(true);
    expect(read.unbound).toEqual([]);
    expect(m.asTyped.asJson(read.account)).toEqual(m.asTyped.asJson(m.asTyped.asTyped(account)));
    expect(read.account.overview[NEW_FIELD.id]).toBe('三年内覆盖全市');
    expect(read.account.overview.stage).toBe(NEW_STAGE.value);
    expect(read.account.keyPeople[0].temperament).toBe(NEW_TEMPERAMENT.value);
    expect(read.account.keyPeople[0][PERSONAL_FIELD.id]).toBe(SECRET);
    // The new values are known by their codes.
    expect(m.vocab.vocabCode('stage', read.account.overview.stage)).toBe(NEW_STAGE.code);
    expect(m.vocab.vocabCode('temperament', read.account.keyPeople[0].temperament)).toBe(NEW_TEMPERAMENT.code);
    // And it is valid under the changed definitions: the new stage and temperament are known values.
    expect(m.validate.validateRead(read)).toEqual([]);
  });
});
