//! Waking a module's relay once what it publishes has committed. `publish` notes the publishing module on the
//! thread running the transaction; the kernel's database threads wake the noted modules' relays after the
//! transaction has ended (committed or not: a relay woken for nothing finds nothing). Relays also poll, so a wake
//! missed (another process, `tessera events --resubmit`) only delays.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::Notify;

thread_local! {
    static PUBLISHED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Each relay's signal, by the module whose outbox it relays.
static RELAYS: Mutex<Vec<(&'static str, Weak<Notify>)>> = Mutex::new(Vec::new());

/// The signal that wakes the relay of `module`'s outbox; it stops being woken once dropped.
pub fn relay_signal(module: &'static str) -> Arc<Notify> {
    let signal = Arc::new(Notify::new());
    let mut relays = RELAYS.lock().unwrap_or_else(|e| e.into_inner());
    relays.retain(|(_, weak)| weak.strong_count() > 0);
    relays.push((module, Arc::downgrade(&signal)));
    signal
}

pub(super) fn note(module: &'static str) {
    PUBLISHED.with(|published| {
        let mut published = published.borrow_mut();
        if !published.contains(&module) {
            published.push(module);
        }
    });
}

/// Wakes the relays of the modules this thread published for since the last call. The kernel calls it after each
/// transaction on its database threads.
pub fn wake_published() {
    let modules = PUBLISHED.with(|published| std::mem::take(&mut *published.borrow_mut()));
    if modules.is_empty() {
        return;
    }
    let relays = RELAYS.lock().unwrap_or_else(|e| e.into_inner());
    for (module, weak) in relays.iter() {
        if modules.contains(module) {
            if let Some(signal) = weak.upgrade() {
                signal.notify_one();
            }
        }
    }
}
