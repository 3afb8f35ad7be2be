import {
  type ReviewKey,
  type ReviewRow,
  type Snapshot,
  baseline,
  buildReview,
  changeOf,
  compareForReview,
  daysBetween,
  hasChanged,
  historyByKey,
  mergeHistory,
  reviewCounts,
  stageSince,
} from '../../src/domain/review';
import { rollupRow } from '../../src/domain/rollup';
import { sampleAccounts } from '../../src/domain/sample-accounts';

function snap(date: string, key: string, over: Partial<Snapshot> = {}): Snapshot {
  return { date, key, stage: 'intention', opp: 50, win: 40, lead: 0, verdict: 'watch', flags: [], forecast: 30, ...over };
}

describe('history', () => {
  it('replaces a snapshot of the same account and date, and keeps every other', () => {
    const old = [snap('2026-11-02', 'A'), snap('2026-11-09', 'A'), snap('2026-11-09', 'B')];
    const merged = mergeHistory(old, [snap('2026-11-09', 'A', { opp: 70 })]);
    expect(merged.map((s) => [s.date, s.key, s.opp])).toEqual([
      ['2026-11-02', 'A', 50],
      ['2026-11-09', 'A', 70],
      ['2026-11-09', 'B', 50],
    ]);
  });

  it('never erases a later snapshot when a roll-up is dated earlier', () => {
    const later = [snap('2026-11-23', 'A', { opp: 90 })];
    const merged = mergeHistory(later, [snap('2026-11-16', 'A', { opp: 60 })]);
    expect(merged.map((s) => [s.date, s.opp])).toEqual([
      ['2026-11-16', 60],
      ['2026-11-23', 90],
    ]);
  });

  it('groups snapshots by account, oldest first', () => {
    const map = historyByKey([snap('2026-11-09', 'A'), snap('2026-11-02', 'B'), snap('2026-11-02', 'A')]);
    expect(map.get('A')?.map((s) => s.date)).toEqual(['2026-11-02', '2026-11-09']);
    expect(map.get('B')?.map((s) => s.date)).toEqual(['2026-11-02']);
  });
});

describe('changes since the review window', () => {
  const history = [
    snap('2026-11-01', 'A', { opp: 40, flags: ['no-coach', 'stale'] }),
    snap('2026-11-09', 'A', { opp: 45, flags: ['no-coach'] }),
    snap('2026-11-13', 'A', { opp: 99 }),
  ];

  it('compares with the latest snapshot at least the window older, not a newer one', () => {
    const now = snap('2026-11-16', 'A', { opp: 60, win: 55, stage: 'solution', flags: ['competitor-ahead'] });
    const base = baseline(history, now, 7);
    expect(base?.date).toBe('2026-11-09');
    expect(changeOf(now, base)).toEqual({
      key: 'A',
      since: '2026-11-09',
      dOpp: 15,
      dWin: 15,
      stageFrom: 'intention',
      stageTo: 'solution',
      flagsNew: ['competitor-ahead'],
      flagsCleared: ['no-coach'],
    });
  });

  it('takes the window as configured', () => {
    const now = snap('2026-11-16', 'A');
    expect(baseline(history, now, 14)?.date).toBe('2026-11-01');
    expect(baseline(history, now, 30)).toBeNull();
  });

  it('calls an account with no old-enough snapshot new, and an unmoved one unchanged', () => {
    const fresh = changeOf(snap('2026-11-16', 'Z'), null);
    expect(fresh.since).toBeNull();
    expect(hasChanged(fresh)).toBe(true);
    const same = snap('2026-11-16', 'A', { opp: 45, flags: ['no-coach'] });
    expect(hasChanged(changeOf(same, baseline(history, same, 7)))).toBe(false);
  });

  it('gives no score delta when either score is missing', () => {
    const c = changeOf(snap('2026-11-16', 'A', { opp: null }), snap('2026-11-09', 'A'));
    expect(c.dOpp).toBeNull();
    expect(c.dWin).toBe(0);
  });

  it('knows since when an account has been at its stage', () => {
    const h = [
      snap('2026-10-26', 'A', { stage: 'potential' }),
      snap('2026-11-02', 'A', { stage: 'intention' }),
      snap('2026-11-09', 'A', { stage: 'intention' }),
    ];
    expect(stageSince(h, snap('2026-11-16', 'A'))).toBe('2026-11-02');
    expect(stageSince(h, snap('2026-11-16', 'A', { stage: 'solution' }))).toBe('2026-11-16');
    expect(daysBetween('2026-11-02', '2026-11-16')).toBe(14);
    expect(daysBetween('2026-11-02', 'soon')).toBeNull();
  });
});

describe('the review order', () => {
  const key = (over: Partial<ReviewKey>): ReviewKey => ({
    outcome: 'open',
    verdict: 'watch',
    forecast: 10,
    customerName: 'x',
    file: 'x.xlsx',
    ...over,
  });

  it('puts open accounts first by verdict (追, 观察, 待评估, 虚), then by forecast, then won, lost and abandoned', () => {
    const rows = [
      key({ customerName: 'lost', outcome: 'lost', verdict: 'pursue', forecast: 999 }),
      key({ customerName: 'weak', verdict: 'not-real', forecast: 500 }),
      key({ customerName: 'unassessed', verdict: 'unassessed' }),
      key({ customerName: 'watch-small', forecast: 5 }),
      key({ customerName: 'watch-none', forecast: null }),
      key({ customerName: 'won', outcome: 'won' }),
      key({ customerName: 'watch-big', forecast: 80 }),
      key({ customerName: 'pursue', verdict: 'pursue', forecast: 1 }),
      key({ customerName: 'abandoned', outcome: 'abandoned' }),
    ];
    expect([...rows].sort(compareForReview).map((r) => r.customerName)).toEqual([
      'pursue',
      'watch-big',
      'watch-small',
      'watch-none',
      'unassessed',
      'weak',
      'won',
      'lost',
      'abandoned',
    ]);
  });

  it('is stable: ties fall back to customer name, then file', () => {
    const a = key({ customerName: 'B', file: '2.xlsx' });
    const b = key({ customerName: 'B', file: '1.xlsx' });
    const c = key({ customerName: 'A', file: '9.xlsx' });
    expect([a, b, c].sort(compareForReview)).toEqual([c, b, a]);
    expect([c, a, b].sort(compareForReview)).toEqual([c, b, a]);
  });

  it('counts accounts by outcome, with problems and unreadable', () => {
    const counts = reviewCounts(
      [
        { outcome: 'open', problems: 0 },
        { outcome: 'open', problems: 2 },
        { outcome: 'won', problems: 1 },
        { outcome: 'lost', problems: 0 },
      ],
      3,
    );
    expect(counts).toEqual({ accounts: 4, open: 2, won: 1, lost: 1, abandoned: 0, unreadable: 3, withProblems: 2 });
  });
});

describe('one roll-up’s review', () => {
  const rows = sampleAccounts('2026-11-16').map((a, i) => rollupRow(a, `f${i}.json`, i % 2, '2026-11-16'));

  it('orders the rows, merges the history, lists the changed and sums the forecast by date and stage', () => {
    const first = rows[0];
    const old: Snapshot = { ...snap('2026-11-02', first.customerName.trim()), stage: 'potential', forecast: 5 };
    const review = buildReview(rows, { asOf: '2026-11-16', history: [old], forecastOf: () => 10, unreadable: 2 });
    expect(review.rows).toHaveLength(rows.length);
    expect(review.history).toHaveLength(rows.length + 1);
    // Only the account with a baseline can be unchanged; it moved stage, so every account is listed.
    expect(review.changed).toHaveLength(rows.length);
    expect(review.info.get(first)?.change.stageFrom).toBe('potential');
    expect(review.counts).toMatchObject({ accounts: rows.length, unreadable: 2, withProblems: rows.filter((r) => r.problems).length });
    const dates = review.forecastByDate.map((d) => d.date);
    expect(dates).toEqual(['2026-11-02', '2026-11-16']);
    expect(review.forecastByDate[0].byStage).toEqual({ potential: 5 });
    const total = Object.values(review.forecastByDate[1].byStage).reduce((a, b) => a + b, 0);
    // Won, lost and abandoned deals are out of the pipeline: their snapshots forecast nothing (the samples hold some).
    const open = rows.filter((r) => r.outcome === 'open').length;
    expect(open).toBeLessThan(rows.length);
    expect(total).toBe(10 * open);
  });

  it('needs of a row only what a snapshot and the order are made of (the Sheets summary rebuilds kept rows from cells)', () => {
    const pick = (r: (typeof rows)[number]): ReviewRow => ({
      file: r.file,
      customerName: r.customerName,
      stage: r.stage,
      opp: r.opp,
      win: r.win,
      lead: r.lead,
      verdict: r.verdict,
      redFlags: r.redFlags,
      problems: r.problems,
      budget: r.budget,
      // The deal's outcome decides the section (open, won, lost, abandoned): the summary keeps it with the row.
      outcome: r.outcome,
    });
    const opts = { asOf: '2026-11-16', history: [snap('2026-11-02', rows[2].file, { stage: 'potential' })], forecastOf: () => 10 };
    const full = buildReview(rows, { ...opts, keyOf: (r) => r.file });
    const slim = buildReview(rows.map(pick), { ...opts, keyOf: (r) => r.file });
    expect(slim.rows.map((r) => r.file)).toEqual(full.rows.map((r) => r.file));
    expect(slim.history).toEqual(full.history);
    expect(slim.changed.map((r) => r.file)).toEqual(full.changed.map((r) => r.file));
    expect(slim.rows.map((r) => slim.info.get(r))).toEqual(full.rows.map((r) => full.info.get(r)));
    expect(full.info.get(rows[2])?.change.stageFrom).toBe('potential');
  });
});
