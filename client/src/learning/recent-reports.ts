/** The host's recent report links, kept on this device (localStorage), so "New game" never loses a report. */
import { load, save } from '../lib/storage.js';

export interface RecentReport {
  url: string;
  deck: string;
  at: number;
}

const KEY = 'cramnight:reports';
const MAX = 10;
const isList = (v: unknown): v is RecentReport[] =>
  Array.isArray(v) && v.every((r) => typeof r === 'object' && r !== null && typeof r.url === 'string' && typeof r.deck === 'string' && typeof r.at === 'number');

export function recentReports(): RecentReport[] {
  return load(KEY, isList) ?? [];
}

export function rememberReport(r: RecentReport): void {
  save(KEY, [r, ...recentReports().filter((x) => x.url !== r.url)].slice(0, MAX));
}
