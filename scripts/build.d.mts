/** Types of scripts/build.mjs (for the tests). */
export declare const ROOT: string;
export declare const SERVER_ENTRY: string;
export declare function sourceHash(): string | null;
export declare function buildProblem(): string | null;
export declare function canBuild(): boolean;
export declare function build(): void;
