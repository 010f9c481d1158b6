// What a command handler works with while it runs: a read-only view of the world, `emit` to
// change it (each call is one event, applied at once so the handler reads its own effects), the
// simulated clock, the RNG, and the command's output.
import type { RngState } from './rng.ts';
import type { EventInput, SimEvent } from './events.ts';
import { applyEvent } from './apply-event.ts';
import type { DeepReadonly, World } from './world.ts';

export class StepContext {
  readonly events: SimEvent[] = [];
  private stdoutText = '';
  private stderrText = '';

  constructor(
    private readonly working: World,
    private readonly onEvent?: (event: SimEvent) => void,
    /**
     * The client has a terminal (the page), so `docker run -it` can hand it to a container;
     * scripts have none and get Docker's "the input device is not a TTY".
     */
    readonly tty = false,
  ) {}

  /** The world as it is now. Read-only: every change goes through `emit`. */
  get world(): DeepReadonly<World> {
    return this.working;
  }

  get nowNs(): number {
    return this.working.clockNs;
  }

  emit<E extends EventInput>(input: E): SimEvent {
    const event = { ...input, atNs: this.working.clockNs } as unknown as SimEvent;
    applyEvent(this.working, event);
    this.events.push(event);
    this.onEvent?.(event);
    return event;
  }

  /** Let simulated time pass. */
  advance(durationNs: number, reason: string): void {
    if (!Number.isSafeInteger(durationNs) || durationNs < 0)
      throw new RangeError(`bad duration ${durationNs}`);
    if (durationNs > 0) this.emit({ kind: 'clock.advance', durationNs, reason });
  }

  /**
   * The world's RNG, to draw from. Draws move it in place; the position reached is recorded in
   * the command's closing event, so replaying events lands on the same RNG state.
   */
  get rng(): RngState {
    return this.working.rng;
  }

  out(text: string): void {
    this.stdoutText += text.endsWith('\n') || text === '' ? text : `${text}\n`;
  }

  err(text: string): void {
    this.stderrText += text.endsWith('\n') || text === '' ? text : `${text}\n`;
  }

  /** Program output exactly as written: no newline added (cat of /proc/1/cmdline has none). */
  write(stream: 'stdout' | 'stderr', text: string): void {
    if (stream === 'stdout') this.stdoutText += text;
    else this.stderrText += text;
  }

  get stdout(): string {
    return this.stdoutText;
  }

  get stderr(): string {
    return this.stderrText;
  }
}
