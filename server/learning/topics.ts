/** Mastery per topic: the share of credit over the questions actually asked. A topic with none is "not asked" (null), never 0%. */
import type { TopicResult } from '../../shared/learning.js';

export interface Credited {
  topic: string;
  credit: number;
}

/** One result per topic in `topics` (plus any topic met in `rows` but missing there), weakest first, not asked last. */
export function topicResults(topics: { id: string; title: string }[], rows: Credited[]): TopicResult[] {
  const sums = new Map<string, { asked: number; credit: number }>();
  for (const r of rows) {
    const s = sums.get(r.topic) ?? { asked: 0, credit: 0 };
    s.asked += 1;
    s.credit += r.credit;
    sums.set(r.topic, s);
  }
  const titles = new Map(topics.map((t) => [t.id, t.title]));
  for (const id of sums.keys()) if (!titles.has(id)) titles.set(id, id);
  const out: TopicResult[] = [...titles].map(([topic, title]) => {
    const s = sums.get(topic);
    return { topic, title, asked: s?.asked ?? 0, mastery: s ? s.credit / s.asked : null };
  });
  return out.sort(byWeakness);
}

export function byWeakness(a: TopicResult, b: TopicResult): number {
  if (a.mastery === null || b.mastery === null) return a.mastery === b.mastery ? a.title.localeCompare(b.title) : a.mastery === null ? 1 : -1;
  return a.mastery - b.mastery || a.title.localeCompare(b.title);
}
