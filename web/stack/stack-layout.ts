// The stack diagram as geometry: a pure function from a world to positioned boxes and bars, so
// the Svelte component only draws, and the layout can be reasoned about (and tested) alone.
// Each host is a column, read bottom-up the way the layers stack on real machines:
//   hardware -> host OS (or the type 1 hypervisor that replaced it) -> [hypervisor] -> VMs
// with apps standing either on the host OS or inside a VM on its guest OS.
import { kernelMemoryUsedBytes } from '../../sim-core/kernel/kernel.ts';
import { OS_CATALOGUE } from '../../sim-core/kernel/os-catalogue.ts';
import type { App } from '../../sim-core/apps/app.ts';
import type { Host } from '../../sim-core/hardware/host.ts';
import { worldCpuAllocation, type WorldCpuAllocation } from '../../sim-core/virt/cpu-allocation.ts';
import { HYPERVISOR_PRODUCTS } from '../../sim-core/virt/hypervisor-products.ts';
import { reservedOnHostBytes } from '../../sim-core/virt/memory-reservation.ts';
import type { Vm } from '../../sim-core/virt/vm.ts';
import { formatBytes, formatSeconds } from '../../sim-core/world/units.ts';
import type { DeepReadonly, World } from '../../sim-core/world/world.ts';
import { appCpu, formatCores, hostCpuUse } from './cpu-use.ts';
import type { Selection } from './selection.ts';

export type BoxTone =
  | 'hardware'
  | 'os'
  | 'hypervisor'
  | 'vm'
  | 'vm-stopped'
  | 'vm-booting'
  | 'guest-os'
  | 'app'
  | 'app-starved'
  | 'app-killed'
  | 'app-stopped';

export interface StackBox {
  key: string;
  selection: Selection;
  tone: BoxTone;
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  lines: string[];
  /** What a screen reader says for the box. */
  label: string;
  /** For apps: granted against wanted CPU, drawn as a small bar. */
  meter?: { fraction: number; starved: boolean };
}

export interface BarSegment {
  fraction: number;
  tone: 'apps' | 'vms' | 'os' | 'free';
  label: string;
}

export interface StackBar {
  key: string;
  x: number;
  y: number;
  width: number;
  caption: string;
  segments: BarSegment[];
  /** Set when more is wanted than there is: the caption says so and the bar is flagged. */
  overloaded: boolean;
}

/** A dashed, non-interactive placeholder saying what could stand there and how to put it. */
export interface StackHint {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface StackLayout {
  width: number;
  height: number;
  boxes: StackBox[];
  bars: StackBar[];
  hints: StackHint[];
}

const GAP = 14;
const APP_WIDTH = 170;
const APP_HEIGHT = 104;
const VM_HEADER = 78;
const GUEST_OS_HEIGHT = 52;
const VM_MIN_WIDTH = 280;
const VM_HEIGHT = VM_HEADER + APP_HEIGHT + 2 * GAP + GUEST_OS_HEIGHT + GAP;
const HYPERVISOR_HEIGHT = 52;
const HOST_OS_HEIGHT = 58;
const HARDWARE_HEIGHT = 58;
const BAR_BLOCK = 56;
const COLUMN_MIN_WIDTH = 400;
const COLUMN_GAP = 32;
const EMPTY_HYPERVISOR_WIDTH = 280;

/** Where each layer starts, top to bottom; the top row is only as tall as what stands in it. */
interface Rows {
  vms: number;
  hypervisor: number;
  hostOs: number;
  hardware: number;
  bars: number;
  height: number;
}

function rowsFor(topHeight: number, anyHypervisor: boolean): Rows {
  const hypervisor = topHeight + GAP;
  const hostOs = anyHypervisor ? hypervisor + HYPERVISOR_HEIGHT + GAP : hypervisor;
  const hardware = hostOs + HOST_OS_HEIGHT + GAP;
  const bars = hardware + HARDWARE_HEIGHT + GAP;
  return { vms: 0, hypervisor, hostOs, hardware, bars, height: bars + 2 * BAR_BLOCK };
}

type ReadonlyWorld = DeepReadonly<World>;

function vmWidth(appCount: number): number {
  return Math.max(VM_MIN_WIDTH, appCount * (APP_WIDTH + GAP) + GAP);
}

function appsOn(world: ReadonlyWorld, kind: 'host' | 'vm', id: string): DeepReadonly<App>[] {
  return Object.values(world.apps).filter(
    (app) => app.placedOn.kind === kind && app.placedOn.id === id,
  );
}

function vmsOn(world: ReadonlyWorld, hostId: string): DeepReadonly<Vm>[] {
  return Object.values(world.vms).filter((vm) => vm.hostId === hostId && vm.state !== 'removed');
}

function appBox(
  world: ReadonlyWorld,
  cpu: WorldCpuAllocation,
  app: DeepReadonly<App>,
  x: number,
  y: number,
): StackBox {
  const use = appCpu(world, cpu, app.id);
  const starved = use !== null && use.grantedMilli < use.demandMilli;
  const where =
    app.placedOn.kind === 'host'
      ? `on ${world.hosts[app.placedOn.id]?.name ?? '?'}'s OS`
      : `in VM ${world.vms[app.placedOn.id]?.name ?? '?'}`;
  let tone: BoxTone = starved ? 'app-starved' : 'app';
  const lines: string[] = [];
  if (app.state === 'oom-killed') {
    tone = 'app-killed';
    lines.push('OOM-killed');
  } else if (app.state === 'stopped') {
    tone = 'app-stopped';
    lines.push('stopped');
  } else if (use) {
    lines.push(`CPU ${formatCores(use.grantedMilli)} of ${formatCores(use.demandMilli)}`);
    lines.push(
      starved
        ? `gets ${Math.round((use.grantedMilli * 100) / use.demandMilli)}%`
        : 'gets all it wants',
    );
  }
  const label = `App ${app.name} ${where}: ${app.state === 'running' ? `running, ${lines.join(', ')}` : lines[0]}, memory ${formatBytes(app.memoryBytes)}`;
  const box: StackBox = {
    key: `app:${app.id}`,
    selection: { kind: 'app', appId: app.id },
    tone,
    x,
    y,
    width: APP_WIDTH,
    height: APP_HEIGHT,
    title: app.name,
    lines,
    label,
  };
  if (use && use.demandMilli > 0)
    box.meter = { fraction: Math.min(1, use.grantedMilli / use.demandMilli), starved };
  return box;
}

function vmStateLine(vm: DeepReadonly<Vm>): string {
  if (vm.state === 'booting') {
    const phase = vm.boot[vm.boot.length - 1]?.phase;
    return phase ? `booting: ${phase}` : 'booting';
  }
  if (vm.state === 'running' && vm.readyAtNs !== null && vm.lastStartedAtNs !== null)
    return `running, booted in ${formatSeconds(vm.readyAtNs - vm.lastStartedAtNs)}`;
  return vm.state;
}

function vmBoxes(
  world: ReadonlyWorld,
  cpu: WorldCpuAllocation,
  rows: Rows,
  vm: DeepReadonly<Vm>,
  x: number,
  hints: StackHint[],
): StackBox[] {
  const apps = appsOn(world, 'vm', vm.id);
  const width = vmWidth(apps.length);
  const tone: BoxTone =
    vm.state === 'running' ? 'vm' : vm.state === 'booting' ? 'vm-booting' : 'vm-stopped';
  const stateLine = vmStateLine(vm);
  const boxes: StackBox[] = [
    {
      key: `vm:${vm.id}`,
      selection: { kind: 'vm', vmId: vm.id },
      tone,
      x,
      y: rows.vms,
      width,
      height: VM_HEIGHT,
      title: `VM ${vm.name}`,
      lines: [`${vm.vcpus} vCPU, ${formatBytes(vm.memoryBytes)} RAM`, stateLine],
      label: `Virtual machine ${vm.name}: ${stateLine}, ${vm.vcpus} vCPUs, ${formatBytes(vm.memoryBytes)} memory`,
    },
  ];
  apps.forEach((app, index) =>
    boxes.push(
      appBox(world, cpu, app, x + GAP + index * (APP_WIDTH + GAP), rows.vms + VM_HEADER + GAP),
    ),
  );
  if (apps.length === 0) {
    hints.push({
      key: `no-apps:${vm.id}`,
      x: x + GAP,
      y: rows.vms + VM_HEADER + GAP,
      width: width - 2 * GAP,
      height: APP_HEIGHT,
      lines: ['No apps in this VM yet:', `hv app run --on ${vm.name} …`],
    });
  }
  const os = OS_CATALOGUE[vm.os];
  const guestUp = vm.guestKernelId !== null;
  boxes.push({
    key: `guest-os:${vm.id}`,
    selection: { kind: 'guest-os', vmId: vm.id },
    tone: 'guest-os',
    x: x + GAP,
    y: rows.vms + VM_HEIGHT - GAP - GUEST_OS_HEIGHT,
    width: width - 2 * GAP,
    height: GUEST_OS_HEIGHT,
    title: os.prettyName,
    lines: [guestUp ? `guest OS, own ${os.kernelName} kernel` : 'guest OS, not running'],
    label: `Guest OS of ${vm.name}: ${os.prettyName}, ${guestUp ? 'running its own kernel' : 'not running'}`,
  });
  return boxes;
}

function hypervisorBox(
  world: ReadonlyWorld,
  rows: Rows,
  host: DeepReadonly<Host>,
  x: number,
  width: number,
): StackBox | null {
  if (!host.hypervisorId) return null;
  const hypervisor = world.hypervisors[host.hypervisorId]!;
  const product = HYPERVISOR_PRODUCTS[hypervisor.product];
  const replaced = product.hostOs === 'replaced';
  const how =
    product.hostOs === 'replaced'
      ? 'on the bare hardware, no host OS'
      : product.id === 'kvm'
        ? 'in the Linux kernel'
        : product.hostOs === 'root-partition'
          ? 'host OS in its root partition'
          : 'an app on the host OS';
  return {
    key: `hypervisor:${host.id}`,
    selection: { kind: 'hypervisor', hostId: host.id },
    tone: 'hypervisor',
    x,
    y: rows.hypervisor,
    width,
    height: replaced ? rows.hardware - GAP - rows.hypervisor : HYPERVISOR_HEIGHT,
    title: product.name,
    lines: [`type ${product.type}, ${how}`],
    label: `Hypervisor ${product.name}, type ${product.type}, ${how}`,
  };
}

function hostBars(
  world: ReadonlyWorld,
  cpu: WorldCpuAllocation,
  rows: Rows,
  host: DeepReadonly<Host>,
  x: number,
  width: number,
): StackBar[] {
  const use = hostCpuUse(world, cpu, host.id);
  const capacity = use.capacityMilli;
  const free = Math.max(0, capacity - use.grantedToAppsMilli - use.grantedToVmsMilli);
  const overloaded = use.demandMilli > capacity;
  const cpuCaption = overloaded
    ? `CPU: ${host.cpuCount} cores, ${formatCores(use.demandMilli)} wanted: contention`
    : `CPU: ${formatCores(use.grantedToAppsMilli + use.grantedToVmsMilli)} of ${host.cpuCount} cores busy`;
  const kernel = world.kernels[host.kernelId]!;
  const used = kernelMemoryUsedBytes(kernel);
  const reserved = reservedOnHostBytes(world, host.id);
  const apps = Math.max(0, used - kernel.baseMemoryBytes - reserved);
  const total = host.memoryBytes;
  const memoryCaption = `Memory: ${formatBytes(used)} of ${formatBytes(total)} used${reserved > 0 ? ` (VMs: ${formatBytes(reserved)})` : ''}`;
  return [
    {
      key: `cpu:${host.id}`,
      x,
      y: rows.bars,
      width,
      caption: cpuCaption,
      overloaded,
      segments: [
        {
          fraction: use.grantedToAppsMilli / capacity,
          tone: 'apps',
          label: `apps ${formatCores(use.grantedToAppsMilli)} cores`,
        },
        {
          fraction: use.grantedToVmsMilli / capacity,
          tone: 'vms',
          label: `VMs ${formatCores(use.grantedToVmsMilli)} cores`,
        },
        { fraction: free / capacity, tone: 'free', label: `idle ${formatCores(free)} cores` },
      ],
    },
    {
      key: `memory:${host.id}`,
      x,
      y: rows.bars + BAR_BLOCK,
      width,
      caption: memoryCaption,
      overloaded: used > total,
      segments: [
        {
          fraction: kernel.baseMemoryBytes / total,
          tone: 'os',
          label: `OS ${formatBytes(kernel.baseMemoryBytes)}`,
        },
        { fraction: reserved / total, tone: 'vms', label: `VMs ${formatBytes(reserved)}` },
        { fraction: apps / total, tone: 'apps', label: `apps ${formatBytes(apps)}` },
        {
          fraction: Math.max(0, total - used) / total,
          tone: 'free',
          label: `free ${formatBytes(Math.max(0, total - used))}`,
        },
      ],
    },
  ];
}

function hostColumn(
  world: ReadonlyWorld,
  cpu: WorldCpuAllocation,
  rows: Rows,
  host: DeepReadonly<Host>,
  x: number,
  hints: StackHint[],
): { boxes: StackBox[]; bars: StackBar[]; width: number } {
  const hostApps = appsOn(world, 'host', host.id);
  const vms = vmsOn(world, host.id);
  const appsWidth = hostApps.length * (APP_WIDTH + GAP);
  const vmsWidth = vms.reduce(
    (sum, vm) => sum + vmWidth(appsOn(world, 'vm', vm.id).length) + GAP,
    0,
  );
  const hypervisorWidth = host.hypervisorId ? Math.max(EMPTY_HYPERVISOR_WIDTH, vmsWidth - GAP) : 0;
  const width = Math.max(
    COLUMN_MIN_WIDTH,
    appsWidth + hypervisorWidth + (hypervisorWidth ? 0 : -GAP),
  );
  const boxes: StackBox[] = [];
  hostApps.forEach((app, index) =>
    boxes.push(
      appBox(world, cpu, app, x + index * (APP_WIDTH + GAP), rows.hostOs - GAP - APP_HEIGHT),
    ),
  );
  const vmsX = x + appsWidth;
  let vmX = vmsX;
  for (const vm of vms) {
    const vmParts = vmBoxes(world, cpu, rows, vm, vmX, hints);
    boxes.push(...vmParts);
    vmX += vmParts[0]!.width + GAP;
  }
  const hypervisor = hypervisorBox(
    world,
    rows,
    host,
    host.os === null ? x : vmsX,
    host.os === null ? width : x + width - vmsX,
  );
  if (hypervisor) boxes.push(hypervisor);
  if (host.os !== null) {
    const os = OS_CATALOGUE[host.os];
    boxes.push({
      key: `host-os:${host.id}`,
      selection: { kind: 'host-os', hostId: host.id },
      tone: 'os',
      x,
      y: rows.hostOs,
      width,
      height: HOST_OS_HEIGHT,
      title: `Host OS: ${os.prettyName}`,
      lines: [`${os.kernelName} kernel ${world.kernels[host.kernelId]!.release}`],
      label: `Host OS of ${host.name}: ${os.prettyName}`,
    });
  }
  boxes.push({
    key: `hardware:${host.id}`,
    selection: { kind: 'hardware', hostId: host.id },
    tone: 'hardware',
    x,
    y: rows.hardware,
    width,
    height: HARDWARE_HEIGHT,
    title: `Hardware: ${host.name}`,
    lines: [
      `${host.cpuCount} cores, ${formatBytes(host.memoryBytes)} RAM, ${formatBytes(host.diskBytes)} disk`,
    ],
    label: `Hardware of host ${host.name}: ${host.cpuCount} cores, ${formatBytes(host.memoryBytes)} memory${host.state === 'crashed' ? ', crashed' : ''}`,
  });
  if (!hypervisor && hostApps.length === 0 && host.os !== null) {
    hints.push({
      key: `empty:${host.id}`,
      x,
      y: rows.hostOs - GAP - APP_HEIGHT,
      width,
      height: APP_HEIGHT,
      lines: ['Nothing runs on this OS yet:', `hv app run --on ${host.name} --name shop`],
    });
  }
  if (hypervisor && vms.length === 0) {
    hints.push({
      key: `no-vms:${host.id}`,
      x: vmsX,
      y: rows.hypervisor - GAP - APP_HEIGHT,
      width: hypervisor.width,
      height: APP_HEIGHT,
      lines: ['No VMs yet:', `hv vm create --on ${host.name} …`],
    });
  }
  return { boxes, bars: hostBars(world, cpu, rows, host, x, width), width };
}

function topRowHeight(world: ReadonlyWorld): number {
  return Object.values(world.vms).some((vm) => vm.state !== 'removed') ? VM_HEIGHT : APP_HEIGHT;
}

export function stackLayout(world: ReadonlyWorld): StackLayout {
  const cpu = worldCpuAllocation(world);
  const rows = rowsFor(
    topRowHeight(world),
    Object.values(world.hosts).some((host) => host.hypervisorId !== null),
  );
  const boxes: StackBox[] = [];
  const bars: StackBar[] = [];
  const hints: StackHint[] = [];
  let x = 0;
  for (const host of Object.values(world.hosts)) {
    const column = hostColumn(world, cpu, rows, host, x, hints);
    boxes.push(...column.boxes);
    bars.push(...column.bars);
    x += column.width + COLUMN_GAP;
  }
  return {
    width: Math.max(COLUMN_MIN_WIDTH, x - COLUMN_GAP),
    height: rows.height,
    boxes,
    bars,
    hints,
  };
}
