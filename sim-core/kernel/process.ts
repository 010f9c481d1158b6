// A process (or thread) in one kernel's process table.
import type { NamespaceKind } from './namespace.ts';

export type ProcessState = 'running' | 'sleeping' | 'stopped' | 'zombie';

/** What a process is, for the views: kernel threads, vCPU threads and guests look different. */
export type ProcessRole =
  'init' | 'kthread' | 'service' | 'app' | 'vmm' | 'vcpu' | 'hypervisor' | 'container';

export interface Process {
  /** PID in the kernel's root PID namespace: the key of the process table. */
  pid: number;
  /** PID at every level of its PID namespace chain, outermost first (the kernel's upid list). */
  pidChain: { nsInode: number; pid: number }[];
  /** Thread group leader; equal to `pid` for a process, the VMM's PID for a vCPU thread. */
  tgid: number;
  ppid: number;
  comm: string;
  argv: string[];
  uid: number;
  role: ProcessRole;
  /** Namespace inode per kind. Windows kernels have none but the process table. */
  ns: Partial<Record<NamespaceKind, number>>;
  /** cgroup path, or null on kernels without cgroups (Windows). */
  cgroupPath: string | null;
  state: ProcessState;
  memoryBytes: number;
  /** CPU the process wants, in thousandths of a core: 1000 = one busy core. */
  cpuDemandMilli: number;
  startedAtNs: number;
  /** CPU time it has used, as the scheduler accounted it while time passed. */
  cpuTimeNs: number;
  /** For a VMM process and its vCPU threads: the VM they run. */
  vmId?: string;
  /** For an app's process: the app. */
  appId?: string;
  /** For a container's processes: the daemon and the container. */
  containerId?: string;
}

/** Shape of a process to spawn; the kernel fills in PIDs, namespaces and times. */
export interface ProcessSpec {
  comm: string;
  argv: string[];
  role: ProcessRole;
  uid?: number;
  memoryBytes?: number;
  cpuDemandMilli?: number;
  ppid?: number;
  /** Thread of this leader (a vCPU thread of its VMM). */
  threadOf?: number;
  cgroupPath?: string;
  /** Namespaces to join instead of the parent's, by kind. */
  ns?: Partial<Record<NamespaceKind, number>>;
  vmId?: string;
  appId?: string;
  containerId?: string;
}
