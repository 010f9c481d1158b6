// The calibration table: every figure the simulator shows a learner, each with its source.
// Values are in base units (integer ns, integer bytes); `note` says how the quote became the value.
// To add a figure, see README.md in this folder.
import type { CalibrationEntry, CalibrationSource } from './entry.ts';

const MS_NS = 1_000_000;
const US_NS = 1_000;
const MIB_BYTES = 1024 * 1024;
const GIB_BYTES = 1024 * MIB_BYTES;

type Work = Omit<CalibrationSource, 'quote' | 'where'>;

const felter: Work = {
  title: 'An Updated Performance Comparison of Virtual Machines and Linux Containers',
  url: 'https://domino.research.ibm.com/library/cyberdig.nsf/papers/0929052195DD819C85257D2300681E7B/$File/rc25482.pdf',
  year: 2014,
  authors: 'Wes Felter, Alexandre Ferreira, Ram Rajamony, Juan Rubio (IBM Research, RC25482)',
};

const firecrackerSpec: Work = {
  title: 'Firecracker SPECIFICATION.md',
  url: 'https://github.com/firecracker-microvm/firecracker/blob/0aad46c68d1c83150ca2123a8e7477458acc92ee/SPECIFICATION.md',
  // The commit permalink pins the exact text. The year is approximate: this edition tests on
  // I3.metal hosts, before the M5D/M6G edition; the specification carries no date of its own.
  year: 2020,
  authors: 'Firecracker maintainers (Amazon Web Services)',
};

const azureUbuntuVmBoot: Work = {
  title: 'Private AKS (azure-firewall-and-network-testing, workloads/private-aks/README.md)',
  url: 'https://github.com/JanneMattila/azure-firewall-and-network-testing/blob/main/workloads/private-aks/README.md',
  year: 2023,
  authors: 'Janne Mattila',
};

const mkosiQemuBoot: Work = {
  title: 'Speed up QEMU boot (systemd/mkosi issue 550)',
  url: 'https://github.com/systemd/mkosi/issues/550',
  year: 2020,
  authors: 'Daan De Meyer',
};

const slacker: Work = {
  title: 'Slacker: Fast Distribution with Lazy Docker Containers (FAST 16)',
  url: 'https://www.usenix.org/conference/fast16/technical-sessions/presentation/harter',
  year: 2016,
  authors:
    'Tyler Harter, Brandon Salmon, Rose Liu, Andrea C. Arpaci-Dusseau, Remzi H. Arpaci-Dusseau',
};

const mobyDaemonConfig: Work = {
  title: 'moby daemon/config/config.go (Docker 20.10.24)',
  url: 'https://github.com/moby/moby/blob/v20.10.24/daemon/config/config.go',
  year: 2023,
  authors: 'Moby project',
};

const mobyRestartManager: Work = {
  title: 'moby restartmanager/restartmanager.go',
  url: 'https://github.com/moby/moby/blob/2454e42e3fdaf77472853643f68afb9b3cc8122a/restartmanager/restartmanager.go',
  // The constants have been unchanged since the restart manager was written (Docker 1.11);
  // Docker 20.10, which the conformance recordings come from, has the same file.
  year: 2016,
  authors: 'Moby project',
};

const dockerRestartPolicyApi: Work = {
  title: 'Docker Engine API: RestartPolicy schema',
  url: 'https://docs.docker.com/reference/api/engine/version/v1.57/schemas/RestartPolicy/',
  year: 2025,
  authors: 'Docker Inc.',
};

const containerdSlowPull: Work = {
  title: 'Image pull speed is throttled by unknown source (containerd issue 8160)',
  url: 'https://github.com/containerd/containerd/issues/8160',
  year: 2023,
  authors: 'howespt',
};

const systemDesignPrimer: Work = {
  title: 'The System Design Primer: Latency numbers every programmer should know',
  url: 'https://github.com/donnemartin/system-design-primer#latency-numbers-every-programmer-should-know',
  year: 2017,
  authors: 'Donne Martin',
};
const dockerStartup: Work = {
  title:
    'Decomposing Docker Container Startup Performance: A Three-Tier Measurement Study on Heterogeneous Infrastructure',
  url: 'https://arxiv.org/abs/2602.15214',
  year: 2026,
  authors: 'Shamsher Khan',
};

const windowsServerHardware: Work = {
  title: 'Hardware requirements for Windows Server',
  url: 'https://learn.microsoft.com/en-us/windows-server/get-started/hardware-requirements',
  year: 2024,
  authors: 'Microsoft',
};

const openshiftVirtOverhead: Work = {
  title: 'OpenShift Virtualization: Physical resource overhead requirements',
  url: 'https://github.com/openshift/openshift-docs/blob/main/modules/virt-cluster-resource-requirements.adoc',
  year: 2025,
  authors: 'Red Hat (openshift-docs)',
};

function osinfo(file: string, name: string, year: number): Work {
  return {
    title: `libosinfo osinfo-db: ${name} (${file})`,
    url: `https://github.com/crobinso/osinfo-db/blob/main/data/os/${file}`,
    year,
    authors: 'libosinfo project',
  };
}

const ubuntu2204 = osinfo('ubuntu.com/ubuntu-22.04.xml.in', 'Ubuntu 22.04 LTS', 2022);
const debian12 = osinfo('debian.org/debian-12.xml.in', 'Debian 12', 2023);
const alpine319 = osinfo('alpinelinux.org/alpinelinux-3.19.xml.in', 'Alpine Linux 3.19', 2023);

const AZURE_SYSTEMD_ANALYZE =
  'Startup finished in 546ms (firmware) + 1.203s (loader) + 1.270s (kernel) + 11.207s (userspace) = 14.227s';
const AZURE_WHERE =
  'SystemdSummary in the vmssCSE error output of an Ubuntu 22.04 AKS node VM (2023-05-23)';
const AZURE_NOTE =
  'One systemd-analyze run on an Azure (Hyper-V) VM with Ubuntu 22.04; seconds and ms converted to ns.';

const QEMU_SYSTEMD_ANALYZE =
  'Startup finished in 6.934s (firmware) + 3.664s (loader) + 655ms (kernel) + 1.662s (initrd) + 1.686s (userspace) = 14.602s';
const QEMU_WHERE = 'Issue description: "Current QEMU boot times on my laptop"';
const QEMU_NOTE =
  'One systemd-analyze run of a QEMU VM with UEFI firmware on a laptop (an mkosi-built image); converted to ns. The issue later reports about 6 s after tuning.';
const SLACKER_QUOTE =
  'Our analysis shows that pulling packages accounts for 76% of container start time, but only 6.4% of that data is read.';

const FELTER_LATENCY_QUOTE =
  'KVM adds 30µs of overhead to each transaction compared to the non-virtualized network stack, an increase of 80%.';
const FELTER_IO_QUOTE =
  'As we would expect, Docker introduces no overhead but KVM delivers only half as many IOPS because each I/O operation must go through QEMU.';
const OPENSHIFT_FORMULA =
  'Memory overhead per virtual machine ≈ (0.002 × requested memory) + 218 MiB + 8 MiB × (number of vCPUs) + 16 MiB × (number of graphics devices)';
const OPENSHIFT_WHERE =
  '"Virtual machine memory overhead" formula (line breaks, continuation backslashes and callout markers left out; the 0.002 factor as corrected in openshift-docs PR 98822)';
const OSINFO_WHERE = '<resources arch="all"> <minimum>';

export const CALIBRATION_TABLE = [
  // --- A Linux VM boots: firmware -> bootloader -> kernel -> init -> ready -------------------
  {
    id: 'vm.boot.firmware.ns',
    label: 'VM firmware (UEFI) start-up',
    value: 546 * MS_NS,
    unit: 'ns',
    source: { ...azureUbuntuVmBoot, quote: AZURE_SYSTEMD_ANALYZE, where: AZURE_WHERE },
    note: `${AZURE_NOTE} Firmware phase: 546ms.`,
  },
  {
    id: 'vm.boot.bootloader.ns',
    label: 'VM bootloader (GRUB) loads the kernel',
    value: 1203 * MS_NS,
    unit: 'ns',
    source: { ...azureUbuntuVmBoot, quote: AZURE_SYSTEMD_ANALYZE, where: AZURE_WHERE },
    note: `${AZURE_NOTE} Loader phase: 1.203s.`,
  },
  {
    id: 'vm.boot.kernel.linux.ns',
    label: 'Linux kernel start-up inside a VM',
    value: 1270 * MS_NS,
    unit: 'ns',
    source: { ...azureUbuntuVmBoot, quote: AZURE_SYSTEMD_ANALYZE, where: AZURE_WHERE },
    note: `${AZURE_NOTE} Kernel phase: 1.270s.`,
  },
  {
    id: 'vm.boot.init.linux.ns',
    label: 'systemd brings the VM userspace up to ready',
    value: 11_207 * MS_NS,
    unit: 'ns',
    source: { ...azureUbuntuVmBoot, quote: AZURE_SYSTEMD_ANALYZE, where: AZURE_WHERE },
    note: `${AZURE_NOTE} Userspace phase: 11.207s (includes cloud-init; graphical.target was reached after 10.457s).`,
  },
  {
    id: 'vm.boot.total.linux.ns',
    label: 'Whole Linux VM boot, power-on to ready',
    value: 14_227 * MS_NS,
    unit: 'ns',
    source: { ...azureUbuntuVmBoot, quote: AZURE_SYSTEMD_ANALYZE, where: AZURE_WHERE },
    note: `${AZURE_NOTE} Total: 14.227s, the sum of the four phases up to the millisecond rounding of each.`,
  },

  // --- The same phases in a local QEMU VM with UEFI firmware ------------------------------------
  {
    id: 'vm.boot.firmware.qemu.ns',
    label: 'QEMU VM firmware (OVMF UEFI) start-up',
    value: 6934 * MS_NS,
    unit: 'ns',
    source: { ...mkosiQemuBoot, quote: QEMU_SYSTEMD_ANALYZE, where: QEMU_WHERE },
    note: `${QEMU_NOTE} Firmware phase: 6.934s.`,
  },
  {
    id: 'vm.boot.bootloader.qemu.ns',
    label: 'QEMU VM bootloader',
    value: 3664 * MS_NS,
    unit: 'ns',
    source: { ...mkosiQemuBoot, quote: QEMU_SYSTEMD_ANALYZE, where: QEMU_WHERE },
    note: `${QEMU_NOTE} Loader phase: 3.664s.`,
  },
  {
    id: 'vm.boot.kernel.qemu.ns',
    label: 'Linux kernel start-up in a QEMU VM',
    value: 655 * MS_NS,
    unit: 'ns',
    source: { ...mkosiQemuBoot, quote: QEMU_SYSTEMD_ANALYZE, where: QEMU_WHERE },
    note: `${QEMU_NOTE} Kernel phase: 655ms.`,
  },
  {
    id: 'vm.boot.initrd.qemu.ns',
    label: 'Initial ramdisk in a QEMU VM',
    value: 1662 * MS_NS,
    unit: 'ns',
    source: { ...mkosiQemuBoot, quote: QEMU_SYSTEMD_ANALYZE, where: QEMU_WHERE },
    note: `${QEMU_NOTE} Initrd phase: 1.662s.`,
  },
  {
    id: 'vm.boot.init.qemu.ns',
    label: 'systemd brings a QEMU VM userspace up',
    value: 1686 * MS_NS,
    unit: 'ns',
    source: { ...mkosiQemuBoot, quote: QEMU_SYSTEMD_ANALYZE, where: QEMU_WHERE },
    note: `${QEMU_NOTE} Userspace phase: 1.686s.`,
  },
  {
    id: 'vm.boot.total.qemu.ns',
    label: 'Whole QEMU VM boot, power-on to ready',
    value: 14_602 * MS_NS,
    unit: 'ns',
    source: { ...mkosiQemuBoot, quote: QEMU_SYSTEMD_ANALYZE, where: QEMU_WHERE },
    note: `${QEMU_NOTE} Total: 14.602s.`,
  },

  // --- Firecracker microVMs ----------------------------------------------------------------
  {
    id: 'microvm.boot.ns',
    label: 'Firecracker microVM boot, start call to guest /sbin/init',
    value: 125 * MS_NS,
    unit: 'ns',
    source: {
      ...firecrackerSpec,
      quote:
        'It takes `<= 125 ms` to go from receiving the Firecracker InstanceStart API call to the start of the Linux guest user-space `/sbin/init` process.',
      where: 'Overhead',
    },
    note: 'The specified upper bound (<= 125 ms) is used; measured with a minimal kernel and root file system and the serial console disabled.',
  },
  {
    id: 'microvm.memoryOverhead.bytes',
    label: 'Memory the Firecracker VMM itself uses per microVM',
    value: 5 * MIB_BYTES,
    unit: 'bytes',
    source: {
      ...firecrackerSpec,
      quote: "Firecracker's virtual machine manager threads have a memory overhead `<= 5 MiB`.",
      where: 'Overhead (microVM with 1 CPU and 128 MiB of RAM)',
    },
    note: 'Upper bound 5 MiB = 5 × 1024 × 1024 bytes. The current edition of the specification keeps this figure.',
  },
  {
    id: 'microvm.vmmStart.ns',
    label: 'Firecracker process start-up until its API socket answers',
    value: 12 * MS_NS,
    unit: 'ns',
    range: { min: 6 * MS_NS, max: 60 * MS_NS },
    source: {
      ...firecrackerSpec,
      quote:
        '_Note_: The wall-clock time has a large standard deviation, spanning `6 ms to 60 ms`, with typical durations around `12 ms`.',
      where: 'Stability',
    },
    note: 'The typical 12 ms is the value; the quoted 6 ms to 60 ms spread is the range.',
  },
  {
    id: 'microvm.overhead.cpu.percent',
    label: 'CPU speed lost inside a Firecracker microVM',
    value: 5,
    unit: 'percent',
    source: {
      ...firecrackerSpec,
      quote:
        'The compute-only guest CPU performance is `> 95%` of the equivalent bare-metal performance.',
      where: 'Overhead',
    },
    note: 'At most 100% - 95% = 5% is lost; the specification marks this figure "integration test pending".',
  },
  {
    id: 'microvm.overhead.network.latency.ns',
    label: 'Network latency a Firecracker microVM adds',
    value: 60 * US_NS,
    unit: 'ns',
    source: {
      ...firecrackerSpec,
      quote: 'the virtualization layer adds on averadge `0.06ms` of latency.',
      where: 'IO Performance',
    },
    note: '0.06 ms = 60,000 ns (the spelling "averadge" is the source\'s). Marked "integration test pending".',
  },

  {
    id: 'microvm.network.throughput.bytesPerSecond',
    label: 'Network throughput a Firecracker microVM reaches',
    value: 1_812_500_000,
    unit: 'bytesPerSecond',
    source: {
      ...firecrackerSpec,
      quote:
        'the guest achieves up to `14.5 Gbps` network throughput by using `<= 80%` of the host CPU core for emulation.',
      where: 'IO Performance',
    },
    note: '14.5 Gbps = 14.5e9 / 8 bytes per second. Marked "integration test pending".',
  },
  {
    id: 'microvm.storage.throughput.bytesPerSecond',
    label: 'Storage throughput a Firecracker microVM reaches',
    value: 1024 * MIB_BYTES,
    unit: 'bytesPerSecond',
    source: {
      ...firecrackerSpec,
      quote:
        'the guest achieves up to `1 GiB/s` storage throughput by using `<= 70%` of the host CPU core for emulation.',
      where: 'IO Performance',
    },
    note: '1 GiB/s = 1073741824 bytes per second. Marked "integration test pending".',
  },

  // --- Containers -----------------------------------------------------------------------------
  {
    id: 'container.shmSize.default.bytes',
    label: "Size of a container's /dev/shm when docker run is not given --shm-size",
    value: 64 * MIB_BYTES,
    unit: 'bytes',
    source: {
      ...mobyDaemonConfig,
      quote: 'DefaultShmSize = int64(67108864)',
      where: "const block: DefaultShmSize is the default value for container's shm size",
    },
    note: '67,108,864 bytes = 64 MiB, as HostConfig.ShmSize shows it.',
  },
  {
    id: 'container.start.ns',
    label: 'Container start (docker run) on a host with an SSD',
    value: 568 * MS_NS,
    unit: 'ns',
    range: { min: 568 * MS_NS, max: 1157 * MS_NS },
    source: {
      ...dockerStartup,
      quote:
        '(2) storage tier selection imposes a 2.04x startup penalty (HDD 1157 ms vs. SSD 568 ms)',
      where: 'Abstract',
    },
    note: 'The SSD figure (568 ms, Azure Premium SSD, native Linux) is the value; the HDD figure bounds the range.',
  },
  {
    id: 'container.start.slowDisk.ns',
    label: 'Container start (docker run) on a host with a spinning disk',
    value: 1157 * MS_NS,
    unit: 'ns',
    source: {
      ...dockerStartup,
      quote:
        '(2) storage tier selection imposes a 2.04x startup penalty (HDD 1157 ms vs. SSD 568 ms)',
      where: 'Abstract',
    },
    note: 'The HDD figure (1157 ms, Azure Standard HDD).',
  },
  {
    id: 'container.start.dockerDesktopPenalty.ratio',
    label: 'How much slower containers start under Docker Desktop (a hidden VM)',
    value: 2.69,
    unit: 'ratio',
    source: {
      ...dockerStartup,
      quote:
        "(3) Docker Desktop's hypervisor layer introduces a 2.69x startup penalty and 9.5x higher CPU throttling variance compared to native Linux",
      where: 'Abstract',
    },
    note: 'Ratio 2.69 taken as quoted (macOS Docker Desktop against native Linux).',
  },
  {
    id: 'container.start.imagePullShare.percent',
    label: 'Share of a cold container start spent pulling the image',
    value: 76,
    unit: 'percent',
    source: { ...slacker, quote: SLACKER_QUOTE, where: 'Abstract' },
    note: 'Taken as quoted: 76% (HelloBench, 57 containerized applications).',
  },
  {
    id: 'container.start.pulledDataRead.percent',
    label: 'Share of the pulled image data a container reads while starting',
    value: 6.4,
    unit: 'percent',
    source: { ...slacker, quote: SLACKER_QUOTE, where: 'Abstract' },
    note: 'Taken as quoted: 6.4%.',
  },
  {
    id: 'registry.pull.bytesPerSecond',
    label: 'Download speed of one image layer from a registry',
    value: 25_000_000,
    unit: 'bytesPerSecond',
    source: {
      ...containerdSlowPull,
      quote:
        'Fetching from a registry and missing the cache: ~25MB/s per layer (limited by registry bandwidth)',
      where: 'Issue description, "Some numbers for comparison"',
    },
    note: "~25 MB/s read as 25 × 10^6 bytes per second, per layer; containerd fetches up to 3 layers at once by default (max_concurrent_downloads, containerd PR 7313). One user's measurement on EKS pulling through a proxy cache.",
  },
  {
    id: 'namespace.create.ns',
    label: "Creating a container's namespaces",
    value: 9 * MS_NS,
    unit: 'ns',
    range: { min: 8 * MS_NS, max: 10 * MS_NS },
    source: {
      ...dockerStartup,
      quote: '(5) Linux namespace creation contributes only 8-10 ms (<1.5%) of total startup time.',
      where: 'Abstract',
    },
    note: 'Midpoint of the quoted 8-10 ms range.',
  },
  {
    id: 'overlay.write.slowdownMax.ratio',
    label: "Worst slowdown of writes through a container's overlay filesystem",
    value: 100,
    unit: 'ratio',
    source: {
      ...dockerStartup,
      quote:
        '(4) OverlayFS write performance collapses by up to two orders of magnitude compared to volume mounts on SSD-backed storage',
      where: 'Abstract',
    },
    note: '"Two orders of magnitude" read as a factor of 100, the upper bound ("up to").',
  },

  {
    id: 'disk.ssd.sequentialRead.bytesPerSecond',
    label: 'Sequential read speed of an SSD (an overlayfs copy-up reads the whole file)',
    value: 1_000_000_000,
    unit: 'bytesPerSecond',
    source: {
      ...systemDesignPrimer,
      quote: 'Read sequentially from SSD at 1 GB/s',
      where: 'Handy metrics based on numbers above',
    },
    note: '1 GB/s read as 10^9 bytes per second. A copy-up also writes the copy, so this gives a lower bound on its latency.',
  },

  // --- Guest operating systems ----------------------------------------------------------------
  {
    id: 'guest.memory.ubuntu-22.04.bytes',
    label: 'Least memory for an Ubuntu 22.04 guest',
    value: 2 * GIB_BYTES,
    unit: 'bytes',
    source: { ...ubuntu2204, quote: '<ram>2147483648</ram>', where: OSINFO_WHERE },
    note: 'osinfo-db stores bytes: 2147483648 = 2 GiB. The figure covers every Ubuntu 22.04 installer, desktop included.',
  },
  {
    id: 'guest.disk.ubuntu-22.04.bytes',
    label: 'Least disk for an Ubuntu 22.04 guest',
    value: 10 * GIB_BYTES,
    unit: 'bytes',
    source: { ...ubuntu2204, quote: '<storage>10737418240</storage>', where: OSINFO_WHERE },
    note: 'osinfo-db stores bytes: 10737418240 = 10 GiB.',
  },
  {
    id: 'guest.memory.debian-12.bytes',
    label: 'Least memory for a Debian 12 guest',
    value: 1 * GIB_BYTES,
    unit: 'bytes',
    source: { ...debian12, quote: '<ram>1073741824</ram>', where: OSINFO_WHERE },
    note: 'osinfo-db stores bytes: 1073741824 = 1 GiB.',
  },
  {
    id: 'guest.disk.debian-12.bytes',
    label: 'Least disk for a Debian 12 guest',
    value: 10 * GIB_BYTES,
    unit: 'bytes',
    source: { ...debian12, quote: '<storage>10737418240</storage>', where: OSINFO_WHERE },
    note: 'osinfo-db stores bytes: 10737418240 = 10 GiB.',
  },
  {
    id: 'guest.memory.alpine-3.19.bytes',
    label: 'Least memory for an Alpine Linux 3.19 guest',
    value: 128 * MIB_BYTES,
    unit: 'bytes',
    source: { ...alpine319, quote: '<ram>134217728</ram>', where: OSINFO_WHERE },
    note: 'osinfo-db stores bytes: 134217728 = 128 MiB.',
  },
  {
    id: 'guest.disk.alpine-3.19.bytes',
    label: 'Least disk for an Alpine Linux 3.19 guest',
    value: 1 * GIB_BYTES,
    unit: 'bytes',
    source: { ...alpine319, quote: '<storage>1073741824</storage>', where: OSINFO_WHERE },
    note: 'osinfo-db stores bytes: 1073741824 = 1 GiB.',
  },
  {
    id: 'guest.memory.windows-server-2022.bytes',
    label: 'Least memory for a Windows Server 2022 guest (Server Core)',
    value: 512 * MIB_BYTES,
    unit: 'bytes',
    source: {
      ...windowsServerHardware,
      quote: '512 MB for Server Core',
      where: 'RAM tab, Minimum',
    },
    note: 'Memory sizes are binary: 512 MB = 512 MiB = 536870912 bytes (osinfo-db records the same).',
  },
  {
    id: 'guest.memory.windows-server-2022-desktop.bytes',
    label: 'Least memory for a Windows Server 2022 guest with the desktop',
    value: 2 * GIB_BYTES,
    unit: 'bytes',
    source: {
      ...windowsServerHardware,
      quote: '2 GB for Server with Desktop Experience',
      where: 'RAM tab, Minimum (Windows Server 2022, 2019, 2016)',
    },
    note: 'Memory sizes are binary: 2 GB = 2 GiB.',
  },
  {
    id: 'guest.memoryToInstall.windows-server-2022.bytes',
    label: 'Memory the Windows Server installer needs in a VM',
    value: 800 * MIB_BYTES,
    unit: 'bytes',
    source: {
      ...windowsServerHardware,
      quote:
        'Allocate more than 800 MB RAM to the virtual machine on which you intend to install this release.',
      where: 'RAM tab, Important',
    },
    note: '"More than 800 MB": 800 MiB is the floor; setup fails at the 512 MB minimum.',
  },
  {
    id: 'guest.disk.windows-server-2022.bytes',
    label: 'Least disk for a Windows Server 2022 guest',
    value: 32 * GIB_BYTES,
    unit: 'bytes',
    source: {
      ...windowsServerHardware,
      quote:
        'Be aware that 32 GB should be considered an absolute minimum value for successful installation.',
      where: 'Storage tab, Note',
    },
    note: 'Read as binary: 32 GB = 32 GiB = 34359738368 bytes (osinfo-db records the same).',
  },

  // --- KVM and Docker against bare metal --------------------------------------------------------
  {
    id: 'vm.overhead.cpu.percent',
    label: 'CPU-bound work slower in a default (untuned) KVM VM',
    value: 17,
    unit: 'percent',
    range: { min: 2, max: 17 },
    source: {
      ...felter,
      quote:
        'Tuning KVM to pin vCPUs to their corresponding CPUs and expose the underlying cache topology increases performance nearly to par with native.',
      where: 'Table I, Linpack GFLOPS: native 290.8, KVM-untuned 241.3, KVM-tuned 284.2',
    },
    note: '(290.8 - 241.3) / 290.8 = 17% slower untuned (the value: simulated VMs are not pinned); tuned, (290.8 - 284.2) / 290.8 = 2%.',
  },
  {
    id: 'vm.overhead.network.latency.percent',
    label: 'Extra network round-trip latency in a KVM VM',
    value: 80,
    unit: 'percent',
    source: {
      ...felter,
      quote: FELTER_LATENCY_QUOTE,
      where: 'Network latency (netperf), Figure 3',
    },
    note: 'Taken as quoted: +80% per request-response transaction.',
  },
  {
    id: 'vm.overhead.network.latency.ns',
    label: 'Time a KVM VM adds to each network round trip',
    value: 30 * US_NS,
    unit: 'ns',
    source: {
      ...felter,
      quote: FELTER_LATENCY_QUOTE,
      where: 'Network latency (netperf), Figure 3',
    },
    note: '30 µs = 30,000 ns. (Some text extractions of the PDF print "30 ms": the µ glyph is lost.)',
  },
  {
    id: 'vm.overhead.io.percent',
    label: 'Random disk I/O operations lost in a KVM VM',
    value: 50,
    unit: 'percent',
    source: { ...felter, quote: FELTER_IO_QUOTE, where: 'Block I/O (fio), random I/O' },
    note: '"Half as many IOPS" = 50% fewer operations per second than native.',
  },
  {
    id: 'container.overhead.cpu.percent',
    label: 'CPU-bound work slower in a container',
    value: 0,
    unit: 'percent',
    source: {
      ...felter,
      quote:
        'Performance is almost identical on both Linux and Docker–this is not surprising given how little OS involvement there is during the execution.',
      where: 'Table I, Linpack',
    },
    note: '"Almost identical" to native: 0%.',
  },
  {
    id: 'container.overhead.network.latency.percent',
    label: "Extra network latency through Docker's NAT (published ports)",
    value: 100,
    unit: 'percent',
    source: {
      ...felter,
      quote: 'NAT, as used in Docker, doubles latency in this test.',
      where: 'Network latency (netperf), Figure 3',
    },
    note: '"Doubles" = +100%. Containers on the host network have no such overhead.',
  },
  {
    id: 'container.overhead.io.percent',
    label: 'Random disk I/O operations lost in a container',
    value: 0,
    unit: 'percent',
    source: { ...felter, quote: FELTER_IO_QUOTE, where: 'Block I/O (fio), random I/O' },
    note: '"No overhead": 0%.',
  },

  // --- Automatic restarts (--restart) --------------------------------------------------------
  {
    id: 'container.restart.backoffInitial.ns',
    label: 'Wait before the first automatic restart of a container (--restart)',
    value: 100 * MS_NS,
    unit: 'ns',
    source: {
      ...dockerRestartPolicyApi,
      quote:
        'An ever increasing delay (double the previous delay, starting at 100ms) is added before each restart to prevent flooding the server.',
    },
    note: '100 ms; each further restart waits twice as long as the one before.',
  },
  {
    id: 'container.restart.backoffMax.ns',
    label: 'Longest wait between automatic restarts',
    value: 60_000 * MS_NS,
    unit: 'ns',
    source: {
      ...mobyRestartManager,
      quote: 'maxRestartTimeout = 1 * time.Minute',
      where: 'const block at the top of the file',
    },
    note: 'The doubling stops at one minute (60,000,000,000 ns).',
  },
  {
    id: 'container.restart.backoffReset.ns',
    label: 'Run time after which the restart wait starts again from 100 ms',
    value: 10_000 * MS_NS,
    unit: 'ns',
    source: {
      ...mobyRestartManager,
      quote:
        'if the container ran for more than 10s, regardless of status and policy reset the the timeout back to the default.',
      where: 'ShouldRestart',
    },
    note: '10 s; the code tests executionDuration >= 10 seconds.',
  },

  // --- The hypervisor's own cost ----------------------------------------------------------------
  {
    id: 'hypervisor.memoryOverhead.perVm.bytes',
    label: 'Memory the hypervisor uses for each VM, besides the guest RAM',
    value: 218 * MIB_BYTES,
    unit: 'bytes',
    source: { ...openshiftVirtOverhead, quote: OPENSHIFT_FORMULA, where: OPENSHIFT_WHERE },
    note: 'The fixed term, 218 MiB, for the processes of the virt-launcher pod (QEMU/KVM under OpenShift Virtualization).',
  },
  {
    id: 'hypervisor.memoryOverhead.perVcpu.bytes',
    label: 'Extra hypervisor memory for each virtual CPU',
    value: 8 * MIB_BYTES,
    unit: 'bytes',
    source: { ...openshiftVirtOverhead, quote: OPENSHIFT_FORMULA, where: OPENSHIFT_WHERE },
    note: 'The per-vCPU term, 8 MiB.',
  },
  {
    id: 'hypervisor.memoryOverhead.ofGuestMemory.ratio',
    label: "Hypervisor memory that grows with the guest's RAM",
    value: 0.002,
    unit: 'ratio',
    source: { ...openshiftVirtOverhead, quote: OPENSHIFT_FORMULA, where: OPENSHIFT_WHERE },
    note: 'The proportional term: 0.002 × requested memory (0.2%).',
  },
] as const satisfies readonly CalibrationEntry[];
