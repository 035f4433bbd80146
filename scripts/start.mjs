#!/usr/bin/env node
/**
 * `npm start`: runs the compiled server (dist/server/main.js) with plain node, building first only
 * when the build is missing or older than its sources (which needs the dev dependencies). With
 * production dependencies only (`npm ci --omit=dev`), a current build just starts.
 */
import { build, buildProblem, canBuild, SERVER_ENTRY } from './build.mjs';
import { pathToFileURL } from 'node:url';

const problem = buildProblem();
if (problem) {
  if (!canBuild()) {
    console.error(`the build is ${problem} and the dev dependencies are not installed: run \`npm ci && npm run build\`, then \`npm start\``);
    process.exit(1);
  }
  console.log(`the build is ${problem}: building`);
  build();
}
await import(pathToFileURL(SERVER_ENTRY).href);
