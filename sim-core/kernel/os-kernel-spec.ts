// The kernel an OS boots, as a spec for bootKernel: the same for a host's OS and a VM's guest,
// which is the point the course makes: a guest OS is a whole second kernel.
import type { KernelSpec } from './boot.ts';
import type { CgroupVersion } from './cgroup.ts';
import type { Kernel } from './kernel.ts';
import type { OsInfo } from './os-catalogue.ts';

export interface OsKernelPlace {
  id: string;
  owner: Kernel['owner'];
  hostname: string;
  cpuCount: number;
  memoryBytes: number;
  baseMemoryBytes: number;
  /** Overrides the OS's default (a host booted with systemd.unified_cgroup_hierarchy=0). */
  cgroupVersion?: CgroupVersion;
}

export function osKernelSpec(os: OsInfo, place: OsKernelPlace): KernelSpec {
  return {
    ...place,
    os: os.id,
    family: os.family,
    name: os.kernelName,
    release: os.kernelRelease,
    pidStep: os.pidStep,
    bootProcesses: os.bootProcesses,
    cgroupVersion: place.cgroupVersion ?? os.cgroupVersion,
  };
}
