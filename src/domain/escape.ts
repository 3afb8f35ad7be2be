/**
 * Account text made safe inside HTML and SVG (sidebars, dialogs, the decision
 * chain, the visit brief): markup characters become entities, and characters
 * XML forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE/F)
 * become U+FFFD, so that a standalone SVG stays well-formed whatever a name holds.
 */
export function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
