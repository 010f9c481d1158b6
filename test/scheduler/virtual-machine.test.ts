// A VM's vCPUs are host threads: what the guest gets depends on the host's scheduler.
import { beforeAll, describe, expect, it } from 'vitest';
import { tsFactory, type SchedulerFactory } from '../../sim-core/scheduler/load.ts';
import { loadNodeSchedulerFactory } from '../../sim-core/scheduler/load-node.ts';
import { HostWithGuests } from '../../sim-core/scheduler/virtual-machine.ts';

const S = 1_000_000_000;

describe.each(['wasm', 'ts'] as const)('VMs on a %s host', (backend) => {
  let factory: SchedulerFactory;
  beforeAll(async () => {
    factory = backend === 'ts' ? tsFactory : await loadNodeSchedulerFactory('wasm');
  });

  function overcommitted() {
    // One host CPU shared by a container's busy process and a 1-vCPU VM whose guest
    // runs two busy processes, nice 0 and nice 5.
    const host = factory.create({ cpus: 1 });
    const world = new HostWithGuests(host, factory);
    const container = host.addGroup(0, 1024);
    const hog = host.addTask(container);
    const vm = world.addVm({ vcpus: 1, hostGroup: host.addGroup(0, 1024) });
    const a = vm.guest.addTask(0);
    const b = vm.guest.addTask(0, { nice: 5 });
    world.advance(4 * S);
    return { host, vm, hog, a, b };
  }

  it('a busy neighbour on the host steals about half of the guest CPU', () => {
    const { host, vm, hog } = overcommitted();
    expect(host.taskRuntimeNs(hog) / (4 * S)).toBeCloseTo(0.5, 1);
    const steal = vm.stealNs()[0]! / (4 * S);
    expect(steal).toBeGreaterThan(0.45);
    expect(steal).toBeLessThan(0.55);
  });

  it('guest tasks are scheduled twice: the guest splits what the host gave its vCPU', () => {
    const { vm, a, b } = overcommitted();
    const ranA = vm.guest.taskRuntimeNs(a);
    const ranB = vm.guest.taskRuntimeNs(b);
    // Together about half the wall time; between them the guest's own nice split (1024:335).
    expect((ranA + ranB) / (4 * S)).toBeCloseTo(0.5, 1);
    expect(ranA / (ranA + ranB)).toBeCloseTo(1024 / (1024 + 335), 1);
  });

  it('an idle VM costs the host nothing: its vCPU threads stay halted', () => {
    const host = factory.create({ cpus: 1 });
    const world = new HostWithGuests(host, factory);
    const hog = host.addTask(0);
    const vm = world.addVm({ vcpus: 2, hostGroup: host.addGroup(0, 1024) });
    world.advance(S);
    expect(host.taskRuntimeNs(hog)).toBe(S);
    for (const t of vm.vcpuTasks) expect(host.taskRuntimeNs(t)).toBe(0);
    expect(vm.stealNs()).toEqual([0, 0]);
  });

  it('without contention the guest runs at full speed and sees no steal', () => {
    const host = factory.create({ cpus: 2 });
    const world = new HostWithGuests(host, factory);
    const vm = world.addVm({ vcpus: 2, hostGroup: host.addGroup(0, 1024) });
    const tasks = [vm.guest.addTask(0), vm.guest.addTask(0)];
    world.advance(S);
    for (const t of tasks) expect(vm.guest.taskRuntimeNs(t)).toBeGreaterThan(0.98 * S);
    expect(Math.max(...vm.stealNs())).toBeLessThan(0.02 * S);
  });
});

describe('VMs agree across backends', () => {
  it('host and guest traces are identical in WebAssembly and TypeScript', async () => {
    const wasm = await loadNodeSchedulerFactory('wasm');
    const trace = (factory: SchedulerFactory) => {
      const host = factory.create({ cpus: 2 });
      const world = new HostWithGuests(host, factory);
      host.addTask(0, { behaviour: { kind: 'periodic', runNs: 3_000_000, sleepNs: 2_000_000 } });
      const vm = world.addVm({ vcpus: 2, hostGroup: host.addGroup(0, 512) });
      vm.guest.addTask(0);
      vm.guest.addTask(0, { behaviour: { kind: 'io', burstNs: 300_000, waitNs: 1_000_000 } });
      world.advance(S);
      return [host.traceHash(), vm.guest.traceHash(), vm.stealNs()];
    };
    expect(trace(wasm)).toEqual(trace(tsFactory));
  });
});
