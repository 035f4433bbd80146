/**
 * Readers for single fields of a raw (parsed, untyped) YAML mapping. Each one
 * reports a message that says what to write, and returns the value or undefined.
 */
import type { Scope } from './issues.js';

export type Raw = Record<string, unknown>;

/** How a missing field is treated: error, error only in strict mode, or fine. */
export type Need = 'required' | 'soft' | 'optional';

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function reportMissing(scope: Scope, key: string, need: Need, hint: string): void {
  const message = `missing "${key}": ${hint}`;
  if (need === 'required') scope.error([key], message);
  else if (need === 'soft') scope.soft([key], message);
}

/**
 * A text field. Numbers are accepted as text (YAML reads `text: 300` as a
 * number) when `numbers` is set; anything else must be quoted.
 */
export function readText(
  scope: Scope,
  obj: Raw,
  key: string,
  need: Need,
  hint: string,
  numbers = false,
): string | undefined {
  const value = obj[key];
  if (isMissing(value)) {
    reportMissing(scope, key, need, hint);
    return undefined;
  }
  if (typeof value === 'string') return value.trim();
  if (numbers && typeof value === 'number' && Number.isFinite(value)) return String(value);
  scope.error([key], `"${key}" must be text, found ${describe(value)}: ${quoteHint(value)}`);
  return undefined;
}

/** A text value that is an element of a list (steps). */
export function readListText(scope: Scope, value: unknown, index: number, what: string): string | undefined {
  if (isMissing(value)) {
    scope.error([index], `${what} ${index + 1} is empty: write its text`);
    return undefined;
  }
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  scope.error([index], `${what} ${index + 1} must be text, found ${describe(value)}: ${quoteHint(value)}`);
  return undefined;
}

export function readId(scope: Scope, obj: Raw, key: string, what: string): string | undefined {
  const id = readText(scope, obj, key, 'required', `give the ${what} an id (lowercase letters, digits, "-")`);
  if (id === undefined) return undefined;
  if (!ID_PATTERN.test(id)) {
    scope.error([key], `${what} id "${id}" may only use lowercase letters, digits, ".", "_" and "-" (e.g. "cp-01")`);
    return undefined;
  }
  return id;
}

export function readBoolean(scope: Scope, obj: Raw, key: string, hint: string): boolean | undefined {
  const value = obj[key];
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) {
    scope.error([key], `missing "${key}": ${hint}`);
  } else {
    scope.error([key], `"${key}" must be true or false (unquoted), found ${describe(value)}`);
  }
  return undefined;
}

export function readInteger(
  scope: Scope,
  obj: Raw,
  key: string,
  need: Need,
  min: number,
  max: number,
  hint: string,
): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    reportMissing(scope, key, need, hint);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    scope.error([key], `"${key}" must be a whole number from ${min} to ${max}, found ${describe(value)}`);
    return undefined;
  }
  return value;
}

/** A list field; returns undefined (after reporting) when absent or not a list. */
export function readList(scope: Scope, obj: Raw, key: string, need: Need, hint: string): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    reportMissing(scope, key, need, hint);
    return undefined;
  }
  if (!Array.isArray(value)) {
    scope.error([key], `"${key}" must be a list (lines starting with "- "), found ${describe(value)}`);
    return undefined;
  }
  return value;
}

/** Warn about keys no rule knows (usually a typo such as "explaination"). */
export function warnUnknownKeys(scope: Scope, obj: Raw, known: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      scope.warn([key], `unknown field "${key}" in ${where} is ignored: known fields are ${known.join(', ')}`);
    }
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 37) + '...' : value}"`;
  return `${typeof value} ${String(value)}`;
}

function quoteHint(value: unknown): string {
  if (typeof value === 'boolean' || typeof value === 'number') return `put it in quotes, e.g. "${String(value)}"`;
  return 'write plain text (quote it if it contains ": " or starts with a special character)';
}

/** Lowercase, collapse whitespace: for comparing option texts, pair sides, steps. */
export function normText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Reports each text that repeats an earlier one (compared by normText); false if any does. */
export function uniqueTexts(scope: Scope, texts: string[], what: string, key?: string): boolean {
  const seen = new Map<string, number>();
  let ok = true;
  texts.forEach((text, i) => {
    const first = seen.get(normText(text));
    if (first !== undefined) {
      scope.error(key ? [i, key] : [i], `${what} ${i + 1} repeats ${what} ${first + 1} ("${text}"): each must be different`);
      ok = false;
    } else {
      seen.set(normText(text), i);
    }
  });
  return ok;
}
