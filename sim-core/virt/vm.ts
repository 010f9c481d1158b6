// A virtual machine: virtual hardware (vCPUs, RAM reserved from the host, a virtual disk) and,
// while it runs, a guest OS with its own kernel and processes.
import type { OsId } from '../kernel/os-catalogue.ts';
import type { VmState } from '../lifecycle/vm-machine.ts';
import type { BootPhase } from './boot-sequence.ts';

export interface Vm {
  id: string;
  name: string;
  hostId: string;
  hypervisorId: string;
  vcpus: number;
  memoryBytes: number;
  diskBytes: number;
  os: OsId;
  state: VmState;
  /** The guest kernel while the VM is powered on. */
  guestKernelId: string | null;
  /** Root-namespace PID of its VMM process on the host kernel while powered on. */
  vmmPid: number | null;
  /** The phases of the last boot, with their simulated start times. */
  boot: { phase: BootPhase; startNs: number; durationNs: number }[];
  createdAtNs: number;
  lastStartedAtNs: number | null;
  readyAtNs: number | null;
}
