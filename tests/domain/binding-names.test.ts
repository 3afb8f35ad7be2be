/**
 * templateBindingNames() lists the bindings without laying out a workbook (the reader asks for them on every read);
 * it must list exactly the names the layout gives its tabs, with the template version that added each.
 */
import { emptyAccount } from '../../src/domain/account';
import { templateBindingNames, workbookLayout } from '../../src/domain/layout';
import { sampleAccounts } from '../../src/domain/sample-accounts';

const laidOut = (account = emptyAccount(), locale: 'zh' | 'en' = 'zh') =>
  workbookLayout(account, locale)
    .flatMap((t) => t.names ?? [])
    .map((n) => (n.since === undefined ? { name: n.name } : { name: n.name, since: n.since }));

test.each(['zh', 'en'] as const)('the names of a new workbook (%s), in order, with their template versions', (locale) => {
  expect(templateBindingNames()).toEqual(laidOut(emptyAccount(), locale));
});

test('the names do not depend on what the account holds', () => {
  for (const account of sampleAccounts('2026-11-01')) expect(templateBindingNames()).toEqual(laidOut(account));
});

test('some names came with a later template version (the reader accepts an older workbook without them)', () => {
  expect(templateBindingNames().some((n) => (n.since ?? 0) > 0)).toBe(true);
  expect(templateBindingNames().some((n) => n.since === undefined)).toBe(true);
});
