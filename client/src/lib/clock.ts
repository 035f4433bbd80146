/**
 * Estimates the offset between the server's clock and this device's clock from the
 * `serverNow` stamps the server puts in every question. A stamp is always a little old
 * when it arrives (network latency), so the largest recent sample is the best one.
 */
export class ServerClock {
  private samples: number[] = [];
  offset = 0;

  sync(serverNow: number): void {
    if (!Number.isFinite(serverNow)) return;
    this.samples.push(serverNow - Date.now());
    if (this.samples.length > 5) this.samples.shift();
    this.offset = Math.max(...this.samples);
  }

  now(): number {
    return Date.now() + this.offset;
  }
}
