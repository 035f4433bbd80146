/** Asks the server for the report's address with the host token (GET /api/rooms/:pin/report); null until the game has ended. */
import type { HostAuth } from '../../../shared/protocol.js';

export async function fetchReportLink(auth: HostAuth): Promise<string | null> {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(auth.pin)}/report`, { headers: { authorization: `Bearer ${auth.hostToken}` } });
    if (!res.ok) return null;
    const body = (await res.json()) as { ready?: boolean; url?: string };
    return body.ready && typeof body.url === 'string' ? body.url : null;
  } catch {
    return null;
  }
}
