// Every legal and illegal transition of the VM and container lifecycles. The tables below are
// the documented behaviour (what a learner can and cannot do in each state); the machines must
// accept exactly these and refuse everything else.
import { describe, expect, it } from 'vitest';
import { advance } from '../../sim-core/lifecycle/advance.ts';
import {
  CONTAINER_STATES,
  containerMachine,
  type ContainerLifecycleEvent,
} from '../../sim-core/lifecycle/container-machine.ts';
import {
  VM_STATES,
  vmMachine,
  type VmLifecycleEvent,
} from '../../sim-core/lifecycle/vm-machine.ts';

const VM_EVENTS: VmLifecycleEvent[] = [
  'START',
  'BOOTED',
  'PAUSE',
  'RESUME',
  'STOP',
  'HALTED',
  'POWER_OFF',
  'CRASH',
  'REMOVE',
];
const VM_TABLE: Record<string, Partial<Record<VmLifecycleEvent, string>>> = {
  stopped: { START: 'booting', REMOVE: 'removed' },
  booting: { BOOTED: 'running', POWER_OFF: 'stopped', CRASH: 'stopped' },
  running: { PAUSE: 'paused', STOP: 'stopping', POWER_OFF: 'stopped', CRASH: 'stopped' },
  paused: { RESUME: 'running', POWER_OFF: 'stopped', CRASH: 'stopped' },
  stopping: { HALTED: 'stopped', POWER_OFF: 'stopped', CRASH: 'stopped' },
  removed: {},
};

const CONTAINER_EVENTS: ContainerLifecycleEvent[] = [
  'START',
  'PAUSE',
  'UNPAUSE',
  'EXIT',
  'RESTART',
  'RESTARTED',
  'REMOVE',
  'REMOVED',
  'FAIL',
];
const CONTAINER_TABLE: Record<string, Partial<Record<ContainerLifecycleEvent, string>>> = {
  created: { START: 'running', REMOVE: 'removing' },
  running: { PAUSE: 'paused', EXIT: 'exited', RESTART: 'restarting' },
  paused: { UNPAUSE: 'running', EXIT: 'exited' },
  restarting: { RESTARTED: 'running', EXIT: 'exited' },
  exited: { START: 'running', RESTART: 'restarting', REMOVE: 'removing' },
  removing: { REMOVED: 'removed', FAIL: 'dead' },
  dead: { REMOVE: 'removing' },
  removed: {},
};

describe('VM lifecycle', () => {
  it('covers every state in the table', () => {
    expect(Object.keys(VM_TABLE).sort()).toEqual([...VM_STATES].sort());
  });
  for (const state of VM_STATES) {
    for (const event of VM_EVENTS) {
      const expected = VM_TABLE[state]![event];
      it(`${state} + ${event} -> ${expected ?? 'refused'}`, () => {
        const result = advance(vmMachine, state, event);
        expect(result.ok).toBe(expected !== undefined);
        expect(result.state).toBe(expected ?? state);
      });
    }
  }
});

describe('container lifecycle', () => {
  it('covers every state in the table', () => {
    expect(Object.keys(CONTAINER_TABLE).sort()).toEqual([...CONTAINER_STATES].sort());
  });
  for (const state of CONTAINER_STATES) {
    for (const event of CONTAINER_EVENTS) {
      const expected = CONTAINER_TABLE[state]![event];
      it(`${state} + ${event} -> ${expected ?? 'refused'}`, () => {
        const result = advance(containerMachine, state, event);
        expect(result.ok).toBe(expected !== undefined);
        expect(result.state).toBe(expected ?? state);
      });
    }
  }
});
