/**
 * "Shuffle the answer options" in the host's setup: off, single and multi options keep the deck's order
 * (in the plan, so every process rebuilds them the same, and in "new game with the same players"); on (the
 * default), they are shuffled as before. Order steps and match items shuffle either way (their order is
 * the answer), with the same seed giving the same steps.
 */
import { describe, expect, it } from 'vitest';
import type { Deck } from '../../shared/deck.js';
import { loadDecks } from '../../server/deck/load.js';
import { settingsView } from '../../server/engine/control-views.js';
import { plannedQuestion } from '../../server/engine/prepare.js';
import { requestOf, setupGame } from '../../server/engine/setup.js';
import type { PreparedQuestion } from '../../server/engine/types.js';
import { room, seeded } from './fixtures.js';

const deck: Deck = loadDecks('content/decks').decks.find((d) => d.id === 'mle-a-deployment')!;
const byId = new Map(deck.questions.map((q) => [q.id, q]));
const deckTexts = (q: PreparedQuestion) => {
  const d = byId.get(q.deckQuestionId)!;
  return 'options' in d ? d.options.map((o) => o.text) : [];
};
const shownTexts = (q: PreparedQuestion) => (q.view.options ?? []).map((o) => o.text);
const withOptions = (qs: PreparedQuestion[]) => qs.filter((q) => q.type === 'single' || q.type === 'multi');

describe('shuffleOptions', () => {
  it('off: every single and multi question shows its options in the deck order, rebuilt the same from the plan', () => {
    const r = setupGame(deck, { shuffleOptions: false, questionCount: 60 }, seeded(4));
    if (!r.ok) throw new Error(r.message);
    expect(r.plan.optionsInDeckOrder).toBe(true);
    expect(r.settings.shuffleOptions).toBe(false);
    const choice = withOptions(r.questions);
    expect(choice.length).toBeGreaterThan(20);
    for (const q of choice) expect(shownTexts(q), q.deckQuestionId).toEqual(deckTexts(q));
    // Ids still name positions (A, B, …), and the key follows the deck's correct option.
    for (const q of choice.filter((x) => x.type === 'single')) {
      const d = byId.get(q.deckQuestionId)!;
      const right = 'options' in d ? d.options.findIndex((o) => o.correct) : -1;
      expect(q.correct).toEqual({ type: 'single', option: 'ABCDEF'[right] });
    }
    // Another process rebuilding from the stored plan (JSON) gets the same questions.
    const stored = JSON.parse(JSON.stringify(r.plan)) as typeof r.plan;
    r.questions.forEach((q, i) => expect(plannedQuestion(deck, stored, i)).toEqual(q));
  });

  it('on (the default): options are shuffled; steps and match items shuffle the same either way', () => {
    const on = setupGame(deck, { questionCount: 60 }, seeded(4));
    const off = setupGame(deck, { shuffleOptions: false, questionCount: 60 }, seeded(4));
    if (!on.ok || !off.ok) throw new Error('setup failed');
    expect(on.plan.optionsInDeckOrder).toBeUndefined();
    expect(on.settings.shuffleOptions).toBeUndefined();
    const moved = withOptions(on.questions).filter((q) => shownTexts(q).join('\n') !== deckTexts(q).join('\n'));
    expect(moved.length).toBeGreaterThan(withOptions(on.questions).length / 2);
    // Same seed, same questions picked; only the option order differs.
    expect(off.plan.ids).toEqual(on.plan.ids);
    on.questions.forEach((q, i) => {
      if (q.type === 'order' || q.type === 'match' || q.type === 'truefalse') expect(off.questions[i]).toEqual(q);
    });
  });

  it('shows in the lobby settings and survives "new game with the same players"', () => {
    const r = setupGame(deck, { shuffleOptions: false }, seeded(9));
    if (!r.ok) throw new Error(r.message);
    expect(settingsView(room({ settings: r.settings })).shuffleOptions).toBe(false);
    expect(requestOf(r.settings)).toMatchObject({ shuffleOptions: false });
    const again = setupGame(deck, requestOf(r.settings), seeded(10));
    expect(again.ok && again.plan.optionsInDeckOrder).toBe(true);
    const d = setupGame(deck, {}, seeded(9));
    if (!d.ok) throw new Error(d.message);
    expect(settingsView(room({ settings: d.settings })).shuffleOptions).toBe(true);
    expect(requestOf(d.settings)).not.toHaveProperty('shuffleOptions');
  });
});
