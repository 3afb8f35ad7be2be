/**
 * @needs chromium
 * Every HTML page, rendered by headless Chromium (issue #11 item 6): the
 * validation sidebar, the decision-chain sidebar and the visit brief as the
 * shipped bundle (dist/Code.js + dist/RepPages.html, on the in-memory fake)
 * makes them (hostile accounts also straight into dist/RepPages.html), and
 * the brief the CLI writes. `google.script.run` is stubbed.
 * Each page: no script error, the expected elements, hostile text shown as
 * text (no element, no dialog), and a screenshot (KA_SCREENSHOTS_DIR=docs/screenshots
 * writes the README's).
 */
import { LIBRARY_HTML } from '../sheets/gas-world';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { type Account, toAccount } from '../../src/domain/account';
import { sampleAccounts } from '../../src/domain/sample-accounts';
import type { RepPage } from '../../src/domain/pages';
import { visitBriefHtml } from '../../src/domain/visit-brief';
import { fillRepPage } from '../../src/sheets/rep-pages';
import { installSheetsBatchUpdate } from '../fakes/sheets-batch-update';
import { FakeGas } from '../fakes/spreadsheet-app';
import { Browser, type OpenedPage, browserSkipReason } from '../support/browser';

const ROOT = join(__dirname, '..', '..');
// Under KA_REQUIRE_TOOLS=1 (npm run test:all, CI) a missing browser is a failure, not a skip.
const skip = process.env.KA_REQUIRE_TOOLS === '1' ? null : browserSkipReason();
if (skip) console.log(skip);
const describeBrowser = skip ? describe.skip : describe;

const EVIL = '<img src=x onerror=alert(1)>';
const SHOTS = process.env.KA_SCREENSHOTS_DIR ? join(ROOT, process.env.KA_SCREENSHOTS_DIR) : mkdtempSync(join(tmpdir(), 'ka-shots-'));

/** The first sample account (the demo's), with two more visits of its decision maker so that the trend has a shape. */
function sample(): Account {
  const a = sampleAccounts('2026-11-20')[0];
  const dm = a.keyPeople.find((r) => r.role === '关键决策者')!;
  a.keyPeople.push(
    { ...dm, visitNo: Number(dm.visitNo) + 1, visitDate: '2026-10-10', closeness: '上升', trust: '下降', othersView: '关注上线时间' },
    { ...dm, visitNo: Number(dm.visitNo) + 2, visitDate: '2026-11-05', closeness: '上升', trust: '上升' },
  );
  return a;
}

/** The sample with hostile text in every name and free-text field the pages show. */
function hostile(): Account {
  const a = structuredClone(sample());
  a.overview.customerName = EVIL;
  for (const r of [...a.keyPeople, ...a.roleMap]) {
    if (r.name === '周建国') r.name = EVIL;
    for (const k of ['orgTitle', 'othersView', 'title', 'focus', 'relations', 'businessNeeds'])
      if (r[k]) r[k] = `"><script>alert(2)</script>${EVIL}`;
  }
  a.roleMap[0].influencedBy = `${EVIL}、<b onmouseover=alert(3)>x`;
  return a;
}

/** dist/Code.js in a fresh V8 context on the fake, with the project's HTML files (dist/RepPages.html, dist/RenderTexts.html). */
function loadBundle() {
  const fake = new FakeGas();
  const ctx = vm.createContext({}) as Record<string, any>;
  fake.install(ctx);
  installSheetsBatchUpdate(fake, ctx);
  fake.setCustomFunctions((name) => (typeof ctx[name] === 'function' ? ctx[name] : undefined));
  vm.runInContext(readFileSync(join(ROOT, 'dist', 'Code.js'), 'utf8'), ctx, { filename: 'Code.js' });
  for (const [name, html] of LIBRARY_HTML()) fake.htmlFiles.set(name, html);
  return { fake, ctx };
}

/** dist/RepPages.html with a page's data, as showRepPage hands it to the sidebar or dialog. */
function repPage(page: RepPage): string {
  return fillRepPage(readFileSync(join(ROOT, 'dist', 'RepPages.html'), 'utf8'), page);
}

/** A workbook holding the account, made through the bundle's import, and active. */
function workbookOf(account: Account) {
  const { fake, ctx } = loadBundle();
  fake.setActive(fake.createSpreadsheet('Template'));
  const r = ctx.kaImportAccountJson(JSON.stringify(account));
  expect(r.ok).toBe(true);
  fake.setActive([...fake.spreadsheets.values()].pop()!);
  return { fake, ctx };
}

/** What no page may show: an error, a dialog, or an element made from account text (an img, an event attribute, a script the page did not ship). */
async function expectClean(p: OpenedPage, html: string): Promise<void> {
  expect(p.errors).toEqual([]);
  expect(p.dialogs).toEqual([]);
  const found = await p.page.evaluate(() => {
    const d = (globalThis as any).document;
    return { injected: d.querySelectorAll('img, [onerror], [onmouseover], [onload]').length, scripts: d.scripts.length };
  });
  expect(found).toEqual({ injected: 0, scripts: (html.match(/<script/g) ?? []).length });
}

let browser: Browser;
beforeAll(async () => {
  if (skip) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  browser = await Browser.launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (!process.env.KA_SCREENSHOTS_DIR) rmSync(SHOTS, { recursive: true, force: true });
});

describeBrowser('pages in headless Chromium', () => {
  test('validation sidebar: every problem a row, a click jumps through google.script.run, hostile names stay text', async () => {
    const a = sampleAccounts('2026-11-20')[6];
    a.overview.customerName = EVIL;
    const { fake, ctx } = workbookOf(a);
    ctx.kaValidateWorkbook();
    const html = fake.ui.sidebars[0].content;
    const p = await browser.open(html, { width: 420, height: 700 });
    await expectClean(p, html);
    const rows = await p.page.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    expect(await p.page.locator('h3').textContent()).toContain(EVIL);
    const first = p.page.locator('a.cell').first();
    const [sheet, cell] = [await first.getAttribute('data-sheet'), await first.getAttribute('data-cell')];
    await first.click();
    expect(await p.runCalls()).toEqual([{ name: 'kaJumpToCell', args: [sheet, cell] }]);
    await p.page.screenshot({ path: join(SHOTS, 'page-validation-sidebar.png'), fullPage: true });
    await p.page.close();
  }, 60_000);

  test('decision-chain sidebar (dist/RepPages.html): one node per person, an arrow per influence, stance colours, the trend', async () => {
    const { fake, ctx } = workbookOf(sample());
    ctx.kaDecisionChain();
    const html = fake.ui.sidebars[0].content;
    const p = await browser.open(html, { width: 1100, height: 760 });
    await expectClean(p, html);
    const names = await p.page.locator('svg g.person').evaluateAll((gs) => gs.map((g: any) => g.getAttribute('data-name')));
    expect(names.sort()).toEqual(['周建国', '局长', '李敏', '陈晓'].sort());
    expect(await p.page.locator('svg path.influence').count()).toBe(3);
    expect(await p.page.locator('g.person.coach').getAttribute('data-name')).toBe('陈晓');
    expect(await p.page.locator('g.person[data-name="李敏"] rect').getAttribute('fill')).toBe('#c8e6c9');
    expect(await p.page.locator('g.dm-trend polyline.trend-trust').getAttribute('points')).toMatch(/^(\S+ ){2}\S+$/);
    await p.page.locator('.chart').screenshot({ path: join(SHOTS, 'page-decision-chain.png') });
    await p.page.close();
  }, 60_000);

  test('decision-chain sidebar with hostile names: the names are text, the drawing is whole', async () => {
    const html = repPage({ kind: 'chain', account: hostile(), locale: 'zh' });
    const p = await browser.open(html);
    await expectClean(p, html);
    const names = await p.page.locator('svg g.person').evaluateAll((gs) => gs.map((g: any) => g.getAttribute('data-name')));
    expect(names).toContain(EVIL);
    expect(names).toContain('<b onmouseover=alert(3)>x');
    expect(await p.page.locator('svg path.influence').count()).toBe(4);
    await p.page.close();
  }, 60_000);

  test('visit brief dialog (dist/RepPages.html): the profile, the trend, the open questions; prints on A4', async () => {
    const { fake, ctx } = workbookOf(sample());
    ctx.kaVisitBrief();
    const dialog = fake.ui.dialogs[0];
    expect(dialog.dialogTitle).toBe('拜访前简报');
    const p = await browser.open(dialog.content, { width: 820, height: 640 });
    // First the question: whom? — every person of the workbook, once.
    expect(await p.page.locator('#ka-person option').evaluateAll((os) => os.map((o: any) => o.value))).toEqual([
      '',
      '周建国',
      '李敏',
      '陈晓',
    ]);
    await p.page.selectOption('#ka-person', '周建国');
    await expectClean(p, dialog.content);
    expect(await p.page.locator('h1').textContent()).toBe('拜访前简报：周建国');
    expect(await p.page.locator('tr.visit').count()).toBe(3);
    expect(await p.page.locator('li.open-item').count()).toBeGreaterThan(0);
    // The open action of the sample's action plan that names him, read from the workbook's 行动计划 tab.
    const actions = await p.page.locator('ul.actions li.action').allTextContents();
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatch(/^请李敏安排周建国听取方案汇报 — \d{4}-\d{2}-\d{2} \(进行中\)$/);
    await p.page.screenshot({ path: join(SHOTS, 'page-visit-brief.png'), fullPage: true });
    const pdf = await p.page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    // A4 is 595 × 842 points.
    expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([595, 842]);
    await p.page.close();
  }, 60_000);

  test('visit brief with hostile text, through the dialog and as the CLI writes it (English)', async () => {
    const dialog = repPage({ kind: 'brief', account: hostile(), locale: 'zh' });
    for (const html of [dialog, visitBriefHtml(toAccount(hostile()), EVIL, 'en', { printButton: true })]) {
      const p = await browser.open(html);
      if (html === dialog) await p.page.selectOption('#ka-person', EVIL);
      await expectClean(p, html);
      expect(await p.page.locator('h1').textContent()).toMatch(new RegExp(`(：|: )${EVIL.replace(/[()]/g, '\\$&')}$`));
      expect(await p.page.locator('tr.visit').count()).toBe(3);
      await p.page.close();
    }
  }, 60_000);
});
