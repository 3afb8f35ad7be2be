import { existsSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { ROLE_MAP_FORM } from '../../sheets-templates/forms';
import type { Locale } from '../../sheets-templates/types';
import { type Account, text } from '../domain/account';
import { decisionChainSvg } from '../domain/decision-chain';
import { tabName } from '../domain/layout';
import type { HealthTabOptions } from './render-health';
import { subsetFontFile } from './font-subset';
import { renderAccountWorkbook } from './render-workbook';

/**
 * The decision chain as a picture on the role-map tab (issue #11 item 4):
 * the domain's SVG rasterised by resvg (`@resvg/resvg-js`, a prebuilt binary
 * in an npm package — no browser), placed right of the table so that it
 * covers no cell a rep types in. When resvg cannot load on this platform the
 * workbook is written without the picture (the SVG is what `ka-sales map` writes).
 */

/** The CJK font Debian's fonts-noto-cjk installs: loading only it is much faster than scanning every system font. */
const NOTO_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

type Rendered = { asPng(): Buffer };
type ResvgModule = {
  Resvg: new (svg: string, opts: object) => { render(): Rendered };
  renderAsync?: (svg: string, opts: object) => Promise<Rendered>;
};
let resvg: ResvgModule | null | undefined;

function loadResvg(): ResvgModule | null {
  if (resvg === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      resvg = require('@resvg/resvg-js') as ResvgModule;
    } catch {
      resvg = null;
    }
  }
  return resvg;
}

/** Whether PNG pictures can be made here. */
export function canRasterise(): boolean {
  return loadResvg() !== null;
}

const FAMILY = 'Noto Sans CJK SC';

/**
 * The fonts resvg is given, and the subset file to remove after drawing:
 * Noto Sans CJK cut down to the SVG's characters (font-subset.ts: resvg reads
 * its font file once per glyph, and the whole collection is 19 MB) — the same
 * picture — or, when that cannot be made, the whole collection; without it,
 * the system's fonts.
 */
function fontOptions(svg: string, subset: boolean): { font: object; subsetFile: string | null } {
  if (!existsSync(NOTO_CJK)) return { font: { loadSystemFonts: true, defaultFontFamily: FAMILY }, subsetFile: null };
  const subsetFile = subset ? subsetFontFile(NOTO_CJK, FAMILY, svg) : null;
  return { font: { loadSystemFonts: false, fontFiles: [subsetFile ?? NOTO_CJK], defaultFontFamily: FAMILY }, subsetFile };
}

const drawOptions = (font: object, scale: number) => ({ font, fitTo: { mode: 'zoom', value: scale }, background: '#ffffff' });

/**
 * An SVG document as PNG bytes (scale × its size), or null when no rasteriser
 * loads. `subset: false` draws with the whole font (the tests compare the two).
 */
export function svgToPng(svg: string, scale = 1.5, { subset = true } = {}): Buffer | null {
  const mod = loadResvg();
  if (!mod) return null;
  const { font, subsetFile } = fontOptions(svg, subset);
  try {
    return Buffer.from(new mod.Resvg(svg, drawOptions(font, scale)).render().asPng());
  } finally {
    if (subsetFile) rmSync(subsetFile, { force: true });
  }
}

/** As svgToPng, drawn on libuv's thread pool: `build` renders the workbook meanwhile. */
export async function svgToPngAsync(svg: string, scale = 1.5): Promise<Buffer | null> {
  const mod = loadResvg();
  if (!mod?.renderAsync) return svgToPng(svg, scale);
  const { font, subsetFile } = fontOptions(svg, true);
  try {
    return Buffer.from((await mod.renderAsync(svg, drawOptions(font, scale))).asPng());
  } finally {
    if (subsetFile) rmSync(subsetFile, { force: true });
  }
}

const size = (svg: string) => (/width="(\d+)" height="(\d+)"/.exec(svg) ?? ['', '640', '400']).slice(1).map(Number);

type Picture = { svg: string; png: Buffer };

/** The account's decision chain to place, or null when nobody is named on the role map. */
const chainSvg = (account: Account, locale: Locale) =>
  account.roleMap.some((r) => text(r.name)) ? decisionChainSvg(account, locale) : null;

/** Places a drawn picture right of the role-map table. */
function place(wb: ExcelJS.Workbook, { svg, png }: Picture, locale: Locale): boolean {
  const ws = wb.getWorksheet(tabName('roleMap', locale));
  if (!ws) return false;
  const [width, height] = size(svg);
  const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
  ws.addImage(id, { tl: { col: ROLE_MAP_FORM.table.fields.length + 1, row: 1 }, ext: { width, height }, editAs: 'absolute' });
  return true;
}

/**
 * Places the account's decision chain on the role-map tab of a rendered
 * workbook. Returns false (and changes nothing) when nobody is named on the
 * role map, or no rasteriser is available or it fails.
 */
export function placeRoleMapPicture(wb: ExcelJS.Workbook, account: Account, locale: Locale): boolean {
  const svg = chainSvg(account, locale);
  if (!svg || !wb.getWorksheet(tabName('roleMap', locale))) return false;
  let png: Buffer | null;
  try {
    png = svgToPng(svg);
  } catch {
    // The picture is a help, never a reason not to write the workbook.
    return false;
  }
  return png ? place(wb, { svg, png }, locale) : false;
}

/** The account's picture drawn off the main thread, or null (none to draw, no rasteriser, or it failed). */
async function drawnPicture(account: Account, locale: Locale): Promise<Picture | null> {
  const svg = chainSvg(account, locale);
  if (!svg) return null;
  try {
    const png = await svgToPngAsync(svg);
    return png ? { svg, png } : null;
  } catch {
    return null;
  }
}

/**
 * The account's workbook with its decision-chain picture (when one can be
 * made): the picture is drawn on the thread pool while the workbook is
 * rendered, and placed after, as placeRoleMapPicture places it.
 */
async function workbookWithPicture(account: Account, locale: Locale, opts: HealthTabOptions = {}) {
  const picture = drawnPicture(account, locale);
  const wb = renderAccountWorkbook(account, locale, opts);
  const drawn = await picture;
  return { wb, placed: drawn ? place(wb, drawn, locale) : false };
}

/** The account's workbook bytes with its decision-chain picture (when one can be made). */
export async function accountWorkbookBufferWithPicture(account: Account, locale: Locale, opts: HealthTabOptions = {}): Promise<Buffer> {
  const { wb } = await workbookWithPicture(account, locale, opts);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes the account's workbook with its decision-chain picture (when one can be made). */
export async function writeAccountWorkbookWithPicture(account: Account, file: string, locale: Locale): Promise<boolean> {
  const { wb, placed } = await workbookWithPicture(account, locale);
  await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return placed;
}
