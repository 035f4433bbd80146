import { describe, expect, it } from 'vitest';
import { optionNumber, optionValue } from '../../bench/cli-option.js';

describe('bench tools: optionValue / optionNumber', () => {
  const args = ['file.json', '--top', '40', '--sides', 'cram', '--last'];
  it('reads the value after the option', () => {
    expect(optionValue(args, '--sides', 'cram,bare')).toBe('cram');
    expect(optionNumber(args, '--top', 25)).toBe(40);
  });
  it('gives the default when the option is absent or has no value', () => {
    expect(optionValue(args, '--heap', '')).toBe('');
    expect(optionValue(args, '--last', 'x')).toBe('x');
    expect(optionNumber(args, '--per', 2000)).toBe(2000);
  });
  it('gives the default for a value that is not a number', () => {
    expect(optionNumber(['--top', 'many'], '--top', 15)).toBe(15);
  });
  it('does not read the program name when the option is absent (the old indexOf + 1 did)', () => {
    expect(optionNumber(['7', 'x'], '--top', 15)).toBe(15);
  });
});
