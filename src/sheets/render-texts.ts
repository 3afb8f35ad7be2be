/**
 * Texts only rendering needs — the guiding questions written as notes, the
 * glossary tab, the vocabularies' header notes — are not in Code.js, which
 * every custom-function call loads: the build (scripts/build-gas.mjs) puts
 * each string of the modules in RENDER_TEXT_MODULES into the project file
 * RENDER_TEXTS_FILE.html and leaves in Code.js a token in its place
 * (TOKEN_OPEN, the text's number in base 36, TOKEN_CLOSE). The modules stay
 * the one definition (sheets-templates/); the source run by the tests and the
 * CLI has the texts themselves, and `renderText` leaves them as they are.
 *
 * Only the paths that write a workbook (build, upgrade, import) call
 * `renderText`, on what they write into labels and notes — never on what a
 * rep typed — and the file is read once per execution, on the first token.
 */

/**
 * The sheets-templates modules whose texts only rendering needs (paths from the project root), with the texts
 * concerned: `*` all, else the exports named and the properties named `.key` (in any export). A text is a
 * Localized value ({zh, en}); codes and references among them stay as they are. health.ts: the red flags' texts
 * and the tab's labels go, the verdict's reasons stay (KA_VERDICT gives them); forms.ts: the notes, standards and
 * questions written on the tabs go, labels and titles stay (the reader finds fields by them).
 */
export const RENDER_TEXT_MODULES: Record<string, string[] | '*'> = {
  'sheets-templates/guidance.ts': '*',
  'sheets-templates/glossary.ts': '*',
  'sheets-templates/notes.ts': '*',
  'sheets-templates/health.ts': ['RED_FLAG_TEXTS', 'HEALTH_LABELS'],
  // (forms.ts carries guidance.ts's texts in its items: they go too, as the same texts.)
  'sheets-templates/forms.ts': ['.note', '.standard', '.question', '.guidance'],
};
/** The Apps Script project's HTML file holding the texts (a JSON array of strings). */
export const RENDER_TEXTS_FILE = 'RenderTexts';
/** Private-use characters around a text's number: no form text and no label uses them. */
export const TOKEN_OPEN = '\uE000';
export const TOKEN_CLOSE = '\uE001';

const TOKEN = new RegExp(`${TOKEN_OPEN}([0-9a-z]+)${TOKEN_CLOSE}`, 'g');

let texts: string[] | undefined;

/** The texts file, read on first use (HtmlService: a file of the script's own project). */
function loadTexts(): string[] {
  texts ??= JSON.parse(HtmlService.createHtmlOutputFromFile(RENDER_TEXTS_FILE).getContent()) as string[];
  return texts;
}

/** A label or note with every token replaced by its text; anything else (a number, a text without tokens) as it is. */
export function renderText<T>(v: T): T {
  if (typeof v !== 'string' || !v.includes(TOKEN_OPEN)) return v;
  const all = loadTexts();
  return v.replace(TOKEN, (_token, n: string) => {
    const s = all[Number.parseInt(n, 36)];
    if (s === undefined) throw new Error(`${RENDER_TEXTS_FILE}.html has no text ${n}: it does not belong to this Code.js`);
    return s;
  }) as T;
}
