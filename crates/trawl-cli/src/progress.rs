//! The progress bar of a batch: on stderr when it is a terminal, nothing otherwise.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::summary::Summary;

/// A progress display over a known number of pages.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// A bar over `pages` pages on stderr; hidden when stderr is not a terminal or `show` is
    /// false.
    pub fn new(pages: usize, show: bool) -> Progress {
        let target = if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(pages as u64), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} pages  {msg}  {elapsed} elapsed, {eta} left",
            )
            .expect("a valid template"),
        );
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// Advances by one page and shows the counts so far.
    pub fn update(&self, summary: &Summary) {
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let mb_per_s = summary.bytes as f64 / 1e6 / seconds;
        self.bar.set_message(format!(
            "{} records, {} failed, {mb_per_s:.1} MB/s",
            summary.records,
            summary.failed()
        ));
        self.bar.inc(1);
    }

    /// Adds `pages` to the length (web archives are counted as they are read).
    pub fn add(&self, pages: usize) {
        self.bar.inc_length(pages as u64);
    }

    /// Prints a line above the bar (or plainly when there is none).
    pub fn println(&self, line: &str) {
        if self.bar.is_hidden() {
            #[allow(clippy::print_stderr)] // the CLI's per-page messages
            {
                eprintln!("{line}");
            }
        } else {
            self.bar.println(line);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
