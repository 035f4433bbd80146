/**
 * Every question type through the real UI in headless Chromium: a host (1920x1080) and two
 * phones (390x844) play the all-types fixture deck (single, multi, true/false, and a case study
 * with a match and an order question). Ada answers everything right, matching and ordering with
 * the keyboard only; Bob answers wrong. Each type's phone and projector screens are photographed
 * (test-results/screenshots/types-*) and scanned with axe-core: no serious or critical violations.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApp } from '../../server/app.js';
import type { Deck, DeckQuestion } from '../../shared/deck.js';
import { axeCollect, ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
import { startServer, TEST_DECKS } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
let browser: BrowserSession;

const deck = parse(readFileSync(`${TEST_DECKS}/all-types.yaml`, 'utf8')) as Deck;
const byPrompt = (prompt: string): DeckQuestion => {
  const q = deck.questions.find((x) => x.prompt === prompt);
  if (!q) throw new Error(`no question with prompt ${prompt}`);
  return q;
};

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

/** Presses a key with focus on `locator` (keyboard only, no pointer). */
async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

/** Match with the keyboard: focus each item's list box and arrow down to its partner. */
async function matchByKeyboard(page: Page, pairs: { left: string; right: string }[]): Promise<void> {
  for (const pair of pairs) {
    const select = page.getByLabel(pair.left);
    const choices = (await select.locator('option').allInnerTexts()).map((t) => t.trim());
    const target = choices.indexOf(pair.right);
    expect(target).toBeGreaterThan(0);
    await select.focus();
    await press(page, 'ArrowDown', target);
    expect(await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text)).toBe(pair.right);
  }
  await page.getByRole('button', { name: 'Submit' }).focus();
  await press(page, 'Enter');
}

/** Order with the keyboard: for each place from the top, move the step that belongs there up. */
async function orderByKeyboard(page: Page, steps: string[]): Promise<void> {
  const list = page.getByRole('list').filter({ has: page.getByRole('button', { name: /^Move/ }) });
  for (let i = 0; i < steps.length; i++) {
    const current = (await list.locator('li .text').allInnerTexts()).map((t) => t.trim());
    const from = current.indexOf(steps[i]);
    expect(from).toBeGreaterThanOrEqual(i);
    if (from === i) continue;
    await page.getByRole('button', { name: `Move “${steps[i]}” up` }).focus();
    // Focus stays on the moved step, so Enter keeps moving the same one.
    await press(page, 'Enter', from - i);
  }
  expect((await list.locator('li .text').allInnerTexts()).map((t) => t.trim())).toEqual(steps);
  await page.getByRole('button', { name: 'Submit order' }).focus();
  await press(page, 'Enter');
}

describe('every question type through the real UI', () => {
  it('a host and two phones play single, multi, true/false, match and order', async () => {
    const host = await browser.open('projector', `${url}/host`);
    const hp = host.page;
    await hp.getByRole('radio', { name: /Every question type/ }).check();
    await hp.getByRole('button', { name: 'Create room' }).click();
    const joinUrlText = hp.getByText(/\?pin=\d{6}$/);
    await joinUrlText.waitFor(WAIT);
    const joinUrl = (await joinUrlText.innerText()).trim();

    const phones = [];
    for (const name of ['Ada', 'Bob']) {
      const phone = await browser.open('phone', joinUrl);
      await phone.page.getByLabel('Nickname').fill(name);
      await phone.page.getByRole('button', { name: 'Join' }).click();
      await phone.page.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
      phones.push(phone);
    }
    const [ada, bob] = phones.map((p) => p.page);
    await scan('phone join → lobby', ada);
    await hp.getByRole('button', { name: 'Start game' }).click();

    const seen: string[] = [];
    try {
    for (let i = 0; i < deck.questions.length; i++) {
      await hp.getByText('of 2 answered').waitFor(WAIT);
      const prompt = (await hp.getByRole('heading', { level: 1 }).innerText()).trim();
      const q = byPrompt(prompt);
      seen.push(q.type);
      for (const p of [ada, bob]) await p.getByRole('heading', { name: prompt }).waitFor(WAIT);
      // The get-ready beat (3 s by default): the keyboard below needs answers open, not just shown.
      for (const p of [ada, bob]) await p.locator('section.question[data-open="true"]').waitFor(WAIT);

      if (q.case) {
        // Projector: the case in full. Phone: folded, opens on tap.
        await hp.getByRole('heading', { name: /Case study/ }).waitFor(WAIT);
        const scenario = deck.cases!.find((c) => c.id === q.case)!.scenario;
        expect(await hp.getByText(scenario).isVisible()).toBe(true);
        expect(await ada.getByText(scenario).isVisible()).toBe(false);
        await ada.getByText(/^Case study:/).click();
        expect(await ada.getByText(scenario).isVisible()).toBe(true);
      }

      // Ada answers first; the projector then shows 1 of 2 answered.
      const adaLocked = async () => {
        await ada.getByText('Answer locked').waitFor(WAIT);
        await hp.getByText('1 of 2 answered').waitFor(WAIT);
        await screenshot(hp, `types-projector-${q.type}`);
        await scan(`host ${q.type}`, hp);
        if (q.type !== 'match' && q.type !== 'order') await scan(`phone ${q.type}`, bob);
      };
      switch (q.type) {
        case 'single': {
          const right = q.options.find((o) => o.correct)!.text;
          const wrong = q.options.find((o) => !o.correct)!.text;
          await ada.getByRole('button', { name: right }).click();
          await adaLocked();
          await bob.getByRole('button', { name: wrong }).click();
          break;
        }
        case 'multi': {
          const right = q.options.filter((o) => o.correct).map((o) => o.text);
          const wrong = q.options.filter((o) => !o.correct).map((o) => o.text);
          await ada.getByText(`Choose ${right.length}`).waitFor(WAIT);
          for (const t of right) await ada.getByRole('button', { name: t }).click();
          for (const t of right) expect(await ada.getByRole('button', { name: t }).getAttribute('aria-pressed')).toBe('true');
          await screenshot(ada, 'types-phone-multi');
          await ada.getByRole('button', { name: /^Submit/ }).click();
          await adaLocked();
          for (const t of wrong.slice(0, right.length)) await bob.getByRole('button', { name: t }).click();
          await bob.getByRole('button', { name: /^Submit/ }).click();
          break;
        }
        case 'truefalse': {
          await screenshot(ada, 'types-phone-truefalse');
          await ada.getByRole('button', { name: q.answer ? 'True' : 'False' }).click();
          await adaLocked();
          await bob.getByRole('button', { name: q.answer ? 'False' : 'True' }).click();
          break;
        }
        case 'match': {
          await ada.getByLabel(q.pairs[0].left).waitFor(WAIT);
          await scan('phone match', ada);
          await matchByKeyboard(ada, q.pairs);
          await adaLocked();
          await screenshot(ada, 'types-phone-match');
          // Bob pairs every item with the next item's partner: all wrong.
          for (const [k, pair] of q.pairs.entries()) {
            await bob.getByLabel(pair.left).selectOption({ label: q.pairs[(k + 1) % q.pairs.length].right });
          }
          await bob.getByRole('button', { name: 'Submit' }).click();
          break;
        }
        case 'order': {
          await ada.getByRole('button', { name: /^Move/ }).first().waitFor(WAIT);
          await scan('phone order', ada);
          await orderByKeyboard(ada, q.steps);
          await adaLocked();
          await screenshot(ada, 'types-phone-order');
          await bob.getByRole('button', { name: 'Submit order' }).click();
          break;
        }
      }

      // Both answered: the reveal.
      await ada.getByRole('heading', { name: 'Right!' }).waitFor(WAIT);
      await bob.getByRole('heading', { name: /Not this time|Partly right/ }).waitFor(WAIT);
      await hp.getByRole('button', { name: /leaderboard/i }).waitFor(WAIT);
      if (q.type === 'single' || q.type === 'multi' || q.type === 'truefalse') {
        await hp.getByRole('img', { name: 'correct answer' }).first().waitFor(WAIT);
      }
      await screenshot(bob, `types-phone-reveal-${q.type}`);
      await screenshot(hp, `types-projector-reveal-${q.type}`);
      await scan(`phone reveal ${q.type}`, bob);
      await scan(`host reveal ${q.type}`, hp);

      await hp.getByRole('button', { name: /leaderboard/i }).click();
      await hp.getByRole('heading', { name: 'Leaderboard' }).waitFor(WAIT);
      await hp.getByRole('button', { name: i === deck.questions.length - 1 ? 'Show podium' : 'Next question' }).click();
    }

    } catch (e) {
      await screenshot(hp, 'types-failure-projector');
      await screenshot(ada, 'types-failure-ada');
      await screenshot(bob, 'types-failure-bob');
      throw e;
    }
    expect([...seen].sort()).toEqual(['match', 'multi', 'order', 'single', 'truefalse']);
    // The case's questions come one after the other, in deck order.
    expect(seen.indexOf('order') - seen.indexOf('match')).toBe(1);

    await hp.getByRole('heading', { name: 'Podium' }).waitFor(WAIT);
    await hp.locator('ol[aria-busy="false"]').waitFor(WAIT); // the podium builds up third, second, first
    expect(await hp.getByRole('list').first().getByRole('listitem').first().innerText()).toContain('Ada');
    await ada.getByRole('heading', { name: 'Game over' }).waitFor(WAIT);
    expect(await ada.getByText('1st', { exact: true }).isVisible()).toBe(true);
    expect(await ada.getByText(/5 correct answers/).isVisible()).toBe(true);

    for (const [k, page] of [host, ...phones].entries()) expect(page.errors, `page ${k}`).toEqual([]);
    expect(a11y).toEqual([]);
  }, 120_000);
});
