//! Running work on many pages at once while keeping the output in input order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// The number of threads to use when none is asked for: one per available core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `work` on every item with `jobs` threads and hands each result to `done` in the
/// items' order, as soon as all earlier ones are done. Items are claimed in order, so at
/// most about `jobs` results wait for an earlier one.
///
/// ```
/// use trawl::parallel::for_each_ordered;
///
/// let mut seen = Vec::new();
/// for_each_ordered(&[3, 1, 2], 2, |n| n * 10, |_, result| seen.push(result));
/// assert_eq!(seen, [30, 10, 20]);
/// ```
pub fn for_each_ordered<T, R, W, D>(items: &[T], jobs: usize, work: W, mut done: D)
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    D: FnMut(usize, R),
{
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        items
            .iter()
            .enumerate()
            .for_each(|(i, item)| done(i, work(item)));
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                if sender.send((index, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                done(expected, result);
                expected += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_timing() {
        let items: Vec<u64> = (0..50).collect();
        let mut out = Vec::new();
        for_each_ordered(
            &items,
            4,
            |n| {
                std::thread::sleep(std::time::Duration::from_micros((50 - n) * 20));
                n * 2
            },
            |index, result| out.push((index, result)),
        );
        let expected: Vec<(usize, u64)> = (0..50).map(|n| (n as usize, n * 2)).collect();
        assert_eq!(out, expected);
    }
}
