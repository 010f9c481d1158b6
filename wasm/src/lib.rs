//! hypervisual's CPU scheduler: Linux CFS with cgroups, as plain C-ABI exports over linear
//! memory (no wasm-bindgen). Handles index a table of scheduler instances. 64-bit values
//! cross the boundary as i64/u64 (BigInt in JavaScript).

#![allow(unknown_lints)]

pub mod keyheap;
pub mod sched;
pub mod weights;
pub mod workload;

use sched::Scheduler;

static mut INSTANCES: Vec<Option<Scheduler>> = Vec::new();

#[allow(static_mut_refs)]
fn instances() -> &'static mut Vec<Option<Scheduler>> {
    // SAFETY: WASM runs one thread per instance; the native bench is single-threaded.
    unsafe { &mut INSTANCES }
}

fn get(h: u32) -> &'static mut Scheduler {
    instances()[h as usize].as_mut().expect("no such scheduler")
}

#[no_mangle]
pub extern "C" fn sched_new(ncpus: u32, tick_ns: u64, seed: u32) -> u32 {
    let list = instances();
    let s = Scheduler::new(ncpus, tick_ns, seed);
    if let Some(i) = list.iter().position(|x| x.is_none()) {
        list[i] = Some(s);
        i as u32
    } else {
        list.push(Some(s));
        (list.len() - 1) as u32
    }
}

#[no_mangle]
pub extern "C" fn sched_free(h: u32) {
    instances()[h as usize] = None;
}

#[no_mangle]
pub extern "C" fn sched_advance(h: u32, ns: u64) {
    get(h).advance(ns);
}

#[no_mangle]
pub extern "C" fn sched_now(h: u32) -> u64 {
    get(h).now
}

#[no_mangle]
pub extern "C" fn sched_events(h: u32) -> u64 {
    get(h).events
}

#[no_mangle]
pub extern "C" fn sched_hash(h: u32) -> u32 {
    get(h).hash
}

#[no_mangle]
pub extern "C" fn sched_latency_ns(h: u32) -> u64 {
    get(h).latency_ns
}

#[no_mangle]
pub extern "C" fn sched_min_granularity_ns(h: u32) -> u64 {
    get(h).min_granularity_ns
}

/// Reserves room for this many more tasks and groups, so that building a large host
/// does not leave the doubled-and-abandoned buffers of repeated growth behind.
#[no_mangle]
pub extern "C" fn sched_reserve(h: u32, tasks: u32, groups: u32) {
    get(h).reserve(tasks, groups);
}

#[no_mangle]
pub extern "C" fn group_add(h: u32, parent: u32, shares: u64) -> u32 {
    get(h).group_add(parent, shares)
}

#[no_mangle]
pub extern "C" fn group_remove(h: u32, g: u32) -> u32 {
    get(h).group_remove(g) as u32
}

#[no_mangle]
pub extern "C" fn group_set_shares(h: u32, g: u32, shares: u64) {
    get(h).group_set_shares(g, shares);
}

#[no_mangle]
pub extern "C" fn group_set_bandwidth(h: u32, g: u32, quota_ns: i64, period_ns: u64, burst_ns: u64) {
    get(h).group_set_bandwidth(g, quota_ns, period_ns, burst_ns);
}

#[no_mangle]
pub extern "C" fn group_set_cpumask(h: u32, g: u32, mask: u64) {
    get(h).group_set_cpumask(g, mask);
}

#[no_mangle]
pub extern "C" fn group_usage(h: u32, g: u32) -> u64 {
    get(h).group_usage(g)
}

/// cpu.stat counters: 0 nr_periods, 1 nr_throttled, 2 throttled_time ns, 3 nr_bursts,
/// 4 burst_time ns, 5 runnable tasks in the group.
#[no_mangle]
pub extern "C" fn group_stat(h: u32, g: u32, which: u32) -> u64 {
    let b = &get(h).groups[g as usize];
    match which {
        0 => b.nr_periods,
        1 => b.nr_throttled,
        2 => b.throttled_time,
        3 => b.nr_bursts,
        4 => b.burst_time,
        5 => b.nr_tasks as u64,
        _ => 0,
    }
}

#[no_mangle]
pub extern "C" fn task_add(h: u32, g: u32, nice: i32, kind: u32, run_ns: u64, sleep_ns: u64) -> u32 {
    get(h).task_add(g, nice, kind, run_ns, sleep_ns)
}

#[no_mangle]
pub extern "C" fn task_remove(h: u32, t: u32) -> u32 {
    get(h).task_remove(t) as u32
}

#[no_mangle]
pub extern "C" fn task_park(h: u32, t: u32) -> u32 {
    get(h).task_park(t) as u32
}

#[no_mangle]
pub extern "C" fn task_unpark(h: u32, t: u32) -> u32 {
    get(h).task_unpark(t) as u32
}

#[no_mangle]
pub extern "C" fn cpu_set_budget(h: u32, c: u32, ns: u64) {
    get(h).set_cpu_budget(c, ns);
}

#[no_mangle]
pub extern "C" fn cpu_steal_ns(h: u32, c: u32) -> u64 {
    get(h).cpus[c as usize].steal_ns
}

#[no_mangle]
pub extern "C" fn task_runtime(h: u32, t: u32) -> u64 {
    get(h).task_runtime(t)
}

#[no_mangle]
pub extern "C" fn task_vruntime(h: u32, t: u32) -> i64 {
    get(h).task_vruntime(t)
}

#[no_mangle]
pub extern "C" fn task_cpu(h: u32, t: u32) -> u32 {
    get(h).ents[t as usize].cpu
}

#[no_mangle]
pub extern "C" fn task_state(h: u32, t: u32) -> u32 {
    get(h).ents[t as usize].state
}

#[no_mangle]
pub extern "C" fn cpu_current(h: u32, c: u32) -> u32 {
    get(h).cpus[c as usize].curr
}

#[no_mangle]
pub extern "C" fn cpu_busy_ns(h: u32, c: u32) -> u64 {
    get(h).cpus[c as usize].busy_ns
}

#[no_mangle]
pub extern "C" fn timeline_enable(h: u32, capacity: u32) {
    get(h).timeline_enable(capacity);
}

/// Number of recorded switches; each is two u64 words at timeline_ptr: the time in ns,
/// then (cpu << 32) | (task + 1), task + 1 == 0 meaning the CPU went idle.
#[no_mangle]
pub extern "C" fn timeline_len(h: u32) -> u32 {
    (get(h).timeline.len() / 2) as u32
}

#[no_mangle]
pub extern "C" fn timeline_ptr(h: u32) -> *const u64 {
    get(h).timeline.as_ptr()
}

#[no_mangle]
pub extern "C" fn timeline_clear(h: u32) {
    get(h).timeline.clear();
}

#[no_mangle]
pub extern "C" fn timeline_dropped(h: u32) -> u64 {
    get(h).timeline_dropped
}
#[cfg(test)]
mod tests;
