//! A binary min-heap of (key, id) pairs that records each id's position in a side table,
//! so any entry can be removed in O(log n). Keys live in the heap itself: the comparisons
//! never leave the heap's own memory. Ties break on the smaller id.

use crate::sched::NONE;

pub type Heap = Vec<(i64, u32)>;

fn less(a: (i64, u32), b: (i64, u32)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
}

fn sift_up(heap: &mut Heap, pos: &mut [u32], mut at: usize) {
    let item = heap[at];
    while at > 0 {
        let parent = (at - 1) / 2;
        let p = heap[parent];
        if !less(item, p) {
            break;
        }
        heap[at] = p;
        pos[p.1 as usize] = at as u32;
        at = parent;
    }
    heap[at] = item;
    pos[item.1 as usize] = at as u32;
}

fn sift_down(heap: &mut Heap, pos: &mut [u32], mut at: usize) {
    let len = heap.len();
    let item = heap[at];
    loop {
        let l = 2 * at + 1;
        if l >= len {
            break;
        }
        let mut c = l;
        if l + 1 < len && less(heap[l + 1], heap[l]) {
            c = l + 1;
        }
        if !less(heap[c], item) {
            break;
        }
        heap[at] = heap[c];
        pos[heap[at].1 as usize] = at as u32;
        at = c;
    }
    heap[at] = item;
    pos[item.1 as usize] = at as u32;
}

pub fn push(heap: &mut Heap, pos: &mut [u32], key: i64, id: u32) {
    heap.push((key, id));
    let at = heap.len() - 1;
    sift_up(heap, pos, at);
}

pub fn remove(heap: &mut Heap, pos: &mut [u32], id: u32) {
    let at = pos[id as usize] as usize;
    assert!(at < heap.len() && heap[at].1 == id, "entity not in this heap");
    let last = heap.pop().unwrap();
    pos[id as usize] = NONE;
    if last.1 != id {
        heap[at] = last;
        pos[last.1 as usize] = at as u32;
        sift_down(heap, pos, at);
        let p = pos[last.1 as usize] as usize;
        sift_up(heap, pos, p);
    }
}

pub fn first(heap: &Heap) -> u32 {
    if heap.is_empty() {
        NONE
    } else {
        heap[0].1
    }
}
