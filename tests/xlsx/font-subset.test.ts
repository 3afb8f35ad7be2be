/**
 * @needs libreoffice
 * (for fonts-noto-cjk, which that tool installs.) The role-map picture drawn
 * with Noto Sans CJK cut down to its characters (src/xlsx/font-subset.ts) is
 * the picture drawn with the whole font, byte for byte; what the subset cannot
 * hold goes to the whole font; one picture's subset never serves another's.
 */
import { rmSync, statSync } from 'node:fs';
import type { Account } from '../../src/domain/account';
import { decisionChainSvg } from '../../src/domain/decision-chain';
import { generateAccount } from '../../src/domain/sample-accounts';
import { subsetFontFile } from '../../src/xlsx/font-subset';
import { svgToPng } from '../../src/xlsx/role-map-picture';

const NOTO = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const FAMILY = 'Noto Sans CJK SC';

/** A generated account whose first role-map person is called `name` (and holds `title`). */
function named(i: number, name: string, title = '局长'): Account {
  const account = generateAccount(i, '2026-11-01');
  const roleMap = account.roleMap.length > 0 ? account.roleMap : [{ role: '关键决策者' }];
  return { ...account, roleMap: [{ ...roleMap[0], name, title }, ...roleMap.slice(1)] } as Account;
}

const same = (svg: string) => {
  const subset = svgToPng(svg);
  const whole = svgToPng(svg, 1.5, { subset: false });
  expect(subset).not.toBeNull();
  expect(subset?.equals(whole as Buffer)).toBe(true);
  return subset as Buffer;
};

test('generated accounts, zh and en: the same PNG with the subset as with the whole font', () => {
  for (let i = 0; i < 6; i++) for (const locale of ['zh', 'en'] as const) same(decisionChainSvg(generateAccount(i, '2026-11-01'), locale));
});

test.each([
  ['rare and full-width characters', '𠀀䶵龥 ＡＢＣ　１２３', '副局长（主持工作）'],
  ['Latin with accents, Greek, Cyrillic', 'Zoë Ólafsdóttir', 'Αθηνά Дмитрий'],
  ['markup characters and spaces', 'A & B <c> "d" \'e\'', '  处长  '],
  ['emoji (not in the font: the whole font draws it)', '王😀明', '局长'],
  ['a variation selector (left to the whole font)', '葛\u{E0100}亮', '科长'],
])('%s: the same PNG either way', (_, name, title) => {
  same(decisionChainSvg(named(1, name, title), 'zh'));
});

test('the subset is small, and only when the face holds every character', () => {
  const file = subsetFontFile(NOTO, FAMILY, '决策链 – 丹江市财政局 关键决策者 吴洋 局长');
  expect(file).not.toBeNull();
  expect(statSync(file as string).size).toBeLessThan(200_000);
  rmSync(file as string);
  expect(subsetFontFile(NOTO, FAMILY, '王😀明')).toBeNull();
  expect(subsetFontFile(NOTO, FAMILY, '葛\u{E0100}亮')).toBeNull();
  expect(subsetFontFile(NOTO, 'No Such Family', '王明')).toBeNull();
});

test("one picture's subset never draws the next: A, B, A again each as the whole font draws them", () => {
  const a = decisionChainSvg(named(2, '欧阳娜娜', '财政局局长'), 'zh');
  const b = decisionChainSvg(named(2, '司马懿', '信息中心主任'), 'zh');
  const first = same(a);
  const second = same(b);
  expect(second.equals(first)).toBe(false);
  expect(same(a).equals(first)).toBe(true);
});
