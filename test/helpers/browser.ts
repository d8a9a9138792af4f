// A headless Debian Chromium driven by playwright-core, for the editor tests. Requests to any host
// but 127.0.0.1 are refused (the editor must work offline; the machine has no network anyway), the
// page's console and errors are kept for failure messages, and screenshots go to
// test-output/screenshots/ (git-ignored).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './node-red-process';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export class BrowserSession {
  readonly console: string[] = [];
  readonly blocked: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (msg) => this.console.push(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => this.console.push(`[pageerror] ${err.message}`));
    page.on('requestfailed', (req) => {
      if (!this.blocked.includes(req.url())) this.console.push(`[requestfailed] ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}`);
    });
  }

  static async open(): Promise<BrowserSession> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (see the apt-get lines of .ci/run)`);
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    try {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US' });
      const session = new BrowserSession(browser, context, await context.newPage());
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
        session.blocked.push(url.href);
        return route.abort('blockedbyclient');
      });
      return session;
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  /** Saves a full-page screenshot as test-output/screenshots/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  /** The page's console, page errors and refused requests, for a failure message. */
  report(lines = 80): string {
    const consoleText = this.console.slice(-lines).join('\n') || '(empty)';
    const blocked = this.blocked.length ? `\n--- requests refused (not 127.0.0.1) ---\n${this.blocked.join('\n')}` : '';
    return `--- browser console, last ${lines} lines ---\n${consoleText}${blocked}`;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
