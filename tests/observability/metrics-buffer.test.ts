/** The hot path's figures (bucketed timings, counters buffered as plain numbers) are all there at every scrape, past any buffer size. */
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../server/metrics/metrics.js';

function value(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : NaN;
}

describe('buffered hot-path metrics', () => {
  it('counts every ack, answer and store call at each scrape, past the buffer size and across scrapes', async () => {
    const m = new Metrics();
    for (let i = 0; i < 5000; i++) m.ackSent('player:answer', i % 10 === 0 ? 'ALREADY_ANSWERED' : 'OK', m.ackStarted());
    for (let i = 0; i < 3000; i++) m.storeOp('recordAnswer', performance.now() - 2);
    let text = await m.registry.metrics();
    expect(value(text, 'cram_ack_duration_seconds_count{event="player:answer"}')).toBe(5000);
    expect(value(text, 'cram_acks_total{event="player:answer",code="OK"}')).toBe(4500);
    expect(value(text, 'cram_acks_total{event="player:answer",code="ALREADY_ANSWERED"}')).toBe(500);
    expect(value(text, 'cram_answers_total{result="accepted",code="OK"}')).toBe(4500);
    expect(value(text, 'cram_answers_total{result="refused",code="ALREADY_ANSWERED"}')).toBe(500);
    expect(value(text, 'cram_store_operation_duration_seconds_count{op="recordAnswer"}')).toBe(3000);
    // Each store call took at least 2 ms: none is in the 1 ms bucket, and the sum says so.
    expect(value(text, 'cram_store_operation_duration_seconds_bucket{le="0.001",op="recordAnswer"}')).toBe(0);
    expect(value(text, 'cram_store_operation_duration_seconds_sum{op="recordAnswer"}')).toBeGreaterThanOrEqual(6);

    m.ackSent('player:answer', 'OK', m.ackStarted());
    text = await m.registry.metrics();
    expect(value(text, 'cram_ack_duration_seconds_count{event="player:answer"}')).toBe(5001);
    expect(value(text, 'cram_acks_total{event="player:answer",code="OK"}')).toBe(4501);
  });
});
