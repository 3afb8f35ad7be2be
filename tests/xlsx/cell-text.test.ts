import { emptyAccount } from '../../src/domain/account';
import { readXlsxBuffer } from '../../src/xlsx/read-workbook';
import { accountWorkbookBuffer } from '../../src/xlsx/render-workbook';

// Found by the fault suite: U+FFFE in a note made a workbook no reader could open
// ("disallowed character"). Every character a user can type must survive the file.
describe('text the XML of an .xlsx cannot hold as is', () => {
  test.each([
    ['noncharacters', 'a\ufffeb\uffffc'],
    ['control characters', 'a\u0000b\u0007c\u001fd\u007fe'],
    ['carriage returns', 'line 1\r\nline 2\rline 3'],
    ['a literal OOXML escape', 'keep _x0041_ and _x005F_ as typed'],
    ['unpaired surrogates', 'x\ud800y\udc00z'],
  ])('%s come back as typed', async (_what, text) => {
    const account = emptyAccount('客户');
    account.overview.processNotes = text;
    account.keyPeople.push({ name: text, visitNo: 1, visitDate: '2026-10-01' });
    const back = (await readXlsxBuffer(await accountWorkbookBuffer(account))).account;
    expect(back.overview.processNotes).toBe(text);
    expect(back.keyPeople[0].name).toBe(text);
  });
});
