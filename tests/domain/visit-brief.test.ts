/**
 * The visit brief (issue #11 item 5): the latest profile, the trend across
 * visits, personality advice from the glossary, others' views, the guiding
 * questions of items marked ? or -, the action-plan hook; printable on A4.
 */
import { COMPETITIVENESS_GUIDANCE, OPPORTUNITY_GUIDANCE } from '../../sheets-templates/guidance';
import { PERSONALITY_TEXTS } from '../../sheets-templates/glossary';
import { toAccount } from '../../src/domain/account';
import { actionsWithPerson, knowsPerson, visitBriefHtml } from '../../src/domain/visit-brief';
import { exampleRaw } from './fixtures';

function account() {
  const raw = exampleRaw();
  raw.keyPeople.push(
    {
      name: '周建国',
      visitNo: 3,
      visitDate: '2026-10-20',
      orgTitle: '临江市财政局 局长',
      role: '关键决策者',
      closeness: '下降',
      trust: '持平',
      othersView: '最近压力大',
    },
    {
      name: '周建国',
      visitNo: 2,
      visitDate: '2026-09-15',
      orgTitle: '临江市财政局 常务副局长',
      role: '关键决策者',
      closeness: '上升',
      trust: '上升',
    },
  );
  return toAccount(raw);
}

const section = (html: string, cls: string) =>
  [...html.matchAll(new RegExp(`<(?:table|ul|p) class="${cls}[^"]*">(.*?)</(?:table|ul|p)>(?=<h2|$|<table|</body)`, 'g'))]
    .map((m) => m[1])
    .join('');
const cells = (row: string) => [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);

describe('visit brief', () => {
  test("the latest visit's profile values, not an older visit's", () => {
    const html = visitBriefHtml(account(), '周建国');
    const orgTitle = /<tr data-field="orgTitle"><th>[^<]*<\/th><td>([^<]*)<\/td>/.exec(html)?.[1];
    expect(orgTitle).toBe('临江市财政局 局长');
    // Fields only the first visit had are not the latest profile.
    expect(html).not.toContain('data-field="hobbies"');
    expect(/<tr data-field="visitDate"><th>[^<]*<\/th><td>([^<]*)</.exec(html)?.[1]).toBe('2026-10-20');
  });

  test('closeness and trust listed visit by visit, oldest first', () => {
    const html = visitBriefHtml(account(), '周建国');
    const rows = [...html.matchAll(/<tr class="visit">(.*?)<\/tr>/g)].map((m) => cells(m[1]));
    expect(rows).toEqual([
      ['1', '2026-08-20', '→ 持平', '↑ 上升'],
      ['2', '2026-09-15', '↑ 上升', '↑ 上升'],
      ['3', '2026-10-20', '↓ 下降', '→ 持平'],
    ]);
    const en = visitBriefHtml(account(), '周建国', 'en');
    expect([...en.matchAll(/<tr class="visit">(.*?)<\/tr>/g)].map((m) => cells(m[1])[2])).toEqual(['→ Flat', '↑ Up', '↓ Down']);
  });

  test("the personality with the glossary's advice, others' views by visit", () => {
    const html = visitBriefHtml(account(), '周建国');
    expect(html).toContain(PERSONALITY_TEXTS.tiger.approach.zh);
    expect(html).toContain(PERSONALITY_TEXTS.tiger.traits.zh);
    expect([...section(html, 'others').matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1])).toEqual([
      '2026-08-20：决策果断',
      '2026-10-20：最近压力大',
    ]);
    expect(visitBriefHtml(account(), '李敏', 'en')).toContain(PERSONALITY_TEXTS.owl.approach.en);
  });

  test('the guiding questions of every item marked ? or -, and of no other', () => {
    const html = visitBriefHtml(account(), '李敏');
    const open = [...html.matchAll(/<li class="open-item" data-mark="([?-])"><b>([^<]*)<\/b>/g)].map((m) => `${m[2]} ${m[1]}`);
    // Example: opportunity 6, 7 are '-'; our competitiveness 5 '?', 7 '-', 9 '?'.
    expect(open.map((o) => o.replace(/ .*\. /, ' '))).toHaveLength(5);
    expect(open.map((o) => /(\d+)\. .* ([?-])$/.exec(o)?.slice(1).join(''))).toEqual(['6-', '7-', '5?', '7-', '9?']);
    expect(html).toContain(OPPORTUNITY_GUIDANCE[5].zh.split('\n')[0].replace(/^\d+\.\s*/, ''));
    expect(html).toContain(COMPETITIVENESS_GUIDANCE[8].zh.split('\n')[0].replace(/^\d+\.\s*/, ''));
    // Item 1 is '+': its questions are not open.
    expect(html).not.toContain(OPPORTUNITY_GUIDANCE[0].zh.split('\n')[0].replace(/^\d+\.\s*/, ''));
  });

  test('actions: an account without an action plan says so instead of inventing any', () => {
    expect(visitBriefHtml(account(), '李敏')).toContain('<p class="actions none">本客户还没有行动计划。</p>');
    expect(actionsWithPerson(account(), '李敏')).toBeNull();
  });

  test('actions: the open ones whose owner is the person or whose text names them, earliest due first', () => {
    const a = account();
    a.actionPlan = [
      { action: '请李敏确认接口清单', dueDate: '2026-11-20', status: '进行中' },
      { action: '安排高层拜访周建国', owner: '王磊', dueDate: '2026-11-05' },
      { action: '准备演示环境', owner: '李敏', dueDate: '2026-11-10', status: '未开始' },
      { action: '发送报价单给李敏', status: '完成' },
      { action: '与李敏核对预算口径', status: '取消' },
      { action: '李敏生日问候', owner: '王磊' },
      { owner: '李敏', result: '无行动' },
    ];
    expect(actionsWithPerson(a, ' 李敏 ')).toEqual([
      { action: '准备演示环境', due: '2026-11-10', status: '未开始' },
      { action: '请李敏确认接口清单', due: '2026-11-20', status: '进行中' },
      { action: '李敏生日问候', due: '', status: '' },
    ]);
    expect(actionsWithPerson(a, '周建国')).toEqual([{ action: '安排高层拜访周建国', due: '2026-11-05', status: '' }]);
    expect(actionsWithPerson(a, '陈晓')).toEqual([]);
    const items = [...section(visitBriefHtml(a, '李敏'), 'actions').matchAll(/<li class="action">(.*?)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual(['准备演示环境 — 2026-11-10 (未开始)', '请李敏确认接口清单 — 2026-11-20 (进行中)', '李敏生日问候 (未开始)']);
    expect(visitBriefHtml(a, '李敏', 'en')).toContain('请李敏确认接口清单 — 2026-11-20 (In progress)');
    expect(visitBriefHtml(a, '陈晓')).toContain('<p class="actions none">无</p>');
  });

  test('actions: hostile action text is escaped', () => {
    const a = account();
    a.actionPlan = [{ action: '<script>alert(1)</script> 李敏', owner: '李敏' }];
    const html = visitBriefHtml(a, '李敏');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 李敏');
  });

  test('printable on A4, in both locales', () => {
    const html = visitBriefHtml(account(), '李敏');
    expect(html).toContain('@page{size:A4');
    expect(html).toMatch(/^<!DOCTYPE html><html lang="zh-CN">/);
    expect(visitBriefHtml(account(), '李敏', 'en')).toMatch(/^<!DOCTYPE html><html lang="en">.*Visit brief/);
  });

  test('a person only on the role map gets a brief; an unknown name is not known', () => {
    const a = account();
    expect(knowsPerson(a, ' 陈晓 ')).toBe(true);
    expect(knowsPerson(a, '局长')).toBe(false);
    const html = visitBriefHtml(a, '陈晓');
    expect(html).toContain('关键人物表中没有此人的拜访记录。');
    expect(html).toContain('国库科科长');
  });

  test('hostile text is escaped', () => {
    const raw = exampleRaw();
    const evil = '<img src=x onerror=alert(1)>';
    raw.keyPeople[1].name = evil;
    raw.keyPeople[1].othersView = `<script>alert(2)</script>`;
    raw.keyPeople[1].orgTitle = '"><svg onload=alert(3)>';
    raw.overview.customerName = evil;
    const html = visitBriefHtml(toAccount(raw), evil);
    expect(html).not.toMatch(/<img|<script>alert|<svg/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
