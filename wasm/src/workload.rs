//! The benchmark's synthetic host: N tasks over G cgroups on P CPUs, generated from a seed.
//! bench/scheduler.ts builds the same host through the JavaScript API (same draws, same
//! order), and the three runs (native, WASM, TypeScript) must end with the same trace hash.

use crate::sched::*;

pub struct Draw(u32);

impl Draw {
    pub fn new(seed: u32) -> Draw {
        Draw(seed | 1)
    }
    pub fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

pub fn build_host(s: &mut Scheduler, tasks: u32, groups: u32, seed: u32) {
    s.reserve(tasks, groups);
    let mut d = Draw::new(seed);
    let mut ids = Vec::with_capacity(groups as usize);
    for g in 0..groups {
        let shares = 256 + (d.next() % 1793) as u64;
        let id = s.group_add(0, shares);
        if g % 5 == 4 {
            // Every fifth container is capped at 0.5..4 CPUs.
            let quota = 50_000_000 * (1 + (d.next() % 8) as i64);
            s.group_set_bandwidth(id, quota, 100_000_000, 0);
        }
        ids.push(id);
    }
    for i in 0..tasks {
        let g = if groups == 0 { 0 } else { ids[(i % groups) as usize] };
        let nice = (d.next() % 11) as i32 - 5;
        let r = d.next() % 10;
        let (kind, run, sleep) = if r < 5 {
            (KIND_BUSY, 0, 0)
        } else if r < 8 {
            (KIND_PERIODIC, 1_000_000 + (d.next() % 9_000_000) as u64, 1_000_000 + (d.next() % 19_000_000) as u64)
        } else {
            (KIND_IO, 100_000 + (d.next() % 900_000) as u64, 1_000_000 + (d.next() % 9_000_000) as u64)
        };
        s.task_add(g, nice, kind, run, sleep);
    }
}
