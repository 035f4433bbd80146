/**
 * Photographs the phone (390x844) through the real built-in deck, to look at long prompts,
 * case studies and every question type. Not a test: run by hand after `npm run build`:
 *
 *   npx tsx scripts/phone-shots.ts [out-dir] [max-questions]
 *
 * For each question it saves what the phone shows without scrolling (q<N>-<type>.png), the case
 * study opened (…-case.png), the answer locked (…-locked.png), the reveal (…-reveal.png, and
 * …-reveal-end.png scrolled to its end), and prints whether Submit (and the last answer) fit
 * above the fold. A second phone joins and never answers, so each question stays open.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { buildApp } from '../server/app.js';
import { launchBrowser } from '../tests/helpers/browser.js';

const out = process.argv[2] ?? 'test-results/phone-shots';
const max = Number(process.argv[3] ?? 40);
mkdirSync(out, { recursive: true });

const app = await buildApp({ clientDir: 'dist/client' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const browser = await launchBrowser();
let hostPage: Page | undefined;
const WAIT = { timeout: 15_000 };

async function typeOf(pp: Page): Promise<string> {
  await pp.locator('#prompt').waitFor(WAIT);
  // The rarer answer components load on demand: wait until some answer control is there.
  await pp.locator('select, button.move, button.answer').first().waitFor(WAIT);
  if (await pp.locator('select').count()) return 'match';
  if (await pp.locator('button.move').count()) return 'order';
  if (await pp.getByText(/^Choose \d/).count()) return 'multi';
  if (await pp.locator('button.answer.big').count()) return 'truefalse';
  return 'single';
}

/** Where things sit on the unscrolled screen. */
function measure(pp: Page) {
  return pp.evaluate(() => {
    const vh = window.innerHeight;
    const submit = document.querySelector('button.submit');
    const answers = Array.from(document.querySelectorAll('button.answer, .order li, .match li'));
    const last = answers.at(-1)?.getBoundingClientRect();
    const promptEl = document.getElementById('prompt');
    return {
      vh,
      vw: window.innerWidth,
      wide: document.documentElement.scrollWidth,
      page: document.documentElement.scrollHeight,
      submitBottom: submit ? Math.round(submit.getBoundingClientRect().bottom) : null,
      lastBottom: last ? Math.round(last.bottom) : null,
      promptFont: promptEl ? getComputedStyle(promptEl).fontSize : '',
      promptChars: promptEl?.textContent?.length ?? 0,
      minTarget: Math.min(
        ...Array.from(document.querySelectorAll<HTMLElement>('button, select, summary'))
          .filter((b) => b.offsetParent)
          .map((b) => Math.round(b.getBoundingClientRect().height)),
      ),
    };
  });
}

async function answer(pp: Page, type: string): Promise<void> {
  switch (type) {
    case 'single':
    case 'truefalse':
      await pp.locator('button.answer').first().click();
      break;
    case 'multi': {
      const n = Number(((await pp.getByText(/^Choose \d/).innerText()).match(/\d+/) ?? ['2'])[0]);
      for (let k = 0; k < n; k++) await pp.locator('button.answer').nth(k).click();
      await pp.getByRole('button', { name: /^Submit/ }).click();
      break;
    }
    case 'order':
      await pp.locator('button.move').nth(1).click(); // first step down one
      await pp.getByRole('button', { name: 'Submit order' }).click();
      break;
    case 'match': {
      const selects = pp.locator('select');
      const n = await selects.count();
      for (let k = 0; k < n; k++) await selects.nth(k).selectOption({ index: ((k + 1) % n) + 1 });
      await pp.getByRole('button', { name: 'Submit' }).click();
      break;
    }
  }
}

try {
  const host = await browser.open('projector', `${url}/host`);
  const hp = host.page;
  hostPage = hp;
  await hp.getByLabel(/Number of questions/).fill(String(max));
  await hp.getByRole('button', { name: 'Create room' }).click();
  const j = hp.getByText(/\?pin=\d{6}$/);
  await j.waitFor(WAIT);
  const phone = await browser.open('phone', (await j.innerText()).trim());
  const pp = phone.page;
  await pp.getByLabel('Nickname').fill('Sam');
  await pp.getByRole('button', { name: 'Join' }).click();
  await pp.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
  // A second phone that never answers keeps the question open, to photograph the locked state.
  const idle = await browser.open('phone', (await j.innerText()).trim());
  await idle.page.getByLabel('Nickname').fill('Idle');
  await idle.page.getByRole('button', { name: 'Join' }).click();
  await idle.page.getByRole('heading', { name: 'You’re in!' }).waitFor(WAIT);
  await hp.getByRole('button', { name: 'Start game' }).click();

  for (let i = 0; i < max; i++) {
    const type = await typeOf(pp);
    await pp.waitForTimeout(300);
    const hasCase = (await pp.locator('details.case').count()) > 0;
    const name = `${out}/q${String(i).padStart(2, '0')}-${type}${hasCase ? '-cs' : ''}`;
    const m = await measure(pp);
    const fits = m.submitBottom === null ? m.lastBottom! <= m.vh : m.submitBottom <= m.vh;
    console.log(`${name}: ${fits ? 'fits ' : 'BELOW'} ${JSON.stringify(m)}`);
    await pp.screenshot({ path: `${name}.png` });
    if (hasCase) {
      await pp.locator('details.case summary').click();
      await pp.screenshot({ path: `${name}-case.png` });
      await pp.locator('details.case summary').click();
    }
    try {
      await answer(pp, type);
      await pp.getByText('Answer locked').waitFor(WAIT);
      await pp.screenshot({ path: `${name}-locked.png` });
    } catch (e) {
      console.log(`${name}: could not answer (${String(e).split('\n')[0]}), skipping`);
    }
    await hp.getByRole('button', { name: 'Skip' }).click();
    await pp.getByRole('heading', { name: /Right!|Not this time|Partly right|No answer/ }).waitFor(WAIT);
    await pp.waitForTimeout(200);
    await pp.screenshot({ path: `${name}-reveal.png` });
    const revealHeight = await pp.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    if (revealHeight > 0) {
      await pp.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await pp.screenshot({ path: `${name}-reveal-end.png` });
    }
    await hp.getByRole('button', { name: /leaderboard/i }).click();
    const next = hp.getByRole('button', { name: /Next question|Show podium/ });
    await next.waitFor(WAIT);
    if ((await next.innerText()).includes('podium')) break;
    await next.click();
  }
  if (phone.errors.length) console.log('phone errors:', phone.errors);
} catch (e) {
  console.log(e);
  await hostPage?.screenshot({ path: `${out}/failure-host.png` });
} finally {
  await browser.close();
  await app.close();
}
