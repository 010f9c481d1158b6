// The CPU scheduler: one interface, two backends that agree bit for bit.
export * from './cpu-scheduler.ts';
export * from './cgroup-weight.ts';
export {
  loadSchedulerFactory,
  tsFactory,
  wasmFactory,
  type SchedulerFactory,
  type WasmSource,
} from './load.ts';
export { GuestMachine, HostWithGuests, type VmOptions } from './virtual-machine.ts';
export { CreditScheduler, XEN_TICK_NS, type XenDomainOptions } from './xen-credit.ts';
export { XenHost, type XenDomain } from './xen-host.ts';
