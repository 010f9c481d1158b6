// Pure lifecycle steps: the world stores only a machine's state value (plain data); advancing it
// asks the XState machine what the event leads to, without starting an actor or any side effect.
import { transition, type AnyStateMachine } from 'xstate';

export interface Advanced<S extends string> {
  ok: boolean;
  state: S;
}

// Machines are constant, so the answer for a (state, event) pair never changes: remember it.
// Resolving a snapshot costs tens of microseconds, far more than the rest of a step.
const memo = new WeakMap<AnyStateMachine, Map<string, Advanced<string>>>();

/** The state `event` leads to from `state`; ok is false when the machine does not accept it. */
export function advance<S extends string>(
  machine: AnyStateMachine,
  state: S,
  event: string,
): Advanced<S> {
  let known = memo.get(machine);
  if (!known) memo.set(machine, (known = new Map()));
  const key = `${state}\u0000${event}`;
  const cached = known.get(key);
  if (cached) return cached as Advanced<S>;
  const snapshot = machine.resolveState({ value: state, context: {} });
  const result: Advanced<S> = snapshot.can({ type: event })
    ? { ok: true, state: transition(machine, snapshot, { type: event })[0].value as S }
    : { ok: false, state };
  known.set(key, result);
  return result;
}

/** Every event a machine's state accepts, for help texts and error messages. */
export function acceptedEvents(machine: AnyStateMachine, state: string): string[] {
  const snapshot = machine.resolveState({ value: state, context: {} });
  return [...new Set(snapshot._nodes.flatMap((node) => [...node.ownEvents]))].sort();
}
