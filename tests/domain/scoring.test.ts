import { InvalidMarkError, isValidMark, markCounts, markIsAssessed, normalizeMark, parseMark } from '../../src/domain/marks';
import {
  assertMarks,
  completeness,
  effectiveWeight,
  leadOverField,
  oppScore,
  passesRealTest,
  roundHalfUp,
  weightedScore,
  winScore,
} from '../../src/domain/scoring';
import { marks } from './fixtures';

describe('worked examples (forms.md §7)', () => {
  test('+ + + + + - - + + + → OPP_SCORE 80, real 100, worth 60', () => {
    const m = marks('+ + + + + - - + + +');
    expect(oppScore(m)).toBe(80);
    expect(oppScore(m, 'all')).toBe(80);
    expect(oppScore(m, 'real')).toBe(100);
    expect(oppScore(m, 'worth')).toBe(60);
    expect(passesRealTest(m)).toBe(true);
    expect(completeness(m)).toBe(100);
  });

  test('+ ? + - + + + + + + → OPP_SCORE 80, real 60, not real (item 4 is -), completeness 90', () => {
    const m = marks('+ ? + - + + + + + +');
    expect(oppScore(m)).toBe(80);
    expect(oppScore(m, 'real')).toBe(60);
    expect(oppScore(m, 'worth')).toBe(100);
    expect(passesRealTest(m)).toBe(false);
    expect(completeness(m)).toBe(90);
  });

  test('full-width ＋ is accepted; x is an error naming x', () => {
    const m = ['＋', '+', '+', '+', '+', '+', '+', '+', '+', 'x'];
    expect(() => assertMarks(m)).toThrow(InvalidMarkError);
    try {
      assertMarks(m);
      throw new Error('assertMarks did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidMarkError);
      const err = e as InvalidMarkError;
      expect(err.value).toBe('x');
      expect(err.index).toBe(9);
      expect(err.message).toContain('"x"');
      expect(err.message).toContain('10');
    }
    // Without the bad value the same marks are fine, and ＋ counts as +.
    expect(() => assertMarks(m.slice(0, 9))).not.toThrow();
    expect(oppScore(m.slice(0, 9).concat('+'))).toBe(100);
  });

  test('the lenient score counts an invalid mark as not met', () => {
    expect(oppScore(['＋', '+', '+', '+', '+', '+', '+', '+', '+', 'x'])).toBe(90);
  });
});

describe('marks', () => {
  test.each([
    ['+', '+'],
    ['-', '-'],
    ['?', '?'],
    ['＋', '+'],
    ['－', '-'],
    ['？', '?'],
    [' + ', '+'],
    [' ＋ ', '+'],
    ['', ''],
    ['   ', ''],
    [null, ''],
    [undefined, ''],
  ])('parseMark(%j) = %j', (input, expected) => {
    expect(parseMark(input)).toBe(expected);
    expect(isValidMark(input)).toBe(true);
  });

  test.each([['x'], ['++'], ['+-'], ['是'], [1], [0], [true], ['—'], ['–']])('%j is not a mark', (input) => {
    expect(parseMark(input)).toBeNull();
    expect(isValidMark(input)).toBe(false);
    expect(markCounts(input)).toBe(0);
    expect(() => assertMarks([input])).toThrow(InvalidMarkError);
  });

  test('normalizeMark stores full-width as half-width and leaves anything else as typed', () => {
    expect(normalizeMark('＋')).toBe('+');
    expect(normalizeMark('－')).toBe('-');
    expect(normalizeMark('？')).toBe('?');
    expect(normalizeMark('x ')).toBe('x ');
    expect(normalizeMark(7)).toBe(7);
  });

  test('only + counts 1', () => {
    expect(['+', '＋', '-', '－', '?', '？', '', null, undefined].map(markCounts)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('assessed means not blank and not ?', () => {
    expect(['+', '-', '＋', '－', '?', '？', '', ' ', null, undefined].map(markIsAssessed)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('assertMarks accepts blanks, ? and full-width marks', () => {
    expect(() => assertMarks(['', null, undefined, '?', '？', '－', '＋', '+', '-', ' '])).not.toThrow();
  });
});

describe('half-up rounding', () => {
  test.each([
    [12.5, 13],
    [12.4999, 12],
    [66.66666666666667, 67],
    [33.333333333333336, 33],
    [87.5, 88],
    [0.5, 1],
    [0, 0],
    [100, 100],
    [(100 * 1) / 8, 13],
    [(100 * 3) / 8, 38],
  ])('roundHalfUp(%p) = %p', (x, r) => {
    expect(roundHalfUp(x)).toBe(r);
  });

  test('1 of 8 weights met → 12.5 → 13', () => {
    // Weights 1,1,1,1,1,1,1,1 on items 1–8 and 0 on 9–10; only item 1 met.
    const w = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    expect(oppScore(marks('+ - - - - - - - + +'), 'all', w)).toBe(13);
  });

  test('2 of 3 → 67, 1 of 3 → 33', () => {
    expect(weightedScore(['+', '+', '-'])).toBe(67);
    expect(weightedScore(['+', '-', '-'])).toBe(33);
  });

  test('completeness rounds half up too: 5 of 8 assessed = 62.5 → 63', () => {
    expect(completeness(['+', '-', '+', '-', '+', '?', '', '?'])).toBe(63);
  });
});

describe('weights', () => {
  const m = marks('+ + + + + - - - - -');

  test('default weight is 1', () => {
    expect(oppScore(m)).toBe(50);
    expect(oppScore(m, 'all', undefined)).toBe(50);
    expect(oppScore(m, 'all', Array(10).fill(1))).toBe(50);
    expect(oppScore(m, 'all', Array(10).fill(3))).toBe(50);
  });

  test('per-item weights: 100 × Σ(w × met) / Σ(w)', () => {
    // Items 1–5 met weigh 3 each, 6–10 weigh 1 each: 15 / 20 = 75.
    expect(oppScore(m, 'all', [3, 3, 3, 3, 3, 1, 1, 1, 1, 1])).toBe(75);
    // Item 1 weighs 7, the others 1: met = 7+4 = 11 of 16 → 68.75 → 69.
    expect(oppScore(m, 'all', [7, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(69);
    // Fractional weights.
    expect(oppScore(m, 'all', [0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1])).toBe(33);
  });

  test('group scores use the weights of their own items only', () => {
    const w = [2, 1, 1, 1, 1, 5, 1, 1, 1, 1];
    const mm = marks('+ - - - - + - - - -');
    expect(oppScore(mm, 'real', w)).toBe(33); // 2 / 6
    expect(oppScore(mm, 'worth', w)).toBe(56); // 5 / 9 = 55.6
  });

  test('a zero weight takes the item out', () => {
    expect(oppScore(marks('+ + + + + + + + + -'), 'all', [1, 1, 1, 1, 1, 1, 1, 1, 1, 0])).toBe(100);
    expect(oppScore(marks('- + + + + + + + + +'), 'real', [0, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(100);
  });

  test('weights summing to 0 give 0', () => {
    expect(oppScore(marks('+ + + + + + + + + +'), 'all', Array(10).fill(0))).toBe(0);
    expect(oppScore(marks('+ + + + + + + + + +'), 'real', [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])).toBe(0);
    expect(oppScore(marks('+ + + + + + + + + +'), 'worth', [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])).toBe(100);
  });

  test('an invalid weight counts as the default 1 (validation flags it)', () => {
    expect(effectiveWeight(-1)).toBe(1);
    expect(effectiveWeight('abc')).toBe(1);
    expect(effectiveWeight(Number.NaN)).toBe(1);
    expect(effectiveWeight(Number.POSITIVE_INFINITY)).toBe(1);
    expect(effectiveWeight(null)).toBe(1);
    expect(effectiveWeight('')).toBe(1);
    expect(effectiveWeight(0)).toBe(0);
    expect(effectiveWeight(2.5)).toBe(2.5);
    expect(effectiveWeight(' 2 ')).toBe(2);
    expect(oppScore(m, 'all', [-5, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(50);
  });

  test('missing weights (a short list) default to 1', () => {
    expect(oppScore(m, 'all', [3, 3, 3, 3, 3])).toBe(75);
  });
});

describe('group argument', () => {
  test('real is items 1–5, worth is items 6–10', () => {
    const m = marks('+ + + + + - - - - -');
    expect(oppScore(m, 'real')).toBe(100);
    expect(oppScore(m, 'worth')).toBe(0);
    const n = marks('- - - - - + + + + +');
    expect(oppScore(n, 'real')).toBe(0);
    expect(oppScore(n, 'worth')).toBe(100);
  });
});

describe('WIN_SCORE', () => {
  test('same rule as OPP_SCORE with weight 1', () => {
    expect(winScore(marks('+ + + + ? + - + ? +'))).toBe(70);
    expect(winScore(marks('+ + + - + - + - ? -'))).toBe(50);
    expect(winScore(marks('- + - - - ? - - ? -'))).toBe(10);
    expect(winScore(marks('. . . . . . . . . .'))).toBe(0);
    expect(winScore(marks('＋ ＋ ＋ ＋ ＋ ＋ ＋ ＋ ＋ ＋'))).toBe(100);
  });
});

describe('completeness', () => {
  test('share of items not blank and not ?', () => {
    expect(completeness(marks('+ + + + ? + - + ? +'))).toBe(80);
    expect(completeness(marks('. . . . . . . . . .'))).toBe(0);
    expect(completeness(marks('? ? ? ? ? ? ? ? ? ?'))).toBe(0);
    expect(completeness(marks('- - - - - . . . . .'))).toBe(50);
    expect(completeness(marks('- - - - ？ . . . . .'))).toBe(40);
    expect(completeness(marks('－ － － － － － － － － －'))).toBe(100);
  });

  test('an invalid mark is something typed: it counts as filled', () => {
    expect(completeness(['x', '', '', '', '', '', '', '', '', ''])).toBe(10);
  });
});

describe('the real test', () => {
  test.each([
    ['+ + + + + . . . . .', true],
    ['+ + + ? ? . . . . .', true],
    ['+ + + . . . . . . .', true],
    ['＋ ＋ ＋ . . . . . . .', true],
    ['+ + ? ? ? . . . . .', false], // fewer than 3 +
    ['+ + . . . + + + + +', false],
    ['+ + + + - + + + + +', false], // any -
    ['- + + + + + + + + +', false],
    ['+ + + + － + + + + +', false], // full-width -
    ['+ + + + + - - - - -', true], // worth items do not matter
    ['. . . . . + + + + +', false],
  ])('%s → %p', (m, pass) => {
    expect(passesRealTest(marks(m))).toBe(pass);
  });

  test('an invalid mark in items 1–5 is neither + nor -', () => {
    expect(passesRealTest(['+', '+', '+', 'x', 'x', '', '', '', '', ''])).toBe(true);
    expect(passesRealTest(['+', '+', 'x', 'x', 'x', '', '', '', '', ''])).toBe(false);
  });
});

describe('lead over the field', () => {
  test('our score minus the best competitor', () => {
    expect(leadOverField(70, [50, 10])).toBe(20);
    expect(leadOverField(50, [50])).toBe(0);
    expect(leadOverField(40, [10, 60, 20])).toBe(-20);
  });

  test('null when no competitor is named', () => {
    expect(leadOverField(70, [])).toBeNull();
  });
});

describe('weights near the largest number', () => {
  it('give the same whole-number score as their ratio, not NaN or Infinity', () => {
    const marks = ['+', '-', '+', '-', '+', '-', '+', '-', '+', '-'];
    expect(weightedScore(marks, Array(10).fill(1.8e306))).toBe(50);
    expect(weightedScore(marks, [1.7e308, 1.7e308, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(50);
    expect(weightedScore(marks, [1.7e308, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(100);
  });
});
