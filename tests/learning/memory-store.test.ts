import { createMemoryLearningStore } from '../../server/learning/memory-learning.js';
import { learningContract } from './store-contract.js';

learningContract('memory', async () => {
  const store = createMemoryLearningStore();
  return { store, cleanup: () => store.close() };
});
