// Random scheduler workloads for the differential test: a machine, a cgroup tree and a
// script of operations, replayed identically on any CpuScheduler.
import fc from 'fast-check';
import type { CpuScheduler, TaskBehaviour } from '../../sim-core/scheduler/cpu-scheduler.ts';

export type Op =
  | { op: 'advance'; ns: number }
  | { op: 'addGroup'; parent: number; shares: number }
  | { op: 'addTask'; group: number; nice: number; behaviour: TaskBehaviour }
  | { op: 'removeTask'; task: number }
  | { op: 'shares'; group: number; shares: number }
  | { op: 'bandwidth'; group: number; quotaNs: number | null; periodNs: number; burstNs: number }
  | { op: 'cpus'; group: number; cpus: number[] }
  | { op: 'removeGroup'; group: number }
  | { op: 'park'; task: number }
  | { op: 'unpark'; task: number }
  /** Guest-style budgets for the next advance: CPU i may run budgets[i] ns. */
  | { op: 'budget'; budgets: number[] };

export interface Workload {
  cpus: number;
  tickNs: number;
  seed: number;
  /** A starting host (containers, some capped, and their tasks), then a random script. */
  setup: Op[];
  ops: Op[];
}

const ms = (n: number): number => n * 1_000_000;

const behaviour: fc.Arbitrary<TaskBehaviour> = fc.oneof(
  fc.constant<TaskBehaviour>({ kind: 'busy' }),
  fc.record({
    kind: fc.constant('periodic' as const),
    runNs: fc.integer({ min: 1, max: ms(20) }),
    sleepNs: fc.integer({ min: 0, max: ms(30) }),
  }),
  fc.record({
    kind: fc.constant('io' as const),
    burstNs: fc.integer({ min: 1, max: ms(2) }),
    waitNs: fc.integer({ min: 0, max: ms(10) }),
  }),
  fc.record({ kind: fc.constant('exiting' as const), runNs: fc.integer({ min: 1, max: ms(100) }) }),
);

// Indices are taken modulo what exists when the op runs, so every script is valid.
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      ns: fc.integer({ min: 1, max: ms(50) }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('addGroup' as const),
      parent: fc.nat(7),
      shares: fc.integer({ min: 2, max: 262_144 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('addTask' as const),
      group: fc.nat(7),
      nice: fc.integer({ min: -20, max: 19 }),
      behaviour,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('removeTask' as const), task: fc.nat(63) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('shares' as const),
      group: fc.nat(7),
      shares: fc.integer({ min: 2, max: 262_144 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('bandwidth' as const),
      group: fc.nat(7),
      quotaNs: fc.option(fc.integer({ min: ms(1), max: ms(60) }), { freq: 6 }),
      periodNs: fc.integer({ min: ms(5), max: ms(200) }),
      burstNs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: ms(100) })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('cpus' as const),
      group: fc.nat(7),
      cpus: fc.array(fc.nat(7), { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('removeGroup' as const), group: fc.nat(7) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('park' as const), task: fc.nat(63) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unpark' as const), task: fc.nat(63) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('budget' as const),
      budgets: fc.array(fc.integer({ min: 0, max: ms(60) }), { minLength: 1, maxLength: 8 }),
    }),
  },
);

const container: fc.Arbitrary<Op[]> = fc
  .tuple(
    fc.record({
      op: fc.constant('addGroup' as const),
      parent: fc.nat(3),
      shares: fc.integer({ min: 2, max: 4096 }),
    }),
    fc.option(fc.integer({ min: ms(5), max: ms(80) }), { freq: 2 }),
    fc.integer({ min: ms(10), max: ms(100) }),
  )
  .map(([add, quotaNs, periodNs]) => {
    if (quotaNs === null) return [add];
    const capped: Op = { op: 'bandwidth', group: 1_000_000, quotaNs, periodNs, burstNs: 0 };
    return [add, capped];
  });

const setup: fc.Arbitrary<Op[]> = fc
  .tuple(
    fc.array(container, { minLength: 1, maxLength: 4 }),
    fc.array(
      fc.record({
        op: fc.constant('addTask' as const),
        group: fc.nat(7),
        nice: fc.integer({ min: -5, max: 5 }),
        behaviour,
      }),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([containers, tasks]) => [...containers.flat(), ...tasks]);

export const workloadArbitrary: fc.Arbitrary<Workload> = fc.record({
  cpus: fc.integer({ min: 1, max: 8 }),
  tickNs: fc.constantFrom(ms(1), ms(4), ms(10), 3_333_333),
  seed: fc.nat(),
  setup,
  ops: fc.array(op, { minLength: 1, maxLength: 16 }),
});

/** What the two backends must agree on, exactly. */
export interface Outcome {
  events: number;
  hash: number;
  nowNs: number;
  tasks: { runtimeNs: number; vruntime: number; cpu: number; state: string }[];
  groups: ReturnType<CpuScheduler['groupCpuStat']>[];
  busyNs: number[];
  stealNs: number[];
  switches: number;
}

export function replay(s: CpuScheduler, w: Workload): Outcome {
  const groups = [0];
  const tasks: number[] = [];
  let switches = 0;
  s.enableTimeline(1 << 16);
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  for (const o of [...w.setup, ...w.ops]) {
    switch (o.op) {
      case 'advance':
        s.advance(o.ns);
        switches += s.drainTimeline().length;
        break;
      case 'addGroup':
        groups.push(s.addGroup(pick(groups, o.parent), o.shares));
        break;
      case 'addTask':
        tasks.push(s.addTask(pick(groups, o.group), { nice: o.nice, behaviour: o.behaviour }));
        break;
      case 'removeTask':
        if (tasks.length > 0) {
          const i = o.task % tasks.length;
          s.removeTask(tasks[i]!);
          tasks.splice(i, 1);
        }
        break;
      case 'shares':
        if (groups.length > 1) s.setGroupShares(pick(groups.slice(1), o.group), o.shares);
        break;
      case 'bandwidth':
        if (groups.length > 1) {
          const target =
            o.group === 1_000_000 ? groups[groups.length - 1]! : pick(groups.slice(1), o.group);
          s.setGroupBandwidth(target, {
            quotaNs: o.quotaNs,
            periodNs: o.periodNs,
            burstNs: o.burstNs,
          });
        }
        break;
      case 'cpus':
        s.setGroupCpus(pick(groups, o.group), [...new Set(o.cpus.map((c) => c % w.cpus))]);
        break;
      case 'park':
        if (tasks.length > 0) s.parkTask(pick(tasks, o.task));
        break;
      case 'unpark':
        if (tasks.length > 0) s.unparkTask(pick(tasks, o.task));
        break;
      case 'budget':
        o.budgets.slice(0, w.cpus).forEach((ns, cpu) => s.setCpuBudget(cpu, ns));
        break;
      case 'removeGroup':
        if (groups.length > 1) {
          const i = 1 + (o.group % (groups.length - 1));
          if (s.removeGroup(groups[i]!)) groups.splice(i, 1);
        }
        break;
    }
  }
  return {
    events: s.eventCount(),
    hash: s.traceHash(),
    nowNs: s.nowNs(),
    tasks: tasks.map((t) => ({
      runtimeNs: s.taskRuntimeNs(t),
      vruntime: s.taskVruntime(t),
      cpu: s.taskCpu(t),
      state: s.taskState(t),
    })),
    groups: groups.map((g) => s.groupCpuStat(g)),
    busyNs: Array.from({ length: w.cpus }, (_, c) => s.cpuBusyNs(c)),
    stealNs: Array.from({ length: w.cpus }, (_, c) => s.cpuStealNs(c)),
    switches: switches + s.drainTimeline().length,
  };
}
