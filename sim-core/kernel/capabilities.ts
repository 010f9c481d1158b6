// Linux capabilities: root's power split into bits (include/uapi/linux/capability.h). A
// container's processes get a bounding set Docker chooses (its default 14, plus --cap-add,
// minus --cap-drop, or every one with --privileged); /proc/PID/status shows the sets as hex
// masks, and what a process may do (chown, sethostname) depends on the effective set.

/** Every capability of a 6.x kernel, by bit number (CAP_LAST_CAP = 40, CHECKPOINT_RESTORE). */
export const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'SETPCAP',
  'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_CHROOT',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'MKNOD',
  'LEASE',
  'AUDIT_WRITE',
  'AUDIT_CONTROL',
  'SETFCAP',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Docker's default set (moby oci/caps/defaults.go): what a container's root may do. */
export const DOCKER_DEFAULT_CAPABILITIES: readonly Capability[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

function isCapability(name: string): name is Capability {
  return (CAPABILITIES as readonly string[]).includes(name);
}

/** "chown", "CAP_CHOWN" -> "CHOWN", as dockerd normalises --cap-add/--cap-drop. */
export function normalizeCapability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/**
 * The bounding set for the given options, or dockerd's complaint about a name it does not know
 * (`invalid CapAdd: unknown capability: "CAP_X"`). ALL in --cap-add adds every capability; in
 * --cap-drop it drops every one, and then the added ones come back.
 */
export function containerCapabilities(options: {
  capAdd: readonly string[];
  capDrop: readonly string[];
  privileged: boolean;
}): { ok: true; caps: Capability[] } | { ok: false; error: string } {
  const add = options.capAdd.map(normalizeCapability);
  const drop = options.capDrop.map(normalizeCapability);
  for (const [list, field] of [
    [add, 'CapAdd'],
    [drop, 'CapDrop'],
  ] as const) {
    const unknown = list.find((name) => name !== 'ALL' && !isCapability(name));
    if (unknown !== undefined)
      return { ok: false, error: `invalid ${field}: unknown capability: "CAP_${unknown}"` };
  }
  if (options.privileged || add.includes('ALL')) return { ok: true, caps: [...CAPABILITIES] };
  const base = drop.includes('ALL')
    ? []
    : DOCKER_DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  const caps = new Set<Capability>([...base, ...(add as Capability[])]);
  return { ok: true, caps: CAPABILITIES.filter((cap) => caps.has(cap)) };
}

/** A set as /proc/PID/status prints it: 16 hex digits, bit N for capability N. */
export function capabilityMask(caps: readonly Capability[]): string {
  let mask = 0n;
  for (const cap of caps) mask |= 1n << BigInt(CAPABILITIES.indexOf(cap));
  return mask.toString(16).padStart(16, '0');
}
