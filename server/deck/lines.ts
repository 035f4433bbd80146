/**
 * Line numbers for paths into a parsed YAML document. A missing field is
 * reported at the line of the nearest node that exists (usually the question).
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { YamlPath } from './issues.js';

interface Ranged {
  range?: [number, number, number] | null;
}

function startOf(node: unknown): number | undefined {
  const range = (node as Ranged | null)?.range;
  return range ? range[0] : undefined;
}

export function makeLineFinder(doc: Document, counter: LineCounter): (path: YamlPath) => number {
  const lineAt = (offset: number | undefined, fallback: number): number =>
    offset === undefined ? fallback : counter.linePos(offset).line;

  return (path) => {
    let node: unknown = doc.contents;
    let line = lineAt(startOf(node), 1);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) return line;
        line = lineAt(startOf(pair.key), line);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) return line;
        line = lineAt(startOf(item), line);
        node = item;
      } else {
        return line;
      }
    }
    return line;
  };
}
