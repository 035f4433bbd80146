import type { ProjectorQuestionType } from '../types.js';
import Board from './Board.svelte';
import { matchBars } from './bars.js';

export const match: ProjectorQuestionType = { Board, bars: matchBars };
