import { createMemoryStore } from '../../server/store/memory.js';
import { storeContract } from './contract.js';

storeContract('memory', async () => ({ store: createMemoryStore(), cleanup: async () => {} }));
