// What a learner sees when building the world before containers: servers, hypervisors, VMs and
// apps. Figures are checked against the calibration table they come from, never retyped here.
import { describe, expect, it } from 'vitest';
import { calibratedValue } from '../../sim-core/calibration/index.ts';
import { Session } from '../../sim-core/trace/session.ts';
import { vmReservationBytes } from '../../sim-core/virt/memory-reservation.ts';
import { checkInvariants } from '../../sim-core/world/invariants.ts';

function session(lines: string[], seed = 1) {
  const s = new Session({ seed });
  const records = lines.map((line) => s.run(line));
  expect(checkInvariants(s.headWorld)).toEqual([]);
  return { s, records, world: s.headWorld, last: records[records.length - 1]! };
}

const withKvm = [
  'hv hypervisor install --on host1 --type 1',
  'hv vm create --name vm1 --on host1 --vcpus 2 --memory 4g',
];

describe('virtual machines', () => {
  it('boot phase by phase, taking the calibrated time of each phase', () => {
    const { world, last, s } = session([...withKvm, 'hv vm start vm1']);
    const vm = world.vms['vm-1']!;
    const phases = [
      'vm.boot.firmware.ns',
      'vm.boot.bootloader.ns',
      'vm.boot.kernel.linux.ns',
      'vm.boot.init.linux.ns',
    ] as const;
    expect(vm.boot.map((phase) => phase.durationNs)).toEqual(
      phases.map((id) => calibratedValue(id)),
    );
    const total = phases.reduce((sum, id) => sum + calibratedValue(id), 0);
    expect(vm.readyAtNs! - vm.lastStartedAtNs!).toBe(total);
    expect(last.stdout).toMatch(
      /^vm1 booted in 14\.2 s \(firmware 546 ms, bootloader 1\.2 s, kernel 1\.3 s, init 11\.2 s\)/,
    );
    expect(
      s.events.filter((event) => event.kind === 'vm.boot.phase').map((event) => event.kind),
    ).toHaveLength(4);
    expect(vm.state).toBe('running');
  });

  it('reserve their memory plus the hypervisor overhead from the host, and give it back when stopped', () => {
    const { world, s } = session([...withKvm, 'hv vm start vm1']);
    const host = world.kernels[world.hosts['host-1']!.kernelId]!;
    const vmm = host.processes[world.vms['vm-1']!.vmmPid!]!;
    expect(vmm.memoryBytes).toBe(vmReservationBytes(world.vms['vm-1']!));
    expect(vmm.memoryBytes).toBeGreaterThan(4 * 2 ** 30);
    s.run('hv vm stop vm1');
    expect(s.headWorld.vms['vm-1']!.state).toBe('stopped');
    expect(s.headWorld.kernels[s.headWorld.hosts['host-1']!.kernelId]!.processMemoryBytes).toBe(0);
  });

  it('cannot reserve more than the host has: the second big VM does not start', () => {
    const { records, world } = session([
      'hv hypervisor install --on host1 --type 1',
      'hv vm create --name a --on host1 --vcpus 4 --memory 16g',
      'hv vm create --name b --on host1 --vcpus 4 --memory 16g',
      'hv vm start a',
      'hv vm start b',
    ]);
    expect(records[4]!.exitCode).toBe(1);
    expect(records[4]!.stderr).toMatch(
      /cannot start VM b: it reserves 16\.\d+GiB and host host1 has 13\.\d+GiB left to reserve/,
    );
    expect(world.vms['vm-2']!.state).toBe('stopped');
  });

  it('follow their lifecycle: no rm while running, no start while running', () => {
    const { records } = session([
      ...withKvm,
      'hv vm start vm1',
      'hv vm rm vm1',
      'hv vm start vm1',
      'hv vm stop vm1',
      'hv vm rm vm1',
    ]);
    expect(records[3]!.stderr).toMatch(/cannot remove VM vm1: it is running; stop it first/);
    expect(records[4]!.stderr).toMatch(/cannot start VM vm1: it is running/);
    expect(records[5]!.exitCode).toBe(0);
    expect(records[6]!.exitCode).toBe(0);
  });

  it('need a hypervisor, and refuse less memory or disk than their guest OS needs', () => {
    const noHypervisor = session(['hv vm create --name vm1 --on host1 --vcpus 2 --memory 4g']).last;
    expect(noHypervisor.stderr).toMatch(/host host1 has no hypervisor/);
    const small = session([
      'hv hypervisor install --on host1 --type 1',
      'hv vm create --name w --on host1 --vcpus 2 --memory 2g --disk 20g --os windows-server-2022',
    ]).last;
    expect(small.stderr).toMatch(/Windows Server 2022 needs at least 32GiB of disk/);
    const ubuntu = session([
      'hv hypervisor install --on host1 --type 1',
      'hv vm create --name u --on host1 --vcpus 2 --memory 1g',
    ]).last;
    expect(ubuntu.stderr).toMatch(/Ubuntu 22\.04 LTS needs at least 2GiB of memory/);
  });

  it('run their own kernel: apps in a VM share only the CPU its vCPUs get', () => {
    const { world, s } = session([
      ...withKvm,
      'hv vm start vm1',
      'hv app run --on vm1 --name web --cpu-demand 4',
    ]);
    expect(world.apps['app-1']!.kernelId).toBe(world.vms['vm-1']!.guestKernelId);
    const ps = s.run('hv ps').stdout;
    expect(ps).toMatch(/web\s+app\s+vm1\s+running\s+2\.00\/4\.00 cores/);
  });
});

describe('steal time', () => {
  it('a busy app on the host makes a busy VM wait for its vCPUs: steal time', () => {
    const { s } = session([
      'hv host add --name small --cpus 4 --memory 32g',
      'hv hypervisor install --on small --type 1',
      'hv vm create --name vm1 --on small --vcpus 4 --memory 4g',
      'hv vm start vm1',
      'hv app run --on vm1 --name web --cpu-demand 4',
    ]);
    const quiet = JSON.parse(s.run('hv inspect vm1').stdout)[0].Cpu as { StealPercent: number };
    expect(quiet.StealPercent).toBe(0);
    s.run('hv app run --on small --name noisy --cpu-demand 4');
    const busy = JSON.parse(s.run('hv inspect vm1').stdout)[0].Cpu as {
      StealPercent: number;
      VcpuDemandMilli: number;
    };
    expect(busy.VcpuDemandMilli).toBe(4000);
    expect(busy.StealPercent).toBeGreaterThan(40);
    expect(busy.StealPercent).toBeLessThan(60);
    expect(s.run('hv ps').stdout).toMatch(/vm1 .*steal \d+%: its vCPUs wait for the host's CPUs/);
  });
});

describe('hypervisors', () => {
  it('type 1 ESXi replaces the host OS, which then cannot run apps', () => {
    const { world, records } = session([
      'hv hypervisor install --on host1 --type 1 --product esxi',
      'hv app run --on host1 --name shop',
    ]);
    const host = world.hosts['host-1']!;
    expect(host.os).toBeNull();
    expect(world.kernels[host.kernelId]!.name).toBe('VMkernel');
    expect(records[0]!.stdout).toMatch(
      /VMware ESXi \(type 1\) installed on host1: it replaced the host OS/,
    );
    expect(records[1]!.stderr).toMatch(
      /runs VMkernel, a type 1 hypervisor with no general-purpose OS/,
    );
  });

  it('refuses to wipe a host OS that still runs apps', () => {
    const { records } = session([
      'hv app run --on host1 --name shop',
      'hv hypervisor install --on host1 --type 1 --product xen',
    ]);
    expect(records[1]!.stderr).toMatch(
      /Xen runs on the bare hardware in place of the host OS.*shop/,
    );
  });

  it('knows which products are type 1 and which type 2', () => {
    expect(
      session(['hv hypervisor install --on host1 --type 1 --product virtualbox']).last.stderr,
    ).toMatch(/Oracle VirtualBox is a type 2 \(hosted\) hypervisor, not type 1/);
    expect(
      session(['hv hypervisor install --on host1 --type 2 --product esxi']).last.stderr,
    ).toMatch(/VMware ESXi is a type 1/);
  });

  it('Hyper-V needs a Windows host for its root partition', () => {
    expect(
      session(['hv hypervisor install --on host1 --type 1 --product hyper-v']).last.stderr,
    ).toMatch(/--os windows-server-2022/);
    const ok = session([
      'hv host add --name win --cpus 8 --memory 32g --os windows-server-2022',
      'hv hypervisor install --on win --type 1',
    ]);
    expect(ok.last.stdout).toMatch(
      /Microsoft Hyper-V \(type 1\) installed on win: the Windows host OS now runs in its root partition/,
    );
  });

  it('type 2 VirtualBox is an app on the host OS: its service and per-VM process are host processes', () => {
    const { world } = session([
      'hv hypervisor install --on host1 --type 2',
      'hv vm create --name vm1 --on host1 --vcpus 3 --memory 4g',
      'hv vm start vm1',
    ]);
    const comms = Object.values(world.kernels[world.hosts['host-1']!.kernelId]!.processes).map(
      (process) => process.comm,
    );
    expect(comms).toContain('VBoxSVC');
    expect(comms).toContain('VBoxHeadless');
    expect(comms.filter((comm) => comm.startsWith('EMT-'))).toEqual(['EMT-0', 'EMT-1', 'EMT-2']);
  });
});

describe('bare metal: apps with no boundaries', () => {
  it('one busy app takes most of the CPU and the others underperform', () => {
    const { s } = session([
      'hv host add --name small --cpus 4 --memory 16g',
      'hv app run --on small --name greedy --cpu-demand 8',
      'hv app run --on small --name shop --cpu-demand 1',
    ]);
    const ps = s.run('hv ps').stdout;
    const greedy =
      /greedy +app +small +running +(\d\.\d\d)\/8\.00 cores.*gets (\d+)% of the CPU it wants/.exec(
        ps,
      )!;
    const shop =
      /shop +app +small +running +(\d\.\d\d)\/1\.00 cores.*gets (\d+)% of the CPU it wants/.exec(
        ps,
      )!;
    // Nine busy threads on four cores, no boundaries: CFS gives each thread about the same, so
    // the app with eight threads takes about eight ninths, and the small one far less than it asks.
    expect(Number(greedy[1])).toBeGreaterThan(3.4);
    expect(Number(shop[1])).toBeLessThan(0.6);
    expect(Number(greedy[1]) + Number(shop[1])).toBeLessThanOrEqual(4.0);
    expect(Number(shop[2])).toBeLessThan(60);
  });

  it('an app that outgrows the RAM wakes the OOM killer, which kills the biggest process', () => {
    const { records, world } = session([
      'hv host add --name small --cpus 4 --memory 8g',
      'hv app run --on small --name shop --memory 3g',
      'hv app run --on small --name hog --memory 4g',
    ]);
    expect(records[2]!.exitCode).toBe(137);
    expect(records[2]!.stderr).toMatch(
      /Out of memory: the kernel's OOM killer killed process \d+ \(hog\)/,
    );
    expect(world.apps['app-2']!.state).toBe('oom-killed');
    expect(world.apps['app-1']!.state).toBe('running');
  });

  it('the OOM killer can kill a VM: its QEMU process is the biggest on the host', () => {
    const { records, world } = session([
      'hv host add --name small --cpus 4 --memory 10g',
      'hv hypervisor install --on small --type 1',
      'hv vm create --name vm1 --on small --vcpus 2 --memory 5g',
      'hv vm start vm1',
      'hv app run --on small --name hog --memory 3g',
    ]);
    expect(records[4]!.stderr).toMatch(/killed process \d+ \(qemu-system-x86\)/);
    expect(world.vms['vm-1']!.state).toBe('stopped');
    expect(world.vms['vm-1']!.guestKernelId).toBeNull();
    expect(world.apps['app-1']!.state).toBe('running');
  });
});

describe('inspect and files', () => {
  it('inspect prints JSON a learner can read the boot and the guest from', () => {
    const { s } = session([...withKvm, 'hv vm start vm1']);
    const [vm] = JSON.parse(s.run('hv inspect vm1').stdout) as [
      { Boot: { Phases: unknown[] }; GuestKernel: { Processes: { Command: string }[] } },
    ];
    expect(vm.Boot.Phases).toHaveLength(4);
    expect(vm.GuestKernel.Processes[0]!.Command).toBe('/sbin/init');
  });

  it('writes heredocs into the working directory, appends with >>, and lists them', () => {
    const { s } = session([
      "cat > Dockerfile <<'EOF'\nFROM busybox\nEOF",
      'cat >> Dockerfile <<EOF\nCMD sh\nEOF',
      'cat > app/main.sh <<EOF\necho hi\nEOF',
    ]);
    expect(s.run('cat Dockerfile').stdout).toBe('FROM busybox\nCMD sh\n');
    expect(s.run('ls').stdout).toBe('Dockerfile\napp\n');
    expect(s.run('ls app').stdout).toBe('main.sh\n');
    expect(s.run('cat app').stderr).toBe('cat: app: Is a directory\n');
  });
});
