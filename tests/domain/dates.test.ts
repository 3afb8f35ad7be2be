import fc from 'fast-check';
import { todayIso } from '../../src/domain/dates';

test("today in Asia/Shanghai without the time-zone database is the time-zone database's answer", () => {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) }), (t) => {
      expect(todayIso(new Date(t))).toBe(fmt.format(new Date(t)));
    }),
    { numRuns: 2000 },
  );
  // Either side of midnight in Beijing (16:00 UTC).
  expect(todayIso(new Date(Date.UTC(2026, 7, 19, 15, 59, 59)))).toBe('2026-08-19');
  expect(todayIso(new Date(Date.UTC(2026, 7, 19, 16, 0, 0)))).toBe('2026-08-20');
});
