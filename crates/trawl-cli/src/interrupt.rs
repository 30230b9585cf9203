//! Stopping a batch cleanly: on Ctrl-C, SIGTERM or SIGHUP no new page (or request) is started,
//! the pages in flight are finished and written, the output is closed (a JSON array gets its
//! `]`), and the process exits 130, 143 or 129. A second signal ends the process at once.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::flag;

/// Why a batch stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// SIGINT (Ctrl-C): exit 130.
    Interrupt,
    /// SIGTERM: exit 143.
    Terminate,
    /// SIGHUP (the terminal closed): exit 129.
    Hangup,
    /// The reader of stdout went away (`| head -1`): exit 0, quietly.
    OutputClosed,
}

impl StopReason {
    /// The exit status for this reason.
    pub fn exit_code(self) -> u8 {
        match self {
            StopReason::Interrupt => 130,
            StopReason::Terminate => 143,
            StopReason::Hangup => 129,
            StopReason::OutputClosed => 0,
        }
    }

    /// The signal's name for messages, e.g. `Ctrl-C`.
    pub fn signal_name(self) -> &'static str {
        match self {
            StopReason::Interrupt => "Ctrl-C",
            StopReason::Terminate => "SIGTERM",
            StopReason::Hangup => "SIGHUP",
            StopReason::OutputClosed => "a closed output",
        }
    }
}

const OUTPUT_CLOSED: usize = usize::MAX;

/// The stop flag of a batch, set by signals or by a closed output.
#[derive(Debug, Clone, Default)]
pub struct Stop {
    stopping: Arc<AtomicBool>,
    reason: Arc<AtomicUsize>,
}

impl Stop {
    /// A flag that SIGINT, SIGTERM and SIGHUP set; a second signal exits at once with
    /// 130/143/129.
    pub fn on_signals() -> io::Result<Stop> {
        let stop = Stop::default();
        for (signal, code) in [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)] {
            // First the shutdown that fires only when the flag is already set, then the flag.
            flag::register_conditional_shutdown(signal, code, Arc::clone(&stop.stopping))?;
            flag::register(signal, Arc::clone(&stop.stopping))?;
            flag::register_usize(signal, Arc::clone(&stop.reason), signal as usize)?;
        }
        Ok(stop)
    }

    /// The flag itself, for a loop in another crate to watch (`trawl fetch`'s crawler).
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stopping)
    }

    /// Stops the batch because stdout was closed.
    pub fn output_closed(&self) {
        self.reason.store(OUTPUT_CLOSED, Ordering::SeqCst);
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Whether the batch should start no new page.
    pub fn is_set(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Why the batch stopped, if it did.
    pub fn reason(&self) -> Option<StopReason> {
        if !self.is_set() {
            return None;
        }
        Some(match self.reason.load(Ordering::SeqCst) {
            OUTPUT_CLOSED => StopReason::OutputClosed,
            r if r == SIGTERM as usize => StopReason::Terminate,
            r if r == SIGHUP as usize => StopReason::Hangup,
            _ => StopReason::Interrupt,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_output_stops_quietly() {
        let stop = Stop::default();
        assert_eq!(stop.reason(), None);
        stop.output_closed();
        assert!(stop.is_set());
        assert_eq!(stop.reason().map(StopReason::exit_code), Some(0));
    }
}
