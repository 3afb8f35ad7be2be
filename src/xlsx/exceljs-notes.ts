import { textWidth } from './cell-text';

/**
 * Cell notes sized to their text. ExcelJS gives every note the same small box
 * (two columns by four rows), which cuts a guiding question off after a line
 * or two in Excel and WPS; here the box is four columns wide and as tall as
 * the text needs. Only notes without an explicit anchor are affected.
 * Imported for its effect by the .xlsx renderer.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const VmlAnchorXform = require('exceljs/lib/xlsx/xform/comment/vml-anchor-xform') as { prototype: { render: AnchorRender } };
const VmlShapeXform = require('exceljs/lib/xlsx/xform/comment/vml-shape-xform') as { V_SHAPE_ATTRIBUTES: ShapeAttributes };
/* eslint-enable @typescript-eslint/no-require-imports */

interface NoteModel {
  anchor?: unknown;
  refAddress: { row: number; col: number };
  note?: { texts?: Array<{ text?: string }> };
}
type AnchorRender = (this: unknown, xml: { leafNode(tag: string, attrs: null, text: string): void }, model: NoteModel) => void;
type ShapeAttributes = (model: NoteModel, index: number) => Record<string, unknown>;

const BOX_COLUMNS = 4;
/** Width units per line of note text in the box (about 22 CJK characters). */
const UNITS_PER_LINE = 44;
const LINE_PT = 12.5;

function noteLines(model: NoteModel): number {
  const text = (model.note?.texts ?? []).map((t) => t.text ?? '').join('');
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line) / UNITS_PER_LINE)), 0);
}

const originalRender = VmlAnchorXform.prototype.render;
VmlAnchorXform.prototype.render = function render(xml, model) {
  if (model.anchor || !model.note) return originalRender.call(this, xml, model);
  const lines = noteLines(model);
  const left = model.refAddress.col;
  const top = Math.max(model.refAddress.row - 2, 0);
  const rows = Math.ceil((lines * LINE_PT) / 15) + 1;
  xml.leafNode('x:Anchor', null, [left, 6, top, 4, left + BOX_COLUMNS, 2, top + rows, 4].join(', '));
};

const originalAttributes = VmlShapeXform.V_SHAPE_ATTRIBUTES;
VmlShapeXform.V_SHAPE_ATTRIBUTES = (model, index) => {
  const attrs = originalAttributes(model, index);
  if (model.anchor || !model.note) return attrs;
  const height = Math.ceil(noteLines(model) * LINE_PT + 10);
  return {
    ...attrs,
    style: `position:absolute; margin-left:105.3pt;margin-top:10.5pt;width:240pt;height:${height}pt;z-index:1;visibility:hidden`,
  };
};
