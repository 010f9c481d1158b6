// A VM's boot, phase by phase: firmware (BIOS/UEFI) -> bootloader -> kernel -> init -> ready.
// Every duration comes from the calibration table. Only Linux phases are sourced phase by
// phase; for other guests the table's Linux figures stand in, and `sourceNote` says so.
import { calibratedValue, type CalibrationId } from '../calibration/index.ts';
import type { OsId } from '../kernel/os-catalogue.ts';

export const BOOT_PHASES = ['firmware', 'bootloader', 'kernel', 'init'] as const;
export type BootPhase = (typeof BOOT_PHASES)[number];

export interface BootStep {
  phase: BootPhase;
  durationNs: number;
  calibrationId: CalibrationId;
  /** What runs in this phase, for the timeline's plain-words explanation. */
  what: string;
}

const LINUX_PHASES: Record<BootPhase, CalibrationId> = {
  firmware: 'vm.boot.firmware.ns',
  bootloader: 'vm.boot.bootloader.ns',
  kernel: 'vm.boot.kernel.linux.ns',
  init: 'vm.boot.init.linux.ns',
};

const WHAT: Record<OsId, Record<BootPhase, string>> = {
  'ubuntu-22.04': {
    firmware: 'virtual firmware (SeaBIOS/OVMF) initialises the virtual hardware',
    bootloader: 'GRUB loads the Linux kernel and initramfs from the virtual disk',
    kernel: 'the guest Linux kernel boots: its own scheduler, memory manager and drivers',
    init: 'systemd starts the guest services until the system is ready',
  },
  'debian-12': {
    firmware: 'virtual firmware (SeaBIOS/OVMF) initialises the virtual hardware',
    bootloader: 'GRUB loads the Linux kernel and initramfs from the virtual disk',
    kernel: 'the guest Linux kernel boots: its own scheduler, memory manager and drivers',
    init: 'systemd starts the guest services until the system is ready',
  },
  'alpine-3.19': {
    firmware: 'virtual firmware (SeaBIOS/OVMF) initialises the virtual hardware',
    bootloader: 'the bootloader (syslinux/GRUB) loads the linux-virt kernel',
    kernel: 'the guest Linux kernel boots: its own scheduler, memory manager and drivers',
    init: 'OpenRC starts the few guest services Alpine runs',
  },
  'windows-server-2022': {
    firmware: 'virtual UEFI firmware initialises the virtual hardware',
    bootloader: 'Windows Boot Manager loads winload.efi and the NT kernel',
    kernel: 'the Windows NT kernel (ntoskrnl.exe) boots with its own drivers',
    init: 'smss.exe, wininit.exe and services.exe start the Windows services',
  },
};

export function bootSequence(os: OsId): BootStep[] {
  return BOOT_PHASES.map((phase) => ({
    phase,
    durationNs: calibratedValue(LINUX_PHASES[phase]),
    calibrationId: LINUX_PHASES[phase],
    what: WHAT[os][phase],
  }));
}

/** Honest footnote for guests whose phases are not sourced one by one. */
export function bootSourceNote(os: OsId): string | null {
  if (os === 'ubuntu-22.04' || os === 'debian-12') return null;
  return `no phase-by-phase boot figures are sourced for ${os}; the Linux VM figures stand in`;
}
