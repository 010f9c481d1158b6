// The page's one source of truth: a simulator Session plus what the terminal has shown. The
// Session is plain TypeScript that mutates its head world in place, which Svelte cannot see;
// so every change bumps `version`, and `view` hands out a fresh snapshot object for it, which
// is what the diagram, the timeline and the text alternative derive from.
import { needsMoreInput } from '../sim-core/cli/heredoc.ts';
import { Session, type CommandRecord } from '../sim-core/trace/session.ts';
import type { SimEvent } from '../sim-core/world/events.ts';
import type { World } from '../sim-core/world/world.ts';

export interface TranscriptEntry {
  id: number;
  record: CommandRecord;
  /** True when the command ran while the learner was looking at the past. */
  ranWhileViewingPast: boolean;
  /** The prompt it was typed at: '$', or a container shell's ('/ #') while attached to one. */
  prompt: string;
}

export interface SessionView {
  version: number;
  /** The world at the cursor: the newest one, or an earlier one while time-travelling. */
  world: World;
  cursor: number;
  eventCount: number;
  atHead: boolean;
  /** The last event applied to the viewed world, or null at the very beginning. */
  currentEvent: SimEvent | null;
}

export class SessionStore {
  readonly #session: Session;
  #version = $state(0);
  #nextEntryId = 1;
  transcript: TranscriptEntry[] = $state.raw([]);
  /** Lines typed so far of a command that waits for its heredoc's closing line. */
  pendingLines: string[] = $state.raw([]);
  /** Every line typed, oldest first, for ArrowUp/ArrowDown. */
  history: string[] = $state.raw([]);
  /** What the next line is typed at: '$', or the attached container shell's prompt ('/ #'). */
  prompt = $state('$');

  constructor(seed = 1) {
    // The page is a terminal: `docker run -it` hands it to the container's shell.
    this.#session = new Session({ seed, tty: true });
  }

  readonly view: SessionView = $derived.by(() => this.#snapshot(this.#version));

  #snapshot(version: number): SessionView {
    const session = this.#session;
    const cursor = session.cursor;
    return {
      version,
      world: session.view(),
      cursor,
      eventCount: session.events.length,
      atHead: cursor === session.events.length,
      currentEvent: cursor > 0 ? (session.events[cursor - 1] ?? null) : null,
    };
  }

  /** Type one line. Returns the finished command's record, or null while a heredoc waits. */
  submit(line: string): CommandRecord | null {
    if (line.trim() !== '' && this.pendingLines.length === 0)
      this.history = [...this.history, line];
    const text = [...this.pendingLines, line].join('\n');
    if (needsMoreInput(text)) {
      this.pendingLines = [...this.pendingLines, line];
      return null;
    }
    this.pendingLines = [];
    if (text.trim() === '') return null;
    const ranWhileViewingPast = !this.view.atHead;
    const prompt = this.prompt;
    const record = this.#session.run(text);
    this.prompt = this.#session.prompt?.trimEnd() ?? '$';
    this.transcript = [
      ...this.transcript,
      { id: this.#nextEntryId++, record, ranWhileViewingPast, prompt },
    ];
    this.#version += 1;
    return record;
  }

  /** Give up on a half-typed heredoc (Ctrl+C in a shell). */
  cancelPending(): void {
    this.pendingLines = [];
  }

  seek(eventCount: number): void {
    const clamped = Math.max(0, Math.min(this.#session.events.length, Math.round(eventCount)));
    this.#session.seek(clamped);
    this.#version += 1;
  }

  stepBack(): void {
    this.#session.stepBack();
    this.#version += 1;
  }

  stepForward(): void {
    this.#session.stepForward();
    this.#version += 1;
  }

  backToNow(): void {
    this.seek(this.#session.events.length);
  }

  /** Where the command that produced event `index` starts and ends, for the timeline. */
  commandAt(index: number): CommandRecord | undefined {
    return this.#session.commandOfEvent(index);
  }

  get traceHash(): string {
    void this.#version;
    return this.#session.traceHash;
  }
}
