// Xen's credit scheduler shares pCPUs among domains by weight and enforces caps; guests
// see what they lose as steal time.
import { beforeAll, describe, expect, it } from 'vitest';
import { tsFactory, type SchedulerFactory } from '../../sim-core/scheduler/load.ts';
import { loadNodeSchedulerFactory } from '../../sim-core/scheduler/load-node.ts';
import { XenHost } from '../../sim-core/scheduler/xen-host.ts';

const S = 1_000_000_000;

describe.each(['wasm', 'ts'] as const)('a Xen host with %s guests', (backend) => {
  let factory: SchedulerFactory;
  beforeAll(async () => {
    factory = backend === 'ts' ? tsFactory : await loadNodeSchedulerFactory('wasm');
  });

  function busyDomain(xen: XenHost, options: { weight?: number; capPercent?: number }) {
    const d = xen.addDomain({ vcpus: 1, ...options });
    const task = d.guest.addTask(0);
    return { d, task };
  }

  it('weight 512 vs 256 on one pCPU: about 2:1', () => {
    const xen = new XenHost(1, factory);
    const heavy = busyDomain(xen, { weight: 512 });
    const light = busyDomain(xen, { weight: 256 });
    xen.advance(6 * S);
    const share = heavy.d.vcpuRunNs[0]! / (heavy.d.vcpuRunNs[0]! + light.d.vcpuRunNs[0]!);
    expect(share).toBeGreaterThan(0.63);
    expect(share).toBeLessThan(0.7);
    // The guest's process gets what its vCPU got; the rest is steal.
    expect(heavy.d.guest.taskRuntimeNs(heavy.task)).toBe(heavy.d.vcpuRunNs[0]);
    expect(heavy.d.stealNs()[0]! + heavy.d.vcpuRunNs[0]!).toBe(6 * S);
  });

  it('a cap of 50 holds a busy domain to half a pCPU even when the host is idle', () => {
    const xen = new XenHost(2, factory);
    const capped = busyDomain(xen, { capPercent: 50 });
    xen.advance(6 * S);
    const share = capped.d.vcpuRunNs[0]! / (6 * S);
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.56);
  });

  it('is work-conserving: an idle domain leaves its share to the busy one', () => {
    const xen = new XenHost(1, factory);
    const busy = busyDomain(xen, { weight: 256 });
    const idle = xen.addDomain({ vcpus: 1, weight: 4096 });
    xen.advance(3 * S);
    expect(busy.d.vcpuRunNs[0]).toBe(3 * S);
    expect(idle.vcpuRunNs[0]).toBe(0);
    expect(idle.stealNs()).toEqual([0]);
  });
});
