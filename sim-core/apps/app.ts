// An application started straight on an OS (a host's, or a VM guest's) with `hv app run`:
// the world before containers, where nothing bounds what one app takes from the others.

export type AppState = 'running' | 'oom-killed' | 'stopped';

export interface App {
  id: string;
  name: string;
  kernelId: string;
  /** Where the learner put it: straight on a host's OS, or in a VM's guest OS. */
  placedOn: { kind: 'host' | 'vm'; id: string };
  pid: number | null;
  cpuDemandMilli: number;
  memoryBytes: number;
  state: AppState;
  startedAtNs: number;
}
