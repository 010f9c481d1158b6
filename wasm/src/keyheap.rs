//! A binary min-heap of (key, id) pairs that records each id's position in the entity
//! table, so any entry can be removed in O(log n). Keys live in the heap itself: the
//! comparisons never leave the heap's own memory. Ties break on the smaller id.

use crate::sched::{Entity, NONE};

pub type Heap = Vec<(i64, u32)>;

fn less(a: (i64, u32), b: (i64, u32)) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1)
}

fn sift_up(heap: &mut Heap, ents: &mut [Entity], mut pos: usize) {
    let item = heap[pos];
    while pos > 0 {
        let parent = (pos - 1) / 2;
        let p = heap[parent];
        if !less(item, p) {
            break;
        }
        heap[pos] = p;
        ents[p.1 as usize].pos = pos as u32;
        pos = parent;
    }
    heap[pos] = item;
    ents[item.1 as usize].pos = pos as u32;
}

fn sift_down(heap: &mut Heap, ents: &mut [Entity], mut pos: usize) {
    let len = heap.len();
    let item = heap[pos];
    loop {
        let l = 2 * pos + 1;
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
        heap[pos] = heap[c];
        ents[heap[pos].1 as usize].pos = pos as u32;
        pos = c;
    }
    heap[pos] = item;
    ents[item.1 as usize].pos = pos as u32;
}

pub fn push(heap: &mut Heap, ents: &mut [Entity], key: i64, id: u32) {
    heap.push((key, id));
    let pos = heap.len() - 1;
    sift_up(heap, ents, pos);
}

pub fn remove(heap: &mut Heap, ents: &mut [Entity], id: u32) {
    let pos = ents[id as usize].pos as usize;
    assert!(pos < heap.len() && heap[pos].1 == id, "entity not in this heap");
    let last = heap.pop().unwrap();
    ents[id as usize].pos = NONE;
    if last.1 != id {
        heap[pos] = last;
        ents[last.1 as usize].pos = pos as u32;
        sift_down(heap, ents, pos);
        let p = ents[last.1 as usize].pos as usize;
        sift_up(heap, ents, p);
    }
}

pub fn first(heap: &Heap) -> u32 {
    if heap.is_empty() {
        NONE
    } else {
        heap[0].1
    }
}
