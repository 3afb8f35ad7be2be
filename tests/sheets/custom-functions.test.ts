import fc from 'fast-check';
import { oppScore, winScore } from '../../src/domain/scoring';
import { OPP_SCORE, WIN_SCORE, flatten, parseGroup } from '../../src/sheets/custom-functions';

const mark = fc.constantFrom('+', '-', '?', '', '＋', '－', '？', ' + ');
const ten = fc.array(mark, { minLength: 10, maxLength: 10 });

describe('custom functions', () => {
  test('equal the domain engine for every shape Sheets passes (column, row, 2×5 block)', () => {
    fc.assert(
      fc.property(ten, fc.constantFrom('real', 'worth', 'all', '', undefined), (marks, group) => {
        const expected = oppScore(marks, (group || 'all') as 'real' | 'worth' | 'all');
        expect(
          OPP_SCORE(
            marks.map((m) => [m]),
            group,
          ),
        ).toBe(expected);
        expect(OPP_SCORE([marks], group)).toBe(expected);
        expect(OPP_SCORE([marks.slice(0, 5), marks.slice(5)], group)).toBe(expected);
        expect(WIN_SCORE(marks.map((m) => [m]))).toBe(winScore(marks));
      }),
    );
  });

  test('weights: a range of ten numbers, blank = 1', () => {
    const marks = ['+', '+', '+', '+', '+', '-', '-', '+', '+', '+'].map((m) => [m]);
    expect(OPP_SCORE(marks, 'all', [[0], [0], [0], [0], [0], [1], [1], [1], [1], [1]])).toBe(60);
    expect(
      OPP_SCORE(
        marks,
        'all',
        Array.from({ length: 10 }, () => ['']),
      ),
    ).toBe(80);
    expect(() => OPP_SCORE(marks, 'all', [[1], [2]])).toThrow(/10/);
  });

  test('groups by name (either language), case and spaces ignored; a bad one is named', () => {
    expect(parseGroup(' Real ')).toBe('real');
    expect(parseGroup('价值')).toBe('worth');
    expect(parseGroup([['']])).toBe('all');
    expect(() => parseGroup('sales')).toThrow(/"sales"/);
  });

  test('a value that is not a mark throws an error naming it; numbers and booleans too', () => {
    const base = Array.from({ length: 9 }, () => ['+']);
    expect(() => OPP_SCORE([...base, ['x']])).toThrow(/"x"/);
    expect(() => OPP_SCORE([...base, [3]])).toThrow(/"3"/);
    expect(() => WIN_SCORE([[true]])).toThrow(/"true"/);
    expect(flatten(undefined)).toEqual([]);
    expect(flatten('+')).toEqual(['+']);
  });
});
