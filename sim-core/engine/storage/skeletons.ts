// The files a catalogue layer holds. Real images carry thousands of files; the simulator keeps
// the directories everyone looks at and the files the course uses (the shell and its tools, the
// account files, a server's binary and config), with sizes that add up to the layer's size.
import type { FileTree } from './file-tree.ts';

const DIR = 0o755;
const FILE = 0o644;
const EXEC = 0o755;

/** busybox's applets: one binary, many names (hard links in the image). */
export const BUSYBOX_APPLETS = [
  'sh',
  'ash',
  'cat',
  'cp',
  'echo',
  'env',
  'false',
  'grep',
  'head',
  'hostname',
  'id',
  'ip',
  'kill',
  'ls',
  'mkdir',
  'mount',
  'mv',
  'nc',
  'ps',
  'pwd',
  'readlink',
  'rm',
  'sleep',
  'stat',
  'tail',
  'top',
  'touch',
  'true',
  'wc',
  'wget',
  'whoami',
  'df',
  'du',
  'find',
  'sed',
  'tr',
  'uname',
  'yes',
  'date',
];

const ACCOUNTS: FileTree = {
  '/etc/passwd': {
    kind: 'file',
    mode: FILE,
    sizeBytes: 340,
    content: [
      'root:x:0:0:root:/root:/bin/sh',
      'daemon:x:1:1:daemon:/usr/sbin:/bin/false',
      'bin:x:2:2:bin:/bin:/bin/false',
      'sys:x:3:3:sys:/dev:/bin/false',
      'sync:x:4:100:sync:/bin:/bin/sync',
      'mail:x:8:8:mail:/var/spool/mail:/bin/false',
      'www-data:x:33:33:www-data:/var/www:/bin/false',
      'operator:x:37:37:Operator:/var:/bin/false',
      'nobody:x:65534:65534:nobody:/home:/bin/false\n',
    ].join('\n'),
  },
  '/etc/group': {
    kind: 'file',
    mode: FILE,
    sizeBytes: 167,
    content: [
      'root:x:0:',
      'daemon:x:1:',
      'bin:x:2:',
      'sys:x:3:',
      'adm:x:4:',
      'tty:x:5:',
      'disk:x:6:',
      'wheel:x:10:root',
      'mail:x:12:',
      'www-data:x:33:',
      'operator:x:37:',
      'staff:x:50:',
      'users:x:100:',
      'nogroup:x:65534:\n',
    ].join('\n'),
  },
  '/etc/shadow': { kind: 'file', mode: 0o600, sizeBytes: 243, content: null },
};

function dirs(paths: string[]): FileTree {
  return Object.fromEntries(paths.map((path) => [path, { kind: 'dir' as const, mode: DIR }]));
}

/** The root filesystem of a base image: directories, accounts, and the given programs. */
export function baseTree(programs: Record<string, number>, extraDirs: string[] = []): FileTree {
  const tree: FileTree = {
    ...dirs([
      '/bin',
      '/dev',
      '/etc',
      '/home',
      '/proc',
      '/root',
      '/sys',
      '/tmp',
      '/usr',
      '/usr/bin',
      '/var',
      '/var/log',
      ...extraDirs,
    ]),
    // /tmp is world-writable with the sticky bit: anyone may create, only owners delete.
    '/tmp': { kind: 'dir', mode: 0o1777 },
    ...ACCOUNTS,
    '/etc/hostname': { kind: 'file', mode: FILE, sizeBytes: 0, content: '' },
  };
  for (const [path, sizeBytes] of Object.entries(programs))
    tree[path] = { kind: 'file', mode: EXEC, sizeBytes, content: null };
  return tree;
}

export function busyboxTree(binarySizeBytes: number): FileTree {
  const tree = baseTree({ '/bin/busybox': binarySizeBytes }, ['/var/www']);
  for (const applet of BUSYBOX_APPLETS)
    tree[`/bin/${applet}`] = { kind: 'symlink', target: '/bin/busybox' };
  return tree;
}

/** A layer that adds the given paths, each as a file sharing the layer's size. */
export function addedFiles(paths: string[], sizeBytes: number): FileTree {
  const tree: FileTree = {};
  const each = paths.length > 0 ? Math.floor(sizeBytes / paths.length) : 0;
  for (const path of paths) {
    const segments = path.split('/').filter(Boolean);
    for (let depth = 1; depth < segments.length; depth++)
      tree[`/${segments.slice(0, depth).join('/')}`] = { kind: 'dir', mode: DIR };
    tree[path] = {
      kind: 'file',
      mode: path.includes('/bin/') || path.endsWith('.sh') ? EXEC : FILE,
      sizeBytes: each,
      content: null,
    };
  }
  return tree;
}

/**
 * The root filesystem scripts/make-busybox-image.sh imports: Debian's busybox-static binary
 * with its applets, the account files, and the directories `--user nobody` and builds need.
 * The applets stay symbolic links as in the pulled busybox model (the real image uses hard
 * links; both run the one binary). Sizes are the real files' (ls -l in a container of it).
 */
export function debianBusyboxTree(binarySizeBytes: number): FileTree {
  const tree = busyboxTree(binarySizeBytes);
  Object.assign(tree, dirs(['/usr/sbin', '/var/spool', '/var/spool/mail']));
  // root's home is private, as the script's `chmod 700` leaves it.
  tree['/root'] = { kind: 'dir', mode: 0o700 };
  tree['/etc/shadow'] = { kind: 'file', mode: 0o640, sizeBytes: 145, content: null };
  return tree;
}
