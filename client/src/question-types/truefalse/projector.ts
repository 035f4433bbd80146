import type { ProjectorQuestionType } from '../types.js';
import Board from './Board.svelte';
import { truefalseBars } from './bars.js';

export const truefalse: ProjectorQuestionType = { Board, bars: truefalseBars };
