import fc from 'fast-check';
import { columnsFor } from '../../src/domain/rollup';

const ROLLUP_COLUMNS = columnsFor('sheets');
import { sampleAccounts } from '../../src/domain/sample-accounts';
import { MAX_CELL_TEXT } from '../../src/sheets/summary/cells';
import { refreshSummary } from '../../src/sheets/summary/refresh';
import { registeredWorkbook, summaryFormulas, summaryRows, summaryWorld } from './summary-support';

/**
 * Whatever text an account holds, the summary shows it as text: never a
 * formula, never a number or date made from it, never a crash; text longer
 * than a summary cell takes is cut with an ellipsis (the workbook keeps it
 * whole).
 */

const AS_OF = '2026-11-01';
const col = (id: string) => ROLLUP_COLUMNS.findIndex((c) => c.id === id);

const nasty = fc.oneof(
  fc.constantFrom(
    '=IMPORTXML("http://x","//a")',
    '=1+1',
    '+1',
    '-2',
    '@x',
    "'quoted",
    '2026-01-02',
    'TRUE',
    '1e3',
    '\t=cmd|/c calc',
    'a\r\nb',
    '\u0000\u0007ctrl',
    '=HYPERLINK("http://evil","点我")',
  ),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'"), fc.string({ maxLength: 30 })).map(([a, b]) => a + b),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.integer({ min: MAX_CELL_TEXT - 2, max: 50_000 }).map((n) => `=${'长'.repeat(n - 1)}`),
);

/** What the summary cell must show for a text: itself, or its start and an ellipsis when too long. */
function shown(s: string): string {
  const t = s.trim();
  return t.length > MAX_CELL_TEXT ? `${t.slice(0, MAX_CELL_TEXT - 1)}…` : t;
}

test('formula-like, control-character and 50,000-character text from accounts is written as literal text', () => {
  fc.assert(
    fc.property(nasty, nasty, nasty, (customer, manager, rival) => {
      fc.pre(customer.trim() !== '' && manager.trim() !== '' && rival.trim() !== '');
      const w = summaryWorld();
      const a = sampleAccounts(AS_OF)[0];
      a.overview.customerName = customer;
      a.overview.salesManager = manager;
      a.competitiveness.competitors = [rival];
      a.competitiveness.items.forEach((it) => (it.competitors = ['+']));
      const id = registeredWorkbook(w, a, 'fuzz').id;
      const r = refreshSummary({ now: w.clock.now, sleep: w.clock.sleep, readGapMs: 0 });
      expect(r.status).toBe('done');
      expect(summaryFormulas(w)).toEqual([]);
      const row = summaryRows(w)[0];
      expect(row[ROLLUP_COLUMNS.length]).toBe(id);
      expect(row[col('customerName')]).toBe(shown(customer));
      expect(row[col('salesManager')]).toBe(shown(manager));
      expect(row[col('bestCompetitor')]).toBe(shown(rival));
    }),
    { numRuns: 25, seed: 20261101 },
  );
});
