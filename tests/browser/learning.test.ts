/**
 * Learning after the game through the real UI in headless Chromium: after a 3-phone game (one phone in
 * the browser, two bots) the projector opens the report from the podium and downloads the CSV; the
 * browser phone reviews its misses and practises them; solo practice from the front page runs to its
 * result page and its weak spots. Screenshots at 390x844, 1280x720 and 1920x1080 go to
 * test-results/screenshots/; axe-core finds no serious or critical violation on any new screen.
 */
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { HostState, QuestionView } from '../../shared/protocol.js';
import { Bot, expectOk } from '../helpers/bot.js';
import { axeCollect, ensureClientBuilt, launchBrowser, screenshot, type BrowserSession } from '../helpers/browser.js';
import { correctTextOf, startServer } from '../helpers/server.js';

let app: FastifyInstance;
let url: string;
let browser: BrowserSession;
const bots: Bot[] = [];

beforeAll(async () => {
  ensureClientBuilt();
  ({ app, url } = await startServer(buildApp));
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

async function bot(): Promise<Bot> {
  const b = new Bot(url);
  bots.push(b);
  await b.connected();
  return b;
}

/** Answers the phone's open question by tapping the option with the right (or a wrong) text. */
async function tapAnswer(phone: Page, right: boolean): Promise<void> {
  const prompt = (await phone.getByRole('heading', { level: 1 }).innerText()).trim();
  const correct = correctTextOf(prompt);
  const buttons = phone.getByRole('list').first().getByRole('button');
  await buttons.first().waitFor(WAIT);
  const texts = await buttons.allInnerTexts();
  const i = texts.findIndex((t) => t.includes(correct) === right);
  await buttons.nth(i).click();
}

describe('after the game, and practising alone', () => {
  it('report on the projector, review and practice on the phone, solo practice from the front page', async () => {
    // ------------------------------------------------------------ a 3-phone game
    const host = await bot();
    const created = expectOk(await host.call<{ hostToken: string; state: HostState }>('host:create', { deckId: 'test-deck', scoring: 'exam' }));
    const auth = { pin: created.state.pin, hostToken: created.hostToken };
    const projector = await browser.open('projector', `${url}/`);
    const pj = projector.page;
    await pj.evaluate((a) => localStorage.setItem('cramnight:host', JSON.stringify(a)), auth);
    await pj.goto(`${url}/host`);
    await pj.getByText(auth.pin, { exact: true }).first().waitFor(WAIT);

    const phone = await browser.open('phone', `${url}/?pin=${auth.pin}`);
    const ph = phone.page;
    await ph.getByLabel('Nickname').fill('Ada');
    await ph.getByRole('button', { name: 'Join' }).click();
    await ph.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
    const bo = await bot();
    const cy = await bot();
    expectOk(await bo.call('player:join', { pin: auth.pin, nickname: 'Bo' }));
    expectOk(await cy.call('player:join', { pin: auth.pin, nickname: '=Cy, "C"' }));

    for (let q = 0; q < 3; q++) {
      const opened = bo.next<QuestionView>('game:question', (v) => v.index === q);
      expectOk(await host.call(q === 0 ? 'host:start' : 'host:next', auth));
      const view = await opened;
      await ph.getByRole('heading', { name: view.prompt }).waitFor(WAIT);
      const revealed = host.next('game:reveal');
      await tapAnswer(ph, q !== 0); // Ada misses the first question
      const pick = (right: boolean) => view.options!.find((o) => (o.text === correctTextOf(view.prompt)) === right)!.id;
      expectOk(await bo.call('player:answer', { pin: auth.pin, index: q, answer: { type: 'single', option: pick(true) } }));
      expectOk(await cy.call('player:answer', { pin: auth.pin, index: q, answer: { type: 'single', option: pick(false) } }));
      await revealed;
      expectOk(await host.call('host:next', auth));
    }
    const ended = host.next('game:podium');
    expectOk(await host.call('host:next', auth));
    await ended;

    // ------------------------------------------------------------ the projector: podium -> report
    const open = pj.getByRole('link', { name: 'Open the report' });
    await open.waitFor(WAIT);
    await open.click();
    await pj.getByRole('heading', { name: /^Report · / }).waitFor(WAIT);
    expect(pj.url()).toMatch(/\/report\/[A-Za-z0-9_-]{43}$/);
    const topics = pj.getByRole('list', { name: 'Share of credit per topic' });
    await topics.waitFor(WAIT);
    expect(await topics.getByRole('listitem').count()).toBe(2);
    await screenshot(pj, 'projector-report');
    await scan('projector report', pj);
    // The hardest question opens with its explanation.
    const first = pj.getByRole('group').first();
    await first.locator('summary').click();
    await first.getByText('Why:').waitFor(WAIT);
    await screenshot(pj, 'projector-report-question');
    await scan('projector report question', pj);
    await pj.setViewportSize({ width: 1280, height: 720 });
    await screenshot(pj, 'laptop-report');
    await scan('laptop report', pj);
    // The CSV download parses back: 3 players x 3 questions, Cy's formula neutralised.
    const [download] = await Promise.all([pj.waitForEvent('download'), pj.getByRole('link', { name: 'Download CSV' }).click()]);
    const rows = parse(await readFile((await download.path())!, 'utf8'), { bom: true }) as string[][];
    expect(rows).toHaveLength(1 + 9);
    expect(rows.filter((r) => r[0] === `'=Cy, "C"`)).toHaveLength(3);

    // "New game" keeps the report within reach: the setup lists it.
    const reportUrl = pj.url();
    await pj.goto(`${url}/host`);
    await pj.getByRole('button', { name: 'New game' }).click();
    const recent = pj.getByRole('region', { name: 'Reports of your recent games' });
    await recent.getByRole('link', { name: /^Test deck · / }).waitFor(WAIT);
    expect(await recent.getByRole('link').first().getAttribute('href')).toBe(new URL(reportUrl).pathname);

    // ------------------------------------------------------------ the phone: review -> practise my misses
    await ph.getByRole('heading', { name: 'Game over' }).waitFor(WAIT);
    await ph.getByRole('heading', { name: 'Your review' }).waitFor(WAIT);
    await ph.getByRole('heading', { name: 'Missed or partly right (1)' }).waitFor(WAIT);
    await ph.getByRole('heading', { name: 'Your review' }).scrollIntoViewIfNeeded();
    await screenshot(ph, 'phone-review');
    await ph.getByRole('group').first().locator('summary').click();
    await ph.getByText('Why:').first().waitFor(WAIT);
    await screenshot(ph, 'phone-review-open');
    await scan('phone review', ph);
    await ph.getByRole('link', { name: 'Practise my misses' }).click();
    await ph.getByText('Question 1 of 1').waitFor(WAIT);
    await screenshot(ph, 'phone-practice-question');
    await scan('phone practice question', ph);
    await tapAnswer(ph, true);
    await ph.getByRole('status').getByText('Right').waitFor(WAIT);
    await screenshot(ph, 'phone-practice-feedback');
    await scan('phone practice feedback', ph);
    await ph.getByRole('button', { name: 'See my results' }).click();
    await ph.getByRole('heading', { name: '1 of 1 right' }).waitFor(WAIT);

    // ------------------------------------------------------------ solo practice from the front page
    const solo = await browser.open('phone', `${url}/`);
    const sp = solo.page;
    await sp.getByRole('link', { name: 'Practise alone' }).click();
    await sp.getByRole('heading', { name: 'Practise alone' }).waitFor(WAIT);
    await sp.getByRole('button', { name: 'Start practising' }).waitFor(WAIT);
    await sp.getByLabel('Deck').selectOption('test-deck');
    await sp.getByRole('checkbox', { name: 'Inference options' }).waitFor(WAIT);
    await screenshot(sp, 'phone-practice-setup');
    await scan('phone practice setup', sp);
    await sp.getByRole('button', { name: 'Start practising' }).click();
    for (let i = 0; i < 3; i++) {
      await sp.getByText(`Question ${i + 1} of 3`).waitFor(WAIT);
      if (i === 1) {
        // A reload mid-round comes back to the same question.
        await sp.reload();
        await sp.getByText('Question 2 of 3').waitFor(WAIT);
      }
      await tapAnswer(sp, i !== 0);
      await sp.getByRole('button', { name: i === 2 ? 'See my results' : 'Next question' }).click();
    }
    await sp.getByRole('heading', { name: '2 of 3 right' }).waitFor(WAIT);
    await sp.getByRole('link', { name: 'Practise these again' }).waitFor(WAIT);
    await screenshot(sp, 'phone-practice-results');
    await scan('phone practice results', sp);
    await sp.getByRole('button', { name: 'New practice' }).click();
    await sp.getByRole('button', { name: 'Practise my weak spots' }).waitFor(WAIT);
    await sp.getByText(/^1 question you missed/).waitFor(WAIT);

    expect([...projector.errors, ...phone.errors, ...solo.errors]).toEqual([]);
    expect(a11y).toEqual([]);
  }, 120_000);
});
