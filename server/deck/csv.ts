/**
 * A small RFC 4180 CSV reader: quoted fields with commas, doubled quotes and
 * line breaks, CRLF or LF, a leading BOM. The delimiter is "," unless the first
 * line has more ";" than "," outside quotes (spreadsheets in some locales).
 */

export interface CsvRecord {
  cells: string[];
  /** 1-based line where the record starts in the file. */
  line: number;
  /** 1-based record number: the spreadsheet row. */
  row: number;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

export function parseCsv(input: string, delimiter: string = detectDelimiter(input)): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ cells, line: start, row: records.length + 1 });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        if (ch !== '\r' || text[i + 1] !== '\n') cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += ch;
    }
    i++;
  }
  if (quoted) throw new CsvError(`a quoted field that starts on line ${quoteLine} never ends: add the closing "`, quoteLine);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}
