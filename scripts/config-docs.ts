/** Writes `.env.example` and the README settings table from server/config.ts (`npm run config:docs`). */
import { readFileSync, writeFileSync } from 'node:fs';
import { envExample, withReadmeTable } from '../server/config-docs.js';

writeFileSync('.env.example', envExample());
writeFileSync('README.md', withReadmeTable(readFileSync('README.md', 'utf8')));
console.log('wrote .env.example and the README settings table');
