//! The connection budget of a server: how many connections it holds at
//! once, and who gives way when it is full.
//!
//! A cap per source alone does not keep a service up: a few sources with
//! many slow connections each still fill every slot, and then everyone
//! else is turned away. So a new connection is always let in, and when the
//! budget is full it takes the place of the oldest *waiting* connection
//! (one still sending its query, or idle between two HTTP requests) of the
//! source that holds the most connections; a source at its own cap gives
//! up its own oldest waiting one. A connection being answered is never cut.
//! Slow clients thus only ever push out each other, oldest first.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

/// The budget of one server.
pub(crate) struct Budget {
    slots: Mutex<Slots>,
    max_total: usize,
    max_per_source: usize,
}

struct Slots {
    next: u64,
    /// By age: the lowest id is the oldest connection.
    live: BTreeMap<u64, Slot>,
    per_source: HashMap<String, usize>,
}

struct Slot {
    source: String,
    busy: bool,
    evict: Arc<Eviction>,
}

/// The signal that a connection must close to make room for another.
#[derive(Default)]
struct Eviction {
    done: AtomicBool,
    notify: Notify,
}

/// A connection's place in the budget, given back when dropped.
pub(crate) struct Lease {
    id: u64,
    budget: Arc<Budget>,
    evict: Arc<Eviction>,
}

impl Budget {
    pub(crate) fn new(max_total: usize, max_per_source: usize) -> Arc<Budget> {
        Arc::new(Budget {
            slots: Mutex::new(Slots {
                next: 0,
                live: BTreeMap::new(),
                per_source: HashMap::new(),
            }),
            max_total,
            max_per_source,
        })
    }

    /// A place for a new connection from `source`, evicting another
    /// waiting connection when needed; `None` only when every connection
    /// that could give way is being answered.
    pub(crate) fn admit(self: &Arc<Self>, source: &str) -> Option<Lease> {
        self.admit_with_cap(source, self.max_per_source)
    }

    /// Like [`Budget::admit`], with another cap for this source (a trusted
    /// proxy carries many clients).
    pub(crate) fn admit_with_cap(self: &Arc<Self>, source: &str, cap: usize) -> Option<Lease> {
        let mut s = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let mine = s.per_source.get(source).copied().unwrap_or(0);
        if mine >= cap {
            let victim = s.oldest_waiting(|slot| slot.source == source)?;
            s.evict(victim);
        } else if s.live.len() >= self.max_total {
            let heaviest = s.heaviest_waiting_source()?;
            let victim = s.oldest_waiting(|slot| slot.source == heaviest)?;
            s.evict(victim);
        }
        let id = s.next;
        s.next += 1;
        let evict = Arc::new(Eviction::default());
        s.live.insert(
            id,
            Slot {
                source: source.to_string(),
                busy: false,
                evict: Arc::clone(&evict),
            },
        );
        *s.per_source.entry(source.to_string()).or_insert(0) += 1;
        Some(Lease {
            id,
            budget: Arc::clone(self),
            evict,
        })
    }

    /// Connections held now.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.slots
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .live
            .len()
    }
}

impl Slots {
    fn oldest_waiting(&self, pick: impl Fn(&Slot) -> bool) -> Option<u64> {
        self.live
            .iter()
            .find(|(_, slot)| !slot.busy && pick(slot))
            .map(|(id, _)| *id)
    }

    /// The source with the most connections among those with one waiting.
    fn heaviest_waiting_source(&self) -> Option<String> {
        self.live
            .values()
            .filter(|slot| !slot.busy)
            .map(|slot| &slot.source)
            .max_by_key(|source| self.per_source.get(*source).copied().unwrap_or(0))
            .cloned()
    }

    fn evict(&mut self, id: u64) {
        if let Some(slot) = self.remove(id) {
            slot.evict.done.store(true, Ordering::SeqCst);
            // A stored permit if nobody waits yet: the wait ends at once.
            slot.evict.notify.notify_one();
        }
    }

    fn remove(&mut self, id: u64) -> Option<Slot> {
        let slot = self.live.remove(&id)?;
        if let Some(n) = self.per_source.get_mut(&slot.source) {
            *n -= 1;
            if *n == 0 {
                self.per_source.remove(&slot.source);
            }
        }
        Some(slot)
    }
}

impl Lease {
    /// Whether the connection was told to make room.
    pub(crate) fn is_evicted(&self) -> bool {
        self.evict.done.load(Ordering::SeqCst)
    }

    /// Resolves when the connection must close to make room for another.
    pub(crate) async fn evicted(&self) {
        if !self.is_evicted() {
            self.evict.notify.notified().await;
        }
    }

    /// Marks the connection as being answered (not to be evicted) or as
    /// waiting again.
    pub(crate) fn busy(&self, busy: bool) {
        let mut s = self.budget.slots.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(slot) = s.live.get_mut(&self.id) {
            slot.busy = busy;
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let mut s = self.budget.slots.lock().unwrap_or_else(|p| p.into_inner());
        s.remove(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_budget_evicts_the_oldest_waiting_of_the_heaviest_source() {
        let b = Budget::new(4, 3);
        let a1 = b.admit("a").unwrap();
        let a2 = b.admit("a").unwrap();
        let a3 = b.admit("a").unwrap();
        let c1 = b.admit("c").unwrap();
        assert_eq!(b.held(), 4);
        // Full: "a" holds the most, its oldest goes.
        let d1 = b.admit("d").unwrap();
        assert_eq!(b.held(), 4);
        assert!(a1.is_evicted());
        assert!(!a2.is_evicted());
        // A busy connection is never cut: the next oldest waiting one is.
        a2.busy(true);
        let _e1 = b.admit("e").unwrap();
        assert!(!a2.is_evicted());
        assert!(a3.is_evicted());
        assert!(!c1.is_evicted());
        assert!(!d1.is_evicted());
        drop(a1);
        assert_eq!(b.held(), 4);
    }

    #[test]
    fn a_source_at_its_cap_gives_up_its_own_oldest() {
        let b = Budget::new(100, 2);
        let x1 = b.admit("x").unwrap();
        let y1 = b.admit("y").unwrap();
        let x2 = b.admit("x").unwrap();
        let _x3 = b.admit("x").unwrap();
        assert!(x1.is_evicted());
        assert!(!x2.is_evicted());
        assert!(!y1.is_evicted());
        assert_eq!(b.held(), 3);
    }

    #[test]
    fn when_everyone_is_being_answered_the_newcomer_waits_outside() {
        let b = Budget::new(2, 2);
        let l1 = b.admit("a").unwrap();
        let l2 = b.admit("b").unwrap();
        l1.busy(true);
        l2.busy(true);
        assert!(b.admit("c").is_none());
        l2.busy(false);
        assert!(b.admit("c").is_some());
    }

    #[test]
    fn many_slow_sources_never_lock_out_a_new_one() {
        let b = Budget::new(256, 64);
        let mut held = Vec::new();
        for round in 0..4 {
            for _ in 0..64 {
                held.push(b.admit(&format!("slow{round}")).unwrap());
            }
        }
        assert_eq!(b.held(), 256);
        for i in 0..50 {
            let lease = b.admit(&format!("client{i}"));
            assert!(lease.is_some(), "client {i} turned away");
            held.extend(lease);
        }
        assert_eq!(b.held(), 256);
        let cut = held
            .iter_mut()
            .map(|l| l.is_evicted())
            .filter(|cut| *cut)
            .count();
        assert_eq!(cut, 50);
    }
}
