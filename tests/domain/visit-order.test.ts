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

// Issue #9: a number in a visit-date field is not a date (only a spreadsheet cell formatted as a date is, and the
// adapters turn those into ISO text); it is a problem, and like any invalid date it never makes a visit the oldest.
describe('visits whose date is not a real date', () => {
  const dm = (visitNo: unknown, visitDate: unknown, trust: string) => ({ name: '周', visitNo, visitDate, role: '关键决策者', trust });
  const flags = (...kp: object[]) =>
    assessAccount(toAccount({ schemaVersion: 1, overview: { customerName: 'x' }, keyPeople: kp }), '2026-10-02');

  test('the latest visit by number decides, though its date is invalid', () => {
    expect(flags(dm(1, '2026-09-01', '下降'), dm(2, '2026-13-01', '上升')).redFlags).not.toContain('dm-relationship-down');
    expect(flags(dm(1, '2026-09-01', '上升'), dm(2, '下周', '下降')).redFlags).toContain('dm-relationship-down');
    expect(flags(dm(1, '2026-09-01', '下降'), dm(2, 46296, '上升')).redFlags).not.toContain('dm-relationship-down');
    expect(flags(dm(2, '2026/10/01', '上升'), dm(1, '2026-09-01', '下降')).redFlags).not.toContain('dm-relationship-down');
  });
  test('an invalid date takes its place after every visit numbered below it, and before those numbered above', () => {
    // Visit 2 has no real date; visit 3 is dated after visit 1: 3 is the latest.
    expect(flags(dm(1, '2026-09-01', '上升'), dm(2, 'x', '上升'), dm(3, '2026-09-20', '下降')).redFlags).toContain('dm-relationship-down');
    // Visit 3 has no real date: it comes after 1 and 2 whatever their dates.
    expect(flags(dm(1, '2026-09-20', '下降'), dm(2, '2026-09-01', '下降'), dm(3, '', '上升')).redFlags).not.toContain(
      'dm-relationship-down',
    );
  });
  test('a serial number is not a visit date for staleness either', () => {
    const a = flags(dm(1, 46296, '上升'), dm(2, '2026-08-01', '上升'));
    expect(a.latestVisit).toBe('2026-08-01');
    expect(a.redFlags).toContain('stale');
  });
  test('without a visit number, an undated visit is the oldest', () => {
    expect(flags(dm('', 'x', '上升'), dm(1, '2026-09-01', '下降')).redFlags).toContain('dm-relationship-down');
  });
});
