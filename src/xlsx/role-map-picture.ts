import { existsSync } from 'node:fs';
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

type ResvgModule = { Resvg: new (svg: string, opts: object) => { render(): { asPng(): Buffer } } };
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
 * The fonts resvg is given: Noto Sans CJK cut down to the SVG's characters
 * (font-subset.ts: resvg reads its font file once per glyph, and the whole
 * collection is 19 MB) — the same picture — or, when that cannot be made, the
 * whole collection; without it, the system's fonts.
 */
function fontOptions(svg: string, subset: boolean): object {
  if (!existsSync(NOTO_CJK)) return { loadSystemFonts: true, defaultFontFamily: FAMILY };
  const file = (subset && subsetFontFile(NOTO_CJK, FAMILY, svg)) || NOTO_CJK;
  return { loadSystemFonts: false, fontFiles: [file], defaultFontFamily: FAMILY };
}

/**
 * An SVG document as PNG bytes (scale × its size), or null when no rasteriser
 * loads. `subset: false` draws with the whole font (the tests compare the two).
 */
export function svgToPng(svg: string, scale = 1.5, { subset = true } = {}): Buffer | null {
  const mod = loadResvg();
  if (!mod) return null;
  const font = fontOptions(svg, subset);
  return Buffer.from(new mod.Resvg(svg, { font, fitTo: { mode: 'zoom', value: scale }, background: '#ffffff' }).render().asPng());
}

const size = (svg: string) => (/width="(\d+)" height="(\d+)"/.exec(svg) ?? ['', '640', '400']).slice(1).map(Number);

/**
 * Places the account's decision chain on the role-map tab of a rendered
 * workbook. Returns false (and changes nothing) when nobody is named on the
 * role map, or no rasteriser is available or it fails.
 */
export function placeRoleMapPicture(wb: ExcelJS.Workbook, account: Account, locale: Locale): boolean {
  const ws = wb.getWorksheet(tabName('roleMap', locale));
  if (!ws || !account.roleMap.some((r) => text(r.name))) return false;
  const svg = decisionChainSvg(account, locale);
  let png: Buffer | null;
  try {
    png = svgToPng(svg);
  } catch {
    // The picture is a help, never a reason not to write the workbook.
    return false;
  }
  if (!png) return false;
  const [width, height] = size(svg);
  const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
  ws.addImage(id, { tl: { col: ROLE_MAP_FORM.table.fields.length + 1, row: 1 }, ext: { width, height }, editAs: 'absolute' });
  return true;
}

/** The account's workbook bytes with its decision-chain picture (when one can be made). */
export async function accountWorkbookBufferWithPicture(account: Account, locale: Locale, opts: HealthTabOptions = {}): Promise<Buffer> {
  const wb = renderAccountWorkbook(account, locale, opts);
  placeRoleMapPicture(wb, account, locale);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes the account's workbook with its decision-chain picture (when one can be made). */
export async function writeAccountWorkbookWithPicture(account: Account, file: string, locale: Locale): Promise<boolean> {
  const wb = renderAccountWorkbook(account, locale);
  const placed = placeRoleMapPicture(wb, account, locale);
  await writeFile(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return placed;
}
