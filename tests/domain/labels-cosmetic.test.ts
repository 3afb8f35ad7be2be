import { OVERVIEW_FORM } from '../../sheets-templates/forms';
import { VOCABULARIES } from '../../sheets-templates/vocabularies';
import { workbookLayout } from '../../src/domain/layout';
import { layoutToGrids, readAccountFromGrids } from '../../src/domain/read-workbook';
import { pipelineTotals, rollupRow } from '../../src/domain/rollup';
import { toAccount } from '../../src/domain/account';
import { exampleRaw } from './fixtures';

const exampleAccount = () => toAccount(exampleRaw());

/** Labels are cosmetic: renaming one in the definitions changes what people see, never what is read or computed. */

function withRenamed<T>(target: { zh: string }, zh: string, run: () => T): T {
  const was = target.zh;
  target.zh = zh;
  try {
    return run();
  } finally {
    target.zh = was;
  }
}

test('renaming the heading 销售经理 keeps the sales manager of a workbook made before the rename', () => {
  const account = exampleAccount();
  const grids = layoutToGrids(workbookLayout(account, 'zh'));
  const field = OVERVIEW_FORM.blocks[0].fields.find((f) => f.id === 'salesManager')!;
  const read = withRenamed(field.label, '客户经理', () => readAccountFromGrids(grids));
  expect(read.account.overview.salesManager).toBe(account.overview.salesManager);
  expect(read.account).toEqual(readAccountFromGrids(grids).account);
});

test('renaming a stage label keeps its probability, red flags and totals (they key by code)', () => {
  const account = exampleAccount();
  const before = rollupRow(account, 'a.json', 0, '2026-11-01');
  const stage = VOCABULARIES.find((v) => v.id === 'stage')!.values.find((v) => v.value === account.overview.stage)!;
  const { after, totals } = withRenamed(
    {
      get zh() {
        return stage.value;
      },
      set zh(v) {
        stage.value = v;
      },
    },
    `${stage.value}（新）`,
    () => {
      const renamed = { ...account, overview: { ...account.overview, stage: stage.value } };
      const row = rollupRow(renamed, 'a.json', 0, '2026-11-01');
      return { after: row, totals: pipelineTotals([row]) };
    },
  );
  expect(after.redFlags).toEqual(before.redFlags);
  expect(totals.byStage.find((t) => t.count === 1)?.forecast).toBe(pipelineTotals([before]).byStage.find((t) => t.count === 1)?.forecast);
  expect(pipelineTotals([before]).byStage.find((t) => t.count === 1)?.forecast).toBeGreaterThan(0);
});
