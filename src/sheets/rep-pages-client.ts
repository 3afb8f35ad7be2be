/**
 * The script of dist/RepPages.html: runs in the user's browser (the sidebar
 * or dialog Apps Script opens), not in Apps Script — so the renderers it
 * carries cost nothing when a custom function loads Code.js. The server
 * (rep-pages.ts) sets `KA_PAGE` before this runs.
 */
import { type RepPage, renderRepPage } from '../domain/pages';
import { visitBriefParts } from '../domain/visit-brief';

interface El {
  innerHTML: string;
  value: string;
  addEventListener(type: string, f: () => void): void;
}
declare const document: {
  title: string;
  documentElement: { lang: string };
  head: { insertAdjacentHTML(where: string, html: string): void };
  getElementById(id: string): El | null;
};
declare const KA_PAGE: RepPage | null;

function show(page: RepPage): void {
  const p = renderRepPage(page);
  document.documentElement.lang = p.lang;
  document.title = p.title;
  document.head.insertAdjacentHTML('beforeend', `<style>${p.css}</style>`);
  const at = document.getElementById('ka-page');
  if (at) at.innerHTML = p.body;
  // The brief's picker: the brief of the person chosen, below it.
  const pick = document.getElementById('ka-person');
  const brief = document.getElementById('ka-brief');
  if (pick && brief)
    pick.addEventListener(
      'change',
      () => (brief.innerHTML = pick.value ? visitBriefParts(page.account, pick.value, page.locale, { printButton: true }).body : ''),
    );
}

if (KA_PAGE) show(KA_PAGE);
