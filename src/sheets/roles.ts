import type { Locale, Localized } from '../../sheets-templates/types';
import { META_TAB } from '../domain/layout';
import { TEXT, t } from './ui-text';

/**
 * What a spreadsheet is to ka-sales — the template, an account workbook, a
 * manager summary — and the settings that come with it, recorded in the
 * spreadsheet itself as document-visible developer metadata (key `ka-sales`,
 * a small JSON object). Nothing lives in the script's properties, which every
 * user of a library or add-on shares: a rep's workbook cannot change which
 * summary or template anyone else uses.
 *
 * - template: `{role, id}`; a summary: `{role, id, template}`. Either counts
 *   only in the file whose id it names: a copy (File → Make a copy) keeps the
 *   metadata but is neither, and may be made one by its owner.
 * - an account workbook: `{role, id, template, summary}`, written when it is
 *   made: the summary it registers in, the template new workbooks made from
 *   it are copied from. A copy of it is still an account workbook.
 * - a workbook made before roles existed has no metadata; its `_ka_meta` tab
 *   marks it as an account workbook.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export type Role = 'template' | 'account' | 'summary';
export interface Settings {
  role?: Role;
  id?: string;
  template?: string;
  summary?: string;
}

export const SETTINGS_KEY = 'ka-sales';

function metadata(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.DeveloperMetadata | null {
  return ss.createDeveloperMetadataFinder().withKey(SETTINGS_KEY).find()[0] ?? null;
}

export function settingsOf(ss: Spreadsheet): Settings {
  try {
    const s = JSON.parse(metadata(ss)?.getValue() || '{}') as Settings;
    return s && typeof s === 'object' ? s : {};
  } catch {
    return {};
  }
}

export function writeSettings(ss: Spreadsheet, s: Settings): void {
  const value = JSON.stringify(s);
  const m = metadata(ss);
  if (m) m.setValue(value);
  else ss.addDeveloperMetadata(SETTINGS_KEY, value, SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
}

/** The role a spreadsheet has (null: none, or a copy of a template or summary). */
export function roleOf(ss: Spreadsheet, s: Settings = settingsOf(ss)): Role | null {
  if (s.role === 'account') return 'account';
  if (s.role) return s.id === ss.getId() ? s.role : null;
  return ss.getSheetByName(META_TAB) ? 'account' : null;
}

/** The template new workbooks are copied from, as this spreadsheet knows it. */
export function templateIdOf(ss: Spreadsheet, s: Settings = settingsOf(ss)): string | undefined {
  return s.role === 'template' ? s.id : s.template;
}

export const ROLE_LABELS: Record<Role | 'none', Localized> = {
  template: { zh: '新工作簿模板', en: 'the template' },
  account: { zh: '客户工作簿', en: 'an account workbook' },
  summary: { zh: '经理汇总表', en: 'a manager summary' },
  none: { zh: '普通电子表格', en: 'a plain spreadsheet' },
};

export const ROLE_TEXT = {
  isRole: { zh: '本表是{is}', en: 'this spreadsheet is {is}' },
  wrongPlace: { zh: '此操作只能在{want}中使用；本表是{is}。', en: 'This works only in {want}; this spreadsheet is {is}.' },
  ownerOnly: {
    zh: '只有本表的所有者（{owner}）可以这样做；你是 {me}。',
    en: 'Only the owner of this spreadsheet ({owner}) can do this; you are {me}.',
  },
  confirmRole: { zh: '将"{name}"设为{role}？', en: 'Make "{name}" {role}?' },
  ownerUnknown: { zh: '无法确认本表的所有者：{error}', en: 'Cannot tell who owns this spreadsheet: {error}' },
} satisfies Record<string, Localized>;

/**
 * Whether `ss` has one of the roles; otherwise says where the action works (one alert) and returns false.
 * `ui` is null in a trigger.
 */
export function requireRole(ss: Spreadsheet, want: Role[], locale: Locale, ui: GoogleAppsScript.Base.Ui | null): boolean {
  const role = roleOf(ss);
  if (role && want.includes(role)) return true;
  const is = ROLE_LABELS[role ?? 'none'][locale];
  const wantText = want.map((r) => ROLE_LABELS[r][locale]).join(' / ');
  ui?.alert(
    want.length === 1 && want[0] === 'account'
      ? t(TEXT.notAccountWorkbook, locale, { reason: t(ROLE_TEXT.isRole, locale, { is }) })
      : t(ROLE_TEXT.wrongPlace, locale, { want: wantText, is }),
  );
  return false;
}

interface DriveFiles {
  Files: { get(id: string, o: object): { owners?: Array<{ emailAddress?: string }> } };
  About: { get(o: object): { user?: { emailAddress?: string } } };
}

/** The file's owner and the user running the script, from Drive (scope drive.metadata.readonly). */
function ownerAndMe(id: string): { owner: string; me: string } {
  const drive = Drive as unknown as DriveFiles;
  const file = drive.Files.get(id, { fields: 'owners(emailAddress)', supportsAllDrives: true });
  const about = drive.About.get({ fields: 'user(emailAddress)' });
  return { owner: file.owners?.[0]?.emailAddress ?? '', me: about.user?.emailAddress ?? '' };
}

/**
 * Making a spreadsheet the template or a summary: only its owner, after a
 * confirmation. Returns false (having said why) otherwise.
 */
export function confirmRoleChange(ss: Spreadsheet, role: Role, locale: Locale, ui: GoogleAppsScript.Base.Ui): boolean {
  let who: { owner: string; me: string };
  try {
    who = ownerAndMe(ss.getId());
  } catch (e) {
    ui.alert(t(ROLE_TEXT.ownerUnknown, locale, { error: e instanceof Error ? e.message : String(e) }));
    return false;
  }
  if (!who.owner || who.owner !== who.me) {
    ui.alert(t(ROLE_TEXT.ownerOnly, locale, { owner: who.owner || '?', me: who.me || '?' }));
    return false;
  }
  return (
    ui.alert(t(ROLE_TEXT.confirmRole, locale, { name: ss.getName(), role: ROLE_LABELS[role][locale] }), ui.ButtonSet.OK_CANCEL) ===
    ui.Button.OK
  );
}
