import type { ProjectorQuestionType } from '../types.js';
import Board from './Board.svelte';
import { orderBars } from './bars.js';

export const order: ProjectorQuestionType = { Board, bars: orderBars };
