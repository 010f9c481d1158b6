// `hv inspect NAME`: one host, VM or app as JSON, with what a learner wants to look into
// (its kernel, namespaces, boot timeline, the processes it shows the host).
import { kernelMemoryUsedBytes, type Kernel } from '../../kernel/kernel.ts';
import { visibleProcesses } from '../../kernel/kernel.ts';
import { bootSequence, bootSourceNote } from '../../virt/boot-sequence.ts';
import { worldCpu } from '../../virt/cpu-allocation.ts';
import { vmOverheadBytes } from '../../virt/memory-reservation.ts';
import type { StepContext } from '../../world/context.ts';
import { findByName } from '../../world/names.ts';
import { UserError } from '../../world/user-error.ts';
import type { DeepReadonly, World } from '../../world/world.ts';
import type { HvCommand } from './commands.ts';

function kernelSummary(kernel: DeepReadonly<Kernel>) {
  const rootPidNs = kernel.rootNs.pid!;
  return {
    Id: kernel.id,
    Name: kernel.name,
    Release: kernel.release,
    Family: kernel.family,
    CPUs: kernel.cpuCount,
    MemoryBytes: kernel.memoryBytes,
    MemoryUsedBytes: kernelMemoryUsedBytes(kernel),
    OsBaseMemoryBytes: kernel.baseMemoryBytes,
    OomKills: kernel.oomKillCount,
    Namespaces: Object.fromEntries(
      Object.entries(kernel.rootNs).map(([kind, inode]) => [kind, `${kind}:[${inode}]`]),
    ),
    Processes: visibleProcesses(kernel, rootPidNs).map(({ pid, process }) => ({
      Pid: pid,
      Ppid: process.ppid,
      Command: process.argv.length > 0 ? process.argv.join(' ') : `[${process.comm}]`,
      Role: process.role,
      MemoryBytes: process.memoryBytes,
    })),
  };
}

export function inspectJson(world: DeepReadonly<World>, name: string): unknown {
  const found = findByName(world, name);
  if (!found) throw new UserError(`Error: No such object: ${name}`);
  if (found.kind === 'host') {
    const host = world.hosts[found.id]!;
    return {
      Id: host.id,
      Name: host.name,
      Kind: 'host',
      State: host.state,
      Hardware: {
        CPUs: host.cpuCount,
        MemoryBytes: host.memoryBytes,
        DiskBytes: host.diskBytes,
        Nic: host.nic,
      },
      Os: host.os,
      Hypervisor: host.hypervisorId ? world.hypervisors[host.hypervisorId] : null,
      Kernel: kernelSummary(world.kernels[host.kernelId]!),
    };
  }
  if (found.kind === 'vm') {
    const vm = world.vms[found.id]!;
    const guest = vm.guestKernelId ? world.kernels[vm.guestKernelId] : undefined;
    return {
      Id: vm.id,
      Name: vm.name,
      Kind: 'vm',
      State: vm.state,
      Host: world.hosts[vm.hostId]!.name,
      Hypervisor: world.hypervisors[vm.hypervisorId]!.product,
      VirtualHardware: { VCPUs: vm.vcpus, MemoryBytes: vm.memoryBytes, DiskBytes: vm.diskBytes },
      HypervisorOverheadBytes: vmOverheadBytes(vm.vcpus, vm.memoryBytes),
      GuestOs: vm.os,
      Boot: {
        Phases: vm.boot.map((phase) => ({
          Phase: phase.phase,
          StartNs: phase.startNs,
          DurationNs: phase.durationNs,
        })),
        Sources: bootSequence(vm.os).map((step) => ({
          Phase: step.phase,
          Calibration: step.calibrationId,
        })),
        Note: bootSourceNote(vm.os),
        ReadyAtNs: vm.readyAtNs,
      },
      Cpu: (() => {
        const cpu = worldCpu(world).perVm.get(vm.id);
        return cpu
          ? {
              VcpuDemandMilli: cpu.wantedMilli,
              GrantedMilli: cpu.grantedMilli,
              StealPercent: cpu.stealPercent,
            }
          : null;
      })(),
      VmmPid: vm.vmmPid,
      GuestKernel: guest ? kernelSummary(guest) : null,
    };
  }
  const app = world.apps[found.id]!;
  return {
    Id: app.id,
    Name: app.name,
    Kind: 'app',
    State: app.state,
    PlacedOn:
      app.placedOn.kind === 'host'
        ? world.hosts[app.placedOn.id]!.name
        : world.vms[app.placedOn.id]?.name,
    Kernel: app.kernelId,
    Pid: app.pid,
    CpuDemandMilli: app.cpuDemandMilli,
    MemoryBytes: app.memoryBytes,
    StartedAtNs: app.startedAtNs,
  };
}

export const inspectCommand: HvCommand = {
  spec: {
    path: 'hv inspect',
    usage: 'hv inspect NAME [NAME...]',
    summary: 'Show hosts, VMs and apps in detail, as JSON',
    flags: [],
    args: { min: 1, max: 100, names: 'NAME' },
  },
  run: (ctx: StepContext, _flags, names) => {
    const found: unknown[] = [];
    let status = 0;
    for (const name of names) {
      try {
        found.push(inspectJson(ctx.world, name));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        ctx.err(error.message);
        status = 1;
      }
    }
    ctx.out(`${JSON.stringify(found, null, 4)}`);
    return status;
  },
};
