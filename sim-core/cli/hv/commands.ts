// The `hv` commands: the world outside Docker (servers, hypervisors, VMs, bare-metal apps).
// Each is a spec (flags, help) and a handler that turns parsed flags into one action.
import { runApp, stopApp } from '../../apps/run-app.ts';
import { addHost } from '../../hardware/add-host.ts';
import {
  DEFAULT_GUEST_OS,
  DEFAULT_HOST_OS,
  OS_IDS,
  isOsId,
  type OsId,
} from '../../kernel/os-catalogue.ts';
import { createVm } from '../../virt/create-vm.ts';
import {
  HYPERVISOR_PRODUCTS,
  HYPERVISOR_PRODUCT_IDS,
  isHypervisorProductId,
  type HypervisorProductId,
} from '../../virt/hypervisor-products.ts';
import { installHypervisor } from '../../virt/install-hypervisor.ts';
import { removeVm, startVm, stopVm } from '../../virt/vm-power.ts';
import type { StepContext } from '../../world/context.ts';
import { formatBytes, formatSeconds, GIB, MIB } from '../../world/units.ts';
import type { CommandSpec, FlagSpec } from '../flags.ts';
import { parseCoresMilli, parsePositiveInt, parseSize, type Parsed } from '../sizes.ts';
import { inspectCommand } from './inspect.ts';
import { psCommand } from './ps.ts';

export interface HvCommand {
  spec: CommandSpec;
  run: (ctx: StepContext, flags: Map<string, unknown>, args: string[]) => number;
}

const text = (value: string): Parsed<string> => ({ ok: true, value });
const size = (value: string) => parseSize(value);
const oneOf =
  <T extends string>(allowed: readonly T[], check: (value: string) => value is T) =>
  (value: string): Parsed<T> =>
    check(value)
      ? { ok: true, value }
      : { ok: false, error: `must be one of ${allowed.join(', ')}` };
const hypervisorType = (value: string): Parsed<1 | 2> =>
  value === '1' || value === '2'
    ? { ok: true, value: Number(value) as 1 | 2 }
    : { ok: false, error: 'must be 1 (bare-metal) or 2 (hosted)' };

const nameFlag = (what: string): FlagSpec => ({
  long: 'name',
  valueName: 'NAME',
  description: `Name of the ${what}`,
  required: true,
  parse: text,
});

export const HV_COMMANDS: Record<string, HvCommand> = {
  'host add': {
    spec: {
      path: 'hv host add',
      usage:
        'hv host add --name NAME --cpus N --memory SIZE [--disk SIZE] [--os OS] [--cgroup v1|v2] [--local-busybox]',
      summary: 'Add a physical server, with its host OS booted',
      flags: [
        nameFlag('server'),
        {
          long: 'cpus',
          valueName: 'N',
          description: 'CPU cores',
          required: true,
          parse: (value) => parsePositiveInt(value, 1024),
        },
        {
          long: 'memory',
          short: 'm',
          valueName: 'SIZE',
          description: 'RAM, e.g. 32g',
          required: true,
          parse: size,
        },
        {
          long: 'disk',
          valueName: 'SIZE',
          description: 'Disk size',
          defaultText: '500g',
          parse: size,
        },
        {
          long: 'os',
          valueName: 'OS',
          description: `Host OS: ${OS_IDS.join(', ')}`,
          defaultText: DEFAULT_HOST_OS,
          parse: oneOf(OS_IDS, isOsId),
        },
        {
          long: 'cgroup',
          valueName: 'VERSION',
          description: 'cgroup interface the host mounts: v2 (unified) or v1 (one per controller)',
          defaultText: "the OS's",
          parse: (value): Parsed<1 | 2> =>
            value === 'v1' || value === 'v2'
              ? { ok: true, value: value === 'v1' ? 1 : 2 }
              : { ok: false, error: 'must be v1 or v2' },
        },
        {
          long: 'local-busybox',
          description:
            "Start with busybox:latest made locally by docker import (Debian's busybox-static), not pulled",
        },
      ],
      args: { min: 0, max: 0 },
      examples: [
        'hv host add --name h2 --cpus 16 --memory 64g',
        'hv host add --name old --cpus 2 --memory 8g --cgroup v1',
        'hv host add --name lab --cpus 2 --memory 8g --cgroup v1 --local-busybox',
      ],
    },
    run: (ctx, flags) => {
      const name = flags.get('name') as string;
      const os = (flags.get('os') as OsId | undefined) ?? DEFAULT_HOST_OS;
      addHost(ctx, {
        name,
        cpuCount: flags.get('cpus') as number,
        memoryBytes: flags.get('memory') as number,
        diskBytes: (flags.get('disk') as number | undefined) ?? 500 * GIB,
        os,
        ...(flags.has('cgroup') ? { cgroupVersion: flags.get('cgroup') as 1 | 2 } : {}),
        ...(flags.has('local-busybox') ? { localImages: ['debian-busybox'] as const } : {}),
      });
      ctx.out(
        `host ${name} added: ${flags.get('cpus')} CPUs, ${formatBytes(flags.get('memory') as number)} RAM, running ${os}`,
      );
      return 0;
    },
  },
  'hypervisor install': {
    spec: {
      path: 'hv hypervisor install',
      usage: 'hv hypervisor install --on HOST --type 1|2 [--product PRODUCT]',
      summary: 'Install a hypervisor: type 1 runs on the hardware, type 2 on the host OS',
      flags: [
        {
          long: 'on',
          valueName: 'HOST',
          description: 'The server to install it on',
          required: true,
          parse: text,
        },
        {
          long: 'type',
          valueName: '1|2',
          description: '1: bare-metal; 2: hosted',
          required: true,
          parse: hypervisorType,
        },
        {
          long: 'product',
          valueName: 'PRODUCT',
          description: HYPERVISOR_PRODUCT_IDS.join(', '),
          defaultText: 'kvm (type 1), virtualbox (type 2)',
          parse: oneOf(HYPERVISOR_PRODUCT_IDS, isHypervisorProductId),
        },
      ],
      args: { min: 0, max: 0 },
      examples: [
        'hv hypervisor install --on host1 --type 1 --product kvm',
        'hv hypervisor install --on host1 --type 2',
      ],
    },
    run: (ctx, flags) => {
      const product = flags.get('product') as HypervisorProductId | undefined;
      const id = installHypervisor(ctx, {
        hostName: flags.get('on') as string,
        type: flags.get('type') as 1 | 2,
        ...(product ? { product } : {}),
      });
      const installed = HYPERVISOR_PRODUCTS[ctx.world.hypervisors[id]!.product];
      const effect =
        installed.hostOs === 'replaced'
          ? 'it replaced the host OS and now owns the hardware'
          : installed.hostOs === 'root-partition'
            ? 'the Windows host OS now runs in its root partition'
            : installed.type === 1
              ? 'the host kernel is now the hypervisor'
              : 'it runs as an application on the host OS';
      ctx.out(
        `${installed.name} (type ${installed.type}) installed on ${flags.get('on')}: ${effect}`,
      );
      return 0;
    },
  },
  'vm create': {
    spec: {
      path: 'hv vm create',
      usage: 'hv vm create --name NAME --on HOST --vcpus N --memory SIZE [--disk SIZE] [--os OS]',
      summary: 'Define a virtual machine: virtual CPUs, RAM, a virtual disk and a guest OS',
      flags: [
        nameFlag('VM'),
        {
          long: 'on',
          valueName: 'HOST',
          description: 'The server whose hypervisor runs it',
          required: true,
          parse: text,
        },
        {
          long: 'vcpus',
          valueName: 'N',
          description: 'Virtual CPUs',
          required: true,
          parse: (value) => parsePositiveInt(value, 1024),
        },
        {
          long: 'memory',
          short: 'm',
          valueName: 'SIZE',
          description: 'RAM reserved from the host',
          required: true,
          parse: size,
        },
        {
          long: 'disk',
          valueName: 'SIZE',
          description: 'Virtual disk',
          defaultText: '20g',
          parse: size,
        },
        {
          long: 'os',
          valueName: 'OS',
          description: `Guest OS: ${OS_IDS.join(', ')}`,
          defaultText: DEFAULT_GUEST_OS,
          parse: oneOf(OS_IDS, isOsId),
        },
      ],
      args: { min: 0, max: 0 },
      examples: ['hv vm create --name vm1 --on host1 --vcpus 2 --memory 2g'],
    },
    run: (ctx, flags) => {
      const name = flags.get('name') as string;
      createVm(ctx, {
        name,
        hostName: flags.get('on') as string,
        vcpus: flags.get('vcpus') as number,
        memoryBytes: flags.get('memory') as number,
        diskBytes: (flags.get('disk') as number | undefined) ?? 20 * GIB,
        os: (flags.get('os') as OsId | undefined) ?? DEFAULT_GUEST_OS,
      });
      ctx.out(name);
      return 0;
    },
  },
  'vm start': vmPowerCommand('start', 'Power on VMs and boot their guest OS', (ctx, name) => {
    const errorsBefore = ctx.stderr.length;
    startVm(ctx, name);
    if (ctx.stderr.length > errorsBefore) return false;
    const vm = Object.values(ctx.world.vms).find((candidate) => candidate.name === name)!;
    const phases = vm.boot
      .map((phase) => `${phase.phase} ${formatSeconds(phase.durationNs)}`)
      .join(', ');
    ctx.out(
      `${name} booted in ${formatSeconds((vm.readyAtNs ?? 0) - (vm.lastStartedAtNs ?? 0))} (${phases})`,
    );
    return true;
  }),
  'vm stop': vmPowerCommand(
    'stop',
    'Shut down VMs: the guest OS halts and the host frees their RAM',
    (ctx, name) => {
      stopVm(ctx, name);
      ctx.out(name);
      return true;
    },
  ),
  'vm rm': vmPowerCommand('rm', 'Remove stopped VMs and their virtual disks', (ctx, name) => {
    removeVm(ctx, name);
    ctx.out(name);
    return true;
  }),
  'app run': {
    spec: {
      path: 'hv app run',
      usage: 'hv app run --on HOST|VM --name NAME [--cpu-demand CORES] [--memory SIZE]',
      summary:
        "Start an application straight on a host's OS or a VM's guest OS, with no resource boundaries",
      flags: [
        {
          long: 'on',
          valueName: 'HOST|VM',
          description: 'Where to run it',
          required: true,
          parse: text,
        },
        nameFlag('app'),
        {
          long: 'cpu-demand',
          valueName: 'CORES',
          description: 'How many cores it keeps busy',
          defaultText: '1',
          parse: (value) => parseCoresMilli(value),
        },
        {
          long: 'memory',
          short: 'm',
          valueName: 'SIZE',
          description: 'Memory it uses',
          defaultText: '256m',
          parse: size,
        },
      ],
      args: { min: 0, max: 0 },
      examples: ['hv app run --on host1 --name shop --cpu-demand 2 --memory 1g'],
    },
    run: (ctx, flags) => {
      const name = flags.get('name') as string;
      const outcome = runApp(ctx, {
        name,
        on: flags.get('on') as string,
        cpuDemandMilli: (flags.get('cpu-demand') as number | undefined) ?? 1000,
        memoryBytes: (flags.get('memory') as number | undefined) ?? 256 * MIB,
      });
      for (const kill of outcome.killed) {
        ctx.err(`Out of memory: the kernel's OOM killer killed process ${kill.pid} (${kill.comm})`);
      }
      if (!outcome.granted) return 137;
      ctx.out(name);
      return 0;
    },
  },
  'app stop': {
    spec: {
      path: 'hv app stop',
      usage: 'hv app stop NAME [NAME...]',
      summary: 'Stop apps (SIGTERM)',
      flags: [],
      args: { min: 1, max: 100, names: 'NAME' },
    },
    run: (ctx, _flags, args) => {
      for (const name of args) {
        stopApp(ctx, name);
        ctx.out(name);
      }
      return 0;
    },
  },
  ps: psCommand,
  inspect: inspectCommand,
};

function vmPowerCommand(
  verb: string,
  summary: string,
  act: (ctx: StepContext, name: string) => boolean,
): HvCommand {
  return {
    spec: {
      path: `hv vm ${verb}`,
      usage: `hv vm ${verb} VM [VM...]`,
      summary,
      flags: [],
      args: { min: 1, max: 100, names: 'VM' },
    },
    run: (ctx, _flags, args) => {
      let status = 0;
      for (const name of args) {
        try {
          if (!act(ctx, name)) status = 1;
        } catch (error) {
          // Like `docker stop a b`: report each failure and go on with the others.
          if (!(error instanceof Error) || error.name !== 'UserError') throw error;
          ctx.err(`Error: ${error.message}`);
          status = 1;
        }
      }
      return status;
    },
  };
}
