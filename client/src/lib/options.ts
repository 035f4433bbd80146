/** Okabe-Ito colours, each with a shape and a letter so no one depends on colour. */
export interface OptionLook {
  letter: string;
  shape: string;
  colour: string;
  /** Text colour that reaches 4.5:1 on `colour`. */
  ink: string;
}

export const OPTION_LOOKS: readonly OptionLook[] = [
  { letter: 'A', shape: '▲', colour: '#E69F00', ink: '#111111' },
  { letter: 'B', shape: '◆', colour: '#56B4E9', ink: '#111111' },
  { letter: 'C', shape: '●', colour: '#009E73', ink: '#111111' },
  { letter: 'D', shape: '■', colour: '#CC79A7', ink: '#111111' },
  { letter: 'E', shape: '★', colour: '#0072B2', ink: '#ffffff' },
  { letter: 'F', shape: '⬟', colour: '#D55E00', ink: '#111111' },
];

export function optionLook(position: number): OptionLook {
  return OPTION_LOOKS[((position % OPTION_LOOKS.length) + OPTION_LOOKS.length) % OPTION_LOOKS.length];
}

/** Inline style for an element painted in an option's colour. */
export function optionStyle(position: number): string {
  const look = optionLook(position);
  return `--opt-bg:${look.colour};--opt-ink:${look.ink}`;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
