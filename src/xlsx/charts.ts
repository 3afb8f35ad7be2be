import { jszip } from './exceljs';
import { partBytes } from './part-bytes';
import type { PackageParts } from './zip-package';

/**
 * Native column charts in an .xlsx that ExcelJS has written (ExcelJS writes
 * no charts): for each chart a DrawingML chart part, a drawing anchoring it
 * on its sheet, and the relationships and content types that tie them in.
 * The series refer to cells, so Excel, WPS and LibreOffice redraw the chart
 * from the sheet; the cached values are the same numbers, for previewers.
 */

export interface ChartSeries {
  /** The series name: its cell (e.g. `'管道'!$B$3`) and its text. */
  nameRef: string;
  name: string;
  /** The values: their range and the numbers in it. */
  valuesRef: string;
  values: Array<number | null>;
}

export interface ChartSpec {
  /** The sheet the chart is drawn on, by name. */
  sheet: string;
  title: string;
  grouping: 'clustered' | 'stacked';
  categoriesRef: string;
  categories: string[];
  series: ChartSeries[];
  /** Top-left cell (0-based) and size in cells. */
  anchor: { col: number; row: number; cols: number; rows: number };
}

const NS = {
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  chartRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
  drawingRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
};
const CHART_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const DRAWING_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';

/** Text for XML content and attributes. */
export function xmlText(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

function strCache(values: string[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${xmlText(v)}</c:v></c:pt>`).join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: Array<number | null>): string {
  const pts = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function seriesXml(spec: ChartSpec, s: ChartSeries, i: number): string {
  return (
    `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>` +
    `<c:tx><c:strRef><c:f>${xmlText(s.nameRef)}</c:f>${strCache([s.name])}</c:strRef></c:tx>` +
    `<c:cat><c:strRef><c:f>${xmlText(spec.categoriesRef)}</c:f>${strCache(spec.categories)}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${xmlText(s.valuesRef)}</c:f>${numCache(s.values)}</c:numRef></c:val></c:ser>`
  );
}

const TICKS = '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>';

/** The chart part: one column chart (clustered or stacked), its axes and legend. */
export function chartXml(spec: ChartSpec): string {
  const overlap = spec.grouping === 'stacked' ? '<c:overlap val="100"/>' : '';
  const title = `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlText(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`;
  const axis = (tag: string, id: number, cross: number, pos: string, extra: string) =>
    `<c:${tag}><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${pos}"/>${extra}${TICKS}<c:crossAx val="${cross}"/></c:${tag}>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="${NS.chart}" xmlns:a="${NS.a}" xmlns:r="${NS.rel}">` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="col"/><c:grouping val="${spec.grouping}"/><c:varyColors val="0"/>` +
    spec.series.map((s, i) => seriesXml(spec, s, i)).join('') +
    `<c:gapWidth val="80"/>${overlap}<c:axId val="1001"/><c:axId val="1002"/></c:barChart>` +
    axis('catAx', 1001, 1002, 'b', '') +
    axis('valAx', 1002, 1001, 'l', '<c:majorGridlines/>') +
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/></c:chart></c:chartSpace>'
  );
}

function anchorXml(spec: ChartSpec, i: number): string {
  const { col, row, cols, rows } = spec.anchor;
  const at = (tag: string, c: number, r: number) =>
    `<xdr:${tag}><xdr:col>${c}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor>${at('from', col, row)}${at('to', col + cols, row + rows)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="Chart ${i + 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS.chart}"><c:chart xmlns:c="${NS.chart}" xmlns:r="${NS.rel}" r:id="rId${i + 1}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

function relsXml(rels: Array<{ id: string; type: string; target: string }>): string {
  const items = rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlText(r.target)}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}">${items}</Relationships>`;
}

/** The worksheet part of a sheet, by its name, through workbook.xml and its relationships. */
export async function sheetPart(zip: PackageParts, sheet: string): Promise<string> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const tag = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'name') === xmlText(sheet));
  const rid = tag ? attr(tag, 'r:id') : undefined;
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'Id') === rid);
  const target = rel ? attr(rel, 'Target') : undefined;
  if (!target) throw new Error(`charts: no sheet named ${sheet}`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/** Worksheet elements the schema puts before `<drawing>` (none of them nests in another). */
const BEFORE_DRAWING = [
  'sheetData',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
];

/** The end of the last top-level element named `name`, or -1. */
function endOf(xml: string, name: string): number {
  const closing = xml.lastIndexOf(`</${name}>`);
  let end = closing >= 0 ? closing + name.length + 3 : -1;
  for (const m of xml.matchAll(new RegExp(`<${name}\\b[^>]*/>`, 'g'))) end = Math.max(end, (m.index ?? 0) + m[0].length);
  return end;
}

function withDrawing(sheetXml: string, rid: string): string {
  if (/<drawing\b/.test(sheetXml)) throw new Error('charts: the sheet already has a drawing');
  const at = BEFORE_DRAWING.reduce((last, name) => Math.max(last, endOf(sheetXml, name)), -1);
  if (at < 0) throw new Error('charts: the sheet has no sheetData');
  return `${sheetXml.slice(0, at)}<drawing r:id="${rid}"/>${sheetXml.slice(at)}`;
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
}

async function addDrawing(zip: PackageParts, sheet: string, specs: ChartSpec[], first: number, drawingNo: number): Promise<string[]> {
  const part = await sheetPart(zip, sheet);
  const relsPath = relsPathOf(part);
  const existing = (await zip.file(relsPath)?.async('string')) ?? relsXml([]);
  const rid = `rIdKaDrawing${drawingNo}`;
  const rel = `<Relationship Id="${rid}" Type="${NS.drawingRel}" Target="../drawings/drawing${drawingNo}.xml"/>`;
  zip.file(relsPath, partBytes(existing.replace('</Relationships>', `${rel}</Relationships>`)));
  zip.file(part, partBytes(withDrawing((await zip.file(part)?.async('string')) ?? '', rid)));
  const anchors = specs.map((s, i) => anchorXml(s, i)).join('');
  zip.file(
    `xl/drawings/drawing${drawingNo}.xml`,
    partBytes(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors}</xdr:wsDr>`,
    ),
  );
  const chartRels = specs.map((_, i) => ({ id: `rId${i + 1}`, type: NS.chartRel, target: `../charts/chart${first + i}.xml` }));
  zip.file(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, partBytes(relsXml(chartRels)));
  specs.forEach((s, i) => zip.file(`xl/charts/chart${first + i}.xml`, partBytes(chartXml(s))));
  return [
    `<Override PartName="/xl/drawings/drawing${drawingNo}.xml" ContentType="${DRAWING_TYPE}"/>`,
    ...specs.map((_, i) => `<Override PartName="/xl/charts/chart${first + i}.xml" ContentType="${CHART_TYPE}"/>`),
  ];
}

/** The workbook with the charts added, grouped into one drawing per sheet. The sheets must have no drawing yet. */
export async function addCharts(xlsx: Buffer, specs: ChartSpec[]): Promise<Buffer> {
  if (specs.length === 0) return xlsx;
  const zip = await jszip().loadAsync(xlsx);
  await addChartsToZip(zip, specs);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Adds the charts to an open workbook package. */
export async function addChartsToZip(zip: PackageParts, specs: ChartSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const drawingsBefore = Object.keys(zip.files).filter((f) => /^xl\/drawings\/drawing\d+\.xml$/.test(f)).length;
  const chartsBefore = Object.keys(zip.files).filter((f) => /^xl\/charts\/chart\d+\.xml$/.test(f)).length;
  const overrides: string[] = [];
  let next = chartsBefore + 1;
  const sheets = [...new Set(specs.map((s) => s.sheet))];
  for (const [i, sheet] of sheets.entries()) {
    const mine = specs.filter((s) => s.sheet === sheet);
    overrides.push(...(await addDrawing(zip, sheet, mine, next, drawingsBefore + i + 1)));
    next += mine.length;
  }
  const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  zip.file('[Content_Types].xml', partBytes(types.replace('</Types>', `${overrides.join('')}</Types>`)));
}
