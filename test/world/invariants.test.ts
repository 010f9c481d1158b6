// After every step of random sessions, the world stays physically possible: VMs never reserve
// more RAM than the host has, cgroups stay within their limits, PIDs are unique per namespace,
// and a VM's guest processes never appear in its host's process table (nor the reverse).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session } from '../../sim-core/trace/session.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';
import { commandSequence } from '../support/commands.ts';

describe('invariants after every step', () => {
  it('hold for random command sequences', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), commandSequence, (seed, lines) => {
        const session = new Session({ seed });
        for (const line of lines) {
          const record = session.run(line);
          expect(record.stderr).not.toContain('internal error');
          expect(checkInvariants(session.headWorld)).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('catch a broken world (the checker itself can fail)', () => {
    const session = new Session({ seed: 1 });
    session.run('hv hypervisor install --on host1 --type 1');
    session.run('hv vm create --name vm1 --on host1 --vcpus 2 --memory 4g');
    session.run('hv vm start vm1');
    const world = structuredClone(session.headWorld);
    const guest = world.kernels[world.vms['vm-1']!.guestKernelId!]!;
    const host = world.kernels[world.hosts['host-1']!.kernelId]!;
    host.processes[9999] = {
      ...guest.processes[1]!,
      pid: 9999,
      vmId: 'vm-1',
      pidChain: [{ nsInode: host.rootNs.pid!, pid: 9999 }],
    };
    world.vms['vm-1']!.memoryBytes = 64 * 2 ** 30;
    const problems = checkInvariants(world);
    expect(problems.some((problem) => problem.includes('guest process is in the host'))).toBe(true);
    expect(problems.some((problem) => problem.includes('VMs reserve'))).toBe(true);
  });
});

describe('isolation as the host and the guest see it', () => {
  it('the host sees only the VMM and its vCPU threads; the guest sees only its own processes', () => {
    const session = new Session({ seed: 2 });
    session.run('hv hypervisor install --on host1 --type 1');
    session.run('hv vm create --name vm1 --on host1 --vcpus 4 --memory 4g');
    session.run('hv vm start vm1');
    session.run('hv app run --on vm1 --name web');
    const world = session.headWorld;
    const host = world.kernels[world.hosts['host-1']!.kernelId]!;
    const guest = world.kernels[world.vms['vm-1']!.guestKernelId!]!;
    const hostComms = Object.values(host.processes).map((process) => process.comm);
    expect(hostComms).toContain('qemu-system-x86');
    expect(hostComms.filter((comm) => /^CPU \d\/KVM$/.test(comm))).toHaveLength(4);
    expect(hostComms).not.toContain('web');
    const guestComms = Object.values(guest.processes).map((process) => process.comm);
    expect(guestComms).toContain('web');
    expect(guestComms).toContain('systemd');
    expect(guestComms).not.toContain('qemu-system-x86');
    // Both kernels number their processes from 1: the same PID means different processes.
    expect(guest.processes[1]?.comm).toBe('systemd');
    expect(host.processes[1]?.comm).toBe('systemd');
  });
});
