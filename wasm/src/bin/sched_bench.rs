//! Native run of the benchmark host, for bench/scheduler.ts to compare WASM against:
//!   sched-bench TASKS GROUPS CPUS SIMULATED_MS [SEED]
//! prints one JSON line: events, trace hash, build and run wall time.
use hypervisual_scheduler::sched::Scheduler;
use hypervisual_scheduler::workload::build_host;
use std::time::Instant;

fn arg(args: &[String], i: usize, default: u64) -> u64 {
    args.get(i).map(|s| s.parse().expect("a whole number")).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tasks = arg(&args, 1, 1000) as u32;
    let groups = arg(&args, 2, 10) as u32;
    let cpus = arg(&args, 3, 8) as u32;
    let sim_ms = arg(&args, 4, 1000);
    let seed = arg(&args, 5, 42) as u32;
    let t0 = Instant::now();
    let mut s = Scheduler::new(cpus, 4_000_000, seed);
    build_host(&mut s, tasks, groups, seed);
    let built = t0.elapsed();
    let events_before = s.events;
    let t1 = Instant::now();
    s.advance(sim_ms * 1_000_000);
    let ran = t1.elapsed();
    println!(
        "{{\"events\":{},\"runEvents\":{},\"hash\":{},\"buildMs\":{:.3},\"runMs\":{:.3}}}",
        s.events,
        s.events - events_before,
        s.hash,
        built.as_secs_f64() * 1e3,
        ran.as_secs_f64() * 1e3
    );
}
