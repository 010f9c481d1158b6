// /proc/PID/status as a process in a container reads it (fs/proc/array.c): its name and PIDs as
// its namespace numbers them, its user and groups, and its capability sets, the lines people
// grep for. A root process has its bounding set effective; any other user's execve clears the
// permitted and effective sets (no file capabilities in busybox), the bounding set stays.
import { capabilityMask, type Capability } from '../../kernel/capabilities.ts';
import { allCpus } from '../../kernel/cgroup.ts';
import type { Identity } from './identity.ts';

export interface StatusRequest {
  /** comm: the program's name, at most 15 characters. */
  name: string;
  pid: number;
  ppid: number;
  identity: Identity;
  bounding: readonly Capability[];
  /** --privileged: no seccomp filter. */
  privileged: boolean;
  cpuCount: number;
}

export function procStatusText(request: StatusRequest): string {
  const { identity, pid } = request;
  const effective = identity.uid === 0 ? request.bounding : [];
  const ids = (id: number) => `${id}\t${id}\t${id}\t${id}`;
  const groups = [...new Set([identity.gid, ...identity.groups])];
  const lines: [string, string][] = [
    ['Name', request.name.slice(0, 15)],
    ['Umask', '0022'],
    ['State', 'R (running)'],
    ['Tgid', String(pid)],
    ['Ngid', '0'],
    ['Pid', String(pid)],
    ['PPid', String(request.ppid)],
    ['TracerPid', '0'],
    ['Uid', ids(identity.uid)],
    ['Gid', ids(identity.gid)],
    ['FDSize', '64'],
    ['Groups', groups.map((gid) => `${gid} `).join('')],
    ['NStgid', String(pid)],
    ['NSpid', String(pid)],
    ['NSpgid', String(pid)],
    ['NSsid', String(pid)],
    ['Threads', '1'],
    ['CapInh', capabilityMask([])],
    ['CapPrm', capabilityMask(effective)],
    ['CapEff', capabilityMask(effective)],
    ['CapBnd', capabilityMask(request.bounding)],
    ['CapAmb', capabilityMask([])],
    ['NoNewPrivs', '0'],
    ['Seccomp', request.privileged ? '0' : '2'],
    ['Cpus_allowed_list', allCpus(request.cpuCount)],
    ['Mems_allowed_list', '0'],
  ];
  return lines.map(([key, value]) => `${key}:\t${value}\n`).join('');
}
