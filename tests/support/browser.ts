/**
 * Headless Chromium for the tests of every HTML page (sidebars, dialogs, the
 * brief): Debian's /usr/bin/chromium driven by playwright-core, a fresh
 * profile per browser, no network at all (every request is aborted, so an
 * injected `<img src=x>` can only fail), `google.script.run` stubbed and
 * every call recorded, and everything that would betray a broken or
 * injectable page collected: page errors, console errors, dialogs (alert…).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Where a page is served from (never the network: the browser answers it from the test). */
const PAGE_URL = 'https://ka-sales.invalid/page.html';

/** Why the browser tests do not run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM) ? null : `browser tests skipped: ${CHROMIUM} is missing (Debian: apt-get install chromium)`;
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The stub of Apps Script's client API: each google.script.run call is recorded in window.__runCalls. */
const GOOGLE_STUB = `
window.__runCalls = [];
(function () {
  function runner(ok, fail) {
    return new Proxy({}, { get: function (_, name) {
      if (name === 'withSuccessHandler') return function (f) { return runner(f, fail); };
      if (name === 'withFailureHandler') return function (f) { return runner(ok, f); };
      if (name === 'withUserObject') return function () { return runner(ok, fail); };
      return function () { window.__runCalls.push({ name: String(name), args: Array.prototype.slice.call(arguments) }); };
    } });
  }
  window.google = { script: { run: runner(), host: { close: function () { window.__runCalls.push({ name: 'host.close', args: [] }); } } } };
})();`;

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions and console errors, as text. */
  errors: string[];
  /** Messages of alert / confirm / prompt dialogs the page opened. */
  dialogs: string[];
  /** google.script.run calls so far. */
  runCalls(): Promise<Array<{ name: string; args: unknown[] }>>;
}

export class Browser {
  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Browser> {
    const { chromium } = await import('playwright-core');
    const profile = mkdtempSync(join(tmpdir(), 'ka-chromium-'));
    // A persistent context is how a fresh --user-data-dir is given; headless adds --headless.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1100, height: 800 },
    });
    await context.route('**/*', (route) => route.abort());
    return new Browser(context, profile);
  }

  /** Opens HTML and waits until it has settled. */
  async open(html: string, viewport = { width: 1100, height: 800 }): Promise<OpenedPage> {
    const page = await this.context.newPage();
    await page.setViewportSize(viewport);
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // Aborted requests (our network block) log "Failed to load resource"; those are the block working, not a script error.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.addInitScript(GOOGLE_STUB);
    // Served as a real navigation (init scripts do not run for setContent); every other request is still aborted.
    await page.route(PAGE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(PAGE_URL, { waitUntil: 'load' });
    // Let handlers of failed loads (an injected onerror) run before anyone looks.
    await page.waitForTimeout(150);
    return {
      page,
      errors,
      dialogs,
      runCalls: () => page.evaluate(() => (globalThis as unknown as { __runCalls: Array<{ name: string; args: unknown[] }> }).__runCalls),
    };
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
