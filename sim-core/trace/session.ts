// A session: a world that learners and scripts drive one command at a time, with its whole
// history kept for time travel. History is never rewritten: the events are append-only, and
// earlier worlds are rebuilt from periodic snapshots by replaying events through the reducer.
// `seek(n)` views the world after the first n events; running a command always appends at the
// head, so looking back never loses what came after.
import { applyEvent } from '../world/apply-event.ts';
import type { SimEvent } from '../world/events.ts';
import { initialWorld } from '../world/initial-world.ts';
import type { HostRequest } from '../hardware/add-host.ts';
import { stepInPlace } from '../world/step.ts';
import type { World } from '../world/world.ts';
import { TraceHasher } from './trace-hash.ts';
import { attachedPrompt } from '../client/attachment.ts';

export interface CommandRecord {
  line: string;
  /** Index of the command's first event ('command') and one past its last ('command.exit'). */
  firstEvent: number;
  endEvent: number;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface SessionOptions {
  seed?: number;
  /** Fewest events between snapshots: memory traded against seek time. */
  snapshotEvery?: number;
  /** The first server as a particular machine: its CPUs, memory, cgroup version. */
  host?: Partial<HostRequest>;
  /**
   * Snapshot bytes allowed per event since the previous snapshot. A snapshot is the whole world,
   * so in a big world one every `snapshotEvery` events costs time and memory that grow with the
   * square of the session's length (ten thousand containers: a gigabyte of snapshots). Waiting
   * until the events since the last snapshot number at least its size over this keeps all
   * snapshots but the newest within this many bytes per event (each is paid for by the events
   * before the next), and a seek replays at most that many events. Infinity: spacing by
   * `snapshotEvery` alone.
   */
  snapshotBytesPerEvent?: number;
  /**
   * The client has a terminal (the page): `docker run -it` and `docker exec -it` attach it to
   * the container's shell. Scripts have none (default), as `docker` run from a pipe.
   */
  tty?: boolean;
}

interface Snapshot {
  eventCount: number;
  /** Serialised, so nothing can mutate a snapshot after it was taken. */
  json: string;
}

export class Session {
  readonly seed: number;
  readonly tty: boolean;
  private readonly snapshotEvery: number;
  private readonly snapshotBytesPerEvent: number;
  private readonly head: World;
  private readonly eventLog: SimEvent[] = [];
  private readonly snapshots: Snapshot[] = [];
  private readonly hasher = new TraceHasher();
  /** Events fed to the hasher so far; the rest are hashed when the hash is asked for. */
  private hashedCount = 0;
  private readonly commandLog: CommandRecord[] = [];
  private cursorAt = 0;
  private viewCache: { eventCount: number; world: World } | null = null;

  constructor(options: SessionOptions = {}) {
    this.seed = options.seed ?? 1;
    this.tty = options.tty ?? false;
    this.snapshotEvery = options.snapshotEvery ?? 2048;
    this.snapshotBytesPerEvent = options.snapshotBytesPerEvent ?? 128;
    this.head = initialWorld(this.seed, options.host);
    this.snapshots.push({ eventCount: 0, json: JSON.stringify(this.head) });
  }

  /** Run one command at the head of history. */
  run(line: string): CommandRecord {
    const firstEvent = this.eventLog.length;
    const output = stepInPlace(this.head, line, (event) => this.record(event), {
      tty: this.tty,
    });
    const record: CommandRecord = {
      line,
      firstEvent,
      endEvent: this.eventLog.length,
      stdout: output.stdout,
      stderr: output.stderr,
      exitCode: output.exitCode,
    };
    this.commandLog.push(record);
    this.cursorAt = this.eventLog.length;
    this.viewCache = null;
    return record;
  }

  private record(event: SimEvent): void {
    this.eventLog.push(event);
    // Snapshots are taken only between commands: inside a command the RNG may have moved
    // ahead of the events (its position is recorded by 'command.exit'), so only there does the
    // working world equal what replaying the events gives.
    if (event.kind !== 'command.exit') return;
    const last = this.snapshots[this.snapshots.length - 1]!;
    const sinceLast = this.eventLog.length - last.eventCount;
    if (
      sinceLast >= this.snapshotEvery &&
      sinceLast * this.snapshotBytesPerEvent >= last.json.length
    ) {
      this.snapshots.push({ eventCount: this.eventLog.length, json: JSON.stringify(this.head) });
    }
  }

  /** How many snapshots are kept and their size in characters of JSON, for memory figures. */
  get snapshotStats(): { count: number; bytes: number } {
    let bytes = 0;
    for (const snapshot of this.snapshots) bytes += snapshot.json.length;
    return { count: this.snapshots.length, bytes };
  }

  get events(): readonly SimEvent[] {
    return this.eventLog;
  }

  get commands(): readonly CommandRecord[] {
    return this.commandLog;
  }

  /**
   * SHA-256 over the canonical encoding of every event so far. Events are hashed here, on
   * demand, not as they happen: encoding and hashing them was two fifths of the time of a
   * `docker run`, and the page never shows the hash. Events are immutable once emitted (replay
   * depends on it too), so hashing them later gives the same bytes.
   */
  get traceHash(): string {
    while (this.hashedCount < this.eventLog.length)
      this.hasher.add(this.eventLog[this.hashedCount++]!);
    return this.hasher.hex();
  }

  /** The newest world. Read-only to callers: it is the session's working copy. */
  get headWorld(): World {
    return this.head;
  }

  /**
   * What the terminal shows before the next line: the attached container shell's prompt
   * (busybox's `/ # `), or null for the client's own shell.
   */
  get prompt(): string | null {
    const attached = this.head.client.attached;
    return attached ? attachedPrompt(attached) : null;
  }

  /** How many events the viewed world has applied (== events.length at the head). */
  get cursor(): number {
    return this.cursorAt;
  }

  /** A fresh copy of the world after the first `eventCount` events. */
  worldAt(eventCount: number): World {
    if (!Number.isInteger(eventCount) || eventCount < 0 || eventCount > this.eventLog.length) {
      throw new RangeError(`no point ${eventCount} in a trace of ${this.eventLog.length} events`);
    }
    const snapshot = this.nearestSnapshot(eventCount);
    const world = JSON.parse(snapshot.json) as World;
    for (let index = snapshot.eventCount; index < eventCount; index++)
      applyEvent(world, this.eventLog[index]!);
    return world;
  }

  private nearestSnapshot(eventCount: number): Snapshot {
    let low = 0;
    let high = this.snapshots.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.snapshots[mid]!.eventCount <= eventCount) low = mid;
      else high = mid - 1;
    }
    return this.snapshots[low]!;
  }

  /** Move the view to the world after `eventCount` events and return it. */
  seek(eventCount: number): World {
    const world = this.worldAt(eventCount);
    this.cursorAt = eventCount;
    this.viewCache = { eventCount, world };
    return world;
  }

  /** The world at the cursor. */
  view(): World {
    if (this.cursorAt === this.eventLog.length) return this.head;
    if (this.viewCache?.eventCount !== this.cursorAt)
      this.viewCache = { eventCount: this.cursorAt, world: this.worldAt(this.cursorAt) };
    return this.viewCache.world;
  }

  stepBack(): World {
    return this.seek(Math.max(0, this.cursorAt - 1));
  }

  stepForward(): World {
    return this.seek(Math.min(this.eventLog.length, this.cursorAt + 1));
  }

  /** The command that produced the event at `index`. */
  commandOfEvent(index: number): CommandRecord | undefined {
    return this.commandLog.find((record) => index >= record.firstEvent && index < record.endEvent);
  }
}
