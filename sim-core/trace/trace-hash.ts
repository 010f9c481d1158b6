// The trace hash: SHA-256 over the canonical encoding of every event, one per line, in order.
// Same seed and commands give the same hash on every machine; any difference in any event
// (a PID, a time, an order) changes it.
import { canonicalJson } from './canonical.ts';
import { Sha256 } from './sha256.ts';

export class TraceHasher {
  private readonly hash = new Sha256();
  private count = 0;

  add(event: unknown): void {
    this.hash.update(`${canonicalJson(event)}\n`);
    this.count += 1;
  }

  get eventCount(): number {
    return this.count;
  }

  hex(): string {
    return this.hash.hex();
  }
}

export function traceHash(events: readonly unknown[]): string {
  const hasher = new TraceHasher();
  for (const event of events) hasher.add(event);
  return hasher.hex();
}
