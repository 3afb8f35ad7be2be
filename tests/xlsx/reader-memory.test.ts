/**
 * What the .xlsx reader's values keep alive. A roll-up keeps a few texts of
 * every workbook it reads (the customer name, the stage, the sales manager);
 * each must be text of its own, never a slice of the part's whole XML, which
 * V8 would keep alive with it (5,000 workbooks kept 100 MB of shared-string
 * XML that way).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';
import { exampleAccount } from './corpus-support';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

test('texts kept from 100 workbooks hold no part XML alive', async () => {
  const account = exampleAccount();
  // Long enough (13 characters and more) that V8 would make a slice of the XML rather than a copy.
  const name = '临江市财政局信息中心（二期）综合采购项目部';
  account.overview.customerName = name;
  const bytes = await accountWorkbookBuffer(account, 'zh');
  const kept: string[] = [];
  (await readXlsxBuffer(bytes)).account; // warm up: the reader's own code and tables
  const before = heapAfterGc();
  for (let i = 0; i < 100; i++) {
    const { account: read } = await readXlsxBuffer(bytes);
    kept.push(read.overview.customerName as string, read.overview.salesManager as string);
  }
  const grown = heapAfterGc() - before;
  expect(kept[0]).toBe(name);
  // 200 strings of ~20 characters are ~10 KB; the shared strings XML kept with each would be 3 MB.
  expect(grown).toBeLessThan(1024 * 1024);
});
