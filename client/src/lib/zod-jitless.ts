/**
 * Imported first by main.ts. zod (pulled into the host screen by shared schemas) probes for eval with
 * `new Function('')` when a schema is built; under our strict Content-Security-Policy (no
 * 'unsafe-eval', docs/security.md) that probe is blocked and reported as a violation even though zod
 * catches it. `jitless` makes zod skip the probe and parse without generated code.
 *
 * Set through the global object zod 4 reads its config from when it loads, rather than by importing
 * zod here: an import would move part of zod into every phone's first download (+11 KB). If a zod
 * upgrade stops reading it, tests/browser/csp.test.ts fails on the violation.
 */
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };

export {};
