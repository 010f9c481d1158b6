//! Native unit tests (rustup's `cargo test`): the kernel behaviours a learner would see.
use crate::sched::*;

fn share(a: u64, b: u64) -> f64 {
    a as f64 / (a + b) as f64
}

#[test]
fn shares_1024_vs_512_on_one_cpu_split_two_to_one() {
    let mut s = Scheduler::new(2, 4_000_000, 1);
    let a = s.group_add(0, 1024);
    let b = s.group_add(0, 512);
    s.group_set_cpumask(a, 1);
    s.group_set_cpumask(b, 1);
    s.task_add(a, 0, KIND_BUSY, 0, 0);
    s.task_add(b, 0, KIND_BUSY, 0, 0);
    s.advance(10_000_000_000);
    let f = share(s.group_usage(a), s.group_usage(b));
    assert!((f - 2.0 / 3.0).abs() < 0.01, "{f}");
}

#[test]
fn nice_0_vs_nice_1_is_55_to_45() {
    let mut s = Scheduler::new(1, 4_000_000, 1);
    let t0 = s.task_add(0, 0, KIND_BUSY, 0, 0);
    let t1 = s.task_add(0, 1, KIND_BUSY, 0, 0);
    s.advance(10_000_000_000);
    let f = share(s.task_runtime(t0), s.task_runtime(t1));
    assert!((f - 1024.0 / 1844.0).abs() < 0.01, "{f}");
}

#[test]
fn half_a_cpu_quota_is_throttled_every_period() {
    let mut s = Scheduler::new(2, 4_000_000, 1);
    let g = s.group_add(0, 1024);
    s.group_set_bandwidth(g, 50_000_000, 100_000_000, 0);
    s.task_add(g, 0, KIND_BUSY, 0, 0);
    s.advance(10_000_000_000);
    let used = s.group_usage(g) as f64 / 10_000_000_000.0;
    assert!((used - 0.5).abs() < 0.02, "{used}");
    let b = &s.groups[g as usize];
    assert!(b.nr_periods >= 99 && b.nr_throttled + 2 >= b.nr_periods, "{} {}", b.nr_periods, b.nr_throttled);
}

#[test]
fn periodic_task_sleeps_and_keeps_its_duty_cycle() {
    let mut s = Scheduler::new(1, 4_000_000, 1);
    let t = s.task_add(0, 0, KIND_PERIODIC, 2_000_000, 8_000_000);
    s.advance(1_000_000_000);
    let f = s.task_runtime(t) as f64 / 1e9;
    assert!((f - 0.2).abs() < 0.01, "{f}");
}

#[test]
fn balancer_spreads_busy_tasks_over_cpus() {
    let mut s = Scheduler::new(4, 4_000_000, 1);
    for _ in 0..8 {
        s.task_add(0, 0, KIND_BUSY, 0, 0);
    }
    s.advance(2_000_000_000);
    for c in 0..4 {
        assert!(s.cpus[c].busy_ns > 1_900_000_000, "cpu {c} {}", s.cpus[c].busy_ns);
    }
}

#[test]
fn a_guest_cpu_runs_only_its_budget_and_counts_the_rest_as_steal() {
    let mut s = Scheduler::new(1, 4_000_000, 1);
    let t = s.task_add(0, 0, KIND_BUSY, 0, 0);
    for _ in 0..100 {
        s.set_cpu_budget(0, 1_000_000);
        s.advance(4_000_000);
    }
    assert_eq!(s.task_runtime(t), 100_000_000);
    assert_eq!(s.cpus[0].steal_ns, 300_000_000);
}

#[test]
fn a_parked_task_takes_no_cpu_until_unparked() {
    let mut s = Scheduler::new(1, 4_000_000, 1);
    let a = s.task_add(0, 0, KIND_BUSY, 0, 0);
    let b = s.task_add(0, 0, KIND_BUSY, 0, 0);
    assert!(s.task_park(b));
    s.advance(1_000_000_000);
    assert_eq!(s.task_runtime(b), 0);
    assert_eq!(s.task_runtime(a), 1_000_000_000);
    assert!(s.task_unpark(b));
    s.advance(1_000_000_000);
    assert!(s.task_runtime(b) > 450_000_000, "{}", s.task_runtime(b));
}
