/**
 * Game feel on the projector, in headless Chromium with bots as players: the lobby fills (a few
 * names, then a class, then a big room) and stays inside the screen with the PIN and QR on top, also
 * at 390 px wide; the reveal's bars grow and the right answer gets its moment; the leaderboard rows
 * move from their old places; the podium builds third, second, first. The same game with reduced
 * motion reaches each final state at once, with no animation running. Screenshots at 1920x1080 and
 * 1280x720 (lobby also 390x844) go to test-results/screenshots/feel-*.png; axe-core on every screen.
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { HostAuth, HostState, QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { axeCollect, ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
import { correctTextOf, startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
let browser: BrowserSession;
const bots: Bot[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  ({ app, url } = await startServer(buildApp, { publicUrl: 'http://cram.example.org' }));
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const b of bots) b.close();
  await browser?.close();
  await app?.close();
});

const WAIT = { timeout: 15_000 };
const a11y: string[] = [];
const scan = (name: string, page: Page): Promise<void> => axeCollect(a11y, name, page);

let address = 0;
/** A bot on its own loopback address (the per-address join limit counts 30 a minute). */
async function bot(): Promise<Bot> {
  const b = new Bot(url, { localAddress: `127.0.9.${1 + (Math.floor(address++ / 20) % 250)}` });
  bots.push(b);
  await b.connected();
  return b;
}

async function shoot(page: Page, name: string, sizes: { width: number; height: number }[] = [{ width: 1280, height: 720 }]): Promise<void> {
  await screenshot(page, `feel-${name}-1920`);
  for (const s of sizes) {
    await page.setViewportSize(s);
    await page.waitForTimeout(100);
    await screenshot(page, `feel-${name}-${s.width}`);
  }
  await page.setViewportSize({ width: 1920, height: 1080 });
}

/** Animations running on the page (CSS, transitions, Svelte's Web Animations). */
const running = (page: Page) => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
/**
 * Animations that take time to reach their end state: running ones lasting over 1 ms (delay included). The
 * reduced-motion stylesheet (client/src/app.css) cuts every CSS transition and animation to 0.01 ms, so a
 * style change still makes a CSSTransition that is "running" until the next frame ticks; on a loaded machine
 * a check can land before that tick (it did: 398 of them at a reveal). Those end in the next frame, so they
 * are not motion; anything a screen really animates is over 1 ms and is counted, by name.
 */
const moving = (page: Page) =>
  page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => a.playState === 'running' && Number(a.effect?.getComputedTiming().endTime ?? 0) > 1)
      .map((a) => `${a.constructor.name} ${(a as CSSTransition).transitionProperty ?? (a as CSSAnimation).animationName ?? a.id}`),
  );

/** A room made by a host bot, shown on a projector page that resumes it. */
async function room(opts: { reduced: boolean; intro?: number }): Promise<{ host: Bot; auth: HostAuth; pj: Page }> {
  const host = await bot();
  const create = { deckId: 'test-deck', scoring: 'classic', introSeconds: opts.intro ?? 0 };
  const created = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', create));
  const auth = { pin: created.state.pin, hostToken: created.hostToken };
  const projector = await browser.open('projector', `${url}/`);
  const pj = projector.page;
  // Counts the tones the host screen synthesizes (the sound test listens without speakers).
  await pj.addInitScript(() => {
    const w = window as unknown as { __osc: number };
    w.__osc = 0;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.__osc++;
      return create.call(this);
    };
  });
  if (opts.reduced) await pj.emulateMedia({ reducedMotion: 'reduce' });
  await pj.evaluate((a) => localStorage.setItem('cramnight:host', JSON.stringify(a)), auth);
  await pj.goto(`${url}/host`);
  await pj.getByText(auth.pin, { exact: true }).first().waitFor(WAIT);
  return { host, auth, pj };
}

async function join(pin: string, names: string[]): Promise<Bot[]> {
  const out: Bot[] = [];
  for (const nickname of names) {
    const b = await bot();
    expectOk(await b.call('player:join', { pin, nickname }));
    out.push(b);
  }
  return out;
}

/**
 * Who answers right, and after how long (ms), per question; anyone missing answers wrong at once.
 * Q1: Ana and Eve miss; Q2: Ana answers first, Ben and Dev miss, so Ana overtakes Dev and Ben.
 */
const SCRIPT: Record<string, number>[] = [
  { Chloé: 0, Dev: 600, Ben: 1200 },
  { Ana: 0, Chloé: 300, Eve: 900 },
  { Ana: 0, Chloé: 0, Dev: 0, Eve: 0 },
];
const PLAYERS = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eve'];

/** `during` runs in the question's get-ready beat; the bots answer once answers open (openedAt). */
async function playQuestion(q: number, host: Bot, auth: HostAuth, players: Bot[], during?: (v: QuestionView) => Promise<void>): Promise<void> {
  const opened = players[0].next<QuestionView>('game:question', (v) => v.index === q);
  expectOk(await host.call(q === 0 ? 'host:start' : 'host:next', auth));
  const view = await opened;
  const arrived = Date.now();
  await during?.(view);
  const wait = view.openedAt - view.serverNow - (Date.now() - arrived) + 100;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const right = correctTextOf(view.prompt);
  const pick = (ok: boolean) => view.options!.find((o) => (o.text === right) === ok)!.id;
  await Promise.all(
    PLAYERS.map(async (name, i) => {
      const delay = SCRIPT[q][name];
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const answer = { type: 'single', option: pick(delay !== undefined) };
      expectOk(await players[i].call('player:answer', { pin: auth.pin, index: q, answer }));
    }),
  );
}

describe('game feel on the projector', () => {
  it('lobby: names arrive, a class fits in columns, a big room shows a count with the latest names', async () => {
    const { auth, pj } = await room({ reduced: false });
    await join(auth.pin, PLAYERS);
    const names = pj.getByRole('list', { name: 'Players in the lobby' });
    for (const n of PLAYERS) await names.getByText(n, { exact: true }).waitFor(WAIT);
    await pj.waitForTimeout(600);
    await scan('lobby', pj);
    await shoot(pj, 'lobby', [{ width: 1280, height: 720 }, { width: 390, height: 844 }]);
    // A phone-sized host screen: nothing sticks out sideways (it used to).
    await pj.setViewportSize({ width: 390, height: 844 });
    expect(await pj.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await scan('lobby 390', pj);
    await pj.setViewportSize({ width: 1920, height: 1080 });

    // Sound: off by default (nothing synthesized); on, the lobby loop plays and a volume slider shows.
    const oscillators = () => pj.evaluate(() => (window as unknown as { __osc?: number }).__osc ?? 0);
    await pj.waitForTimeout(300);
    expect(await oscillators()).toBe(0);
    await pj.getByRole('button', { name: 'Sound off' }).click();
    const volume = pj.getByRole('slider', { name: 'Volume' });
    await volume.fill('40');
    expect(await pj.evaluate(() => localStorage.getItem('cramnight:volume'))).toBe('0.4');
    await expect.poll(oscillators).toBeGreaterThan(2);
    await pj.getByRole('button', { name: 'Sound on' }).click();
    expect(await volume.count()).toBe(0);

    const fitsOnScreen = () =>
      pj.evaluate(() => {
        const items = Array.from(document.querySelectorAll('[aria-label="Players in the lobby"] li'));
        // Above the host's docked controls, without scrolling.
        const dock = document.querySelector('[data-dock-bottom]')?.getBoundingClientRect().top ?? window.innerHeight;
        return Math.max(...items.map((li) => li.getBoundingClientRect().bottom)) <= dock;
      });
    await join(auth.pin, Array.from({ length: 39 }, (_, i) => `Student ${i + 1}`));
    await names.getByText('Student 39', { exact: true }).waitFor(WAIT);
    await pj.waitForTimeout(600);
    await shoot(pj, 'lobby-class');
    expect(await fitsOnScreen()).toBe(true);
    await pj.setViewportSize({ width: 1280, height: 720 });
    expect(await fitsOnScreen()).toBe(true);
    await pj.setViewportSize({ width: 1920, height: 1080 });

    await join(auth.pin, Array.from({ length: 100 }, (_, i) => `Late ${i + 1}`));
    await pj.getByText(/and \d+ more/).waitFor(WAIT);
    await pj.getByText('Late 100', { exact: true }).waitFor(WAIT);
    await pj.waitForTimeout(600);
    expect(await pj.getByText('and 112 more').count()).toBe(1);
    await shoot(pj, 'lobby-big');
    expect(await fitsOnScreen()).toBe(true);
    await scan('lobby big room', pj);
  });

  it('the host picks the get-ready beat at setup, and the lobby says it', async () => {
    const setup = await browser.open('projector', `${url}/host`);
    const p = setup.page;
    await p.getByRole('heading', { name: /Host a Cram Night/ }).waitFor(WAIT);
    await p.getByRole('radio', { name: /Test deck/ }).check();
    const intro = p.getByLabel('Get ready before each question');
    expect(await intro.inputValue()).toBe('3');
    await intro.selectOption('5');
    await scan('setup', p);
    await p.getByRole('button', { name: 'Create room' }).click();
    const settings = p.getByRole('list', { name: 'Game settings' });
    await settings.waitFor(WAIT);
    expect(await settings.innerText()).toContain('5 s to get ready before each question');
    await setup.context.close();
  });

  it('reveal, leaderboard and podium move; the right answer, the overtake and the winner get their moment', async () => {
    const { host, auth, pj } = await room({ reduced: false, intro: 3 });
    const players = await join(auth.pin, PLAYERS);
    await pj.getByRole('list', { name: 'Players in the lobby' }).getByText('Eve', { exact: true }).waitFor(WAIT);

    for (let q = 0; q < 3; q++) {
      const revealed = host.next('game:reveal');
      await playQuestion(q, host, auth, players, async (view) => {
        // The get-ready beat: number, topic, kind of question, a countdown; no prompt yet.
        const intro = pj.getByRole('region', { name: 'Get ready' });
        await intro.waitFor(WAIT);
        expect(await intro.innerText()).toContain(`Question ${q + 1} of 3`);
        expect(await intro.getByText('Pick one answer').count()).toBe(1);
        expect(await pj.getByRole('heading', { name: view.prompt }).count()).toBe(0);
        if (q === 1) {
          await scan('intro', pj);
          await shoot(pj, 'intro');
        }
      });
      // Answers open on the server's openedAt: the prompt is there, the beat is gone.
      await pj.getByRole('heading', { level: 1 }).waitFor(WAIT);
      expect(await pj.getByRole('region', { name: 'Get ready' }).count()).toBe(0);
      await revealed;
      const tick = pj.getByRole('img', { name: 'correct answer' });
      await tick.waitFor({ state: 'attached', ...WAIT });
      if (q === 1) {
        // Bars grow, then the right answer lands: something is moving at first.
        expect(await running(pj)).toBeGreaterThan(0);
        await pj.waitForTimeout(1500);
        expect(await running(pj)).toBe(0);
        await scan('reveal', pj);
        await shoot(pj, 'reveal');
      }
      const board = host.next('game:leaderboard');
      expectOk(await host.call('host:next', auth));
      await board;
      await pj.getByRole('heading', { name: 'Leaderboard' }).waitFor(WAIT);
      if (q === 1) {
        // Old order first (Ana 4th), then the rows move: Ana ends 2nd, and it is called out.
        const first = await pj.locator('ol.list li .name').allInnerTexts();
        expect(first.indexOf('Ana')).toBeGreaterThan(1);
        const highlights = pj.getByRole('list', { name: 'Highlights' });
        await highlights.getByText(/Ana overtakes/).waitFor(WAIT);
        await pj.waitForTimeout(700);
        const after = await pj.locator('ol.list li .name').allInnerTexts();
        expect(after.slice(0, 2)).toEqual(['Chloé', 'Ana']);
        expect(await pj.getByText('up 2 places').count()).toBe(1);
        expect(await running(pj)).toBe(0);
        await scan('leaderboard', pj);
        await shoot(pj, 'leaderboard');
      }
    }

    await pj.getByRole('list', { name: 'Highlights' }).getByText('Chloé: 3 in a row').waitFor(WAIT);

    const podium = host.next('game:podium');
    expectOk(await host.call('host:next', auth));
    await podium;
    await pj.getByRole('heading', { name: 'Podium' }).waitFor(WAIT);
    const steps = pj.locator('ol.steps');
    // Third place first; the winner is not shown yet.
    expect(await steps.getAttribute('aria-busy')).toBe('true');
    expect(await pj.locator('.place.shown').count()).toBeLessThan(3);
    await screenshot(pj, 'feel-podium-step1-1920');
    await pj.locator('.place-2.shown').waitFor(WAIT);
    await screenshot(pj, 'feel-podium-step2-1920');
    // Busy until the winner has landed; then nothing moves any more.
    await pj.locator('ol.steps[aria-busy="false"]').waitFor(WAIT);
    expect(await running(pj)).toBe(0);
    expect(await pj.locator('.place.shown').count()).toBe(3);
    expect(await pj.locator('.place-1 .name').innerText()).toBe('Chloé');
    await scan('podium', pj);
    await shoot(pj, 'podium');
  });

  it('with reduced motion every screen is in its final state at once, nothing animates', async () => {
    const { host, auth, pj } = await room({ reduced: true, intro: 1 });
    const players = await join(auth.pin, PLAYERS);
    await pj.getByRole('list', { name: 'Players in the lobby' }).getByText('Eve', { exact: true }).waitFor(WAIT);
    expect(await pj.locator('.count [aria-hidden="true"]').innerText()).toBe('5');
    expect(await moving(pj)).toEqual([]);

    for (let q = 0; q < 3; q++) {
      const revealed = host.next('game:reveal');
      await playQuestion(q, host, auth, players, async () => {
        await pj.getByRole('region', { name: 'Get ready' }).waitFor(WAIT);
        expect(await moving(pj)).toEqual([]);
      });
      await revealed;
      await pj.getByRole('img', { name: 'correct answer' }).waitFor(WAIT);
      await pj.evaluate(() => new Promise(requestAnimationFrame));
      expect(await moving(pj)).toEqual([]);
      const board = host.next('game:leaderboard');
      expectOk(await host.call('host:next', auth));
      await board;
      await pj.getByRole('heading', { name: 'Leaderboard' }).waitFor(WAIT);
      await pj.evaluate(() => new Promise(requestAnimationFrame));
      if (q === 1) {
        // The new order and the callouts at once.
        expect((await pj.locator('ol.list li .name').allInnerTexts()).slice(0, 2)).toEqual(['Chloé', 'Ana']);
        expect(await pj.getByRole('list', { name: 'Highlights' }).getByText(/Ana overtakes/).count()).toBe(1);
      }
      expect(await moving(pj)).toEqual([]);
    }
    const podium = host.next('game:podium');
    expectOk(await host.call('host:next', auth));
    await podium;
    await pj.getByRole('heading', { name: 'Podium' }).waitFor(WAIT);
    await pj.evaluate(() => new Promise(requestAnimationFrame));
    expect(await pj.locator('ol.steps').getAttribute('aria-busy')).toBe('false');
    expect(await pj.locator('.place.shown').count()).toBe(3);
    expect(await pj.evaluate(() => document.getAnimations().length)).toBe(0);
    await screenshot(pj, 'feel-podium-reduced-1920');
    expect(a11y).toEqual([]);
  });
});
