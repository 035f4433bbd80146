/**
 * Issues found in a deck file, and the small reporter every check writes to.
 * An issue names the file, the line of the offending YAML node, the question
 * id when there is one, and says what to fix.
 */

export interface DeckIssue {
  file: string;
  /** 1-based line in the deck file (or CSV row line for imports). */
  line: number;
  questionId?: string;
  message: string;
}

/** A path into the parsed YAML, e.g. ['questions', 3, 'options', 1, 'why']. */
export type YamlPath = readonly (string | number)[];

export class DeckReport {
  readonly errors: DeckIssue[] = [];
  readonly warnings: DeckIssue[] = [];

  constructor(
    readonly file: string,
    readonly strict: boolean,
    readonly lineOf: (path: YamlPath) => number,
  ) {}

  error(path: YamlPath, message: string, questionId?: string): void {
    this.errors.push(this.make(path, message, questionId));
  }

  warn(path: YamlPath, message: string, questionId?: string): void {
    this.warnings.push(this.make(path, message, questionId));
  }

  /** An error for shipped (strict) decks, a warning for imported ones. */
  soft(path: YamlPath, message: string, questionId?: string): void {
    if (this.strict) this.error(path, message, questionId);
    else this.warn(path, message, questionId);
  }

  /** A reporter whose paths are relative to `base` and whose issues carry `questionId`. */
  scope(base: YamlPath, questionId?: string): Scope {
    return new Scope(this, base, questionId);
  }

  private make(path: YamlPath, message: string, questionId?: string): DeckIssue {
    const issue: DeckIssue = { file: this.file, line: this.lineOf(path), message };
    if (questionId) issue.questionId = questionId;
    return issue;
  }
}

export class Scope {
  constructor(
    readonly report: DeckReport,
    readonly base: YamlPath,
    public questionId?: string,
  ) {}

  get strict(): boolean {
    return this.report.strict;
  }

  path(sub: YamlPath = []): YamlPath {
    return [...this.base, ...sub];
  }

  line(sub: YamlPath = []): number {
    return this.report.lineOf(this.path(sub));
  }

  error(sub: YamlPath, message: string): void {
    this.report.error(this.path(sub), message, this.questionId);
  }

  warn(sub: YamlPath, message: string): void {
    this.report.warn(this.path(sub), message, this.questionId);
  }

  soft(sub: YamlPath, message: string): void {
    this.report.soft(this.path(sub), message, this.questionId);
  }

  child(sub: YamlPath, questionId = this.questionId): Scope {
    return new Scope(this.report, this.path(sub), questionId);
  }
}

/** Sort by file, then line, so output reads top to bottom. */
export function sortIssues(issues: DeckIssue[]): DeckIssue[] {
  return [...issues].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** `file:line [question-id] message`, the format the checker prints. */
export function formatIssue(issue: DeckIssue, prefix = ''): string {
  const id = issue.questionId ? ` [${issue.questionId}]` : '';
  return `${issue.file}:${issue.line}${id} ${prefix}${issue.message}`;
}
