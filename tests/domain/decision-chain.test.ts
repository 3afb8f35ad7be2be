/**
 * The decision chain as SVG (issue #11 item 4): one node per person, grouped
 * by role, coloured by stance, an arrow per influence, the coach marked, the
 * decision maker's closeness and trust across visits; every text escaped.
 */
import { toAccount } from '../../src/domain/account';
import { STANCE_COLOURS, TREND_SHOWN, decisionChain, decisionChainSvg, splitNames } from '../../src/domain/decision-chain';
import { exampleRaw } from './fixtures';

const example = () => toAccount(exampleRaw());

/** Each person node: name, classes, the x of its box and its fill. */
function nodes(svg: string) {
  return [
    ...svg.matchAll(
      /<g class="(person[^"]*)" data-name="([^"]*)" data-stance="[^"]*"><title>[^<]*<\/title><rect x="(\d+)" y="(\d+)"[^>]* fill="([^"]+)"/g,
    ),
  ].map((m) => ({
    cls: m[1],
    name: m[2],
    x: Number(m[3]),
    fill: m[5],
  }));
}
const arrows = (svg: string) =>
  [...svg.matchAll(/<path class="influence" data-from="([^"]*)" data-to="([^"]*)"/g)].map((m) => `${m[1]}→${m[2]}`);
const headerX = (svg: string, label: string) => Number(new RegExp(`<text x="(\\d+)" y="50"[^>]*>${label}</text>`).exec(svg)?.[1]);

describe('decision chain SVG', () => {
  test('the example: one node per person (a person in two roles is drawn once), in the column of their first role', () => {
    const svg = decisionChainSvg(example());
    const ns = nodes(svg);
    expect(ns.map((n) => n.name).sort()).toEqual(['周建国', '局长', '李敏', '陈晓'].sort());
    const x = (name: string) => ns.find((n) => n.name === name)?.x;
    expect(x('李敏')).toBe(headerX(svg, '项目牵头人'));
    expect(x('周建国')).toBe(headerX(svg, '关键决策者'));
    // 陈晓 is business gatekeeper and coach: drawn among the gatekeepers, marked as the coach.
    expect(x('陈晓')).toBe(headerX(svg, '业务把关者'));
    expect(x('局长')).toBe(headerX(svg, '其他'));
    expect(ns.filter((n) => n.cls.includes('coach')).map((n) => n.name)).toEqual(['陈晓']);
    expect(ns.filter((n) => n.cls.includes('external')).map((n) => n.name)).toEqual(['局长']);
    // Nobody only on the map as technical gatekeeper besides 李敏 (drawn under project lead): the column shows an empty slot.
    expect(svg.match(/class="empty-role"/g)).toHaveLength(2);
  });

  test('colours by stance, unknown for blank or invalid stances', () => {
    const raw = exampleRaw();
    raw.roleMap.push({ role: '业务把关者', name: '王五', stance: '倾向对手' }, { role: '业务把关者', name: '赵六', stance: '不好说' });
    const ns = nodes(decisionChainSvg(toAccount(raw)));
    const fill = (name: string) => ns.find((n) => n.name === name)?.fill;
    expect(fill('李敏')).toBe(STANCE_COLOURS.supportsUs[0]);
    expect(fill('周建国')).toBe(STANCE_COLOURS.neutral[0]);
    expect(fill('王五')).toBe(STANCE_COLOURS.leansCompetitor[0]);
    expect(fill('赵六')).toBe(STANCE_COLOURS.unknown[0]);
    expect(fill('局长')).toBe(STANCE_COLOURS.unknown[0]);
  });

  test('an arrow for each influence, from both columns, once each', () => {
    expect(arrows(decisionChainSvg(example())).sort()).toEqual(['周建国→李敏', '李敏→陈晓', '局长→周建国'].sort());
    const raw = exampleRaw();
    raw.roleMap[3].influences = '李敏、周建国, 陈晓';
    raw.roleMap[3].influencedBy = '张三；李敏';
    const a = arrows(decisionChainSvg(toAccount(raw)));
    // 陈晓 → 陈晓 (a person influencing themselves) is no arrow; 李敏 → 陈晓 is stated twice and drawn once.
    expect(a.sort()).toEqual(['周建国→李敏', '李敏→陈晓', '局长→周建国', '陈晓→李敏', '陈晓→周建国', '张三→陈晓'].sort());
    expect(splitNames(' a、b,c，d;e；f/g|h\ni ')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });

  test("the decision maker's closeness and trust across visits, oldest first", () => {
    const raw = exampleRaw();
    raw.keyPeople.push(
      { name: '周建国', visitNo: 3, visitDate: '2026-10-20', role: '关键决策者', closeness: '下降', trust: '持平' },
      { name: '周建国', visitNo: 2, visitDate: '2026-09-15', role: '关键决策者', closeness: '上升', trust: '上升' },
    );
    const account = toAccount(raw);
    expect(decisionChain(account).decisionMakers.map((d) => [d.name, d.visits.map((v) => v.visitNo)])).toEqual([['周建国', [1, 2, 3]]]);
    const svg = decisionChainSvg(account);
    const panel = /<g class="dm-trend" data-name="周建国">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect([...panel.matchAll(/class="trend-step"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['→ ↑', '↑ ↑', '↓ →']);
    const points = (f: string) =>
      new RegExp(`class="trend-${f}"[^>]* points="([^"]*)"`)
        .exec(panel)?.[1]
        .split(' ')
        .map((p) => Number(p.split(',')[1]));
    // Cumulative levels: closeness 0, +1, 0; trust +1, +2, +2 — higher is drawn higher (smaller y).
    const c = points('closeness') as number[];
    const t = points('trust') as number[];
    expect(c).toHaveLength(3);
    expect(c[1]).toBeLessThan(c[0]);
    expect(c[2]).toBe(c[0]);
    expect(t[1]).toBeLessThan(t[0]);
    expect(t[2]).toBe(t[1]);
  });

  test('no decision maker named: the picture says so', () => {
    const raw = exampleRaw();
    raw.roleMap = raw.roleMap.filter((r: { role: string }) => r.role !== '关键决策者');
    raw.keyPeople = raw.keyPeople.filter((r: { role: string }) => r.role !== '关键决策者');
    expect(decisionChainSvg(toAccount(raw))).toContain('角色分析和关键人物中都没有关键决策者');
    expect(decisionChainSvg(toAccount(raw), 'en')).toContain('No key decision maker');
  });

  test('hostile names: escaped everywhere, and characters XML forbids never reach the SVG', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&\u0001\ud800';
    const raw = exampleRaw();
    raw.overview.customerName = evil;
    raw.roleMap[1].name = evil;
    raw.roleMap[1].title = `</text><script>alert(2)</script>`;
    raw.roleMap[0].influencedBy = evil;
    raw.keyPeople[0].name = evil;
    const svg = decisionChainSvg(toAccount(raw));
    expect(svg).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
    // As written to a file (UTF-8), no character XML forbids: controls became U+FFFD here, the lone surrogate in the encoding.
    expect(Buffer.from(svg).toString('utf8')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udfff]/);
    expect(nodes(svg).filter((n) => n.name.startsWith('&lt;img'))).toHaveLength(1);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;\ufffd');
  });

  test('English labels', () => {
    const svg = decisionChainSvg(example(), 'en');
    expect(headerX(svg, 'Key decision maker')).toBeGreaterThan(0);
    expect(svg).toContain('Supports us');
  });
});

describe('a decision maker with many visits', () => {
  it('draws the latest TREND_SHOWN visits, so the picture stays legible and cheap to rasterise', () => {
    const raw = exampleRaw();
    const dmName = decisionChain(toAccount(raw)).decisionMakers[0]?.name;
    const visit = (raw.keyPeople as Array<Record<string, unknown>>).find((v) => v.name === dmName) as Record<string, unknown>;
    raw.keyPeople = Array.from({ length: 200 }, (_, i) => ({ ...visit, visitNo: i + 1, visitDate: undefined }));
    const svg = decisionChainSvg(toAccount(raw));
    expect(svg.match(/class="trend-step"/g)).toHaveLength(TREND_SHOWN);
    expect(svg).toContain('#200');
    expect(svg).not.toContain('>#1<');
  });
});
