// A physical server: the hardware every other layer is carved out of.
import type { OsId } from '../kernel/os-catalogue.ts';

export interface Nic {
  name: string;
  macAddress: string;
  ipv4Address: string;
  speedMbps: number;
}

export interface Host {
  id: string;
  name: string;
  cpuCount: number;
  memoryBytes: number;
  diskBytes: number;
  nic: Nic;
  /** The OS installed on the bare metal; null once a type 1 hypervisor replaced it. */
  os: OsId | null;
  /** The kernel that owns this hardware: the host OS's, or a type 1 hypervisor's. */
  kernelId: string;
  hypervisorId: string | null;
  state: 'up' | 'crashed';
}

/** The NIC every simulated server gets: 10 GbE on a private lab subnet (never routed). */
export function defaultNic(hostNumber: number, macSuffix: string): Nic {
  return {
    name: 'eth0',
    // 02: a locally administered unicast MAC, as virtual and lab hardware use.
    macAddress: `02:42:${macSuffix.slice(0, 2)}:${macSuffix.slice(2, 4)}:${macSuffix.slice(4, 6)}:${(hostNumber % 256).toString(16).padStart(2, '0')}`,
    ipv4Address: `192.168.100.${10 + (hostNumber % 240)}`,
    speedMbps: 10_000,
  };
}
