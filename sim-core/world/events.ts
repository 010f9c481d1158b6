// Every event the simulator records. An event is one state change (or one observable message,
// such as a command line), stamped with the simulated time it happened at. Events are data: the
// UI animates them, lessons check them, the trace hashes them, and replaying them rebuilds the
// world exactly (world/apply-event.ts).
import type { App } from '../apps/app.ts';
import type { DockerContext } from '../client/docker-contexts.ts';
import type { ClientAttachment } from '../client/attachment.ts';
import type { Host } from '../hardware/host.ts';
import type { KernelSpec } from '../kernel/boot.ts';
import type { NamespaceKind } from '../kernel/namespace.ts';
import type { ProcessSpec } from '../kernel/process.ts';
import type { WritableCgroupFile } from '../kernel/cgroup.ts';
import type { VmLifecycleEvent, VmState } from '../lifecycle/vm-machine.ts';
import type { BootPhase } from '../virt/boot-sequence.ts';
import type { Hypervisor } from '../virt/hypervisor.ts';
import type { Vm } from '../virt/vm.ts';
import type { RngState } from './rng.ts';
import type { EngineEvent } from '../engine/events.ts';

interface Base<K extends string> {
  kind: K;
  /** Simulated time the event happened at, in ns since the world began. */
  atNs: number;
}

export type CommandEvent = Base<'command'> & { line: string };
export type CommandExitEvent = Base<'command.exit'> & { exitCode: number; rng: RngState };
export type ClockAdvanceEvent = Base<'clock.advance'> & { durationNs: number; reason: string };
export type FileWriteEvent = Base<'file.write'> & { path: string; content: string };
/** The docker CLI's contexts changed: one created, removed, or made current. */
export type ContextCreateEvent = Base<'context.create'> & { context: DockerContext };
export type ContextRemoveEvent = Base<'context.remove'> & { name: string };
export type ContextUseEvent = Base<'context.use'> & { name: string };
/** The client's terminal attached to a container's shell, or its shell changed directory. */
export type ClientAttachEvent = Base<'client.attach'> & { attachment: ClientAttachment };
/** The client's terminal back to its own shell (the attached shell exited, or detached). */
export type ClientDetachEvent = Base<'client.detach'>;
/** A file of the client's machine deleted (through a bind mount). */
export type FileRemoveEvent = Base<'file.remove'> & { path: string };

export type HostAddEvent = Base<'host.add'> & { host: Omit<Host, 'kernelId'>; kernel: KernelSpec };

export type ProcessSpawnEvent = Base<'process.spawn'> & { kernelId: string; spec: ProcessSpec };
export type ProcessExitEvent = Base<'process.exit'> & {
  kernelId: string;
  pid: number;
  exitCode: number;
  signal: string | null;
};
/** A process starts or stops wanting the CPU (a shell's loop turns busy, or it sleeps). */
export type ProcessDemandEvent = Base<'process.demand'> & {
  kernelId: string;
  pid: number;
  cpuDemandMilli: number;
};
export type MemoryChargeEvent = Base<'memory.charge'> & {
  kernelId: string;
  pid: number;
  bytes: number;
};
export type OomKillEvent = Base<'oom.kill'> & {
  kernelId: string;
  pid: number;
  comm: string;
  scope: 'cgroup' | 'global';
  cgroupPath: string | null;
  freedBytes: number;
};
export type NamespaceCreateEvent = Base<'namespace.create'> & {
  kernelId: string;
  nsKind: NamespaceKind;
  parentInode: number | null;
  hostname?: string;
};
export type CgroupCreateEvent = Base<'cgroup.create'> & { kernelId: string; path: string };
export type CgroupWriteEvent = Base<'cgroup.write'> & {
  kernelId: string;
  path: string;
  file: WritableCgroupFile;
  value: string;
};
/** CPU time the scheduler handed out while simulated time passed, per cgroup and process. */
export type CpuAccountEvent = Base<'cpu.account'> & {
  kernelId: string;
  durationNs: number;
  groups: {
    path: string;
    usageNs: number;
    nrPeriods: number;
    nrThrottled: number;
    throttledNs: number;
  }[];
  processes: { pid: number; cpuNs: number }[];
};
export type CgroupRemoveEvent = Base<'cgroup.remove'> & { kernelId: string; path: string };

export type HypervisorInstallEvent = Base<'hypervisor.install'> & {
  hypervisor: Hypervisor;
  /** Set when a type 1 hypervisor replaces the host OS: the kernel that takes the hardware. */
  replacementKernel: KernelSpec | null;
};
export type VmCreateEvent = Base<'vm.create'> & { vm: Vm };
export type VmStateEvent = Base<'vm.state'> & {
  vmId: string;
  event: VmLifecycleEvent;
  from: VmState;
  to: VmState;
};
export type VmPowerOnEvent = Base<'vm.power.on'> & { vmId: string; vmmPid: number };
export type VmBootPhaseEvent = Base<'vm.boot.phase'> & {
  vmId: string;
  phase: BootPhase;
  durationNs: number;
};
export type GuestKernelBootEvent = Base<'guest.kernel.boot'> & { vmId: string; kernel: KernelSpec };
export type GuestKernelHaltEvent = Base<'guest.kernel.halt'> & { vmId: string; kernelId: string };
export type VmRemoveEvent = Base<'vm.remove'> & { vmId: string };

export type AppRunEvent = Base<'app.run'> & { app: App };
export type AppStopEvent = Base<'app.stop'> & { appId: string };

export type SimEvent =
  | CommandEvent
  | CommandExitEvent
  | ClockAdvanceEvent
  | FileWriteEvent
  | FileRemoveEvent
  | ContextCreateEvent
  | ContextRemoveEvent
  | ContextUseEvent
  | ClientAttachEvent
  | ClientDetachEvent
  | HostAddEvent
  | ProcessSpawnEvent
  | ProcessExitEvent
  | ProcessDemandEvent
  | MemoryChargeEvent
  | OomKillEvent
  | NamespaceCreateEvent
  | CgroupCreateEvent
  | CgroupWriteEvent
  | CgroupRemoveEvent
  | CpuAccountEvent
  | HypervisorInstallEvent
  | VmCreateEvent
  | VmStateEvent
  | VmPowerOnEvent
  | VmBootPhaseEvent
  | GuestKernelBootEvent
  | GuestKernelHaltEvent
  | VmRemoveEvent
  | AppRunEvent
  | AppStopEvent
  | EngineEvent;

export type SimEventKind = SimEvent['kind'];

/** An event as a step emits it: the context stamps the time. */
export type EventInput = SimEvent extends infer E
  ? E extends SimEvent
    ? Omit<E, 'atNs'>
    : never
  : never;
