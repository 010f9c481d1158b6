// The learner's working directory on the client machine: files written with a heredoc
// (`cat > Dockerfile <<'EOF'`) that later commands (`docker build .`, `kubectl apply -f`) read.

export interface ClientWorkdir {
  /** The directory shown by `pwd` and used to resolve relative paths. */
  cwd: string;
  /** Absolute path -> text content, in the order files were first written. */
  files: Record<string, string>;
  /** The docker CLI's contexts, once one was created (absent: only "default"). */
  contexts?: DockerContexts;
  /** The terminal is attached to a container's shell (absent: the client's own shell). */
  attached?: ClientAttachment;
}

import type { DockerContexts } from './docker-contexts.ts';
import type { ClientAttachment } from './attachment.ts';

export const HOME_DIR = '/home/learner';

/** Resolve a path as a shell would, against the working directory; '..' and '.' collapse. */
export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Entries directly inside `dir`: files, and subdirectories implied by deeper files. */
export function listDirectory(
  workdir: { readonly files: Readonly<Record<string, string>> },
  dir: string,
): { name: string; isDir: boolean }[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const entries = new Map<string, boolean>();
  for (const path of Object.keys(workdir.files)) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) entries.set(rest, entries.get(rest) ?? false);
    else entries.set(rest.slice(0, slash), true);
  }
  return [...entries.entries()]
    .map(([name, isDir]) => ({ name, isDir }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
