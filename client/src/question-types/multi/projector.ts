import type { ProjectorQuestionType } from '../types.js';
import Board from './Board.svelte';
import { multiBars } from './bars.js';

export const multi: ProjectorQuestionType = { Board, bars: multiBars };
