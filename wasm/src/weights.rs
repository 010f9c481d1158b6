//! Load weights and the kernel's fixed-point division (kernel/sched/core.c, fair.c).
//! Weights are kept unscaled (NICE_0_LOAD = 1024), as `scale_load_down` leaves them.

pub const NICE_0_LOAD: u64 = 1024;
/// `WMULT_CONST`: inverse weights are 2^32 / weight, stored in 32 bits.
pub const WMULT_CONST: u64 = 0xffff_ffff;
pub const WMULT_SHIFT: u32 = 32;
/// cgroup cpu.shares bounds (`MIN_SHARES`, `MAX_SHARES` in kernel/sched/sched.h).
pub const MIN_SHARES: u64 = 2;
pub const MAX_SHARES: u64 = 1 << 18;

/// nice -20..19 -> weight: each nice level is ~10% CPU, a factor of 1.25 between levels.
pub const PRIO_TO_WEIGHT: [u32; 40] = [
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
    3906, 3121, 2501, 1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87,
    70, 56, 45, 36, 29, 23, 18, 15,
];

/// The kernel's precalculated 2^32 / weight for task weights (not WMULT_CONST / weight:
/// the two differ by one in places, and the difference shows in vruntime).
pub const PRIO_TO_WMULT: [u32; 40] = [
    48388, 59856, 76040, 92818, 118348, 147320, 184698, 229616, 287308, 360437, 449829, 563644,
    704093, 875809, 1099582, 1376151, 1717300, 2157191, 2708050, 3363326, 4194304, 5237765,
    6557202, 8165337, 10153587, 12820798, 15790321, 19976592, 24970740, 31350126, 39045157,
    49367440, 61356676, 76695844, 95443717, 119304647, 148102320, 186737708, 238609294, 286331153,
];

pub fn nice_index(nice: i32) -> usize {
    assert!((-20..=19).contains(&nice), "nice out of range");
    (nice + 20) as usize
}

/// `__update_inv_weight` for loads that are not a task's (cfs_rq and group weights).
pub fn inv_weight(weight: u64) -> u64 {
    if weight >= WMULT_CONST {
        1
    } else if weight == 0 {
        WMULT_CONST
    } else {
        WMULT_CONST / weight
    }
}

/// Index of the highest set bit, 1-based (`fls`), for a value below 2^32.
fn fls(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// `mul_u64_u32_shr`: (a * mul) >> shift with a 96-bit intermediate, split the way the
/// kernel's generic version does it so no 128-bit multiply is needed.
fn mul_u64_u32_shr(a: u64, mul: u64, shift: u32) -> u64 {
    let al = a & 0xffff_ffff;
    let ah = a >> 32;
    let mut ret = (al * mul) >> shift;
    if ah != 0 {
        ret = ret.wrapping_add((ah * mul) << (32 - shift));
    }
    ret
}

/// `__calc_delta`: delta * weight / lw.weight, with the division replaced by a multiply
/// by the inverse weight and shifts that keep every product inside 64 bits.
pub fn calc_delta(delta: u64, weight: u64, inv: u64) -> u64 {
    let mut fact = weight;
    let mut shift = WMULT_SHIFT;
    let hi = fact >> 32;
    if hi != 0 {
        let fs = fls(hi);
        shift -= fs;
        fact >>= fs;
    }
    fact *= inv;
    let hi = fact >> 32;
    if hi != 0 {
        let fs = fls(hi);
        shift -= fs;
        fact >>= fs;
    }
    mul_u64_u32_shr(delta, fact, shift)
}

/// v2 cpu.weight (1..10000, default 100) -> the kernel's internal shares
/// (`sched_weight_from_cgroup`: DIV_ROUND_CLOSEST(weight * 1024, 100)).
pub fn weight_from_cgroup_v2(weight: u64) -> u64 {
    (weight * 1024 + 50) / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_zero_vruntime_is_wall_time() {
        assert_eq!(calc_delta(4_000_000, NICE_0_LOAD, PRIO_TO_WMULT[20] as u64), 4_000_000);
    }

    #[test]
    fn nice_one_runs_vruntime_faster() {
        let d = calc_delta(1_000_000, NICE_0_LOAD, PRIO_TO_WMULT[21] as u64);
        assert!(d > 1_248_000 && d < 1_249_000, "{d}");
    }

    #[test]
    fn wmult_is_two_to_32_over_weight() {
        for i in 0..40 {
            let exact = (1u64 << 32) / PRIO_TO_WEIGHT[i] as u64;
            assert!((exact as i64 - PRIO_TO_WMULT[i] as i64).abs() <= 1);
        }
    }

    #[test]
    fn large_deltas_match_128_bit_arithmetic() {
        let delta = 123_456_789_012_345u64;
        let fact = 3_000_000_000u64;
        let exact = ((delta as u128 * fact as u128) >> 20) as u64;
        assert_eq!(mul_u64_u32_shr(delta, fact, 20), exact);
    }
}
