// The hypervisors a learner can install, with what each looks like from the host's side.
// Type 1 runs on the hardware; type 2 is an application on a host OS. KVM is the classic
// edge case: a Linux kernel module that turns the host kernel itself into a type 1 hypervisor,
// so the host OS stays and VMs are ordinary processes (QEMU) with one thread per vCPU.

export const HYPERVISOR_PRODUCT_IDS = [
  'kvm',
  'esxi',
  'hyper-v',
  'xen',
  'virtualbox',
  'vmware-workstation',
] as const;
export type HypervisorProductId = (typeof HYPERVISOR_PRODUCT_IDS)[number];

export interface HypervisorProduct {
  id: HypervisorProductId;
  name: string;
  type: 1 | 2;
  /** What happens to the host OS: kept (KVM, type 2), hosted in a root partition (Hyper-V), or replaced. */
  hostOs: 'kept' | 'root-partition' | 'replaced';
  /** The host OS family it needs, when it keeps one. */
  needsHostFamily: 'linux' | 'windows' | 'any' | null;
  /** When it replaces the host OS: the kernel that then owns the hardware. */
  kernelName: string | null;
  kernelRelease: string | null;
  /** A resident service process on the host OS (type 2 and Hyper-V). */
  serviceProcess: string | null;
  /** The per-VM process (or world) on the host and how each vCPU thread is named. */
  vmmComm: string;
  vcpuThreadPrefix: string;
}

export const HYPERVISOR_PRODUCTS: Record<HypervisorProductId, HypervisorProduct> = {
  kvm: {
    id: 'kvm',
    name: 'KVM (with QEMU)',
    type: 1,
    hostOs: 'kept',
    needsHostFamily: 'linux',
    kernelName: null,
    kernelRelease: null,
    serviceProcess: null,
    vmmComm: 'qemu-system-x86',
    vcpuThreadPrefix: 'CPU %d/KVM',
  },
  esxi: {
    id: 'esxi',
    name: 'VMware ESXi',
    type: 1,
    hostOs: 'replaced',
    needsHostFamily: null,
    kernelName: 'VMkernel',
    kernelRelease: '8.0.2',
    serviceProcess: null,
    vmmComm: 'vmx',
    vcpuThreadPrefix: 'vmx-vcpu-%d',
  },
  'hyper-v': {
    id: 'hyper-v',
    name: 'Microsoft Hyper-V',
    type: 1,
    hostOs: 'root-partition',
    needsHostFamily: 'windows',
    kernelName: null,
    kernelRelease: null,
    serviceProcess: 'vmms.exe',
    vmmComm: 'vmwp.exe',
    vcpuThreadPrefix: 'vCPU %d',
  },
  xen: {
    id: 'xen',
    name: 'Xen',
    type: 1,
    hostOs: 'replaced',
    needsHostFamily: null,
    kernelName: 'Xen',
    kernelRelease: '4.17',
    serviceProcess: null,
    vmmComm: 'domU',
    vcpuThreadPrefix: 'vcpu%d',
  },
  virtualbox: {
    id: 'virtualbox',
    name: 'Oracle VirtualBox',
    type: 2,
    hostOs: 'kept',
    needsHostFamily: 'any',
    kernelName: null,
    kernelRelease: null,
    serviceProcess: 'VBoxSVC',
    vmmComm: 'VBoxHeadless',
    vcpuThreadPrefix: 'EMT-%d',
  },
  'vmware-workstation': {
    id: 'vmware-workstation',
    name: 'VMware Workstation',
    type: 2,
    hostOs: 'kept',
    needsHostFamily: 'any',
    kernelName: null,
    kernelRelease: null,
    serviceProcess: 'vmware-authd',
    vmmComm: 'vmware-vmx',
    vcpuThreadPrefix: 'vmx-vcpu-%d',
  },
};

export function isHypervisorProductId(value: string): value is HypervisorProductId {
  return (HYPERVISOR_PRODUCT_IDS as readonly string[]).includes(value);
}

/** The product installed when only a type is given, for a host OS family. */
export function defaultProduct(
  type: 1 | 2,
  hostFamily: 'linux' | 'windows' | null,
): HypervisorProductId {
  if (type === 2) return 'virtualbox';
  return hostFamily === 'windows' ? 'hyper-v' : 'kvm';
}

export function vcpuThreadName(product: HypervisorProduct, index: number): string {
  return product.vcpuThreadPrefix.replace('%d', String(index));
}
