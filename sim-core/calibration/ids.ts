// Every calibrated figure's id. Code asks for a figure by id, so a typo is a type error.
// Naming: dotted path, unit last (`.ns`, `.bytes`, `.percent`, `.ratio`, `.bytesPerSecond`).
export const CALIBRATION_IDS = [
  // A Linux VM's boot, phase by phase (systemd-analyze of an Ubuntu 22.04 cloud VM).
  'vm.boot.firmware.ns',
  'vm.boot.bootloader.ns',
  'vm.boot.kernel.linux.ns',
  'vm.boot.init.linux.ns',
  'vm.boot.total.linux.ns',
  // The same phases for a local QEMU VM with UEFI firmware (a developer's laptop).
  'vm.boot.firmware.qemu.ns',
  'vm.boot.bootloader.qemu.ns',
  'vm.boot.kernel.qemu.ns',
  'vm.boot.initrd.qemu.ns',
  'vm.boot.init.qemu.ns',
  'vm.boot.total.qemu.ns',
  // Firecracker microVMs.
  'microvm.boot.ns',
  'microvm.memoryOverhead.bytes',
  'microvm.vmmStart.ns',
  'microvm.overhead.cpu.percent',
  'microvm.overhead.network.latency.ns',
  'microvm.network.throughput.bytesPerSecond',
  'microvm.storage.throughput.bytesPerSecond',
  // Containers.
  // What dockerd gives a container when the run options do not say (docker inspect's HostConfig).
  'container.shmSize.default.bytes',
  'container.start.ns',
  'container.start.slowDisk.ns',
  'container.start.dockerDesktopPenalty.ratio',
  'container.start.imagePullShare.percent',
  'container.start.pulledDataRead.percent',
  'registry.pull.bytesPerSecond',
  'namespace.create.ns',
  // dockerd's restart manager: the back-off between automatic restarts.
  'container.restart.backoffInitial.ns',
  'container.restart.backoffMax.ns',
  'container.restart.backoffReset.ns',
  'overlay.write.slowdownMax.ratio',
  // Disks: how fast a file can be read (an overlayfs copy-up reads the whole lower file).
  'disk.ssd.sequentialRead.bytesPerSecond',
  // Guest operating systems: the least memory and disk each needs.
  'guest.memory.ubuntu-22.04.bytes',
  'guest.memory.debian-12.bytes',
  'guest.memory.windows-server-2022.bytes',
  'guest.memory.windows-server-2022-desktop.bytes',
  'guest.memoryToInstall.windows-server-2022.bytes',
  'guest.memory.alpine-3.19.bytes',
  'guest.disk.ubuntu-22.04.bytes',
  'guest.disk.debian-12.bytes',
  'guest.disk.windows-server-2022.bytes',
  'guest.disk.alpine-3.19.bytes',
  // KVM and Docker against bare metal (Felter et al.).
  'vm.overhead.cpu.percent',
  'vm.overhead.network.latency.percent',
  'vm.overhead.network.latency.ns',
  'vm.overhead.io.percent',
  'container.overhead.cpu.percent',
  'container.overhead.network.latency.percent',
  'container.overhead.io.percent',
  // What the hypervisor itself costs per VM.
  'hypervisor.memoryOverhead.perVm.bytes',
  'hypervisor.memoryOverhead.perVcpu.bytes',
  'hypervisor.memoryOverhead.ofGuestMemory.ratio',
] as const;

export type CalibrationId = (typeof CALIBRATION_IDS)[number];
