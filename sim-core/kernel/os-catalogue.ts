// The operating systems a host or a VM can run, with what each starts at boot. Memory and disk
// footprints are not here: they come from the calibration table, with their sources.
import type { CalibrationId } from '../calibration/index.ts';
import type { CgroupVersion } from './cgroup.ts';
import type { ProcessRole } from './process.ts';

export const OS_IDS = ['ubuntu-22.04', 'debian-12', 'windows-server-2022', 'alpine-3.19'] as const;
export type OsId = (typeof OS_IDS)[number];

export interface BootProcess {
  comm: string;
  argv: string[];
  role: ProcessRole;
  /** Index in this list of the parent; -1 for the first process (init or System). */
  parentIndex: number;
}

export interface OsInfo {
  id: OsId;
  prettyName: string;
  family: 'linux' | 'windows';
  kernelName: string;
  kernelRelease: string;
  initSystem: string;
  /** Windows numbers processes in steps of 4; Linux in steps of 1. */
  pidStep: number;
  /**
   * The cgroup interface its init mounts by default: systemd since v247 and OpenRC's
   * rc_cgroup_mode="unified" give v2; a host booted with systemd.unified_cgroup_hierarchy=0
   * (as many Docker 20.10 hosts were) has v1 instead (hv host add --cgroup v1).
   */
  cgroupVersion: CgroupVersion;
  bootProcesses: BootProcess[];
  memoryCalibration: CalibrationId;
  diskCalibration: CalibrationId;
}

const kthreads: BootProcess[] = [
  { comm: 'kthreadd', argv: ['[kthreadd]'], role: 'kthread', parentIndex: -1 },
  { comm: 'rcu_gp', argv: ['[rcu_gp]'], role: 'kthread', parentIndex: 1 },
  { comm: 'ksoftirqd/0', argv: ['[ksoftirqd/0]'], role: 'kthread', parentIndex: 1 },
  { comm: 'kworker/0:0', argv: ['[kworker/0:0]'], role: 'kthread', parentIndex: 1 },
];

function systemdBoot(services: [string, string[]][]): BootProcess[] {
  return [
    { comm: 'systemd', argv: ['/sbin/init'], role: 'init', parentIndex: -1 },
    ...kthreads,
    ...services.map(([comm, argv]) => ({ comm, argv, role: 'service' as const, parentIndex: 0 })),
  ];
}

export const OS_CATALOGUE: Record<OsId, OsInfo> = {
  'ubuntu-22.04': {
    id: 'ubuntu-22.04',
    prettyName: 'Ubuntu 22.04 LTS',
    family: 'linux',
    kernelName: 'Linux',
    kernelRelease: '5.15.0-91-generic',
    initSystem: 'systemd',
    pidStep: 1,
    cgroupVersion: 2,
    bootProcesses: systemdBoot([
      ['systemd-journal', ['/lib/systemd/systemd-journald']],
      ['systemd-udevd', ['/lib/systemd/systemd-udevd']],
      ['systemd-network', ['/lib/systemd/systemd-networkd']],
      ['systemd-resolve', ['/lib/systemd/systemd-resolved']],
      ['cron', ['/usr/sbin/cron', '-f', '-P']],
      ['sshd', ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups']],
      ['agetty', ['/sbin/agetty', '-o', '-p -- \\u', '--noclear', 'tty1', 'linux']],
    ]),
    memoryCalibration: 'guest.memory.ubuntu-22.04.bytes',
    diskCalibration: 'guest.disk.ubuntu-22.04.bytes',
  },
  'debian-12': {
    id: 'debian-12',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
    family: 'linux',
    kernelName: 'Linux',
    kernelRelease: '6.1.0-13-amd64',
    initSystem: 'systemd',
    pidStep: 1,
    cgroupVersion: 2,
    bootProcesses: systemdBoot([
      ['systemd-journal', ['/lib/systemd/systemd-journald']],
      ['systemd-udevd', ['/lib/systemd/systemd-udevd']],
      ['cron', ['/usr/sbin/cron', '-f']],
      ['sshd', ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups']],
      ['agetty', ['/sbin/agetty', '-o', '-p -- \\u', '--noclear', '-', 'linux']],
    ]),
    memoryCalibration: 'guest.memory.debian-12.bytes',
    diskCalibration: 'guest.disk.debian-12.bytes',
  },
  'alpine-3.19': {
    id: 'alpine-3.19',
    prettyName: 'Alpine Linux v3.19',
    family: 'linux',
    kernelName: 'Linux',
    kernelRelease: '6.6.14-0-virt',
    initSystem: 'OpenRC (busybox init)',
    pidStep: 1,
    cgroupVersion: 2,
    bootProcesses: [
      { comm: 'init', argv: ['/sbin/init'], role: 'init', parentIndex: -1 },
      ...kthreads,
      { comm: 'syslogd', argv: ['/sbin/syslogd', '-t', '-n'], role: 'service', parentIndex: 0 },
      {
        comm: 'crond',
        argv: ['/usr/sbin/crond', '-c', '/etc/crontabs'],
        role: 'service',
        parentIndex: 0,
      },
      { comm: 'getty', argv: ['/sbin/getty', '38400', 'tty1'], role: 'service', parentIndex: 0 },
    ],
    memoryCalibration: 'guest.memory.alpine-3.19.bytes',
    diskCalibration: 'guest.disk.alpine-3.19.bytes',
  },
  'windows-server-2022': {
    id: 'windows-server-2022',
    prettyName: 'Windows Server 2022',
    family: 'windows',
    kernelName: 'Windows NT',
    kernelRelease: '10.0.20348',
    initSystem: 'Session Manager (smss.exe)',
    pidStep: 4,
    cgroupVersion: 2,
    bootProcesses: [
      { comm: 'System', argv: ['System'], role: 'kthread', parentIndex: -1 },
      { comm: 'Registry', argv: ['Registry'], role: 'kthread', parentIndex: 0 },
      {
        comm: 'smss.exe',
        argv: ['\\SystemRoot\\System32\\smss.exe'],
        role: 'init',
        parentIndex: 0,
      },
      {
        comm: 'csrss.exe',
        argv: ['%SystemRoot%\\system32\\csrss.exe'],
        role: 'service',
        parentIndex: 2,
      },
      { comm: 'wininit.exe', argv: ['wininit.exe'], role: 'service', parentIndex: 2 },
      {
        comm: 'services.exe',
        argv: ['C:\\Windows\\system32\\services.exe'],
        role: 'service',
        parentIndex: 4,
      },
      {
        comm: 'lsass.exe',
        argv: ['C:\\Windows\\system32\\lsass.exe'],
        role: 'service',
        parentIndex: 4,
      },
      {
        comm: 'svchost.exe',
        argv: ['C:\\Windows\\system32\\svchost.exe', '-k', 'DcomLaunch'],
        role: 'service',
        parentIndex: 5,
      },
      {
        comm: 'svchost.exe',
        argv: ['C:\\Windows\\system32\\svchost.exe', '-k', 'RPCSS'],
        role: 'service',
        parentIndex: 5,
      },
      {
        comm: 'svchost.exe',
        argv: ['C:\\Windows\\system32\\svchost.exe', '-k', 'netsvcs'],
        role: 'service',
        parentIndex: 5,
      },
    ],
    memoryCalibration: 'guest.memory.windows-server-2022.bytes',
    diskCalibration: 'guest.disk.windows-server-2022.bytes',
  },
};

export function isOsId(value: string): value is OsId {
  return (OS_IDS as readonly string[]).includes(value);
}

/** The OS a new host gets: the default on most servers that run Docker. */
export const DEFAULT_HOST_OS: OsId = 'ubuntu-22.04';
export const DEFAULT_GUEST_OS: OsId = 'ubuntu-22.04';
