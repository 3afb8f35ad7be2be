import { toAccount } from '../../src/domain/account';
import { assessAccount } from '../../src/domain/assessment';

// Found by the .xlsx round-trip property: a visit number typed as text ("1,000") must order
// visits the way the workbook reader reads it (1000), or a JSON and its workbook disagree.
describe('latest visit of a decision maker, visit numbers typed as text', () => {
  const account = (laterNo: unknown) =>
    toAccount({
      schemaVersion: 1,
      overview: { customerName: 'x' },
      keyPeople: [
        { name: '周', visitNo: 2, visitDate: '2026-10-01', role: '关键决策者', trust: '下降' },
        { name: '周', visitNo: laterNo, visitDate: '2026-10-01', role: '关键决策者', trust: '上升' },
      ],
    });
  test.each([
    [3, false],
    ['3', false],
    ['1,000', false],
    ['1', true],
    ['abc', true],
  ])('second visit numbered %p → dm-relationship-down %p', (no, down) => {
    expect(assessAccount(account(no), '2026-10-02').redFlags.includes('dm-relationship-down')).toBe(down);
  });
});

// Also found by the round-trip property: a number in a visit-date field is what a spreadsheet
// holds for a date (a serial); the workbook readers turn it into ISO text, so scoring does too.
describe('visit dates held as spreadsheet serials', () => {
  test('a serial orders visits as the date it stands for', () => {
    const account = toAccount({
      schemaVersion: 1,
      overview: { customerName: 'x' },
      keyPeople: [
        { name: '周', visitNo: 1, visitDate: 46296, role: '关键决策者', trust: '下降' }, // 2026-10-01
        { name: '周', visitNo: 1, visitDate: '2026-09-01', role: '关键决策者', trust: '上升' },
      ],
    });
    const a = assessAccount(account, '2026-10-02');
    expect(a.latestVisit).toBe('2026-10-01');
    expect(a.redFlags).toContain('dm-relationship-down');
    expect(a.redFlags).not.toContain('stale');
  });
});
