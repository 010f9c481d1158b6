// busybox stat and chown: a file's owner, group and mode as the kernel keeps them (numbers,
// named through the container's /etc/passwd and /etc/group), and changing the owner, which
// needs CAP_CHOWN: a container started with --cap-drop CHOWN gets "Operation not permitted".
import { normalizePath } from '../storage/file-tree.ts';
import { groupName, userName } from './identity.ts';
import { accountsOf } from './identity-tools.ts';
import { KernelFiles } from './kernel-files.ts';
import { exits, type Program } from './program-kit.ts';

const TYPE_LETTER = { dir: 'd', file: '-', symlink: 'l' } as const;
const TYPE_NAME = { dir: 'directory', file: 'regular file', symlink: 'symbolic link' } as const;

/** rwxr-xr-x, with the set-id and sticky bits where ls and stat put them. */
function modeString(kind: keyof typeof TYPE_LETTER, mode: number): string {
  const bits = 'rwxrwxrwx'
    .split('')
    .map((letter, index) => ((mode >> (8 - index)) & 1 ? letter : '-'));
  const special = (index: number, bit: number, on: string, off: string) => {
    if (mode & bit) bits[index] = bits[index] === 'x' ? on : off;
  };
  special(2, 0o4000, 's', 'S');
  special(5, 0o2000, 's', 'S');
  special(8, 0o1000, 't', 'T');
  return TYPE_LETTER[kind] + bits.join('');
}

export const stat: Program = (env) => {
  const args = [...env.args];
  let format: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--format') format = args[++i] ?? null;
    else if (arg.startsWith('--format=')) format = arg.slice(9);
    else if (arg.startsWith('-c') && arg.length > 2) format = arg.slice(2);
    else if (arg === '-L') continue;
    else files.push(arg);
  }
  if (format === null)
    return exits(1, '', 'stat: only -c FORMAT (e.g. stat -c "%U %G %a %s" FILE) is modelled\n');
  if (files.length === 0) return exits(1, '', 'stat: missing operand\n');
  const accounts = accountsOf(env);
  const kernel = new KernelFiles(env.proc, env.fs);
  let stdout = '';
  let stderr = '';
  for (const file of files) {
    const path = normalizePath(file, env.cwd || '/');
    const pseudo = kernel.stat(path);
    const node =
      env.fs?.node(path) ??
      (pseudo
        ? pseudo.kind === 'directory'
          ? { kind: 'dir' as const, mode: 0o555 }
          : { kind: 'file' as const, mode: 0o444, sizeBytes: 0, content: null }
        : null);
    if (!node) {
      stderr += `stat: can't stat '${file}': No such file or directory\n`;
      continue;
    }
    const mode = node.kind === 'symlink' ? 0o777 : node.mode;
    const uid = node.kind === 'symlink' ? 0 : (node.uid ?? 0);
    const gid = node.kind === 'symlink' ? 0 : (node.gid ?? 0);
    const size =
      node.kind === 'file' ? node.sizeBytes : node.kind === 'dir' ? 4096 : node.target.length;
    const fields: Record<string, string> = {
      a: (mode & 0o7777).toString(8),
      A: modeString(node.kind, mode),
      F: TYPE_NAME[node.kind],
      u: String(uid),
      g: String(gid),
      U: userName(uid, accounts) ?? 'UNKNOWN',
      G: groupName(gid, accounts) ?? 'UNKNOWN',
      s: String(size),
      n: file,
      N: node.kind === 'symlink' ? `'${file}' -> '${node.target}'` : `'${file}'`,
      h: node.kind === 'dir' ? '2' : '1',
      '%': '%',
    };
    stdout += `${format.replace(/%(.)/g, (whole, letter: string) => fields[letter] ?? '?')}\n`;
  }
  return exits(stderr ? 1 : 0, stdout, stderr);
};

export const chown: Program = (env) => {
  const flags = env.args.filter((arg) => /^-[RhLHPcvf]+$/.test(arg)).join('');
  const operands = env.args.filter((arg) => !/^-[RhLHPcvf]+$/.test(arg));
  if (operands.length < 2)
    return exits(1, '', 'Usage: chown [-RhLHPcvf]... USER[:[GRP]] FILE...\n');
  const [owner, ...files] = operands as [string, ...string[]];
  const accounts = accountsOf(env);
  const [userText, groupText] = owner.split(/[:.]/) as [string, string | undefined];
  const uid = /^\d+$/.test(userText)
    ? Number(userText)
    : accounts.users.find((user) => user.name === userText)?.uid;
  if (uid === undefined) return exits(1, '', `chown: unknown user ${userText}\n`);
  let gid: number | null = null;
  if (groupText) {
    const found = /^\d+$/.test(groupText)
      ? Number(groupText)
      : accounts.groups.find((group) => group.name === groupText)?.gid;
    if (found === undefined) return exits(1, '', `chown: unknown group ${groupText}\n`);
    gid = found;
  }
  const fs = env.fs;
  if (!fs) return exits(1, '', 'chown: no filesystem\n');
  let stderr = '';
  for (const file of files) {
    const error = fs.chown(normalizePath(file, env.cwd || '/'), uid, gid);
    if (error && !flags.includes('f')) stderr += `chown: ${file}: ${error}\n`;
  }
  return exits(stderr ? 1 : 0, '', stderr);
};
