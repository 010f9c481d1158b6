// What `ps` shows inside a container: the processes of its PID namespace, numbered as that
// namespace numbers them. A fresh namespace shows only the new process, as PID 1.
import { visibleProcesses, type ReadonlyKernel } from '../../kernel/kernel.ts';

export interface PsEntry {
  pid: number;
  user: string;
  command: string;
}

/** The view from `pidNsInode` (null: a namespace about to be created) once `self` has started. */
export function psView(kernel: ReadonlyKernel, pidNsInode: number | null, self: string): PsEntry[] {
  if (pidNsInode === null) return [{ pid: 1, user: 'root', command: self }];
  const entries = visibleProcesses(kernel, pidNsInode)
    .filter(({ process }) => process.role !== 'kthread' && process.role !== 'vcpu')
    .map(({ pid, process }) => ({
      pid,
      user: 'root',
      command: process.argv.join(' ') || `[${process.comm}]`,
    }));
  const nextPid = kernel.namespaces[pidNsInode]?.nextPid ?? entries.length + 1;
  return [...entries, { pid: nextPid, user: 'root', command: self }];
}
