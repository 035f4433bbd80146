/** Socket.IO room names. Everyone in a game is in `room`; hosts also in `host`; each player in its own `player` channel. */
export const roomChannel = (pin: string): string => `r:${pin}`;
export const hostChannel = (pin: string): string => `h:${pin}`;
export const playerChannel = (pin: string, playerId: string): string => `p:${pin}:${playerId}`;
