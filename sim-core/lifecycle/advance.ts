// Pure lifecycle steps: the world stores only a machine's state value (plain data); advancing it
// asks the XState machine what the event leads to, without starting an actor or any side effect.
import { transition, type AnyStateMachine } from 'xstate';

export interface Advanced<S extends string> {
  ok: boolean;
  state: S;
}

/** The state `event` leads to from `state`; ok is false when the machine does not accept it. */
export function advance<S extends string>(
  machine: AnyStateMachine,
  state: S,
  event: string,
): Advanced<S> {
  const snapshot = machine.resolveState({ value: state, context: {} });
  if (!snapshot.can({ type: event })) return { ok: false, state };
  const [next] = transition(machine, snapshot, { type: event });
  return { ok: true, state: next.value as S };
}

/** Every event a machine's state accepts, for help texts and error messages. */
export function acceptedEvents(machine: AnyStateMachine, state: string): string[] {
  const snapshot = machine.resolveState({ value: state, context: {} });
  return [...new Set(snapshot._nodes.flatMap((node) => [...node.ownEvents]))].sort();
}
