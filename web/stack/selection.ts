// What the learner has picked in the stack diagram: one layer of one host, one VM (or its guest
// OS), or one app. Ids, never objects, so a selection survives time travel and re-renders.
export type Selection =
  | { kind: 'hardware' | 'host-os' | 'hypervisor'; hostId: string }
  | { kind: 'vm' | 'guest-os'; vmId: string }
  | { kind: 'app'; appId: string };

export function selectionKey(selection: Selection): string {
  if ('vmId' in selection) return `${selection.kind}:${selection.vmId}`;
  if ('appId' in selection) return `app:${selection.appId}`;
  return `${selection.kind}:${selection.hostId}`;
}
