import type ExcelJS from 'exceljs';
import type { Locale } from '../../sheets-templates/types';
import type { CellKind, InputType } from '../domain/layout';

/** The look of every workbook ka-sales writes: colours, fonts and each kind of cell's style. */

export const COLORS = {
  titleFill: 'FF1F4E79',
  titleFont: 'FFFFFFFF',
  subtitleFont: 'FF44546A',
  sectionFill: 'FFDDEBF7',
  headerFill: 'FFBDD7EE',
  labelFill: 'FFF2F2F2',
  inputFill: 'FFFFFDF0',
  scoreFill: 'FFE2EFDA',
  referenceFill: 'FFF2F2F2',
  border: 'FFA6A6A6',
  helperFont: 'FF7F7F7F',
};

export const FONT: Record<Locale, string> = { zh: 'Microsoft YaHei', en: 'Calibri' };
export const BASE_SIZE = 10.5;
export const DATE_FORMAT = 'yyyy-mm-dd';
export const TEXT_FORMAT = '@';

const thin = { style: 'thin' as const, color: { argb: COLORS.border } };
export const BOX: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export function fill(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** Whether the text of an input of this type wraps. */
export function wraps(type: InputType | undefined): boolean {
  return type === 'longText' || type === 'text';
}

/** Number format of an input type (text types are '@' so that typed `+`, `3-4` or `=x` stay text). */
export function numFmtOf(type: InputType | undefined): string | undefined {
  switch (type) {
    case 'date':
      return DATE_FORMAT;
    case 'integer':
    case 'number':
    case 'weight':
      return 'General';
    default:
      return TEXT_FORMAT;
  }
}

export function styleOf(kind: CellKind, locale: Locale, type?: InputType): Partial<ExcelJS.Style> {
  const name = FONT[locale];
  switch (kind) {
    case 'title':
      return {
        font: { name, size: 15, bold: true, color: { argb: COLORS.titleFont } },
        fill: fill(COLORS.titleFill),
        alignment: { vertical: 'middle', horizontal: 'left', indent: 1 },
        protection: { locked: true },
      };
    case 'subtitle':
      return {
        font: { name, size: 11, italic: true, color: { argb: COLORS.subtitleFont } },
        alignment: { vertical: 'middle', wrapText: true },
        protection: { locked: true },
      };
    case 'section':
      return {
        font: { name, size: 12, bold: true, color: { argb: COLORS.titleFill } },
        fill: fill(COLORS.sectionFill),
        border: { bottom: { style: 'medium', color: { argb: COLORS.titleFill } } },
        alignment: { vertical: 'middle' },
        protection: { locked: true },
      };
    case 'header':
      return {
        font: { name, size: BASE_SIZE, bold: true },
        fill: fill(COLORS.headerFill),
        border: BOX,
        alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
        protection: { locked: true },
      };
    case 'label':
      return {
        font: { name, size: BASE_SIZE },
        fill: fill(COLORS.labelFill),
        border: BOX,
        alignment: { vertical: 'middle', wrapText: true },
        protection: { locked: true },
      };
    case 'reference':
      return {
        font: { name, size: BASE_SIZE, bold: true },
        fill: fill(COLORS.referenceFill),
        border: BOX,
        alignment: { vertical: 'middle' },
        protection: { locked: true },
      };
    case 'score':
      return {
        font: { name, size: 12, bold: true },
        fill: fill(COLORS.scoreFill),
        border: BOX,
        alignment: { vertical: 'middle', horizontal: 'center' },
        numFmt: '0',
        protection: { locked: true },
      };
    case 'input': {
      const mark = type === 'mark';
      return {
        font: { name, size: mark ? 12 : BASE_SIZE, bold: mark },
        fill: fill(COLORS.inputFill),
        border: BOX,
        alignment: {
          vertical: type === 'longText' ? 'top' : 'middle',
          horizontal: mark ? 'center' : type === 'integer' || type === 'number' || type === 'weight' ? 'right' : 'left',
          wrapText: wraps(type),
        },
        numFmt: numFmtOf(type),
        protection: { locked: false },
      };
    }
  }
}
