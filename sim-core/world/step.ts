// One step of the simulation: (world, command line) -> (world', events). `step` is pure: it
// copies the world first. `stepInPlace` is the same step on a world the caller owns (the
// session's private head), which is how long runs avoid copying the world for every command.
import { runCommandLine } from '../cli/shell.ts';
import { StepContext } from './context.ts';
import type { SimEvent } from './events.ts';
import { cloneWorld, type World } from './world.ts';

export interface StepOutput {
  events: SimEvent[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface StepResult extends StepOutput {
  world: World;
}

export function step(world: World, line: string): StepResult {
  const next = cloneWorld(world);
  return { world: next, ...stepInPlace(next, line) };
}

export function stepInPlace(
  world: World,
  line: string,
  onEvent?: (event: SimEvent) => void,
  options: { tty?: boolean } = {},
): StepOutput {
  const ctx = new StepContext(world, onEvent, options.tty ?? false);
  ctx.emit({ kind: 'command', line });
  let exitCode: number;
  try {
    exitCode = runCommandLine(ctx, line);
  } catch (error) {
    // A bug must never take the learner's session down: report it as a failed command.
    const message = error instanceof Error ? error.message : String(error);
    ctx.err(`hypervisual: internal error: ${message}`);
    exitCode = 1;
  }
  ctx.emit({ kind: 'command.exit', exitCode, rng: [...world.rng] });
  return { events: ctx.events, stdout: ctx.stdout, stderr: ctx.stderr, exitCode };
}
