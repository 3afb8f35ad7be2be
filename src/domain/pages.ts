import type { Locale } from '../../sheets-templates/types';
import type { Account } from './account';
import { decisionChainSvg, CHAIN_TEXT } from './decision-chain';
import { esc } from './escape';
import { briefPickerParts, visitBriefParts } from './visit-brief';

/**
 * The rep's HTML pages (decision chain, visit brief) as parts a host puts
 * together: the CLI writes a whole document, the Sheets page (dist/RepPages.html,
 * rendered in the user's browser so that Code.js stays small) fills its own.
 */
export interface PageParts {
  lang: string;
  title: string;
  css: string;
  /** Markup: every account text in it is escaped. */
  body: string;
}

/** What a Sheets page is asked to show. */
export interface RepPage {
  kind: 'chain' | 'brief';
  account: Account;
  locale: Locale;
  /** The person, for a brief; without one, the brief page first asks whom. */
  name?: string;
}

export const langOf = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en');

export function decisionChainPage(account: Account, locale: Locale): PageParts {
  return {
    lang: langOf(locale),
    title: CHAIN_TEXT.title[locale],
    css: 'body{margin:6px;font:13px sans-serif}.chart{overflow:auto}',
    body: `<div class="chart">${decisionChainSvg(account, locale)}</div>`,
  };
}

export function renderRepPage(p: RepPage): PageParts {
  if (p.kind === 'chain') return decisionChainPage(p.account, p.locale);
  return p.name ? visitBriefParts(p.account, p.name, p.locale, { printButton: true }) : briefPickerParts(p.account, p.locale);
}

/** A whole HTML document of the parts. */
export function htmlDocument(p: PageParts): string {
  return `<!DOCTYPE html><html lang="${p.lang}"><head><meta charset="utf-8"><title>${esc(p.title)}</title><style>${p.css}</style></head><body>${p.body}</body></html>`;
}
