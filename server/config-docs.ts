/**
 * `.env.example` and the README's settings table, generated from SETTINGS (server/config.ts).
 * `npm run config:docs` writes them; tests/config/docs.test.ts fails while either is stale.
 */
import { SETTINGS, type Setting } from './config.js';

const all = () => Object.values(SETTINGS) as Setting<unknown>[];

export function envExample(): string {
  const lines = [
    '# Cram Night settings (generated from server/config.ts by `npm run config:docs`; do not edit by hand).',
    '# Set them in the environment (systemd EnvironmentFile=, compose env_file:, or `node --env-file=.env`);',
    '# an unset or empty variable takes its default.',
  ];
  for (const s of all()) {
    lines.push('', `# ${s.description}`, `# accepts ${s.kind.accepts}`);
    lines.push(s.default === undefined ? `# ${s.env}=${s.example ?? ''}` : `${s.env}=${s.default}`);
  }
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export const README_BEGIN = '<!-- settings:begin (generated from server/config.ts by `npm run config:docs`) -->';
export const README_END = '<!-- settings:end -->';

export function readmeTable(): string {
  const rows = all().map(
    (s) => `| \`${s.env}\` | ${s.default === undefined ? 'unset' : `\`${s.default}\``} | ${cell(s.kind.accepts)} | ${cell(s.description)} |`,
  );
  return ['| variable | default | accepts | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `readme` with the text between the settings markers replaced by the current table. */
export function withReadmeTable(readme: string): string {
  const a = readme.indexOf(README_BEGIN);
  const b = readme.indexOf(README_END);
  if (a < 0 || b < a) throw new Error(`README.md has no settings markers (${README_BEGIN} … ${README_END})`);
  return `${readme.slice(0, a + README_BEGIN.length)}\n${readmeTable()}\n${readme.slice(b)}`;
}
