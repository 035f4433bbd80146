/**
 * The host's live controls (issue 10): kick (one or many, any phase), pause and
 * unpause, add time, lock and unlock, a new game with the same players, and the
 * host remote (a one-time link that becomes a host token for the phone that opens it).
 * Each is an engine event through GameService.apply (load → reduce → compare-and-set → effects).
 */
import { ADD_TIME_SECONDS } from '../../shared/control-schemas.js';
import { randomToken } from '../util/random.js';
import type { ClientEvents } from './ack.js';
import { hostChannel, roomChannel } from './channels.js';
import type { GameService } from './game-service.js';
import { hostState, joinUrlFor, qrSvgOf } from './host-handlers.js';
import type { GameSocket } from './types.js';

export function remoteUrlFor(base: string, pin: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/host/remote?pin=${pin}#${code}`;
}

export function registerControlHandlers(events: ClientEvents, svc: GameService, publicUrl: (socket: GameSocket) => string): void {
  events.on('host:kick', async (_socket, { pin, hostToken, playerId, playerIds }) => {
    await svc.apply(pin, { type: 'kick', hostToken, playerIds: playerIds ?? (playerId ? [playerId] : []) });
    return {};
  });
  events.on('host:pause', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'pause', hostToken }), {}));
  events.on('host:unpause', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'resume', hostToken }), {}));
  events.on('host:addTime', async (_socket, { pin, hostToken, seconds }) => {
    await svc.apply(pin, { type: 'addTime', hostToken, ms: (seconds ?? ADD_TIME_SECONDS.default) * 1000 });
    return {};
  });
  events.on('host:lock', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'lock', hostToken }), {}));
  events.on('host:unlock', async (_socket, { pin, hostToken }) => (await svc.apply(pin, { type: 'unlock', hostToken }), {}));
  events.on('host:restart', async (socket, { pin, hostToken }) => {
    const room = await svc.restart(pin, hostToken);
    return { state: await hostState(svc, room, joinUrlFor(publicUrl(socket), pin)) };
  });

  events.on('host:remote', async (socket, { pin, hostToken }) => {
    const code = randomToken();
    const room = await svc.apply(pin, { type: 'remoteLink', hostToken, code });
    const url = remoteUrlFor(publicUrl(socket), pin, code);
    return { link: { url, qrSvg: await qrSvgOf(url), expiresAt: room.remoteCode?.expiresAt ?? 0 } };
  });

  events.on('host:claim', async (socket, { pin, code }) => {
    const deviceToken = randomToken();
    const room = await svc.apply(pin, { type: 'claim', code, deviceToken });
    await socket.join([roomChannel(pin), hostChannel(pin)]);
    return { hostToken: deviceToken, state: await hostState(svc, room, joinUrlFor(publicUrl(socket), pin)) };
  });
}
