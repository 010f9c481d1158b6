// A virtual machine's power states. Booting is a state of its own because a VM, unlike a
// container, must run firmware, a bootloader, a kernel and an init system before its app.
import { setup } from 'xstate';

export const VM_STATES = [
  'stopped',
  'booting',
  'running',
  'paused',
  'stopping',
  'removed',
] as const;
export type VmState = (typeof VM_STATES)[number];

export type VmLifecycleEvent =
  'START' | 'BOOTED' | 'PAUSE' | 'RESUME' | 'STOP' | 'HALTED' | 'POWER_OFF' | 'CRASH' | 'REMOVE';

export const vmMachine = setup({
  types: { events: {} as { type: VmLifecycleEvent } },
}).createMachine({
  id: 'vm',
  initial: 'stopped',
  states: {
    stopped: { on: { START: 'booting', REMOVE: 'removed' } },
    booting: { on: { BOOTED: 'running', POWER_OFF: 'stopped', CRASH: 'stopped' } },
    running: { on: { PAUSE: 'paused', STOP: 'stopping', POWER_OFF: 'stopped', CRASH: 'stopped' } },
    paused: { on: { RESUME: 'running', POWER_OFF: 'stopped', CRASH: 'stopped' } },
    // A guest shutdown: the guest OS stops its services, then the VMM powers off.
    stopping: { on: { HALTED: 'stopped', POWER_OFF: 'stopped', CRASH: 'stopped' } },
    removed: { type: 'final' },
  },
});
