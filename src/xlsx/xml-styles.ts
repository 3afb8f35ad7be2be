import { xmlText } from './charts';

/**
 * Cell formats added to the style table (xl/styles.xml) of a workbook that
 * ExcelJS has written, for rows written straight into a sheet's XML
 * (sheet-rows.ts): the same fonts, fills, borders, alignments and number
 * formats ExcelJS would have written for such cells, without a cell object
 * per cell. Each distinct format is added once.
 */

export interface XmlStyle {
  font?: { bold?: boolean; underline?: boolean; color?: string; size?: number; name?: string };
  /** A solid fill's colour (ARGB). */
  fill?: string;
  /** A thin border on all four sides, in this colour (ARGB). */
  border?: string;
  alignment?: { horizontal?: 'left' | 'center' | 'right'; vertical?: 'top' | 'middle' | 'bottom'; wrapText?: boolean };
  numFmt?: string;
}

/** Number formats every spreadsheet program knows by id (ECMA-376 §18.8.30): no numFmt element needed. */
const BUILT_IN: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

const unescapeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] as string);

function fontXml(f: NonNullable<XmlStyle['font']>): string {
  return (
    `<font>${f.bold ? '<b/>' : ''}${f.underline ? '<u/>' : ''}${f.color ? `<color rgb="${f.color}"/>` : ''}` +
    `${f.size ? `<sz val="${f.size}"/>` : ''}${f.name ? `<name val="${xmlText(f.name)}"/>` : ''}</font>`
  );
}

function borderXml(argb: string): string {
  const side = (s: string) => `<${s} style="thin"><color rgb="${argb}"/></${s}>`;
  return `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`;
}

function alignmentXml(a: NonNullable<XmlStyle['alignment']>): string {
  const v = a.vertical === 'middle' ? 'center' : a.vertical;
  return `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${v ? ` vertical="${v}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>`;
}

/** One list of the style sheet (fonts, fills, borders, cellXfs): its existing count and the entries added, once each. */
class Section {
  private readonly index = new Map<string, number>();
  readonly added: string[] = [];

  constructor(
    readonly tag: string,
    readonly base: number,
  ) {}

  id(xml: string): number {
    let i = this.index.get(xml);
    if (i === undefined) {
      i = this.base + this.added.length;
      this.index.set(xml, i);
      this.added.push(xml);
    }
    return i;
  }
}

export class StyleTable {
  private readonly numFmts = new Map<string, number>();
  private readonly newNumFmts: Array<{ id: number; code: string }> = [];
  private nextNumFmt: number;
  private readonly sections: Record<'fonts' | 'fills' | 'borders' | 'cellXfs', Section>;
  private readonly ids = new Map<string, number>();

  constructor(private readonly xml: string) {
    let max = 163;
    for (const m of xml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)) {
      this.numFmts.set(unescapeXml(m[2]), Number(m[1]));
      max = Math.max(max, Number(m[1]));
    }
    this.nextNumFmt = max + 1;
    const count = (tag: string) => {
      const m = new RegExp(`<${tag} count="(\\d+)"`).exec(xml);
      if (!m) throw new Error(`styles.xml has no <${tag}> list`);
      return Number(m[1]);
    };
    this.sections = {
      fonts: new Section('fonts', count('fonts')),
      fills: new Section('fills', count('fills')),
      borders: new Section('borders', count('borders')),
      cellXfs: new Section('cellXfs', count('cellXfs')),
    };
  }

  private numFmtId(code: string): number {
    const known = BUILT_IN[code] ?? this.numFmts.get(code);
    if (known !== undefined) return known;
    const id = this.nextNumFmt++;
    this.numFmts.set(code, id);
    this.newNumFmts.push({ id, code });
    return id;
  }

  private readonly byObject = new WeakMap<XmlStyle, number>();

  /** The cell format index (`s`) of a style; 0 (the default) for none. */
  id(style: XmlStyle | undefined): number {
    if (!style) return 0;
    const same = this.byObject.get(style);
    if (same !== undefined) return same;
    const id = this.idOf(style);
    this.byObject.set(style, id);
    return id;
  }

  private idOf(style: XmlStyle): number {
    const key = JSON.stringify(style);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const s = this.sections;
    const numFmt = style.numFmt ? this.numFmtId(style.numFmt) : 0;
    const font = style.font ? s.fonts.id(fontXml(style.font)) : 0;
    const fill = style.fill ? s.fills.id(`<fill><patternFill patternType="solid"><fgColor rgb="${style.fill}"/></patternFill></fill>`) : 0;
    const border = style.border ? s.borders.id(borderXml(style.border)) : 0;
    const applies =
      `${numFmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}` +
      `${border ? ' applyBorder="1"' : ''}${style.alignment ? ' applyAlignment="1"' : ''}`;
    const xf =
      `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applies}` +
      (style.alignment ? `>${alignmentXml(style.alignment)}</xf>` : '/>');
    const id = s.cellXfs.id(xf);
    this.ids.set(key, id);
    return id;
  }

  /** The style sheet with the added formats. */
  merged(): string {
    let xml = this.xml;
    for (const sec of Object.values(this.sections)) {
      if (!sec.added.length) continue;
      const total = sec.base + sec.added.length;
      xml = xml
        .replace(new RegExp(`<${sec.tag} count="\\d+"`), `<${sec.tag} count="${total}"`)
        .replace(`</${sec.tag}>`, `${sec.added.join('')}</${sec.tag}>`);
    }
    if (!this.newNumFmts.length) return xml;
    const items = this.newNumFmts.map((n) => `<numFmt numFmtId="${n.id}" formatCode="${xmlText(n.code)}"/>`).join('');
    const m = /<numFmts count="(\d+)">/.exec(xml);
    if (m)
      return xml.replace(m[0], `<numFmts count="${Number(m[1]) + this.newNumFmts.length}">`).replace('</numFmts>', `${items}</numFmts>`);
    return xml.replace(/(<styleSheet[^>]*>)/, `$1<numFmts count="${this.newNumFmts.length}">${items}</numFmts>`);
  }
}
