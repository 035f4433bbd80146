/**
 * The host toolkit through the real UI: the host sets up a game with a topic filter, "fit to
 * reading" time and exam scoring; three phones join (one finds "Host a game" on the front page
 * first); the host pauses and resumes (projector and phones say "Paused"); the host's phone opens
 * the host remote from a one-time QR link and drives the game (skip → phones that had not answered
 * say "Skipped", next, end with a confirmation) while the projector only watches.
 * Screenshots at 390x844, 1280x720 and 1920x1080 go to test-results/screenshots/host-*.png;
 * axe-core finds no serious or critical violation on any new screen.
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { axeCollect, ensureClientBuilt, launchBrowser, screenshot, type BrowserPage, type BrowserSession } from '../helpers/browser.js';
import { correctTextOf, startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
let browser: BrowserSession;

beforeAll(async () => {
  ensureClientBuilt();
  ({ app, url } = await startServer(buildApp));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const WAIT = { timeout: 15_000 };
const a11y: string[] = [];
const scan = (name: string, page: Page): Promise<void> => axeCollect(a11y, name, page);

/** The projector at 1280x720 too (a laptop on a small projector), then back to 1920x1080. */
async function shootBoth(page: Page, name: string): Promise<void> {
  await screenshot(page, `host-${name}-1920`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await screenshot(page, `host-${name}-1280`);
  await page.setViewportSize({ width: 1920, height: 1080 });
}

describe('the host runs the room', () => {
  it('topic filter, fit-to-reading time, exam scoring, pause, host remote, skip, end with confirmation', async () => {
    // ---------------------------------------------------------------- the front page offers hosting
    const front = await browser.open('phone', `${url}/`);
    const hostLink = front.page.getByRole('link', { name: 'Host a game' });
    await hostLink.waitFor(WAIT);
    expect(await hostLink.getAttribute('href')).toBe('/host');
    await scan('front page', front.page);
    await screenshot(front.page, 'host-front-page-phone');

    // ---------------------------------------------------------------- setup
    const host = await browser.open('projector', `${url}/host`);
    const hp = host.page;
    await hp.getByRole('heading', { name: /Host a Cram Night/ }).waitFor(WAIT);
    await hp.getByRole('radio', { name: /Test deck/ }).check();
    await hp.getByRole('radio', { name: /Exam/ }).check();
    await hp.getByRole('checkbox', { name: /Orchestration/ }).check();
    expect(await hp.getByLabel('Time per question').inputValue()).toBe('fit');
    await hp.getByLabel('Number of questions').fill('');
    await scan('host setup', hp);
    await shootBoth(hp, 'setup');
    await hp.getByRole('button', { name: 'Create room' }).click();

    // ---------------------------------------------------------------- lobby shows the settings
    const settings = hp.getByRole('list', { name: 'Game settings' });
    await settings.waitFor(WAIT);
    const text = await settings.innerText();
    expect(text).toContain('2 questions');
    expect(text).toContain('Exam scoring');
    expect(text).toContain('Topics: Orchestration');
    expect(text).toContain('Time fits each question’s reading');
    const joinUrl = (await hp.getByText(/\?pin=\d{6}$/).innerText()).trim();

    const names = ['Ada', 'Grace', 'Linus'];
    const phones: BrowserPage[] = [];
    for (const name of names) {
      const phone = await browser.open('phone', joinUrl);
      await phone.page.getByLabel('Nickname').fill(name);
      await phone.page.getByRole('button', { name: 'Join' }).click();
      await phone.page.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
      phones.push(phone);
    }
    const [ada, grace, linus] = phones.map((p) => p.page);
    const lobbyList = hp.getByRole('list', { name: 'Players in the lobby' });
    for (const name of names) await lobbyList.getByText(name, { exact: true }).waitFor(WAIT);
    await scan('host lobby', hp);
    await shootBoth(hp, 'lobby');

    // ---------------------------------------------------------------- pause and resume
    await hp.getByRole('button', { name: 'Start game' }).click();
    await hp.getByText('of 3 answered').waitFor(WAIT);
    const prompt1 = (await hp.getByRole('heading', { level: 1 }).innerText()).trim();
    for (const p of phones) await p.page.getByRole('heading', { name: prompt1 }).waitFor(WAIT);
    await hp.getByRole('button', { name: /Pause/ }).click();
    await hp.getByText('Paused', { exact: true }).first().waitFor(WAIT);
    for (const p of phones) await p.page.getByText(/Paused by the host/).waitFor(WAIT);
    await scan('host paused', hp);
    await scan('phone paused', ada);
    await shootBoth(hp, 'paused');
    await screenshot(ada, 'host-phone-paused');
    // A tap while paused is refused in words; nothing is recorded.
    await ada.getByRole('button', { name: correctTextOf(prompt1) }).click();
    await ada.getByText(/paused — answer again/).waitFor(WAIT);
    await hp.getByRole('button', { name: /Resume/ }).click();
    for (const p of phones) await p.page.getByText(/Paused by the host/).waitFor({ state: 'detached', ...WAIT });
    await ada.getByRole('button', { name: correctTextOf(prompt1) }).click();
    await ada.getByText('Answer locked').waitFor(WAIT);
    // The projector's answered count comes with host:presence (the host gets no game:progress).
    await hp.locator('p.answered strong').filter({ hasText: /^1$/ }).waitFor(WAIT);
    await shootBoth(hp, 'answered-count');

    // Presence: the players panel lists who is connected and who has answered.
    await hp.getByRole('button', { name: /^Players/ }).click();
    const panel = hp.getByRole('complementary', { name: 'Players' });
    await panel.getByText('✓ answered').waitFor(WAIT);
    expect(await panel.getByText('… not yet').count()).toBe(2);
    await scan('host players panel', hp);
    await shootBoth(hp, 'players-panel');
    await panel.getByRole('button', { name: 'Close' }).click();

    // ---------------------------------------------------------------- host remote on the host's phone
    await hp.getByRole('button', { name: 'Host remote' }).click();
    const dialog = hp.getByRole('dialog', { name: /Control the game from your phone/ });
    await dialog.getByRole('img', { name: /QR code/ }).locator('svg').waitFor(WAIT);
    const remoteUrl = (await dialog.getByText(/\/host\/remote\?pin=/).innerText()).trim();
    await scan('host remote QR', hp);
    await dialog.getByRole('button', { name: /Done/ }).click();
    const remote = await browser.open('phone', remoteUrl);
    const rp = remote.page;
    await rp.getByRole('heading', { name: 'Question 1 of 2' }).waitFor(WAIT);
    expect(rp.url()).not.toContain('#');
    await scan('remote question', rp);
    await screenshot(rp, 'host-remote-question');
    await rp.getByRole('button', { name: 'Skip question' }).click();
    // Ada answered; Grace and Linus had not: their phones say "Skipped".
    await ada.getByRole('heading', { name: 'Right!' }).waitFor(WAIT);
    await grace.getByRole('heading', { name: 'Skipped' }).waitFor(WAIT);
    await linus.getByRole('heading', { name: 'Skipped' }).waitFor(WAIT);
    await screenshot(grace, 'host-phone-skipped');
    await scan('phone skipped', grace);
    await shootBoth(hp, 'reveal');
    // The projector's reveal stays readable at 1280x720: every why line and the explanation at 20 px or
    // more after any fit-to-window zoom, and the correct answer on screen.
    await hp.setViewportSize({ width: 1280, height: 720 });
    await hp.waitForTimeout(300);
    const sizes = await hp.evaluate(() => {
      const section = document.querySelector('section.hr') as HTMLElement;
      const zoom = Number(section.style.zoom || '1');
      const texts = Array.from(section.querySelectorAll('.why, .explanation p')) as HTMLElement[];
      const tick = section.querySelector('[aria-label="correct answer"]')!.getBoundingClientRect();
      return { min: Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom)), count: texts.length, tickBottom: tick.bottom * zoom };
    });
    expect(sizes.count).toBeGreaterThan(1);
    expect(sizes.min).toBeGreaterThanOrEqual(20);
    expect(sizes.tickBottom).toBeLessThanOrEqual(720);
    await hp.setViewportSize({ width: 1920, height: 1080 });
    await rp.getByRole('heading', { name: 'Showing the answer' }).waitFor(WAIT);
    await rp.getByRole('button', { name: 'Next' }).click();
    await hp.getByRole('heading', { name: 'Leaderboard' }).waitFor(WAIT);
    await rp.getByRole('button', { name: 'Next' }).click();
    await rp.getByRole('heading', { name: 'Question 2 of 2' }).waitFor(WAIT);
    const prompt2 = (await hp.getByRole('heading', { level: 1 }).innerText()).trim();
    await shootBoth(hp, 'question');
    await ada.getByRole('button', { name: correctTextOf(prompt2) }).click();
    await ada.getByText('Answer locked').waitFor(WAIT);

    // ---------------------------------------------------------------- end, with a confirmation
    await rp.getByRole('button', { name: 'End game…' }).click();
    const confirm = rp.getByRole('alertdialog', { name: 'End the game for everyone?' });
    await confirm.getByText(/will not be scored/).waitFor(WAIT);
    await scan('remote end confirmation', rp);
    await screenshot(rp, 'host-remote-confirm-end');
    await confirm.getByRole('button', { name: 'Keep playing' }).click();
    expect(await hp.getByText('of 3 answered').isVisible()).toBe(true);
    await rp.getByRole('button', { name: 'End game…' }).click();
    await rp.getByRole('alertdialog').getByRole('button', { name: 'End game' }).click();
    await hp.getByRole('heading', { name: 'Podium' }).waitFor(WAIT);
    for (const p of phones) await p.page.getByRole('heading', { name: 'Game over' }).waitFor(WAIT);
    await rp.getByRole('heading', { name: 'Game over' }).waitFor(WAIT);
    await shootBoth(hp, 'podium');

    for (const [i, page] of [front, host, ...phones, remote].entries()) expect(page.errors, `page ${i}`).toEqual([]);
    expect(a11y).toEqual([]);
  }, 150_000);

  it('auto-advance runs a game with no host action, then the same players play again', async () => {
    const host = await browser.open('projector', `${url}/host`);
    const hp = host.page;
    await hp.getByRole('heading', { name: /Host a Cram Night/ }).waitFor(WAIT);
    await hp.getByRole('radio', { name: /Test deck/ }).check();
    await hp.getByLabel('Number of questions').fill('1');
    await hp.getByRole('checkbox', { name: /Run by itself/ }).check();
    await hp.getByLabel('Show each answer for (s)').fill('3');
    await hp.getByLabel('Show the leaderboard for (s)').fill('3');
    await hp.getByRole('button', { name: 'Create room' }).click();
    await hp.getByRole('list', { name: 'Game settings' }).getByText(/Runs by itself \(3 s answer, 3 s leaderboard\)/).waitFor(WAIT);
    const joinUrl = (await hp.getByText(/\?pin=\d{6}$/).innerText()).trim();
    const phone = await browser.open('phone', joinUrl);
    const ada = phone.page;
    await ada.getByLabel('Nickname').fill('Ada');
    await ada.getByRole('button', { name: 'Join' }).click();
    await ada.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
    await hp.getByRole('button', { name: 'Start game' }).click();
    const prompt = (await ada.locator('#prompt').innerText()).trim(); // after the get-ready beat
    await ada.getByRole('button', { name: correctTextOf(prompt) }).click();
    // From here on the host touches nothing: reveal → (countdown) → leaderboard → podium.
    await hp.getByText(/Leaderboard in \d+ s/).waitFor(WAIT);
    await scan('host auto-advance reveal', hp);
    await screenshot(hp, 'host-auto-advance-1920');
    await hp.getByRole('heading', { name: 'Leaderboard' }).waitFor(WAIT);
    await hp.getByRole('heading', { name: 'Podium' }).waitFor(WAIT);
    await ada.getByRole('heading', { name: 'Game over' }).waitFor(WAIT);
    // Play again: the same room, Ada back in the lobby at 0.
    await hp.getByRole('button', { name: 'Play again with the same players' }).click();
    await hp.getByRole('list', { name: 'Players in the lobby' }).getByText('Ada', { exact: true }).waitFor(WAIT);
    await ada.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
    expect(await ada.locator('header').innerText()).toContain('0 pts');
    for (const [i, page] of [host, phone].entries()) expect(page.errors, `page ${i}`).toEqual([]);
    expect(a11y).toEqual([]);
  }, 60_000);
});
