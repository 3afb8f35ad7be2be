import { UnreadableAccountError, parseAccountJson } from '../../src/domain/account';
import { type Problem, validateAccount } from '../../src/domain/validate';
import { COACH, DM, deepFreeze, exampleRaw, rawAccount } from './fixtures';

type Raw = Record<string, any>;

/** The example account with one change applied. */
function exampleWith(change: (a: Raw) => void): Raw {
  const a = exampleRaw();
  change(a);
  return a;
}

const brief = (ps: Problem[]) => ps.map((p) => `${p.rule} ${p.path}`);

/** The only problem of `raw`, checked against its rule and path. */
function only(raw: unknown, rule: string, path: string, locale: 'zh' | 'en' = 'zh'): Problem {
  const ps = validateAccount(raw, locale);
  expect(brief(ps)).toEqual([`${rule} ${path}`]);
  return ps[0];
}

describe('a valid account has no problems', () => {
  test('the example account', () => {
    expect(validateAccount(exampleRaw())).toEqual([]);
  });
  test('optional fields may be absent or empty strings', () => {
    const a = rawAccount();
    a.overview.salesManager = '';
    a.overview.visitNo = '';
    a.overview.date = '';
    a.keyPeople[0].age = '';
    a.keyPeople[0].gender = '';
    a.keyPeople[0].birthday = '';
    a.opportunity.date = '';
    a.opportunity.items[0].comment = '';
    expect(validateAccount(a)).toEqual([]);
  });
  test('keyPeople and roleMap may be absent; weights and conclusions are optional', () => {
    const a = rawAccount();
    delete a.keyPeople;
    delete a.roleMap;
    delete a.competitiveness.conclusions;
    expect(validateAccount(a)).toEqual([]);
  });
  test('full-width marks are valid', () => {
    expect(validateAccount(rawAccount({ opp: '＋ － ？ + + + + + + +', us: '＋ ＋ ＋ ＋ ＋ ＋ ＋ ＋ － ？' }))).toEqual([]);
  });
  test('weights: ten numbers ≥ 0, zeros allowed', () => {
    expect(validateAccount(rawAccount({ weights: [0, 0, 1, 2, 3.5, 1, 1, 1, 1, 0] }))).toEqual([]);
  });
});

describe('required', () => {
  test('customer name', () => {
    const p = only(
      exampleWith((a) => delete a.overview.customerName),
      'required',
      'overview.customerName',
    );
    expect(p.message).toContain('客户名称');
    expect(
      only(
        exampleWith((a) => (a.overview.customerName = '')),
        'required',
        'overview.customerName',
      ).rule,
    ).toBe('required');
    expect(
      only(
        exampleWith((a) => (a.overview.customerName = '   ')),
        'required',
        'overview.customerName',
      ).rule,
    ).toBe('required');
  });
  test.each([
    ['name', '姓名', 'Name'],
    ['visitNo', '第几次拜访', 'Visit no.'],
    ['visitDate', '拜访日期', 'Visit date'],
  ])('key people %s', (field, zh, en) => {
    const raw = exampleWith((a) => delete a.keyPeople[1][field]);
    expect(only(raw, 'required', `keyPeople.1.${field}`).message).toContain(zh);
    expect(only(raw, 'required', `keyPeople.1.${field}`, 'en').message).toContain(en);
  });
  test.each(['schemaVersion', 'overview', 'opportunity', 'competitiveness'])('top-level %s', (key) => {
    const raw = exampleWith((a) => delete a[key]);
    expect(validateAccount(raw).map((p) => `${p.rule} ${p.path}`)).toContain(`required ${key}`);
  });
  test('opportunity items, competitiveness items and competitor names', () => {
    expect(
      only(
        exampleWith((a) => delete a.opportunity.items),
        'required',
        'opportunity.items',
      ).rule,
    ).toBe('required');
    expect(
      only(
        exampleWith((a) => delete a.competitiveness.items),
        'required',
        'competitiveness.items',
      ).rule,
    ).toBe('required');
    expect(
      only(
        exampleWith((a) => delete a.competitiveness.competitors),
        'required',
        'competitiveness.competitors',
      ).rule,
    ).toBe('required');
  });
  test('[decision] an item without a mark is a blank mark (not assessed), not a problem', () => {
    expect(validateAccount(exampleWith((a) => delete a.opportunity.items[3].mark))).toEqual([]);
    expect(validateAccount(exampleWith((a) => delete a.competitiveness.items[3].us))).toEqual([]);
  });
});

describe('type', () => {
  test('text where a number is expected', () => {
    const p = only(
      exampleWith((a) => (a.keyPeople[0].age = 'abc')),
      'type',
      'keyPeople.0.age',
    );
    expect(p.message).toContain('年龄');
    expect(p.message).toContain('abc');
    expect(
      only(
        exampleWith((a) => (a.overview.budget = '380')),
        'type',
        'overview.budget',
      ).rule,
    ).toBe('type');
  });
  test('a number where text is expected', () => {
    expect(
      only(
        exampleWith((a) => (a.overview.customerName = 42)),
        'type',
        'overview.customerName',
      ).message,
    ).toContain('42');
    expect(
      only(
        exampleWith((a) => (a.roleMap[0].name = 7)),
        'type',
        'roleMap.0.name',
      ).rule,
    ).toBe('type');
  });
  test('a list where an object is expected and the other way round', () => {
    expect(
      only(
        exampleWith((a) => (a.overview.itStatus = [])),
        'type',
        'overview.itStatus',
      ).rule,
    ).toBe('type');
    expect(
      only(
        exampleWith((a) => (a.overview.keyContacts = {})),
        'type',
        'overview.keyContacts',
      ).rule,
    ).toBe('type');
    expect(
      only(
        exampleWith((a) => (a.keyPeople = 'none')),
        'type',
        'keyPeople',
      ).rule,
    ).toBe('type');
    expect(
      only(
        exampleWith((a) => (a.keyPeople[1] = null)),
        'type',
        'keyPeople.1',
      ).rule,
    ).toBe('type');
  });
  test('the whole document is not an object', () => {
    for (const raw of [null, 5, 'text', [], true]) {
      const ps = validateAccount(raw);
      expect(brief(ps)).toEqual(['type ']);
      expect(ps[0].message).toMatch(/\S/);
    }
    expect(brief(validateAccount(undefined))).toEqual(['required ']);
  });
  test('a competitor name that is not text', () => {
    expect(
      only(
        exampleWith((a) => (a.competitiveness.competitors[1] = 3)),
        'type',
        'competitiveness.competitors.1',
      ).rule,
    ).toBe('type');
  });
  test('a comment that is not text', () => {
    expect(
      only(
        exampleWith((a) => (a.opportunity.items[2].comment = 5)),
        'type',
        'opportunity.items.2.comment',
      ).rule,
    ).toBe('type');
  });
});

// Issue #9: a budget typed with its unit was a bare type problem; the message now gives the number to type.
describe('amount-unit', () => {
  test.each([
    ['300万元', 300],
    ['300 万', 300],
    ['300万', 300],
    [' 1,200.5 万元 ', 1200.5],
    ['1.2亿', 12000],
    ['50000元', 5],
  ])('budget %j → type %p', (budget, fix) => {
    const p = only(
      exampleWith((a) => (a.overview.budget = budget)),
      'amount-unit',
      'overview.budget',
    );
    expect(p.message).toBe(`"项目预算（万元）"只写数字，单位是万元：${fix}（现为 ${budget}）`);
    const en = only(
      exampleWith((a) => (a.overview.budget = budget)),
      'amount-unit',
      'overview.budget',
      'en',
    );
    expect(en.message).toContain(`write the number only, in 10k CNY: ${fix}`);
  });
  test.each(['三百万', '300 美元', '万元', '300万元整', 'abc'])('%j is a plain type problem (no number to suggest)', (budget) => {
    only(
      exampleWith((a) => (a.overview.budget = budget)),
      'type',
      'overview.budget',
    );
  });
});

describe('vocabulary', () => {
  test.each([
    ['overview.stage', (a: Raw) => (a.overview.stage = '成交'), '阶段', '潜在'],
    ['overview.surveyMethod', (a: Raw) => (a.overview.surveyMethod = '电话'), '调研方式', '会议'],
    ['overview.keyContacts.1.influence', (a: Raw) => (a.overview.keyContacts[1].influence = '很高'), '项目影响力', '高'],
    ['overview.itStatus.meetsProjectNeeds', (a: Raw) => (a.overview.itStatus.meetsProjectNeeds = 'yes'), '是否满足本次项目需要', '是'],
    ['overview.software.0.replace', (a: Raw) => (a.overview.software[0].replace = 'Y'), '是否替代', '否'],
    ['keyPeople.0.gender', (a: Raw) => (a.keyPeople[0].gender = 'M'), '性别', '男'],
    ['keyPeople.0.personality', (a: Raw) => (a.keyPeople[0].personality = '狮子'), '性格', '老虎'],
    ['keyPeople.1.role', (a: Raw) => (a.keyPeople[1].role = '教练'), '目前该人的角色', '关键决策者'],
    ['keyPeople.1.couldCoach', (a: Raw) => (a.keyPeople[1].couldCoach = '可能'), '是否有可能成为我们的教练', '是'],
    ['keyPeople.0.closeness', (a: Raw) => (a.keyPeople[0].closeness = '下跌'), '本次沟通中亲近度变化', '下降'],
    ['roleMap.4.role', (a: Raw) => (a.roleMap[4].role = '内线'), '角色', '教练'],
    ['roleMap.0.stance', (a: Raw) => (a.roleMap[0].stance = '支持'), '立场', '支持我方'],
  ])('%s', (path, change, label, option) => {
    const raw = exampleWith(change);
    const p = only(raw, 'vocabulary', path);
    expect(p.message).toContain(label);
    expect(p.message).toContain(option);
  });
  test('a vocabulary value must be text', () => {
    expect(
      only(
        exampleWith((a) => (a.overview.stage = 3)),
        'vocabulary',
        'overview.stage',
      ).rule,
    ).toBe('vocabulary');
  });
  test('schemaVersion other than 1 (when validated directly)', () => {
    expect(
      only(
        exampleWith((a) => (a.schemaVersion = 2)),
        'vocabulary',
        'schemaVersion',
      ).message,
    ).toContain('2');
  });
});

describe('integer', () => {
  test.each([
    ['keyPeople.0.age', (a: Raw) => (a.keyPeople[0].age = 40.5)],
    ['keyPeople.0.visitNo', (a: Raw) => (a.keyPeople[0].visitNo = 1.5)],
    ['overview.visitNo', (a: Raw) => (a.overview.visitNo = 2.5)],
  ])('%s', (path, change) => {
    expect(only(exampleWith(change), 'integer', path).rule).toBe('integer');
  });
  test('a budget may have decimals', () => {
    expect(validateAccount(exampleWith((a) => (a.overview.budget = 380.5)))).toEqual([]);
  });
});

describe('range', () => {
  test.each([
    [17, false],
    [18, true],
    [52, true],
    [90, true],
    [91, false],
    [0, false],
    [-1, false],
  ])('age %p', (age, ok) => {
    const raw = exampleWith((a) => (a.keyPeople[0].age = age));
    if (ok) expect(validateAccount(raw)).toEqual([]);
    else {
      const p = only(raw, 'range', 'keyPeople.0.age');
      expect(p.message).toContain('18');
      expect(p.message).toContain('90');
      expect(p.message).toContain(String(age));
    }
  });
  test('visit no. 0 and -1 (key people), 0 (overview)', () => {
    expect(
      only(
        exampleWith((a) => (a.keyPeople[1].visitNo = 0)),
        'range',
        'keyPeople.1.visitNo',
      ).message,
    ).toContain('1');
    expect(
      only(
        exampleWith((a) => (a.keyPeople[1].visitNo = -1)),
        'range',
        'keyPeople.1.visitNo',
      ).rule,
    ).toBe('range');
    expect(
      only(
        exampleWith((a) => (a.overview.visitNo = 0)),
        'range',
        'overview.visitNo',
      ).rule,
    ).toBe('range');
    expect(validateAccount(exampleWith((a) => (a.keyPeople[1].visitNo = 1)))).toEqual([]);
  });
  test('budget -1; 0 is fine', () => {
    const p = only(
      exampleWith((a) => (a.overview.budget = -1)),
      'range',
      'overview.budget',
    );
    expect(p.message).toContain('项目预算');
    expect(p.message).toContain('-1');
    expect(validateAccount(exampleWith((a) => (a.overview.budget = 0)))).toEqual([]);
  });
});

describe('date', () => {
  test.each([
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-04-31', false],
    ['2026-04-30', true],
    ['2026-4-3', false],
    ['2026/10/12', false],
    ['12.10.2026', false],
    ['2026-10-12T00:00:00Z', false],
  ])('visit date %s', (d, ok) => {
    const raw = exampleWith((a) => (a.keyPeople[0].visitDate = d));
    if (ok) expect(validateAccount(raw)).toEqual([]);
    else expect(only(raw, 'date', 'keyPeople.0.visitDate').message).toContain(d);
  });
  test.each([
    ['02-30', false],
    ['03-18', true],
    ['02-29', true],
    ['13-01', false],
    ['00-10', false],
    ['3-18', false],
    ['1970-03-18', true],
    ['1970-02-29', false],
  ])('birthday %s', (d, ok) => {
    const raw = exampleWith((a) => (a.keyPeople[0].birthday = d));
    if (ok) expect(validateAccount(raw)).toEqual([]);
    else expect(only(raw, 'date', 'keyPeople.0.birthday').message).toContain(d);
  });
  test('a month-day is not enough for other dates', () => {
    expect(
      only(
        exampleWith((a) => (a.keyPeople[0].visitDate = '08-20')),
        'date',
        'keyPeople.0.visitDate',
      ).rule,
    ).toBe('date');
  });
  test.each([
    ['overview.date', (a: Raw) => (a.overview.date = '2026-02-30')],
    ['overview.software.0.goLive', (a: Raw) => (a.overview.software[0].goLive = '2017-02-29')],
    ['opportunity.date', (a: Raw) => (a.opportunity.date = 'yesterday')],
    ['competitiveness.date', (a: Raw) => (a.competitiveness.date = '2026-10-32')],
  ])('%s', (path, change) => {
    expect(only(exampleWith(change), 'date', path).rule).toBe('date');
  });
  test('a date must be text', () => {
    expect(
      only(
        exampleWith((a) => (a.keyPeople[0].visitDate = 46000)),
        'date',
        'keyPeople.0.visitDate',
      ).rule,
    ).toBe('date');
  });
});

describe('mark', () => {
  test('opportunity item 10', () => {
    const raw = exampleWith((a) => (a.opportunity.items[9].mark = 'x'));
    const zh = only(raw, 'mark', 'opportunity.items.9.mark');
    expect(zh.message).toContain('"x"');
    expect(zh.message).toContain('第 10 项');
    const en = only(raw, 'mark', 'opportunity.items.9.mark', 'en');
    expect(en.message).toContain('"x"');
    expect(en.message).toContain('item 10');
  });
  test('our competitiveness mark and a competitor’s mark', () => {
    expect(
      only(
        exampleWith((a) => (a.competitiveness.items[2].us = 'y')),
        'mark',
        'competitiveness.items.2.us',
      ).message,
    ).toContain('y');
    const p = only(
      exampleWith((a) => (a.competitiveness.items[4].competitors[1] = '++')),
      'mark',
      'competitiveness.items.4.competitors.1',
    );
    expect(p.message).toContain('++');
    expect(p.message).toContain('竞争对手 2');
  });
  test.each([['x'], ['++'], [1], [true], ['是'], ['+-']])('%j is not a mark', (m) => {
    expect(
      only(
        exampleWith((a) => (a.opportunity.items[0].mark = m)),
        'mark',
        'opportunity.items.0.mark',
      ).rule,
    ).toBe('mark');
  });
  test('every bad mark is listed', () => {
    const raw = rawAccount({ opp: 'a + b + + + + + + c', us: '+ + + + + + + + + d' });
    expect(brief(validateAccount(raw))).toEqual([
      'mark opportunity.items.0.mark',
      'mark opportunity.items.2.mark',
      'mark opportunity.items.9.mark',
      'mark competitiveness.items.9.us',
    ]);
  });
});

describe('weight', () => {
  test.each([[-1], ['a'], ['2'], [true], [Number.MAX_VALUE * -1]])('%j', (w) => {
    const weights: unknown[] = Array(10).fill(1);
    weights[3] = w;
    const p = only(rawAccount({ weights }), 'weight', 'opportunity.weights.3');
    expect(p.message).toMatch(/权重/);
    expect(only(rawAccount({ weights }), 'weight', 'opportunity.weights.3', 'en').message).toMatch(/weight/);
  });
});

describe('items-count', () => {
  test('nine opportunity items', () => {
    const p = only(
      exampleWith((a) => a.opportunity.items.pop()),
      'items-count',
      'opportunity.items',
    );
    expect(p.message).toContain('10');
    expect(p.message).toContain('9');
  });
  test('eleven competitiveness items', () => {
    expect(
      only(
        exampleWith((a) => a.competitiveness.items.push({ us: '+', competitors: [] })),
        'items-count',
        'competitiveness.items',
      ).rule,
    ).toBe('items-count');
  });
  test('nine weights', () => {
    expect(only(rawAccount({ weights: Array(9).fill(1) }), 'items-count', 'opportunity.weights').rule).toBe('items-count');
  });
});

describe('too-many', () => {
  test('four competitors', () => {
    const raw = exampleWith((a) => a.competitiveness.competitors.push('金财', '博思'));
    const p = only(raw, 'too-many', 'competitiveness.competitors');
    expect(p.message).toContain('3');
    expect(p.message).toContain('4');
  });
  test('three are fine', () => {
    expect(validateAccount(exampleWith((a) => a.competitiveness.competitors.push('金财')))).toEqual([]);
  });
});

describe('unknown-field', () => {
  test.each([
    ['extra', (a: Raw) => (a.extra = 1)],
    ['overview.foo', (a: Raw) => (a.overview.foo = 'bar')],
    ['overview.itStatus.cloud', (a: Raw) => (a.overview.itStatus.cloud = '是')],
    ['keyPeople.1.nickname', (a: Raw) => (a.keyPeople[1].nickname = '小李')],
    ['roleMap.2.phone', (a: Raw) => (a.roleMap[2].phone = '123')],
    ['opportunity.items.0.note', (a: Raw) => (a.opportunity.items[0].note = 'x')],
    ['competitiveness.items.0.them', (a: Raw) => (a.competitiveness.items[0].them = '+')],
  ])('%s', (path, change) => {
    const p = only(exampleWith(change), 'unknown-field', path);
    expect(p.message).toContain(path);
  });
});

describe('duplicate-visit', () => {
  test('the same visit of the same person twice is flagged on the later row', () => {
    const raw = rawAccount({ keyPeople: [DM, COACH, { ...DM, visitDate: '2026-10-21' }] });
    const p = only(raw, 'duplicate-visit', 'keyPeople.2.visitNo');
    expect(p.message).toContain('张三');
  });
  test('a second visit of the same person is fine', () => {
    expect(validateAccount(rawAccount({ keyPeople: [DM, COACH, { ...DM, visitNo: 2 }] }))).toEqual([]);
  });
  test('the same visit no. of different people is fine', () => {
    expect(validateAccount(rawAccount({ keyPeople: [DM, COACH] }))).toEqual([]);
  });
});

describe('several problems at once', () => {
  test('all are listed, each with its own path', () => {
    const raw = exampleWith((a) => {
      a.overview.budget = -5;
      a.keyPeople[0].age = 91;
      a.keyPeople[1].birthday = '02-30';
      a.opportunity.items[9].mark = 'x';
      a.competitiveness.competitors.push('A', 'B');
      a.overview.foo = 1;
    });
    expect(brief(validateAccount(raw)).sort()).toEqual(
      [
        'range overview.budget',
        'range keyPeople.0.age',
        'date keyPeople.1.birthday',
        'mark opportunity.items.9.mark',
        'too-many competitiveness.competitors',
        'unknown-field overview.foo',
      ].sort(),
    );
  });
});

describe('messages: zh-CN by default, English with locale en', () => {
  const raw = exampleWith((a) => {
    a.overview.budget = -1;
    a.keyPeople[0].age = 17;
    a.keyPeople[0].visitDate = '2026-02-29';
    a.overview.stage = '成交';
    a.opportunity.items[9].mark = 'x';
    delete a.overview.customerName;
    a.keyPeople[0].visitNo = 1.5;
  });
  const zh = validateAccount(raw);
  const en = validateAccount(raw, 'en');
  test('same problems in both locales', () => {
    expect(brief(zh)).toEqual(brief(en));
    expect(zh).toHaveLength(7);
    expect(validateAccount(raw, 'zh')).toEqual(zh);
  });
  test('zh messages are Chinese, en messages have no Chinese but the values', () => {
    const han = /[\u4e00-\u9fff]/;
    for (const p of zh) expect(p.message).toMatch(han);
    for (const p of en) {
      // Vocabulary options and user values are zh data; the rest is English.
      const withoutData = p.message.replace(/"[^"]*"/g, '').replace(/\([^)]*\)/g, '');
      expect(withoutData).not.toMatch(han);
      expect(p.message).toMatch(/[a-z]{3}/);
    }
  });
  test('known English wording', () => {
    const byPath = Object.fromEntries(en.map((p) => [p.path, p.message]));
    expect(byPath['keyPeople.0.age']).toBe('Age must be between 18 and 90, not 17');
    expect(byPath['overview.customerName']).toBe('Customer name is required');
    expect(byPath['keyPeople.0.visitDate']).toContain('2026-02-29');
  });
});

describe('validation never changes its input', () => {
  test('a frozen invalid account validates without throwing', () => {
    const raw = deepFreeze(
      exampleWith((a) => {
        a.opportunity.items[0].mark = '＋';
        a.opportunity.items[1].mark = ' + ';
        a.keyPeople[0].age = '52';
        a.overview.stage = ' 方案 ';
        a.overview.foo = { deep: [1, 2] };
      }),
    );
    const copy = structuredClone(raw);
    expect(() => validateAccount(raw)).not.toThrow();
    expect(raw).toEqual(copy);
    expect(raw.opportunity.items[0].mark).toBe('＋');
  });
});

describe('unknown schemaVersion is unreadable, and says so', () => {
  const text = (change: (a: Raw) => void) => JSON.stringify(exampleWith(change));
  test.each([
    ['2', (a: Raw) => (a.schemaVersion = 2)],
    ['"1"', (a: Raw) => (a.schemaVersion = '1')],
    ['0', (a: Raw) => (a.schemaVersion = 0)],
    ['null', (a: Raw) => (a.schemaVersion = null)],
    ['missing', (a: Raw) => delete a.schemaVersion],
  ])('%s', (_name, change) => {
    expect(() => parseAccountJson(text(change))).toThrow(UnreadableAccountError);
    expect(() => parseAccountJson(text(change))).toThrow(/schemaVersion/);
  });
  test('a newer version asks for an update', () => {
    expect(() => parseAccountJson(text((a) => (a.schemaVersion = 2)))).toThrow(/newer/);
  });
  test('version 1 is read, with a BOM too', () => {
    const t = JSON.stringify(exampleRaw());
    expect(parseAccountJson(t).account.overview.customerName).toBe('临江市财政局');
    expect(parseAccountJson(`\uFEFF${t}`).account.overview.customerName).toBe('临江市财政局');
  });
  test.each([['{'], [''], ['[]'], ['"x"'], ['null'], ['42']])('not an account: %j', (t) => {
    expect(() => parseAccountJson(t)).toThrow(UnreadableAccountError);
  });
});
