import { COMPETITIVENESS_FORM, KEY_PEOPLE_FORM, OPPORTUNITY_FORM, ROLE_MAP_FORM } from '../../sheets-templates/forms';
import { PERSONALITY_TEXTS, ROLE_TEXTS } from '../../sheets-templates/glossary';
import type { AssessmentItemDef, FieldDef, Locale } from '../../sheets-templates/types';
import { type Account, type KeyPersonVisit, type Row, text } from './account';
import { actionsOf, openActions } from './action-plan';
import { CHAIN_TEXT, dateText, trendSymbol, visitsOf } from './decision-chain';
import { esc } from './escape';
import { parseMark } from './marks';
import { type PageParts, htmlDocument, langOf } from './pages';
import { vocabCode, vocabLabel, vocabLabelOfCode } from './vocab';

/**
 * The visit brief (issue #11 item 5): one printable page to read before
 * meeting a person — the latest profile, closeness and trust across the
 * visits, the personality and how to work with it, what others said, the
 * guiding questions of every assessment item still `?` or `-`, and the
 * actions due with that person. Pure: returns an HTML document; every text
 * from the account is escaped.
 */

/** An open action of the action plan that concerns the person: its text, due date (ISO or as typed) and status (stored value; blank: not started). */
export interface BriefAction {
  action: string;
  due: string;
  status: string;
}

/**
 * The open actions due with this person, in due order (earliest first,
 * undated last): those whose owner is the person, or whose action text
 * names them. Null when the account has no action plan at all (the brief
 * says so rather than show an empty list).
 */
export function actionsWithPerson(account: Account, name: string): BriefAction[] | null {
  if (!actionsOf(account).length) return null;
  const who = name.trim();
  if (!who) return [];
  return openActions(account)
    .filter((r) => text(r.owner) === who || text(r.action).includes(who))
    .map((r) => ({ action: text(r.action), due: text(r.dueDate), status: text(r.status) }));
}

const T = {
  title: { zh: '拜访前简报', en: 'Visit brief' },
  profile: { zh: '最新档案', en: 'Latest profile' },
  trend: { zh: '亲近度与信任度（按拜访）', en: 'Closeness and trust, visit by visit' },
  personality: { zh: '性格与相处之道', en: 'Personality and how to work with it' },
  role: { zh: '角色', en: 'Role' },
  others: { zh: '他人评价', en: 'What others said' },
  roleMap: { zh: '角色分析中', en: 'On the role map' },
  questions: { zh: '待澄清的问题（评估为 ? 或 - 的项目）', en: 'Open questions (items marked ? or -)' },
  actions: { zh: '与此人相关的待办行动', en: 'Actions due with this person' },
  noActionPlan: { zh: '本客户还没有行动计划。', en: 'This account has no action plan yet.' },
  none: { zh: '无', en: 'None' },
  noVisit: { zh: '关键人物表中没有此人的拜访记录。', en: 'No key-people visit of this person yet.' },
  visit: { zh: '拜访', en: 'Visit' },
  print: { zh: '打印', en: 'Print' },
  pick: { zh: '要拜访谁？', en: 'Whom are you visiting?' },
  mark: { zh: '我方', en: 'Us' },
};

/** Key-people fields the profile shows (the trend and others' view have their own sections). */
const PROFILE_SKIP = new Set(['name', 'closeness', 'trust', 'othersView']);

const colon = (locale: Locale) => (locale === 'zh' ? '：' : ': ');
const h2 = (s: string) => `<h2>${esc(s)}</h2>`;
const list = (items: string[], cls: string, locale: Locale) =>
  items.length ? `<ul class="${cls}">${items.join('')}</ul>` : `<p class="${cls} none">${T.none[locale]}</p>`;

function fieldValue(f: FieldDef, v: unknown, locale: Locale): string {
  if (f.type === 'date') return dateText(v);
  return f.vocab ? vocabLabel(f.vocab, text(v), locale) : text(v);
}

function profileHtml(latest: KeyPersonVisit, locale: Locale): string {
  const rows = KEY_PEOPLE_FORM.table.fields
    .filter((f) => !PROFILE_SKIP.has(f.id) && text(latest[f.id]))
    .map((f) => `<tr data-field="${f.id}"><th>${esc(f.label[locale])}</th><td>${esc(fieldValue(f, latest[f.id], locale))}</td></tr>`);
  return `<table class="profile">${rows.join('')}</table>`;
}

function trendHtml(visits: KeyPersonVisit[], locale: Locale): string {
  const cell = (v: unknown) => `<td>${esc(`${trendSymbol(v)} ${vocabLabel('trend', text(v), locale)}`.trim())}</td>`;
  const head = `<tr><th>${T.visit[locale]}</th><th>${esc(KEY_PEOPLE_FORM.table.fields.find((f) => f.id === 'visitDate')?.label[locale] ?? '')}</th><th>${CHAIN_TEXT.closeness[locale]}</th><th>${CHAIN_TEXT.trust[locale]}</th></tr>`;
  const rows = visits.map(
    (v) =>
      `<tr class="visit"><td>${esc(text(v.visitNo))}</td><td>${esc(dateText(v.visitDate))}</td>${cell(v.closeness)}${cell(v.trust)}</tr>`,
  );
  return `<table class="trend">${head}${rows.join('')}</table>`;
}

function personalityHtml(visits: KeyPersonVisit[], roles: string[], locale: Locale): string {
  const personality = text([...visits].reverse().find((v) => text(v.personality))?.personality);
  const p = PERSONALITY_TEXTS[vocabCode('personality', personality)];
  let out = personality
    ? `<p class="personality"><b>${esc(vocabLabel('personality', personality, locale))}</b>${p ? `${colon(locale)}${esc(p.traits[locale])}` : ''}</p>`
    : `<p class="none">${T.none[locale]}</p>`;
  if (p) out += `<p class="advice">${esc(p.approach[locale])}</p>`;
  for (const r of roles.filter((x) => ROLE_TEXTS[vocabCode('mapRole', x)])) {
    out += `<p class="role-text"><b>${esc(vocabLabel('mapRole', r, locale))}</b>${colon(locale)}${esc(ROLE_TEXTS[vocabCode('mapRole', r)][locale])}</p>`;
  }
  return out;
}

function roleMapHtml(rows: Row[], locale: Locale): string {
  const fields = ROLE_MAP_FORM.table.fields.filter((f) => f.id !== 'name');
  return rows
    .map(
      (r) =>
        `<table class="role-row">${fields
          .filter((f) => text(r[f.id]))
          .map((f) => `<tr><th>${esc(f.label[locale])}</th><td>${esc(fieldValue(f, r[f.id], locale))}</td></tr>`)
          .join('')}</table>`,
    )
    .join('');
}

/** Every opportunity item and each of our competitiveness items marked `?` or `-`, with its guiding questions. */
function questionsHtml(account: Account, locale: Locale): string {
  const open = (form: { tab: { zh: string; en: string }; items: AssessmentItemDef[] }, marks: unknown[]) =>
    form.items
      .map((item, i) => ({ item, mark: parseMark(marks[i]) }))
      .filter((x) => x.mark === '?' || x.mark === '-')
      .map(
        ({ item, mark }) =>
          `<li class="open-item" data-mark="${mark}"><b>${esc(form.tab[locale])} ${item.no}. ${esc(item.label[locale])}</b> <span class="mark">${mark}</span>` +
          `<ul>${item.guidance[locale]
            .split('\n')
            .map((q) => `<li>${esc(q.replace(/^\d+\.\s*/, ''))}</li>`)
            .join('')}</ul></li>`,
      );
  const items = [
    ...open(
      OPPORTUNITY_FORM,
      account.opportunity.items.map((i) => i.mark),
    ),
    ...open(
      COMPETITIVENESS_FORM,
      account.competitiveness.items.map((i) => i.us),
    ),
  ];
  return list(items, 'questions', locale);
}

function actionsHtml(account: Account, name: string, locale: Locale): string {
  const actions = actionsWithPerson(account, name);
  if (actions === null) return `<p class="actions none">${T.noActionPlan[locale]}</p>`;
  return list(
    actions.map(
      (a) =>
        `<li class="action">${esc(a.action)}${a.due ? ` — ${esc(a.due)}` : ''} (${esc(a.status ? vocabLabel('actionStatus', a.status, locale) : vocabLabelOfCode('actionStatus', 'notStarted', locale))})</li>`,
    ),
    'actions',
    locale,
  );
}

const CSS =
  '@page{size:A4;margin:14mm}body{font:13px/1.5 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222;max-width:180mm;margin:0 auto;padding:8px}' +
  'h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;border-bottom:2px solid #1565c0;margin:14px 0 6px;break-after:avoid}table{border-collapse:collapse;margin:4px 0}' +
  'th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f3f6fa;font-weight:normal;white-space:nowrap}' +
  'ul{margin:4px 0;padding-left:20px}.none{color:#777}.mark{font-family:monospace;color:#c62828}li{break-inside:avoid}' +
  'button{float:right}@media print{button{display:none}body{max-width:none;padding:0}}';

/** The people of an account: every name on the key-people and role-map tabs, once each, in order. */
export function personNames(account: Account): string[] {
  return [...new Set([...account.keyPeople, ...account.roleMap].map((r) => text(r.name)).filter(Boolean))];
}

/** Whether an account knows a person: a key-people visit or a role-map row with that name. */
export function knowsPerson(account: Account, name: string): boolean {
  return personNames(account).includes(name.trim());
}

/** The Sheets dialog's first view: whom are you visiting? (the page's script shows the brief of the one picked). */
export function briefPickerParts(account: Account, locale: Locale): PageParts {
  const options = personNames(account).map((n) => `<option value="${esc(n)}">${esc(n)}</option>`);
  return {
    lang: langOf(locale),
    title: T.title[locale],
    css: `${CSS}#ka-person{font-size:14px;margin:4px 0 10px}@media print{label{display:none}}`,
    body:
      `<label>${T.pick[locale]} <select id="ka-person"><option value="">—</option>${options.join('')}</select></label>` +
      `<div id="ka-brief">${options.length ? '' : `<p class="none">${T.none[locale]}</p>`}</div>`,
  };
}

/** The visit brief of one person: title, style and body (see pages.ts for the whole document). */
export function visitBriefParts(account: Account, name: string, locale: Locale = 'zh', opts: { printButton?: boolean } = {}): PageParts {
  name = name.trim();
  const visits = visitsOf(account, name);
  const latest = visits[visits.length - 1];
  const mapRows = account.roleMap.filter((r) => text(r.name) === name);
  const roles = [...new Set([...mapRows.map((r) => text(r.role)), text(latest?.role)].filter(Boolean))];
  const views = visits
    .filter((v) => text(v.othersView))
    .map((v) => `<li>${esc(dateText(v.visitDate))}${colon(locale)}${esc(text(v.othersView))}</li>`);
  const body = [
    opts.printButton ? `<button onclick="window.print()">${T.print[locale]}</button>` : '',
    `<h1>${esc(`${T.title[locale]}${colon(locale)}${name}`)}</h1><p class="sub">${esc(text(account.overview.customerName))}${roles.length ? ` · ${esc(roles.map((r) => vocabLabel('mapRole', r, locale)).join(' · '))}` : ''}</p>`,
    h2(T.profile[locale]) + (latest ? profileHtml(latest, locale) : `<p class="none">${T.noVisit[locale]}</p>`),
    h2(T.trend[locale]) + (visits.length ? trendHtml(visits, locale) : `<p class="none">${T.none[locale]}</p>`),
    h2(T.personality[locale]) + personalityHtml(visits, roles, locale),
    h2(T.others[locale]) + list(views, 'others', locale),
    mapRows.length ? h2(T.roleMap[locale]) + roleMapHtml(mapRows, locale) : '',
    h2(T.questions[locale]) + questionsHtml(account, locale),
    h2(T.actions[locale]) + actionsHtml(account, name, locale),
  ];
  return { lang: langOf(locale), title: `${T.title[locale]} – ${name}`, css: CSS, body: body.join('') };
}

/** The visit brief of one person as an HTML document. */
export function visitBriefHtml(account: Account, name: string, locale: Locale = 'zh', opts: { printButton?: boolean } = {}): string {
  return htmlDocument(visitBriefParts(account, name, locale, opts));
}
