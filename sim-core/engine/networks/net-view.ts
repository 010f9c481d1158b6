// The network namespace as files a process can read: /proc/net/dev (the kernel's per-interface
// counters), /sys/class/net/<interface>/..., and the /etc/resolv.conf and /etc/hosts that
// dockerd bind-mounts into every container. lo comes first (ifindex 1), then eth0, eth1, ...
import type { NetInterface } from './attach.ts';

/** Docker's fallback when the host lists only local resolvers (systemd-resolved's 127.0.0.53). */
export const FALLBACK_NAMESERVERS = ['8.8.8.8', '8.8.4.4'];
/** The embedded DNS server dockerd answers on inside containers on user-defined networks. */
export const EMBEDDED_DNS = '127.0.0.11';

export interface NetFiles {
  files: Record<string, string>;
  /** Directories that exist only as kernel views, with their entries sorted as ls lists them. */
  dirs: Record<string, string[]>;
}

const HOSTS_HEADER = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

function devLine(name: string, c: NetInterface['counters']): string {
  const n = (value: number, width: number) => String(value).padStart(width);
  return (
    `${name.padStart(6)}:${n(c.rxBytes, 8)} ${n(c.rxPackets, 7)} ${n(0, 4)} ${n(0, 4)} ${n(0, 4)} ` +
    `${n(0, 5)} ${n(0, 10)} ${n(0, 9)} ${n(c.txBytes, 8)} ${n(c.txPackets, 7)} ${n(0, 4)} ` +
    `${n(0, 4)} ${n(0, 4)} ${n(0, 5)} ${n(0, 7)} ${n(0, 10)}\n`
  );
}

const SYS_FILES = [
  'address',
  'carrier',
  'ifindex',
  'iflink',
  'mtu',
  'operstate',
  'statistics',
  'tx_queue_len',
  'type',
];

export function netFiles(
  interfaces: readonly NetInterface[],
  options: { embeddedDns: boolean; hostname: string },
): NetFiles {
  const zero = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };
  const files: Record<string, string> = {
    '/proc/net/dev':
      'Inter-|   Receive                                                |  Transmit\n' +
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n' +
      devLine('lo', zero) +
      interfaces.map((face) => devLine(face.name, face.counters)).join(''),
    '/etc/resolv.conf': options.embeddedDns
      ? `nameserver ${EMBEDDED_DNS}\noptions ndots:0\n`
      : FALLBACK_NAMESERVERS.map((server) => `nameserver ${server}\n`).join(''),
    '/etc/hosts': [
      ...HOSTS_HEADER,
      ...(interfaces[0] ? [`${interfaces[0].address}\t${options.hostname}`] : []),
    ]
      .map((line) => `${line}\n`)
      .join(''),
  };
  const dirs: Record<string, string[]> = {
    '/sys/class/net': [...interfaces.map((face) => face.name), 'lo'].sort(),
  };
  const sys = (
    name: string,
    values: Record<string, string | number>,
    counters: NetInterface['counters'],
  ) => {
    const base = `/sys/class/net/${name}`;
    dirs[base] = SYS_FILES;
    dirs[`${base}/statistics`] = ['rx_bytes', 'rx_packets', 'tx_bytes', 'tx_packets'];
    for (const [file, value] of Object.entries(values)) files[`${base}/${file}`] = `${value}\n`;
    files[`${base}/statistics/rx_bytes`] = `${counters.rxBytes}\n`;
    files[`${base}/statistics/rx_packets`] = `${counters.rxPackets}\n`;
    files[`${base}/statistics/tx_bytes`] = `${counters.txBytes}\n`;
    files[`${base}/statistics/tx_packets`] = `${counters.txPackets}\n`;
  };
  sys(
    'lo',
    {
      address: '00:00:00:00:00:00',
      carrier: 1,
      ifindex: 1,
      iflink: 1,
      mtu: 65536,
      operstate: 'unknown',
      tx_queue_len: 1000,
      type: 772,
    },
    zero,
  );
  // The ifindex numbers follow what `ip addr` shows: eth0 is 2, its veth peer on the host 7.
  interfaces.forEach((face, index) =>
    sys(
      face.name,
      {
        address: face.mac,
        carrier: 1,
        ifindex: index + 2,
        iflink: index + 7,
        mtu: 1500,
        operstate: 'up',
        tx_queue_len: 0,
        type: 1,
      },
      face.counters,
    ),
  );
  return { files, dirs };
}

/** A process's kernel view with the network namespace's files and directories added. */
export function withNetFiles<
  T extends { files: Record<string, string>; dirs?: Record<string, string[]> },
>(proc: T, net: NetFiles): T {
  return {
    ...proc,
    files: { ...proc.files, ...net.files },
    dirs: { ...(proc.dirs ?? {}), ...net.dirs },
  };
}
