//! Linux CFS (the fair class of kernel/sched/fair.c, as of 6.5 before EEVDF) over a cgroup
//! tree with bandwidth control, several CPUs and a deterministic load balancer.
//!
//! Time advances in global steps that end at every scheduler tick and every bandwidth
//! period; inside a step each CPU, in index order, runs its own events (wake-ups and
//! tasks blocking). Slice expiry and quota overrun are noticed at the tick, as in the
//! kernel without hrtick. Integers only: the TypeScript twin in sim-core/scheduler/
//! must reproduce every value bit for bit, so any change here is made there too.
//!
//! Simplifications (all deterministic, all documented in sim-core/scheduler/README.md):
//! instantaneous load instead of PELT averages in group shares, no buddies, tasks wake on
//! their previous CPU, a balancer that evens out runnable counts, no slack timer.

use crate::keyheap::{self, Heap};
use crate::weights::*;

pub const NONE: u32 = u32::MAX;
const INF_NS: u64 = u64::MAX;

pub const EV_TICK: u32 = 1;
pub const EV_RESCHED: u32 = 2;
pub const EV_WAKE: u32 = 3;
pub const EV_SLEEP: u32 = 4;
pub const EV_THROTTLE: u32 = 5;
pub const EV_UNTHROTTLE: u32 = 6;
pub const EV_REFILL: u32 = 7;
pub const EV_SWITCH: u32 = 8;
pub const EV_MIGRATE: u32 = 9;
pub const EV_EXIT: u32 = 10;
pub const EV_NEW: u32 = 11;

pub const KIND_BUSY: u32 = 0;
pub const KIND_PERIODIC: u32 = 1;
pub const KIND_IO: u32 = 2;
pub const KIND_EXITING: u32 = 3;

pub const STATE_RUNNABLE: u32 = 0;
pub const STATE_SLEEPING: u32 = 1;
pub const STATE_EXITED: u32 = 2;
pub const STATE_FREE: u32 = 3;

const ENQUEUE_WAKEUP: u32 = 1;
const DEQUEUE_SLEEP: u32 = 1;

/// Base tunables for one CPU (fair.c); scaled by 1 + log2(min(cpus, 8)).
const BASE_LATENCY_NS: u64 = 6_000_000;
const BASE_MIN_GRANULARITY_NS: u64 = 750_000;
const BASE_WAKEUP_GRANULARITY_NS: u64 = 1_000_000;
const NR_LATENCY: u64 = 8;
/// `sysctl_sched_cfs_bandwidth_slice`: runtime handed from the global pool per request.
const BANDWIDTH_SLICE_NS: i64 = 5_000_000;
/// Busy CPUs rebalance every this many ticks; idle ones every tick.
const BALANCE_TICKS: u64 = 4;
/// `sched_nr_migrate`: how far the balancer looks down a queue.
const BALANCE_SCAN: u32 = 32;

/// A scheduling entity: a task, or a group's representative on one CPU.
#[derive(Clone)]
pub struct Entity {
    pub vruntime: i64,
    pub sum_exec: u64,
    pub prev_sum_exec: u64,
    pub exec_start: u64,
    pub weight: u64,
    pub inv: u64,
    pub on_rq: bool,
    /// The runqueue this entity is queued on (`cfs_rq_of`).
    pub parent_rq: u32,
    /// For a group entity, the group's own runqueue on that CPU; NONE for a task.
    pub my_rq: u32,
    pub depth: u32,
    // Task part (unused by group entities).
    pub group: u32,
    pub cpu: u32,
    pub kind: u32,
    pub state: u32,
    pub run_ns: u64,
    pub sleep_ns: u64,
    pub burst_left: u64,
    pub wake_at: u64,
    pub rng: u32,
    pub next: u32,
    pub prev: u32,
}

impl Entity {
    fn blank() -> Entity {
        Entity {
            vruntime: 0,
            sum_exec: 0,
            prev_sum_exec: 0,
            exec_start: 0,
            weight: NICE_0_LOAD,
            inv: inv_weight(NICE_0_LOAD),
            on_rq: false,
            parent_rq: NONE,
            my_rq: NONE,
            depth: 0,
            group: NONE,
            cpu: NONE,
            kind: KIND_BUSY,
            state: STATE_FREE,
            run_ns: 0,
            sleep_ns: 0,
            burst_left: 0,
            wake_at: 0,
            rng: 0,
            next: NONE,
            prev: NONE,
        }
    }
}

/// A CFS runqueue (`struct cfs_rq`): a group's queue on one CPU; group 0 is the root.
#[derive(Clone)]
pub struct Rq {
    pub load: u64,
    pub nr_running: u32,
    pub h_nr_running: u32,
    pub min_vruntime: i64,
    pub curr: u32,
    pub heap: Heap,
    pub runtime_enabled: bool,
    pub runtime_remaining: i64,
    pub throttled: bool,
    pub throttled_clock: u64,
    pub se: u32,
    pub group: u32,
    pub cpu: u32,
}

impl Rq {
    fn new(group: u32, cpu: u32, se: u32) -> Rq {
        Rq {
            load: 0,
            nr_running: 0,
            h_nr_running: 0,
            min_vruntime: 0,
            curr: NONE,
            heap: Vec::new(),
            runtime_enabled: false,
            runtime_remaining: 0,
            throttled: false,
            throttled_clock: 0,
            se,
            group,
            cpu,
        }
    }
}

/// A task group (cgroup with the cpu controller) and its bandwidth (`struct cfs_bandwidth`).
#[derive(Clone)]
pub struct Group {
    pub alive: bool,
    pub parent: u32,
    pub depth: u32,
    pub shares: u64,
    pub load_sum: u64,
    pub cpumask: u64,
    pub nr_tasks: u32,
    pub nr_children: u32,
    pub quota: i64,
    pub period: u64,
    pub burst: u64,
    pub runtime: i64,
    pub runtime_snap: i64,
    pub timer_active: bool,
    pub timer_expiry: u64,
    pub idle: bool,
    pub nr_periods: u64,
    pub nr_throttled: u64,
    pub throttled_time: u64,
    pub nr_bursts: u64,
    pub burst_time: u64,
    pub throttled_rqs: u32,
}

impl Group {
    fn new(parent: u32, depth: u32, shares: u64, cpumask: u64) -> Group {
        Group {
            alive: true,
            parent,
            depth,
            shares,
            load_sum: 0,
            cpumask,
            nr_tasks: 0,
            nr_children: 0,
            quota: -1,
            period: 100_000_000,
            burst: 0,
            runtime: 0,
            runtime_snap: 0,
            timer_active: false,
            timer_expiry: 0,
            idle: false,
            nr_periods: 0,
            nr_throttled: 0,
            throttled_time: 0,
            nr_bursts: 0,
            burst_time: 0,
            throttled_rqs: 0,
        }
    }
}

#[derive(Clone)]
pub struct Cpu {
    pub curr: u32,
    pub need_resched: bool,
    pub head: u32,
    pub tail: u32,
    pub timers: Heap,
    pub busy_ns: u64,
    /// Guest CPUs only: how long this CPU may run during the current advance() (its vCPU
    /// thread's share of the host), INF when it is a real CPU.
    pub budget_ns: u64,
    /// Until when the CPU was stopped (its vCPU descheduled): events due earlier wait.
    pub stalled_until: u64,
    /// Time the CPU had work but could not run it: the guest's steal time.
    pub steal_ns: u64,
}

pub struct Scheduler {
    pub ncpus: u32,
    pub tick_ns: u64,
    pub latency_ns: u64,
    pub min_granularity_ns: u64,
    pub wakeup_granularity_ns: u64,
    pub now: u64,
    pub clock: u64,
    pub next_tick: u64,
    pub ticks: u64,
    pub seed: u32,
    pub ents: Vec<Entity>,
    /// Each entity's position in its runqueue heap while queued, or in its CPU's timer heap
    /// while asleep; kept apart from `ents` so heap moves touch one small array.
    pub pos: Vec<u32>,
    pub free_ents: Vec<u32>,
    pub rqs: Vec<Rq>,
    pub groups: Vec<Group>,
    pub free_groups: Vec<u32>,
    pub cpus: Vec<Cpu>,
    pub bandwidth_groups: Vec<u32>,
    pub events: u64,
    pub hash: u32,
    pub timeline: Vec<u64>,
    pub timeline_cap: u32,
    pub timeline_dropped: u64,
}

fn fnv(h: u32, w: u32) -> u32 {
    (h ^ w).wrapping_mul(16_777_619)
}

fn ilog2(x: u64) -> u64 {
    63 - x.leading_zeros() as u64
}

impl Scheduler {
    pub fn new(ncpus: u32, tick_ns: u64, seed: u32) -> Scheduler {
        assert!((1..=64).contains(&ncpus), "1..64 CPUs");
        assert!(tick_ns > 0, "tick must be positive");
        // SCHED_TUNABLESCALING_LOG: the latency targets grow with log2 of the CPU count.
        let factor = 1 + ilog2(core::cmp::min(ncpus as u64, 8));
        let mut s = Scheduler {
            ncpus,
            tick_ns,
            latency_ns: BASE_LATENCY_NS * factor,
            min_granularity_ns: BASE_MIN_GRANULARITY_NS * factor,
            wakeup_granularity_ns: BASE_WAKEUP_GRANULARITY_NS * factor,
            now: 0,
            clock: 0,
            next_tick: tick_ns,
            ticks: 0,
            seed,
            ents: Vec::new(),
            pos: Vec::new(),
            free_ents: Vec::new(),
            rqs: Vec::new(),
            groups: Vec::new(),
            free_groups: Vec::new(),
            cpus: Vec::new(),
            bandwidth_groups: Vec::new(),
            events: 0,
            hash: 2_166_136_261,
            timeline: Vec::new(),
            timeline_cap: 0,
            timeline_dropped: 0,
        };
        let all = if ncpus == 64 { u64::MAX } else { (1u64 << ncpus) - 1 };
        s.groups.push(Group::new(NONE, 0, NICE_0_LOAD, all));
        for c in 0..ncpus {
            s.rqs.push(Rq::new(0, c, NONE));
            s.cpus.push(Cpu {
                curr: NONE,
                need_resched: false,
                head: NONE,
                tail: NONE,
                timers: Vec::new(),
                busy_ns: 0,
                budget_ns: INF_NS,
                stalled_until: 0,
                steal_ns: 0,
            });
        }
        s
    }

    // ---- events and trace ----------------------------------------------------------

    fn event(&mut self, kind: u32, cpu: u32, id: u32) {
        self.events += 1;
        let mut h = fnv(self.hash, kind);
        h = fnv(h, cpu);
        h = fnv(h, id);
        h = fnv(h, self.clock as u32);
        h = fnv(h, (self.clock >> 32) as u32);
        self.hash = h;
    }

    fn record_switch(&mut self, cpu: u32, task: u32) {
        if self.timeline_cap == 0 {
            return;
        }
        if self.timeline.len() as u64 >= 2 * self.timeline_cap as u64 {
            self.timeline_dropped += 1;
            return;
        }
        self.timeline.push(self.clock);
        self.timeline.push(((cpu as u64) << 32) | (task.wrapping_add(1) as u64));
    }

    // ---- allocation -------------------------------------------------------------------

    fn alloc_entity(&mut self) -> u32 {
        if let Some(id) = self.free_ents.pop() {
            self.ents[id as usize] = Entity::blank();
            self.pos[id as usize] = NONE;
            id
        } else {
            self.ents.push(Entity::blank());
            self.pos.push(NONE);
            (self.ents.len() - 1) as u32
        }
    }

    fn root_rq(&self, cpu: u32) -> u32 {
        cpu
    }

    fn rq_index(&self, group: u32, cpu: u32) -> u32 {
        group * self.ncpus + cpu
    }

    fn parent_entity(&self, e: u32) -> u32 {
        self.rqs[self.ents[e as usize].parent_rq as usize].se
    }

    // ---- per-runqueue vruntime heap and per-CPU sleep timers, keyed in keyheap.rs ----
    // An entity's vruntime never changes while it is queued (it changes only as curr, or
    // before insertion and after removal), so the key copied into the heap stays right.

    fn heap_insert(&mut self, q: u32, e: u32) {
        let key = self.ents[e as usize].vruntime;
        keyheap::push(&mut self.rqs[q as usize].heap, &mut self.pos, key, e);
    }

    fn heap_remove(&mut self, q: u32, e: u32) {
        keyheap::remove(&mut self.rqs[q as usize].heap, &mut self.pos, e);
    }

    fn leftmost(&self, q: u32) -> u32 {
        keyheap::first(&self.rqs[q as usize].heap)
    }

    fn timer_insert(&mut self, c: u32, t: u32) {
        let key = self.ents[t as usize].wake_at as i64;
        keyheap::push(&mut self.cpus[c as usize].timers, &mut self.pos, key, t);
    }

    fn timer_remove(&mut self, c: u32, t: u32) {
        keyheap::remove(&mut self.cpus[c as usize].timers, &mut self.pos, t);
    }

    // ---- per-CPU list of runnable tasks (the balancer's candidates) ---------------------

    fn list_push(&mut self, c: u32, t: u32) {
        let tail = self.cpus[c as usize].tail;
        self.ents[t as usize].prev = tail;
        self.ents[t as usize].next = NONE;
        if tail == NONE {
            self.cpus[c as usize].head = t;
        } else {
            self.ents[tail as usize].next = t;
        }
        self.cpus[c as usize].tail = t;
    }

    fn list_remove(&mut self, c: u32, t: u32) {
        let prev = self.ents[t as usize].prev;
        let next = self.ents[t as usize].next;
        if prev == NONE {
            self.cpus[c as usize].head = next;
        } else {
            self.ents[prev as usize].next = next;
        }
        if next == NONE {
            self.cpus[c as usize].tail = prev;
        } else {
            self.ents[next as usize].prev = prev;
        }
        self.ents[t as usize].next = NONE;
        self.ents[t as usize].prev = NONE;
    }

    // ---- load and weights -----------------------------------------------------------

    fn load_add(&mut self, q: u32, w: u64) {
        self.rqs[q as usize].load += w;
        let g = self.rqs[q as usize].group as usize;
        self.groups[g].load_sum += w;
    }

    fn load_sub(&mut self, q: u32, w: u64) {
        self.rqs[q as usize].load -= w;
        let g = self.rqs[q as usize].group as usize;
        self.groups[g].load_sum -= w;
    }

    fn calc_delta_fair(&self, delta: u64, e: u32) -> u64 {
        let ent = &self.ents[e as usize];
        if ent.weight != NICE_0_LOAD {
            calc_delta(delta, NICE_0_LOAD, ent.inv)
        } else {
            delta
        }
    }

    fn sched_period(&self, nr: u64) -> u64 {
        if nr > NR_LATENCY {
            nr * self.min_granularity_ns
        } else {
            self.latency_ns
        }
    }

    /// `sched_slice` with ALT_PERIOD (period from the CPU's runnable task count) and
    /// BASE_SLICE (never below min_granularity).
    fn sched_slice(&self, e: u32) -> u64 {
        let cpu = self.rqs[self.ents[e as usize].parent_rq as usize].cpu;
        let nr = self.rqs[self.root_rq(cpu) as usize].h_nr_running as u64;
        let not_queued = if self.ents[e as usize].on_rq { 0 } else { 1 };
        let mut slice = self.sched_period(nr + not_queued);
        let mut s = e;
        while s != NONE {
            let ent = &self.ents[s as usize];
            let q = &self.rqs[ent.parent_rq as usize];
            let mut load = q.load;
            if !ent.on_rq {
                load += ent.weight;
            }
            slice = calc_delta(slice, ent.weight, inv_weight(load));
            s = q.se;
        }
        core::cmp::max(slice, self.min_granularity_ns)
    }

    fn place_entity(&mut self, q: u32, e: u32, initial: bool) {
        let mut v = self.rqs[q as usize].min_vruntime;
        if initial {
            // START_DEBIT: a new task starts one virtual slice behind.
            v += self.calc_delta_fair(self.sched_slice(e), e) as i64;
        } else {
            // GENTLE_FAIR_SLEEPERS: a sleeper gets at most half a latency of credit.
            v -= (self.latency_ns >> 1) as i64;
        }
        let ent = &mut self.ents[e as usize];
        if v > ent.vruntime {
            ent.vruntime = v;
        }
    }

    fn update_min_vruntime(&mut self, q: u32) {
        let rq = &self.rqs[q as usize];
        let mut curr = rq.curr;
        let mut v = rq.min_vruntime;
        if curr != NONE {
            if self.ents[curr as usize].on_rq {
                v = self.ents[curr as usize].vruntime;
            } else {
                curr = NONE;
            }
        }
        let left = self.leftmost(q);
        if left != NONE {
            let lv = self.ents[left as usize].vruntime;
            if curr == NONE || lv < v {
                v = lv;
            }
        }
        let rq = &mut self.rqs[q as usize];
        if v > rq.min_vruntime {
            rq.min_vruntime = v;
        }
    }

    fn update_curr(&mut self, q: u32) {
        let curr = self.rqs[q as usize].curr;
        if curr == NONE {
            return;
        }
        let now = self.clock;
        let start = self.ents[curr as usize].exec_start;
        if now <= start {
            return;
        }
        let delta = now - start;
        let dv = self.calc_delta_fair(delta, curr);
        let ent = &mut self.ents[curr as usize];
        ent.exec_start = now;
        ent.sum_exec += delta;
        ent.vruntime += dv as i64;
        if ent.my_rq == NONE {
            if ent.kind != KIND_BUSY {
                ent.burst_left = ent.burst_left.saturating_sub(delta);
            }
            let c = ent.cpu as usize;
            self.cpus[c].busy_ns += delta;
        }
        self.update_min_vruntime(q);
        self.account_cfs_rq_runtime(q, delta);
    }

    fn throttled_hierarchy(&self, mut q: u32) -> bool {
        loop {
            let rq = &self.rqs[q as usize];
            if rq.throttled {
                return true;
            }
            if rq.se == NONE {
                return false;
            }
            q = self.ents[rq.se as usize].parent_rq;
        }
    }

    /// `calc_group_shares`, with the runqueue's instantaneous weight standing in for PELT.
    fn calc_group_shares(&self, grq: u32) -> u64 {
        let rq = &self.rqs[grq as usize];
        let g = &self.groups[rq.group as usize];
        let mut shares = g.shares * rq.load;
        if g.load_sum != 0 {
            shares /= g.load_sum;
        }
        shares.clamp(MIN_SHARES, g.shares)
    }

    fn update_cfs_group(&mut self, e: u32) {
        let grq = self.ents[e as usize].my_rq;
        if grq == NONE || self.throttled_hierarchy(grq) {
            return;
        }
        let shares = self.calc_group_shares(grq);
        if self.ents[e as usize].weight != shares {
            let q = self.ents[e as usize].parent_rq;
            self.reweight_entity(q, e, shares);
        }
    }

    fn reweight_entity(&mut self, q: u32, e: u32, w: u64) {
        let on_rq = self.ents[e as usize].on_rq;
        if on_rq {
            if self.rqs[q as usize].curr == e {
                self.update_curr(q);
            }
            let old = self.ents[e as usize].weight;
            self.load_sub(q, old);
        }
        self.ents[e as usize].weight = w;
        self.ents[e as usize].inv = inv_weight(w);
        if on_rq {
            self.load_add(q, w);
        }
    }

    // ---- bandwidth control (sched-bwc) ---------------------------------------------------

    fn start_bandwidth(&mut self, g: u32) {
        let period = self.groups[g as usize].period;
        let now = self.clock;
        let b = &mut self.groups[g as usize];
        if b.timer_active {
            return;
        }
        b.timer_active = true;
        // hrtimer_forward_now: whole periods past the last expiry until it lies ahead.
        let last = b.timer_expiry;
        let periods = if now >= last { (now - last) / period + 1 } else { 1 };
        b.timer_expiry = last + periods * period;
    }

    fn assign_cfs_rq_runtime(&mut self, q: u32, target: i64) -> bool {
        let g = self.rqs[q as usize].group;
        let min_amount = target - self.rqs[q as usize].runtime_remaining;
        let mut amount = 0;
        if self.groups[g as usize].quota < 0 {
            amount = min_amount;
        } else {
            self.start_bandwidth(g);
            let b = &mut self.groups[g as usize];
            if b.runtime > 0 {
                amount = core::cmp::min(b.runtime, min_amount);
                b.runtime -= amount;
                b.idle = false;
            }
        }
        let rq = &mut self.rqs[q as usize];
        rq.runtime_remaining += amount;
        rq.runtime_remaining > 0
    }

    fn account_cfs_rq_runtime(&mut self, q: u32, delta: u64) {
        let rq = &mut self.rqs[q as usize];
        if !rq.runtime_enabled {
            return;
        }
        rq.runtime_remaining -= delta as i64;
        if rq.runtime_remaining > 0 || rq.throttled {
            return;
        }
        if !self.assign_cfs_rq_runtime(q, BANDWIDTH_SLICE_NS) && self.rqs[q as usize].curr != NONE {
            let c = self.rqs[q as usize].cpu as usize;
            self.cpus[c].need_resched = true;
        }
    }

    fn check_cfs_rq_runtime(&mut self, q: u32) -> bool {
        let rq = &self.rqs[q as usize];
        if !rq.runtime_enabled || rq.runtime_remaining > 0 {
            return false;
        }
        if rq.throttled {
            return true;
        }
        self.throttle_cfs_rq(q)
    }

    fn check_enqueue_throttle(&mut self, q: u32) {
        let rq = &self.rqs[q as usize];
        if !rq.runtime_enabled || rq.curr != NONE || rq.throttled {
            return;
        }
        self.account_cfs_rq_runtime(q, 0);
        if self.rqs[q as usize].runtime_remaining <= 0 {
            self.throttle_cfs_rq(q);
        }
    }

    fn throttle_cfs_rq(&mut self, q: u32) -> bool {
        if self.assign_cfs_rq_runtime(q, 1) {
            return false;
        }
        let g = self.rqs[q as usize].group;
        self.groups[g as usize].throttled_rqs += 1;
        let delta = self.rqs[q as usize].h_nr_running;
        let mut e = self.rqs[q as usize].se;
        let mut done = false;
        while e != NONE {
            let pq = self.ents[e as usize].parent_rq;
            if !self.ents[e as usize].on_rq {
                done = true;
                break;
            }
            self.dequeue_entity(pq, e, DEQUEUE_SLEEP);
            self.rqs[pq as usize].h_nr_running -= delta;
            e = self.rqs[pq as usize].se;
            if self.rqs[pq as usize].load != 0 {
                break;
            }
        }
        if !done {
            while e != NONE {
                let pq = self.ents[e as usize].parent_rq;
                if !self.ents[e as usize].on_rq {
                    break;
                }
                self.rqs[pq as usize].h_nr_running -= delta;
                e = self.rqs[pq as usize].se;
            }
        }
        let clock = self.clock;
        let rq = &mut self.rqs[q as usize];
        rq.throttled = true;
        rq.throttled_clock = clock;
        let cpu = rq.cpu;
        self.event(EV_THROTTLE, cpu, g);
        true
    }

    fn unthrottle_cfs_rq(&mut self, q: u32) {
        let g = self.rqs[q as usize].group;
        let cpu = self.rqs[q as usize].cpu;
        let clock = self.clock;
        let rq = &mut self.rqs[q as usize];
        rq.throttled = false;
        let waited = clock - rq.throttled_clock;
        self.groups[g as usize].throttled_time += waited;
        self.groups[g as usize].throttled_rqs -= 1;
        self.event(EV_UNTHROTTLE, cpu, g);
        if self.rqs[q as usize].load != 0 {
            let delta = self.rqs[q as usize].h_nr_running;
            let mut e = self.rqs[q as usize].se;
            let mut stopped = false;
            while e != NONE {
                if self.ents[e as usize].on_rq {
                    break;
                }
                let pq = self.ents[e as usize].parent_rq;
                self.enqueue_entity(pq, e, ENQUEUE_WAKEUP);
                self.rqs[pq as usize].h_nr_running += delta;
                if self.rqs[pq as usize].throttled {
                    stopped = true;
                    break;
                }
                e = self.rqs[pq as usize].se;
            }
            if !stopped {
                while e != NONE {
                    let pq = self.ents[e as usize].parent_rq;
                    self.rqs[pq as usize].h_nr_running += delta;
                    if self.rqs[pq as usize].throttled {
                        break;
                    }
                    e = self.rqs[pq as usize].se;
                }
            }
        }
        let root = self.root_rq(cpu) as usize;
        if self.cpus[cpu as usize].curr == NONE && self.rqs[root].nr_running > 0 {
            self.cpus[cpu as usize].need_resched = true;
        }
    }

    fn refill_runtime(&mut self, g: u32) {
        let b = &mut self.groups[g as usize];
        if b.quota < 0 {
            return;
        }
        b.runtime += b.quota;
        let used_burst = b.runtime_snap - b.runtime;
        if used_burst > 0 {
            b.burst_time += used_burst as u64;
            b.nr_bursts += 1;
        }
        let cap = b.quota + b.burst as i64;
        if b.runtime > cap {
            b.runtime = cap;
        }
        b.runtime_snap = b.runtime;
    }

    fn distribute_runtime(&mut self, g: u32) {
        for c in 0..self.ncpus {
            let q = self.rq_index(g, c);
            if !self.rqs[q as usize].throttled {
                continue;
            }
            let mut give = -self.rqs[q as usize].runtime_remaining + 1;
            let b = &mut self.groups[g as usize];
            if give > b.runtime {
                give = b.runtime;
            }
            b.runtime -= give;
            let remaining = b.runtime;
            self.rqs[q as usize].runtime_remaining += give;
            if self.rqs[q as usize].runtime_remaining > 0 {
                self.unthrottle_cfs_rq(q);
            }
            if remaining == 0 {
                break;
            }
        }
    }

    /// `sched_cfs_period_timer` / `do_sched_cfs_period_timer` for one expiry.
    fn period_timer(&mut self, g: u32) {
        let b = &mut self.groups[g as usize];
        let period = b.period;
        if b.quota < 0 {
            b.timer_active = false;
            return;
        }
        let throttled = b.throttled_rqs > 0;
        b.nr_periods += 1;
        self.refill_runtime(g);
        self.event(EV_REFILL, NONE, g);
        let b = &mut self.groups[g as usize];
        if b.idle && !throttled {
            b.timer_active = false;
            return;
        }
        b.timer_expiry += period;
        if !throttled {
            b.idle = true;
            return;
        }
        b.nr_throttled += 1;
        self.distribute_runtime(g);
        self.groups[g as usize].idle = false;
    }

    // ---- enqueue / dequeue ----------------------------------------------------------------

    fn enqueue_entity(&mut self, q: u32, e: u32, flags: u32) {
        let renorm = flags & ENQUEUE_WAKEUP == 0;
        let is_curr = self.rqs[q as usize].curr == e;
        if renorm && is_curr {
            self.ents[e as usize].vruntime += self.rqs[q as usize].min_vruntime;
        }
        self.update_curr(q);
        if renorm && !is_curr {
            self.ents[e as usize].vruntime += self.rqs[q as usize].min_vruntime;
        }
        self.update_cfs_group(e);
        let w = self.ents[e as usize].weight;
        self.load_add(q, w);
        self.rqs[q as usize].nr_running += 1;
        if flags & ENQUEUE_WAKEUP != 0 {
            self.place_entity(q, e, false);
        }
        if !is_curr {
            self.heap_insert(q, e);
        }
        self.ents[e as usize].on_rq = true;
        if self.rqs[q as usize].nr_running == 1 {
            self.check_enqueue_throttle(q);
        }
    }

    fn dequeue_entity(&mut self, q: u32, e: u32, flags: u32) {
        self.update_curr(q);
        if self.rqs[q as usize].curr != e {
            self.heap_remove(q, e);
        }
        self.ents[e as usize].on_rq = false;
        let w = self.ents[e as usize].weight;
        self.load_sub(q, w);
        self.rqs[q as usize].nr_running -= 1;
        if flags & DEQUEUE_SLEEP == 0 {
            // Leaving for another CPU: keep vruntime relative to this queue's floor.
            self.ents[e as usize].vruntime -= self.rqs[q as usize].min_vruntime;
        }
        self.update_cfs_group(e);
        self.update_min_vruntime(q);
    }

    fn enqueue_task(&mut self, t: u32, flags: u32) {
        let mut e = t;
        let mut fl = flags;
        while e != NONE {
            if self.ents[e as usize].on_rq {
                break;
            }
            let q = self.ents[e as usize].parent_rq;
            self.enqueue_entity(q, e, fl);
            self.rqs[q as usize].h_nr_running += 1;
            if self.rqs[q as usize].throttled {
                return;
            }
            fl = ENQUEUE_WAKEUP;
            e = self.rqs[q as usize].se;
        }
        while e != NONE {
            let q = self.ents[e as usize].parent_rq;
            self.update_cfs_group(e);
            self.rqs[q as usize].h_nr_running += 1;
            if self.rqs[q as usize].throttled {
                return;
            }
            e = self.rqs[q as usize].se;
        }
    }

    fn dequeue_task(&mut self, t: u32, flags: u32) {
        let mut e = t;
        let mut fl = flags;
        while e != NONE {
            let q = self.ents[e as usize].parent_rq;
            self.dequeue_entity(q, e, fl);
            self.rqs[q as usize].h_nr_running -= 1;
            if self.rqs[q as usize].throttled {
                return;
            }
            e = self.rqs[q as usize].se;
            if self.rqs[q as usize].load != 0 {
                break;
            }
            fl |= DEQUEUE_SLEEP;
        }
        while e != NONE {
            let q = self.ents[e as usize].parent_rq;
            self.update_cfs_group(e);
            self.rqs[q as usize].h_nr_running -= 1;
            if self.rqs[q as usize].throttled {
                return;
            }
            e = self.rqs[q as usize].se;
        }
    }

    // ---- picking and preemption ---------------------------------------------------------

    fn set_next_entity(&mut self, q: u32, e: u32) {
        if self.ents[e as usize].on_rq {
            self.heap_remove(q, e);
        }
        let clock = self.clock;
        let ent = &mut self.ents[e as usize];
        ent.exec_start = clock;
        ent.prev_sum_exec = ent.sum_exec;
        self.rqs[q as usize].curr = e;
    }

    fn put_prev_entity(&mut self, q: u32, e: u32) {
        let on_rq = self.ents[e as usize].on_rq;
        if on_rq {
            self.update_curr(q);
        }
        self.check_cfs_rq_runtime(q);
        if self.ents[e as usize].on_rq {
            self.heap_insert(q, e);
        }
        self.rqs[q as usize].curr = NONE;
    }

    fn schedule(&mut self, cpu: u32) {
        let prev = self.cpus[cpu as usize].curr;
        let mut e = prev;
        while e != NONE {
            let q = self.ents[e as usize].parent_rq;
            self.put_prev_entity(q, e);
            e = self.rqs[q as usize].se;
        }
        let mut next = NONE;
        let mut q = self.root_rq(cpu);
        if self.rqs[q as usize].nr_running > 0 {
            loop {
                let se = self.leftmost(q);
                assert!(se != NONE, "a queued group has nothing to run");
                self.set_next_entity(q, se);
                let my = self.ents[se as usize].my_rq;
                if my == NONE {
                    next = se;
                    break;
                }
                q = my;
            }
        }
        let c = &mut self.cpus[cpu as usize];
        c.curr = next;
        c.need_resched = false;
        if next != prev {
            self.event(EV_SWITCH, cpu, next);
            self.record_switch(cpu, next);
        }
    }

    fn check_preempt_tick(&mut self, q: u32, curr: u32) {
        let ideal = self.sched_slice(curr);
        let ent = &self.ents[curr as usize];
        let ran = ent.sum_exec - ent.prev_sum_exec;
        let cpu = self.rqs[q as usize].cpu as usize;
        if ran > ideal {
            self.cpus[cpu].need_resched = true;
            return;
        }
        if ran < self.min_granularity_ns {
            return;
        }
        let left = self.leftmost(q);
        if left == NONE {
            return;
        }
        let delta = ent.vruntime - self.ents[left as usize].vruntime;
        if delta > 0 && delta as u64 > ideal {
            self.cpus[cpu].need_resched = true;
        }
    }

    fn find_matching_se(&self, mut se: u32, mut pse: u32) -> (u32, u32) {
        let mut sd = self.ents[se as usize].depth;
        let mut pd = self.ents[pse as usize].depth;
        while sd > pd {
            sd -= 1;
            se = self.parent_entity(se);
        }
        while pd > sd {
            pd -= 1;
            pse = self.parent_entity(pse);
        }
        while self.ents[se as usize].parent_rq != self.ents[pse as usize].parent_rq {
            se = self.parent_entity(se);
            pse = self.parent_entity(pse);
        }
        (se, pse)
    }

    fn check_preempt_wakeup(&mut self, cpu: u32, p: u32) {
        let curr = self.cpus[cpu as usize].curr;
        if curr == NONE {
            self.cpus[cpu as usize].need_resched = true;
            return;
        }
        if curr == p || self.cpus[cpu as usize].need_resched {
            return;
        }
        let (se, pse) = self.find_matching_se(curr, p);
        let q = self.ents[se as usize].parent_rq;
        self.update_curr(q);
        let vdiff = self.ents[se as usize].vruntime - self.ents[pse as usize].vruntime;
        if vdiff <= 0 {
            return;
        }
        let gran = self.calc_delta_fair(self.wakeup_granularity_ns, pse);
        if vdiff as u64 > gran {
            self.cpus[cpu as usize].need_resched = true;
        }
    }

    // ---- task behaviour ---------------------------------------------------------------

    fn next_random(&mut self, t: u32) -> u32 {
        // xorshift32: cheap, and identical in TypeScript with >>> 0.
        let mut x = self.ents[t as usize].rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.ents[t as usize].rng = x;
        x
    }

    fn jitter(&mut self, t: u32, base: u64) -> u64 {
        // Uniform in [base/2, base*3/2): I/O bursts and waits vary around their mean.
        let half = base / 2;
        let r = self.next_random(t) as u64;
        let span = if base == 0 { 1 } else { base };
        let v = half + r % span;
        if v == 0 {
            1
        } else {
            v
        }
    }

    fn next_burst(&mut self, t: u32) -> u64 {
        let ent = &self.ents[t as usize];
        match ent.kind {
            KIND_IO => {
                let base = ent.run_ns;
                self.jitter(t, base)
            }
            KIND_BUSY => INF_NS,
            _ => ent.run_ns,
        }
    }

    fn next_sleep(&mut self, t: u32) -> u64 {
        let ent = &self.ents[t as usize];
        if ent.kind == KIND_IO {
            let base = ent.sleep_ns;
            self.jitter(t, base)
        } else {
            ent.sleep_ns
        }
    }

    fn block_current(&mut self, cpu: u32) {
        let t = self.cpus[cpu as usize].curr;
        self.dequeue_task(t, DEQUEUE_SLEEP);
        self.list_remove(cpu, t);
        if self.ents[t as usize].kind == KIND_EXITING {
            self.ents[t as usize].state = STATE_EXITED;
            let g = self.ents[t as usize].group as usize;
            self.groups[g].nr_tasks -= 1;
            self.event(EV_EXIT, cpu, t);
        } else {
            let sleep = self.next_sleep(t);
            self.ents[t as usize].state = STATE_SLEEPING;
            self.ents[t as usize].wake_at = self.clock + sleep;
            self.timer_insert(cpu, t);
            self.event(EV_SLEEP, cpu, t);
        }
        self.schedule(cpu);
    }

    fn wake_task(&mut self, cpu: u32, t: u32) {
        self.timer_remove(cpu, t);
        let burst = self.next_burst(t);
        let ent = &mut self.ents[t as usize];
        ent.state = STATE_RUNNABLE;
        ent.burst_left = burst;
        self.list_push(cpu, t);
        self.enqueue_task(t, ENQUEUE_WAKEUP);
        self.event(EV_WAKE, cpu, t);
        self.check_preempt_wakeup(cpu, t);
        if self.cpus[cpu as usize].need_resched {
            self.schedule(cpu);
        }
    }

    /// Runs one CPU's own events (tasks blocking, sleepers waking) up to `until`.
    /// A task that blocks exactly at `until` blocks before the tick there; a sleeper due
    /// at `until` wakes after it.
    fn run_cpu_until(&mut self, cpu: u32, until: u64) {
        loop {
            let c = &self.cpus[cpu as usize];
            let wake = if c.timers.is_empty() { INF_NS } else { c.timers[0].0 as u64 };
            let curr = c.curr;
            let mut block = INF_NS;
            if curr != NONE {
                let ent = &self.ents[curr as usize];
                if ent.kind != KIND_BUSY {
                    block = ent.exec_start + ent.burst_left;
                }
            }
            if block <= until && block <= wake {
                self.clock = block;
                self.block_current(cpu);
            } else if wake < until {
                // A wake-up due while the CPU was stopped is delivered when it resumes.
                self.clock = core::cmp::max(wake, self.cpus[cpu as usize].stalled_until);
                let t = self.cpus[cpu as usize].timers[0].1;
                self.wake_task(cpu, t);
            } else {
                return;
            }
        }
    }

    fn tick_cpu(&mut self, cpu: u32) {
        let curr = self.cpus[cpu as usize].curr;
        if curr == NONE {
            return;
        }
        self.event(EV_TICK, cpu, curr);
        let mut e = curr;
        while e != NONE {
            let q = self.ents[e as usize].parent_rq;
            self.update_curr(q);
            self.update_cfs_group(e);
            if self.rqs[q as usize].nr_running > 1 {
                self.check_preempt_tick(q, e);
            }
            e = self.rqs[q as usize].se;
        }
        if self.cpus[cpu as usize].need_resched {
            self.event(EV_RESCHED, cpu, curr);
            self.schedule(cpu);
        }
    }

    // ---- load balancing -----------------------------------------------------------------

    fn cpu_allowed(&self, t: u32, cpu: u32) -> bool {
        let g = self.ents[t as usize].group as usize;
        (self.groups[g].cpumask >> cpu) & 1 == 1
    }

    fn runnable_on(&self, cpu: u32) -> u32 {
        self.rqs[self.root_rq(cpu) as usize].h_nr_running
    }

    /// The two busiest CPUs (most runnable tasks, lower index first on ties), so that
    /// "the busiest CPU other than dst" costs O(1) per destination.
    fn two_busiest(&self) -> (u32, u32) {
        let (mut first, mut second) = (NONE, NONE);
        let (mut n1, mut n2) = (0, 0);
        for c in 0..self.ncpus {
            let n = self.runnable_on(c);
            if first == NONE || n > n1 {
                second = first;
                n2 = n1;
                first = c;
                n1 = n;
            } else if second == NONE || n > n2 {
                second = c;
                n2 = n;
            }
        }
        (first, second)
    }

    fn move_task(&mut self, t: u32, dst: u32) {
        let src = self.ents[t as usize].cpu;
        let was_curr = self.cpus[src as usize].curr == t;
        self.dequeue_task(t, 0);
        self.list_remove(src, t);
        if was_curr {
            self.schedule(src);
        }
        let g = self.ents[t as usize].group;
        let q = self.rq_index(g, dst);
        let ent = &mut self.ents[t as usize];
        ent.cpu = dst;
        ent.parent_rq = q;
        self.list_push(dst, t);
        self.enqueue_task(t, 0);
        self.event(EV_MIGRATE, dst, t);
        self.check_preempt_wakeup(dst, t);
        if self.cpus[dst as usize].need_resched {
            self.schedule(dst);
        }
    }

    fn balance(&mut self) {
        if self.ncpus == 1 {
            return;
        }
        let periodic = self.ticks % BALANCE_TICKS == 0;
        let (mut first, mut second) = self.two_busiest();
        for dst in 0..self.ncpus {
            let mine = self.runnable_on(dst);
            if mine != 0 && !periodic {
                continue;
            }
            let src = if first == dst { second } else { first };
            if self.runnable_on(src) < mine + 2 {
                continue;
            }
            let src_curr = self.cpus[src as usize].curr;
            let mut t = self.cpus[src as usize].head;
            let mut scanned = 0;
            while t != NONE && scanned < BALANCE_SCAN {
                let next = self.ents[t as usize].next;
                if t != src_curr && self.cpu_allowed(t, dst) && !self.throttled_hierarchy(self.ents[t as usize].parent_rq) {
                    self.move_task(t, dst);
                    let top = self.two_busiest();
                    first = top.0;
                    second = top.1;
                    break;
                }
                scanned += 1;
                t = next;
            }
        }
    }

    // ---- the clock ----------------------------------------------------------------------

    fn next_period_expiry(&self) -> u64 {
        let mut next = INF_NS;
        for &g in &self.bandwidth_groups {
            let b = &self.groups[g as usize];
            if b.timer_active && b.timer_expiry < next {
                next = b.timer_expiry;
            }
        }
        next
    }

    /// Runs a CPU to `step_end`, or, for a guest CPU, only as far as its budget reaches;
    /// the rest of the step its vCPU is descheduled on the host: nothing runs, nobody is
    /// charged (paravirtual steal-time accounting) and the time is counted as steal.
    fn run_cpu_with_budget(&mut self, c: u32, step_end: u64) {
        let budget = self.cpus[c as usize].budget_ns;
        if budget == INF_NS {
            self.run_cpu_until(c, step_end);
            return;
        }
        let limit = core::cmp::min(step_end, self.now.saturating_add(budget));
        self.run_cpu_until(c, limit);
        self.cpus[c as usize].budget_ns = budget - (limit - self.now);
        if limit < step_end {
            self.stall_cpu(c, limit, step_end);
        }
    }

    fn stall_cpu(&mut self, c: u32, from: u64, to: u64) {
        let curr = self.cpus[c as usize].curr;
        if curr == NONE {
            self.cpus[c as usize].stalled_until = to;
            return;
        }
        self.clock = from;
        let mut e = curr;
        while e != NONE {
            let q = self.ents[e as usize].parent_rq;
            self.update_curr(q);
            e = self.rqs[q as usize].se;
        }
        let mut e = curr;
        while e != NONE {
            self.ents[e as usize].exec_start = to;
            e = self.parent_entity(e);
        }
        let cpu = &mut self.cpus[c as usize];
        cpu.steal_ns += to - from;
        cpu.stalled_until = to;
    }

    /// Limits what a guest CPU may run during the next advance() (reset after it).
    pub fn set_cpu_budget(&mut self, c: u32, ns: u64) {
        self.cpus[c as usize].budget_ns = ns;
    }

    pub fn advance(&mut self, ns: u64) {
        self.advance_steps(ns);
        for c in 0..self.ncpus {
            self.cpus[c as usize].budget_ns = INF_NS;
        }
    }

    fn advance_steps(&mut self, ns: u64) {
        let end = self.now + ns;
        while self.now < end {
            let timer = self.next_period_expiry();
            let step_end = core::cmp::min(end, core::cmp::min(self.next_tick, timer));
            for c in 0..self.ncpus {
                self.run_cpu_with_budget(c, step_end);
            }
            self.now = step_end;
            self.clock = step_end;
            let mut resched = false;
            if step_end == self.next_tick {
                self.ticks += 1;
                for c in 0..self.ncpus {
                    self.tick_cpu(c);
                }
                self.next_tick += self.tick_ns;
                resched = true;
            }
            if step_end == timer {
                for i in 0..self.bandwidth_groups.len() {
                    let g = self.bandwidth_groups[i];
                    let b = &self.groups[g as usize];
                    if b.timer_active && b.timer_expiry == step_end {
                        self.period_timer(g);
                    }
                }
                for c in 0..self.ncpus {
                    if self.cpus[c as usize].need_resched {
                        self.schedule(c);
                    }
                }
            }
            if resched {
                self.balance();
            }
        }
    }

    // ---- cgroups ------------------------------------------------------------------------

    pub fn group_add(&mut self, parent: u32, shares: u64) -> u32 {
        assert!(self.group_alive(parent), "parent group does not exist");
        let shares = shares.clamp(MIN_SHARES, MAX_SHARES);
        let depth = self.groups[parent as usize].depth + 1;
        let mask = self.groups[parent as usize].cpumask;
        let g = match self.free_groups.pop() {
            Some(g) => {
                self.groups[g as usize] = Group::new(parent, depth, shares, mask);
                g
            }
            None => {
                self.groups.push(Group::new(parent, depth, shares, mask));
                for c in 0..self.ncpus {
                    self.rqs.push(Rq::new(NONE, c, NONE));
                }
                (self.groups.len() - 1) as u32
            }
        };
        self.groups[parent as usize].nr_children += 1;
        for c in 0..self.ncpus {
            let se = self.alloc_entity();
            let q = self.rq_index(g, c);
            self.rqs[q as usize] = Rq::new(g, c, se);
            let ent = &mut self.ents[se as usize];
            ent.my_rq = q;
            ent.parent_rq = parent * self.ncpus + c;
            ent.depth = depth - 1;
            ent.cpu = c;
            ent.state = STATE_RUNNABLE;
        }
        g
    }

    pub fn group_alive(&self, g: u32) -> bool {
        (g as usize) < self.groups.len() && self.groups[g as usize].alive
    }

    /// Removes an empty group (no tasks, no child groups). Returns false otherwise.
    pub fn group_remove(&mut self, g: u32) -> bool {
        if g == 0 || !self.group_alive(g) {
            return false;
        }
        let b = &self.groups[g as usize];
        if b.nr_tasks != 0 || b.nr_children != 0 {
            return false;
        }
        for c in 0..self.ncpus {
            let q = self.rq_index(g, c);
            if self.rqs[q as usize].nr_running != 0 {
                return false;
            }
        }
        for c in 0..self.ncpus {
            let q = self.rq_index(g, c);
            let se = self.rqs[q as usize].se;
            self.ents[se as usize].state = STATE_FREE;
            self.free_ents.push(se);
        }
        let parent = self.groups[g as usize].parent;
        self.groups[parent as usize].nr_children -= 1;
        self.groups[g as usize].alive = false;
        self.bandwidth_groups.retain(|&x| x != g);
        self.free_groups.push(g);
        true
    }

    pub fn group_set_shares(&mut self, g: u32, shares: u64) {
        assert!(g != 0 && self.group_alive(g), "no such group");
        self.clock = self.now;
        self.groups[g as usize].shares = shares.clamp(MIN_SHARES, MAX_SHARES);
        for c in 0..self.ncpus {
            let mut e = self.rqs[self.rq_index(g, c) as usize].se;
            while e != NONE {
                self.update_cfs_group(e);
                e = self.parent_entity(e);
            }
        }
    }

    /// quota < 0 means no limit ("max"); period and burst in ns.
    pub fn group_set_bandwidth(&mut self, g: u32, quota: i64, period: u64, burst: u64) {
        assert!(g != 0 && self.group_alive(g), "no such group");
        assert!(period >= 1_000_000, "period below 1 ms");
        assert!(quota < 0 || quota >= 1_000_000, "quota below 1 ms");
        self.clock = self.now;
        let enabled = quota >= 0;
        let b = &mut self.groups[g as usize];
        b.period = period;
        b.quota = quota;
        b.burst = if enabled { burst } else { 0 };
        self.refill_runtime(g);
        if enabled {
            self.start_bandwidth(g);
            if !self.bandwidth_groups.contains(&g) {
                self.bandwidth_groups.push(g);
                self.bandwidth_groups.sort_unstable();
            }
        }
        for c in 0..self.ncpus {
            let q = self.rq_index(g, c);
            let rq = &mut self.rqs[q as usize];
            rq.runtime_enabled = enabled;
            rq.runtime_remaining = 0;
            if rq.throttled {
                self.unthrottle_cfs_rq(q);
            }
        }
        for c in 0..self.ncpus {
            if self.cpus[c as usize].need_resched {
                self.schedule(c);
            }
        }
    }

    pub fn group_set_cpumask(&mut self, g: u32, mask: u64) {
        assert!(self.group_alive(g), "no such group");
        let all = if self.ncpus == 64 { u64::MAX } else { (1u64 << self.ncpus) - 1 };
        let mask = mask & all;
        assert!(mask != 0, "a cpuset needs at least one CPU");
        self.clock = self.now;
        self.groups[g as usize].cpumask = mask;
        for t in 0..self.ents.len() as u32 {
            let ent = &self.ents[t as usize];
            if ent.my_rq != NONE || ent.group != g || (mask >> ent.cpu) & 1 == 1 {
                continue;
            }
            match ent.state {
                STATE_RUNNABLE => {
                    let dst = self.select_cpu(g);
                    self.move_task(t, dst);
                }
                STATE_SLEEPING => {
                    let src = ent.cpu;
                    let parked = ent.wake_at == INF_NS;
                    let dst = self.select_cpu(g);
                    if !parked {
                        self.timer_remove(src, t);
                    }
                    let ent = &mut self.ents[t as usize];
                    ent.cpu = dst;
                    ent.parent_rq = g * self.ncpus + dst;
                    if !parked {
                        self.timer_insert(dst, t);
                    }
                }
                _ => {}
            }
        }
    }

    // ---- tasks --------------------------------------------------------------------------

    fn select_cpu(&self, g: u32) -> u32 {
        let mask = self.groups[g as usize].cpumask;
        let mut best = NONE;
        let mut least = 0;
        for c in 0..self.ncpus {
            if (mask >> c) & 1 == 0 {
                continue;
            }
            let n = self.runnable_on(c);
            if best == NONE || n < least {
                best = c;
                least = n;
            }
        }
        best
    }

    /// Adds a task (fork + wake_up_new_task). Returns its id.
    pub fn task_add(&mut self, g: u32, nice: i32, kind: u32, run_ns: u64, sleep_ns: u64) -> u32 {
        assert!(self.group_alive(g), "no such group");
        assert!(kind <= KIND_EXITING, "unknown behaviour");
        assert!(kind == KIND_BUSY || run_ns > 0, "a burst needs a length");
        self.clock = self.now;
        let t = self.alloc_entity();
        let cpu = self.select_cpu(g);
        let q = self.rq_index(g, cpu);
        let idx = nice_index(nice);
        let seed = self.seed;
        {
            let ent = &mut self.ents[t as usize];
            ent.weight = PRIO_TO_WEIGHT[idx] as u64;
            ent.inv = PRIO_TO_WMULT[idx] as u64;
            ent.parent_rq = q;
            ent.depth = self.groups[g as usize].depth;
            ent.group = g;
            ent.cpu = cpu;
            ent.kind = kind;
            ent.state = STATE_RUNNABLE;
            ent.run_ns = run_ns;
            ent.sleep_ns = sleep_ns;
            ent.rng = (seed ^ t.wrapping_add(1).wrapping_mul(0x9E37_79B9)) | 1;
        }
        self.ents[t as usize].burst_left = self.next_burst(t);
        self.groups[g as usize].nr_tasks += 1;
        // task_fork_fair: place with START_DEBIT, then keep it relative to the queue floor;
        // the enqueue below adds the (possibly advanced) floor back.
        self.update_curr(q);
        self.place_entity(q, t, true);
        self.ents[t as usize].vruntime -= self.rqs[q as usize].min_vruntime;
        self.list_push(cpu, t);
        self.enqueue_task(t, 0);
        self.event(EV_NEW, cpu, t);
        self.check_preempt_wakeup(cpu, t);
        if self.cpus[cpu as usize].need_resched {
            self.schedule(cpu);
        }
        t
    }

    /// Takes a task off the CPU until unpark (a halted vCPU thread waiting for work).
    pub fn task_park(&mut self, t: u32) -> bool {
        if !self.task_alive(t) {
            return false;
        }
        self.clock = self.now;
        let cpu = self.ents[t as usize].cpu;
        match self.ents[t as usize].state {
            STATE_RUNNABLE => {
                let was_curr = self.cpus[cpu as usize].curr == t;
                self.dequeue_task(t, DEQUEUE_SLEEP);
                self.list_remove(cpu, t);
                self.event(EV_SLEEP, cpu, t);
                if was_curr {
                    self.schedule(cpu);
                }
            }
            STATE_SLEEPING => {
                if self.ents[t as usize].wake_at == INF_NS {
                    return true;
                }
                self.timer_remove(cpu, t);
            }
            _ => return false,
        }
        self.ents[t as usize].state = STATE_SLEEPING;
        self.ents[t as usize].wake_at = INF_NS;
        true
    }

    /// Wakes a parked task.
    pub fn task_unpark(&mut self, t: u32) -> bool {
        if !self.task_alive(t) || self.ents[t as usize].state != STATE_SLEEPING || self.ents[t as usize].wake_at != INF_NS {
            return false;
        }
        self.clock = self.now;
        let cpu = self.ents[t as usize].cpu;
        let burst = self.next_burst(t);
        let ent = &mut self.ents[t as usize];
        ent.state = STATE_RUNNABLE;
        ent.burst_left = burst;
        self.list_push(cpu, t);
        self.enqueue_task(t, ENQUEUE_WAKEUP);
        self.event(EV_WAKE, cpu, t);
        self.check_preempt_wakeup(cpu, t);
        if self.cpus[cpu as usize].need_resched {
            self.schedule(cpu);
        }
        true
    }

    pub fn task_alive(&self, t: u32) -> bool {
        (t as usize) < self.ents.len() && self.ents[t as usize].my_rq == NONE && self.ents[t as usize].state != STATE_FREE
    }

    /// Removes a task (kill): it leaves the queues at once; its id becomes free.
    pub fn task_remove(&mut self, t: u32) -> bool {
        if !self.task_alive(t) {
            return false;
        }
        self.clock = self.now;
        let cpu = self.ents[t as usize].cpu;
        let g = self.ents[t as usize].group as usize;
        match self.ents[t as usize].state {
            STATE_RUNNABLE => {
                let was_curr = self.cpus[cpu as usize].curr == t;
                self.dequeue_task(t, DEQUEUE_SLEEP);
                self.list_remove(cpu, t);
                self.groups[g].nr_tasks -= 1;
                self.event(EV_EXIT, cpu, t);
                if was_curr {
                    self.schedule(cpu);
                }
            }
            STATE_SLEEPING => {
                if self.ents[t as usize].wake_at != INF_NS {
                    self.timer_remove(cpu, t);
                }
                self.groups[g].nr_tasks -= 1;
                self.event(EV_EXIT, cpu, t);
            }
            _ => {}
        }
        self.ents[t as usize].state = STATE_FREE;
        self.free_ents.push(t);
        true
    }

    // ---- readings -----------------------------------------------------------------------

    fn in_flight(&self, e: u32) -> u64 {
        let ent = &self.ents[e as usize];
        if ent.parent_rq != NONE && self.rqs[ent.parent_rq as usize].curr == e && self.now > ent.exec_start {
            self.now - ent.exec_start
        } else {
            0
        }
    }

    pub fn task_runtime(&self, t: u32) -> u64 {
        self.ents[t as usize].sum_exec + self.in_flight(t)
    }

    pub fn task_vruntime(&self, t: u32) -> i64 {
        self.ents[t as usize].vruntime
    }

    /// cpuacct.usage / cpu.stat usage of a group, in ns.
    pub fn group_usage(&self, g: u32) -> u64 {
        if g == 0 {
            let mut sum = 0;
            for c in 0..self.ncpus {
                sum += self.cpus[c as usize].busy_ns;
                let curr = self.cpus[c as usize].curr;
                if curr != NONE {
                    sum += self.in_flight(curr);
                }
            }
            return sum;
        }
        let mut sum = 0;
        for c in 0..self.ncpus {
            let se = self.rqs[self.rq_index(g, c) as usize].se;
            sum += self.ents[se as usize].sum_exec + self.in_flight(se);
        }
        sum
    }

    pub fn reserve(&mut self, tasks: u32, groups: u32) {
        let per_group = self.ncpus as usize;
        self.ents.reserve_exact(tasks as usize + groups as usize * per_group);
        self.pos.reserve_exact(tasks as usize + groups as usize * per_group);
        self.rqs.reserve_exact(groups as usize * per_group);
        self.groups.reserve_exact(groups as usize);
    }

    pub fn timeline_enable(&mut self, capacity: u32) {
        self.timeline_cap = capacity;
        self.timeline.clear();
    }
}
