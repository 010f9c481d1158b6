// A container's states, named as Docker's State.Status names them (created, running, paused,
// restarting, exited, removing, dead), plus `removed` once it is gone.
import { setup } from 'xstate';

export const CONTAINER_STATES = [
  'created',
  'running',
  'paused',
  'restarting',
  'exited',
  'removing',
  'dead',
  'removed',
] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export type ContainerLifecycleEvent =
  | 'START'
  | 'PAUSE'
  | 'UNPAUSE'
  /** The container's main process ended: exit, docker stop, docker kill, or the OOM killer. */
  | 'EXIT'
  /** A restart policy (or `docker restart`) brings an exited container back. */
  | 'RESTART'
  | 'RESTARTED'
  | 'REMOVE'
  | 'REMOVED'
  /** Removal or teardown failed half-way: Docker marks the container dead. */
  | 'FAIL';

export const containerMachine = setup({
  types: { events: {} as { type: ContainerLifecycleEvent } },
}).createMachine({
  id: 'container',
  initial: 'created',
  states: {
    created: { on: { START: 'running', REMOVE: 'removing' } },
    running: { on: { PAUSE: 'paused', EXIT: 'exited', RESTART: 'restarting' } },
    // A paused (frozen) container can still be killed: docker kill thaws and kills it.
    paused: { on: { UNPAUSE: 'running', EXIT: 'exited' } },
    restarting: { on: { RESTARTED: 'running', EXIT: 'exited' } },
    exited: { on: { START: 'running', RESTART: 'restarting', REMOVE: 'removing' } },
    removing: { on: { REMOVED: 'removed', FAIL: 'dead' } },
    dead: { on: { REMOVE: 'removing' } },
    removed: { type: 'final' },
  },
});
