/**
 * The script of dist/RepPages.html: runs in the user's browser (the sidebar
 * or dialog Apps Script opens), not in Apps Script — so the renderers it
 * carries cost nothing when a custom function loads Code.js. The server
 * (rep-pages.ts) sets `KA_PAGE` before this runs.
 */
import { type RepPage, renderRepPage } from '../domain/pages';

declare const document: {
  title: string;
  documentElement: { lang: string };
  head: { insertAdjacentHTML(where: string, html: string): void };
  getElementById(id: string): { innerHTML: string } | null;
};
declare const KA_PAGE: RepPage | null;

if (KA_PAGE) {
  const p = renderRepPage(KA_PAGE);
  document.documentElement.lang = p.lang;
  document.title = p.title;
  document.head.insertAdjacentHTML('beforeend', `<style>${p.css}</style>`);
  const at = document.getElementById('ka-page');
  if (at) at.innerHTML = p.body;
}
