import type { ProjectorQuestionType } from '../types.js';
import Board from './Board.svelte';
import { singleBars } from './bars.js';

export const single: ProjectorQuestionType = { Board, bars: singleBars };
