//! A progress bar on stderr for long `check` batches.
//!
//! Only for a person watching: stderr must be a terminal and `CI` unset (CI logs
//! would keep every frame). It appears once the batch has run for a while
//! ([`DELAY`]), so quick checks print nothing extra, and it is updated at most
//! every [`UPDATE_EVERY`] so that counting never slows the batch down.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a batch runs before the bar appears.
const DELAY: Duration = Duration::from_secs(2);
/// Least time between two updates of the bar.
const UPDATE_EVERY: Duration = Duration::from_millis(100);
/// Overrides [`DELAY`] in milliseconds, so tests need no slow batch.
const DELAY_ENV: &str = "CTE_RULES_PROGRESS_DELAY_MS";

pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    delay: Duration,
    started: Instant,
    last_update: Instant,
    done: u64,
    visible: bool,
}

/// True when someone is likely watching stderr: a terminal, outside CI.
pub(crate) fn wanted() -> bool {
    let in_ci = std::env::var("CI")
        .map(|value| !matches!(value.as_str(), "" | "0" | "false"))
        .unwrap_or(false);
    std::io::stderr().is_terminal() && !in_ci
}

impl Progress {
    /// A bar over `total` documents when the count is known (files), else a
    /// running count (NDJSON). Hidden, and drawing nothing, until [`DELAY`].
    pub(crate) fn new(enabled: bool, total: Option<u64>) -> Self {
        let delay = std::env::var(DELAY_ENV)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DELAY, Duration::from_millis);
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
            let template = if total.is_some() {
                "{spinner} {wide_bar} {pos}/{len} documents ({elapsed})"
            } else {
                "{spinner} {pos} documents checked ({elapsed}, {per_sec})"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            delay,
            started: now,
            last_update: now,
            done: 0,
            visible: false,
        }
    }

    /// Counts one checked document.
    pub(crate) fn inc(&mut self) {
        self.done += 1;
        let Some(bar) = &self.bar else { return };
        let now = Instant::now();
        if now.duration_since(self.last_update) < UPDATE_EVERY && self.visible {
            return;
        }
        self.last_update = now;
        if !self.visible {
            if now.duration_since(self.started) < self.delay {
                return;
            }
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.visible = true;
        }
        bar.set_position(self.done);
    }

    /// Runs `write` with the bar lifted off the terminal, so output on the same
    /// terminal (stdout) does not tear through it.
    pub(crate) fn suspend<R>(&self, write: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) if self.visible => bar.suspend(write),
            _ => write(),
        }
    }

    /// Removes the bar, leaving the terminal as the output left it.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
