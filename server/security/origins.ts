/**
 * Which web origins may open a socket or send a request with an Origin header: the page's own
 * (same origin: the Origin's host is the request's Host, so it works with no setting), PUBLIC_URL's,
 * and any listed in the allowed-origins setting. A request without an Origin (a script, curl, a
 * bot) is not a browser page of another site; the per-address limits are what bound those.
 */
import type { IncomingMessage } from 'node:http';

export type OriginCheck = (req: Pick<IncomingMessage, 'headers'>) => boolean;

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

export function originCheck(publicUrl: string | undefined, allowed: string[]): OriginCheck {
  const fixed = new Set([publicUrl, ...allowed].filter((x): x is string => !!x).map(originOf).filter((x): x is string => !!x));
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (fixed.has(origin)) return true;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    return host !== '' && host === req.headers.host;
  };
}
