/**
 * Headless Debian Chromium driven by playwright-core, for the browser tests.
 * Never downloads a browser: it uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 * Every page gets its own browser context, so each phone has its own localStorage, as real phones do.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export const PHONE = { width: 390, height: 844 } as const;
export const PROJECTOR = { width: 1920, height: 1080 } as const;
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** Builds the client if dist/client is missing (the test command normally builds it first). */
export function ensureClientBuilt(): void {
  if (existsSync('dist/client/index.html')) return;
  execFileSync('npx', ['vite', 'build', '--config', 'client/vite.config.ts'], { stdio: 'inherit' });
}

export interface BrowserPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors and console errors seen on this page. */
  errors: string[];
}

export interface BrowserSession {
  /** A phone (390x844, touch) or a projector (1920x1080) page, each in its own context. */
  open(kind: 'phone' | 'projector', url: string): Promise<BrowserPage>;
  close(): Promise<void>;
}

/**
 * One Chromium process for a test file. chromium.launch gives it a fresh temporary profile
 * (user-data-dir) that Playwright deletes on close; each page then gets its own browser
 * context, so phones share nothing, not even storage.
 */
export async function launchBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];

  return {
    async open(kind, url) {
      const phone = kind === 'phone';
      const context = await browser.newContext({
        viewport: phone ? PHONE : PROJECTOR,
        deviceScaleFactor: phone ? 2 : 1,
        isMobile: phone,
        hasTouch: phone,
        locale: 'en-US',
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      // Anything the Content-Security-Policy blocks (an inline script or style) is an error too.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(url);
      return { page, context, errors };
    },
    async close() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  const axe = (await import('axe-core')).default;
  // Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP forbids those.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
      };
    };
    const res = await w.axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Runs axe-core on the page and adds each serious or critical violation to `into` as one line naming `screen`. */
export async function axeCollect(into: string[], screen: string, page: Page): Promise<void> {
  for (const v of await axeScan(page)) into.push(`${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.slice(0, 3).join(', ')}`);
}
