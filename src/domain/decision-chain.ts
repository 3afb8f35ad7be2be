import type { Locale } from '../../sheets-templates/types';
import { type Account, type KeyPersonVisit, text } from './account';
import { latestVisitOf } from './assessment';
import { isoFromDayNumber, serialDayNumber } from './dates';
import { esc } from './escape';
import { vocabCode, vocabLabel, vocabLabelOfCode, vocabOptions } from './vocab';

/**
 * The decision chain (forms.md §3, issue #11 item 4): the role map as a
 * picture. People are grouped by role, coloured by stance, joined by arrows
 * "A → B: A influences B" (from both 能影响谁 and 受谁影响), the coach marked;
 * under it each key decision maker's closeness and trust across the visits.
 * Pure: it returns an SVG string; every text from the account is escaped.
 */

/** The group of people named only in an influence column, or with a role outside the vocabulary. */
export const OTHER_GROUP = 'other';
/** Role-map roles by identity (code); a role's stored value is what groups and labels show. */
const roleCode = (role: unknown) => vocabCode('mapRole', role);
const isDecisionMaker = (role: unknown) => roleCode(role) === 'decisionMaker';
const isCoach = (role: unknown) => roleCode(role) === 'coach';

/** Fill and stroke per stance code; anything else (blank, an invalid value) is drawn as unknown. */
export const STANCE_COLOURS: Record<string, [string, string]> = {
  supportsUs: ['#c8e6c9', '#2e7d32'],
  neutral: ['#fff3c4', '#a67c00'],
  leansCompetitor: ['#ffcdd2', '#c62828'],
  unknown: ['#eeeeee', '#757575'],
};
export const stanceColours = (stance: string): [string, string] => STANCE_COLOURS[vocabCode('stance', stance)] ?? STANCE_COLOURS.unknown;

export interface ChainPerson {
  name: string;
  /** Role-map roles, in row order. */
  roles: string[];
  group: string;
  stance: string;
  title: string;
  coach: boolean;
  /** Named only in another row's influence columns. */
  external: boolean;
}

export interface DecisionChain {
  people: ChainPerson[];
  /** `from` influences `to`. */
  links: Array<{ from: string; to: string }>;
  /** Each key decision maker (role map or key people) with their visits, oldest first. */
  decisionMakers: Array<{ name: string; visits: KeyPersonVisit[] }>;
}

/** Names in an influence cell: separated by 、 , ， ; ； / | or line breaks. */
export function splitNames(v: unknown): string[] {
  return text(v)
    .split(/[、,，;；/|\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * One person's key-people visits, oldest first, in the red flags' own order:
 * the last is the visit `latestVisitOf` calls the latest, the one before it
 * the latest of the rest, and so on (a person has a handful of visits).
 */
export function visitsOf(account: Account, name: string): KeyPersonVisit[] {
  const rest = account.keyPeople.filter((r) => text(r.name) === name);
  const out: KeyPersonVisit[] = [];
  while (rest.length) {
    const last = latestVisitOf(rest) as KeyPersonVisit;
    out.unshift(last);
    rest.splice(rest.indexOf(last), 1);
  }
  return out;
}

export function decisionChain(account: Account): DecisionChain {
  const byName = new Map<string, ChainPerson>();
  const person = (name: string, external: boolean): ChainPerson => {
    let p = byName.get(name);
    if (!p) {
      p = { name, roles: [], group: OTHER_GROUP, stance: '', title: '', coach: false, external };
      byName.set(name, p);
    }
    return p;
  };
  const links = new Map<string, { from: string; to: string }>();
  const link = (from: string, to: string) => from !== to && links.set(`${from}\n${to}`, { from, to });
  const rows = account.roleMap.filter((r) => text(r.name));
  for (const r of rows) {
    const p = person(text(r.name), false);
    const role = text(r.role);
    if (role && !p.roles.includes(role)) p.roles.push(role);
    p.coach ||= isCoach(role);
    p.stance ||= text(r.stance);
    p.title ||= text(r.title);
  }
  for (const r of rows) {
    for (const to of splitNames(r.influences)) link(text(r.name), to);
    for (const from of splitNames(r.influencedBy)) link(from, text(r.name));
  }
  for (const l of links.values()) [l.from, l.to].forEach((n) => person(n, true));
  const roles = vocabOptions('mapRole');
  const coach = roles.find(isCoach) as string;
  for (const p of byName.values()) {
    p.group = roles.find((g) => !isCoach(g) && p.roles.some((r) => roleCode(r) === roleCode(g))) ?? (p.coach ? coach : OTHER_GROUP);
  }
  const dms = new Set(
    [
      ...rows.filter((r) => isDecisionMaker(r.role)),
      ...account.keyPeople.filter((r) => vocabCode('buyingRole', r.role) === 'decisionMaker'),
    ].map((r) => text(r.name)),
  );
  dms.delete('');
  return {
    people: [...byName.values()],
    links: [...links.values()],
    decisionMakers: [...dms].map((name) => ({ name, visits: visitsOf(account, name) })),
  };
}

// ------------------------------------------------------------------ labels

const T = {
  title: { zh: '决策链', en: 'Decision chain' },
  other: { zh: '其他', en: 'Others' },
  arrow: { zh: 'A → B：A 能影响 B', en: 'A → B: A influences B' },
  closeness: { zh: '亲近度', en: 'Closeness' },
  trust: { zh: '信任度', en: 'Trust' },
  noVisits: { zh: '无拜访记录', en: 'No visits recorded' },
  noDm: { zh: '角色分析和关键人物中都没有关键决策者', en: 'No key decision maker on the role map or among the key people' },
};
export const CHAIN_TEXT = T;

/** A visit date as the page shows it: ISO text, a date serial as ISO, anything else as typed. */
export function dateText(v: unknown): string {
  const d = serialDayNumber(v);
  return d === null ? text(v) : isoFromDayNumber(d);
}

/** Trend symbols by code; a value outside the vocabulary shows as typed. */
const TREND_SYMBOL: Record<string, string> = { up: '↑', flat: '→', down: '↓' };
const TREND_STEP: Record<string, number> = { up: 1, flat: 0, down: -1 };
export const trendSymbol = (v: unknown): string => TREND_SYMBOL[vocabCode('trend', v)] ?? '';

// ------------------------------------------------------------------ SVG

const COL_W = 170;
const NODE_W = 144;
const NODE_H = 46;
const ROW_H = 66;
const TOP = 120;
const FONT = "font-family=\"'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif\"";

const short = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);
const txt = (x: number, y: number, s: string, attrs = '') => `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${esc(s)}</text>`;

/** The point where the line between two box centres leaves the first box. */
function edge(a: [number, number], b: [number, number]): [number, number] {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.min(dx ? NODE_W / 2 / Math.abs(dx) : Infinity, dy ? NODE_H / 2 / Math.abs(dy) : Infinity);
  return [Math.round(a[0] + dx * t), Math.round(a[1] + dy * t)];
}

function nodeSvg(p: ChainPerson, x: number, y: number, locale: Locale): string {
  const [fill, stroke] = stanceColours(p.stance);
  const roles = p.roles.map((r) => vocabLabel('mapRole', r, locale)).join(' · ');
  const tip = [p.name, roles, p.title, p.stance && vocabLabel('stance', p.stance, locale)].filter(Boolean).join('\n');
  return (
    `<g class="person${p.coach ? ' coach' : ''}${p.external ? ' external' : ''}" data-name="${esc(p.name)}" data-stance="${esc(p.stance)}"><title>${esc(tip)}</title>` +
    `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${fill}" stroke="${p.coach ? '#1565c0' : stroke}" stroke-width="${p.coach ? 3 : 1.5}"${p.external ? ' stroke-dasharray="4 3"' : ''}/>` +
    txt(x + 8, y + 19, `${p.coach ? '★ ' : ''}${short(p.name, 12)}`, 'font-weight="bold"') +
    txt(x + 8, y + 37, short(p.title || roles, 16), 'font-size="11" fill="#444"') +
    '</g>'
  );
}

function mapSvg(chain: DecisionChain, locale: Locale): { body: string; width: number; height: number } {
  const groups = [...vocabOptions('mapRole'), ...(chain.people.some((p) => p.group === OTHER_GROUP) ? [OTHER_GROUP] : [])];
  const at = new Map<string, [number, number]>();
  let body = '';
  let rowsMax = 1;
  groups.forEach((g, i) => {
    const x = 20 + i * COL_W;
    const members = chain.people.filter((p) => p.group === g);
    rowsMax = Math.max(rowsMax, members.length);
    body += txt(x, 50, g === OTHER_GROUP ? T.other[locale] : vocabLabel('mapRole', g, locale), 'font-weight="bold" fill="#333"');
    if (!members.length)
      body += `<rect class="empty-role" x="${x}" y="${TOP}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="none" stroke="#bbb" stroke-dasharray="4 3"/>${txt(x + 8, TOP + 28, '—', 'fill="#999"')}`;
    members.forEach((p, j) => {
      const y = TOP + j * ROW_H;
      at.set(p.name, [x, y]);
      body += nodeSvg(p, x, y, locale);
    });
  });
  const arrows = chain.links.map(({ from, to }) => {
    const [a, b]: Array<[number, number]> = [at.get(from), at.get(to)].map((p) => [
      (p as number[])[0] + NODE_W / 2,
      (p as number[])[1] + NODE_H / 2,
    ]);
    // A curve bulging to the left of its direction: A → B and B → A never overlap, and a long one clears the boxes between.
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const len = Math.hypot(dx, dy);
    const bulge = Math.min(150, 16 + 0.3 * len);
    const c: [number, number] = [Math.round((a[0] + b[0]) / 2 + (dy / len) * bulge), Math.round((a[1] + b[1]) / 2 - (dx / len) * bulge)];
    const [s, e] = [edge(a, c), edge(b, c)];
    return `<path class="influence" data-from="${esc(from)}" data-to="${esc(to)}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)" d="M${s[0]} ${s[1]}Q${c[0]} ${c[1]} ${e[0]} ${e[1]}"/>`;
  });
  return { body: body + arrows.join(''), width: 40 + groups.length * COL_W - (COL_W - NODE_W), height: TOP + rowsMax * ROW_H + 60 };
}

function legendSvg(y: number, locale: Locale): string {
  let x = 20;
  let out = '';
  for (const s of Object.keys(STANCE_COLOURS)) {
    const [fill, stroke] = STANCE_COLOURS[s];
    const label = vocabLabelOfCode('stance', s, locale);
    out += `<rect x="${x}" y="${y - 11}" width="14" height="14" fill="${fill}" stroke="${stroke}"/>${txt(x + 19, y, label, 'font-size="12"')}`;
    x += 34 + [...label].length * (locale === 'zh' ? 13 : 7);
  }
  return (
    out +
    txt(x, y, `★ ${vocabLabelOfCode('mapRole', 'coach', locale)}`, 'font-size="12"') +
    txt(x + 70, y, T.arrow[locale], 'font-size="12"')
  );
}

const PANEL_H = 118;

/** The most visits one decision maker's trend draws: the latest ones. */
export const TREND_SHOWN = 24;

/** One decision maker's closeness and trust as cumulative steps (上升 +1, 持平 0, 下降 −1) across the visits. */
function trendSvg(dm: DecisionChain['decisionMakers'][number], y: number, width: number, locale: Locale): string {
  let out = `<g class="dm-trend" data-name="${esc(dm.name)}">${txt(20, y + 14, `${short(dm.name, 20)} · ${vocabLabelOfCode('mapRole', 'decisionMaker', locale)}`, 'font-weight="bold"')}`;
  if (!dm.visits.length) return `${out}${txt(20, y + 40, T.noVisits[locale], 'fill="#777"')}</g>`;
  const levels = (f: 'closeness' | 'trust') => {
    let level = 0;
    return dm.visits.map((v) => {
      level += TREND_STEP[vocabCode('trend', v[f])] ?? 0;
      return level;
    });
  };
  // The levels count every visit; the picture shows the latest TREND_SHOWN of them (a row of points stays legible).
  const from = Math.max(0, dm.visits.length - TREND_SHOWN);
  const visits = dm.visits.slice(from);
  const series = { closeness: levels('closeness').slice(from), trust: levels('trust').slice(from) };
  const all = [0, ...series.closeness, ...series.trust];
  const [lo, hi] = all.reduce(([l, h], x) => [Math.min(l, x), Math.max(h, x)], [0, 0]);
  const step = visits.length > 1 ? Math.min(110, (width - 140) / (visits.length - 1)) : 0;
  const px = (i: number) => Math.round(60 + i * step);
  const py = (l: number) => Math.round(y + 78 - (hi === lo ? 24 : ((l - lo) / (hi - lo)) * 48));
  const colour = { closeness: '#1565c0', trust: '#e65100' };
  for (const f of ['closeness', 'trust'] as const) {
    out += `<polyline class="trend-${f}" fill="none" stroke="${colour[f]}" stroke-width="2" points="${series[f].map((l, i) => `${px(i)},${py(l)}`).join(' ')}"/>`;
    out += series[f].map((l, i) => `<circle cx="${px(i)}" cy="${py(l)}" r="3.5" fill="${colour[f]}"/>`).join('');
  }
  visits.forEach((v, i) => {
    const sym = (f: 'closeness' | 'trust') => trendSymbol(v[f]) || text(v[f]) || '·';
    out += txt(px(i), y + 98, dateText(v.visitDate) || `#${text(v.visitNo)}`, 'font-size="10" text-anchor="middle" fill="#555"');
    out += txt(px(i), y + 111, `${sym('closeness')} ${sym('trust')}`, 'class="trend-step" font-size="11" text-anchor="middle"');
  });
  const key = (f: 'closeness' | 'trust', dy: number) =>
    `<rect x="${width - 110}" y="${y + dy - 9}" width="10" height="10" fill="${colour[f]}"/>${txt(width - 96, y + dy, T[f][locale], 'font-size="11"')}`;
  return `${out}${key('closeness', 14)}${key('trust', 30)}</g>`;
}

/** The decision chain of an account as a standalone SVG document (UTF-8 text). */
export function decisionChainSvg(account: Account, locale: Locale = 'zh'): string {
  const chain = decisionChain(account);
  const map = mapSvg(chain, locale);
  const width = Math.max(map.width, 640);
  let y = map.height + 24;
  const legend = legendSvg(y, locale);
  y += 22;
  let trends = '';
  if (!chain.decisionMakers.length) trends = txt(20, y + 16, T.noDm[locale], 'fill="#c62828"');
  for (const dm of chain.decisionMakers) {
    trends += trendSvg(dm, y, width, locale);
    y += PANEL_H;
  }
  const height = y + (chain.decisionMakers.length ? 8 : 30);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="13">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0L10 5L0 10z" fill="#555"/></marker></defs>` +
    `<rect width="100%" height="100%" fill="#fff"/>${txt(20, 26, `${T.title[locale]} – ${short(text(account.overview.customerName), 30)}`, 'font-size="16" font-weight="bold"')}` +
    `${map.body}${legend}${trends}</svg>`
  );
}
