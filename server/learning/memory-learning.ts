/** In-memory LearningStore: reports and weak spots for the process lifetime; practice rounds expire. Each method is atomic on Node's one thread. */
import type { WeakSpot } from '../../shared/learning.js';
import type { PracticeSession } from './practice.js';
import { DEFAULT_LEARNING_TTLS, type LearningStore, type LearningTtls } from './store.js';
import type { QuestionLog, ReportMeta } from './types.js';
import { applyOutcome, mostRecentFirst, weakKey } from './weak.js';
import { cloneData } from '../store/clone.js';

const clone = cloneData;

export function createMemoryLearningStore(ttls: Partial<LearningTtls> = {}): LearningStore {
  const practiceTtl = ttls.practiceTtlMs ?? DEFAULT_LEARNING_TTLS.practiceTtlMs;
  const logs = new Map<string, Map<number, QuestionLog>>();
  const metas = new Map<string, ReportMeta>();
  const weak = new Map<string, Map<string, WeakSpot>>();
  const practice = new Map<string, { s: PracticeSession; timer: NodeJS.Timeout }>();

  function keep(token: string, s: PracticeSession): void {
    const old = practice.get(token);
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(() => practice.delete(token), practiceTtl);
    timer.unref();
    practice.set(token, { s: clone(s), timer });
  }

  return {
    async logQuestion(reportId, entry) {
      let m = logs.get(reportId);
      if (!m) logs.set(reportId, (m = new Map()));
      m.set(entry.index, clone(entry));
    },
    async saveReport(meta) {
      metas.set(meta.reportId, clone(meta));
    },
    async getReport(reportId) {
      const meta = metas.get(reportId);
      if (!meta) return null;
      const log = [...(logs.get(reportId)?.values() ?? [])].sort((a, b) => a.index - b.index);
      return clone({ meta, log });
    },
    async recordOutcomes(deviceId, outcomes) {
      let m = weak.get(deviceId);
      if (!m) weak.set(deviceId, (m = new Map()));
      for (const o of outcomes) {
        const key = weakKey(o.deckId, o.questionId);
        const next = applyOutcome(m.get(key), o);
        if (next) m.set(key, next);
        else m.delete(key);
      }
      if (m.size === 0) weak.delete(deviceId);
    },
    async weakSpots(deviceId) {
      return [...(weak.get(deviceId)?.values() ?? [])].map(clone).sort(mostRecentFirst);
    },
    async clearWeakSpots(deviceId) {
      weak.delete(deviceId);
    },
    async createPractice(s) {
      if (practice.has(s.token)) return false;
      keep(s.token, s);
      return true;
    },
    async getPractice(token) {
      const e = practice.get(token);
      return e ? clone(e.s) : null;
    },
    async updatePractice(token, expectedVersion, next) {
      const e = practice.get(token);
      if (!e || e.s.version !== expectedVersion) return false;
      keep(token, next);
      return true;
    },
    async close() {
      for (const e of practice.values()) clearTimeout(e.timer);
      practice.clear();
    },
  };
}
