//! A progress bar on stderr for long `check` batches.
//!
//! Only for a person watching: stderr must be a terminal and `CI` unset (CI logs
//! would keep every frame). It appears once the batch has run for a while
//! ([`DELAY`]), so quick checks print nothing extra, and it is redrawn at most
//! every [`UPDATE_EVERY`] so that counting never slows the batch down.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How long a batch runs before the bar appears.
const DELAY: Duration = Duration::from_secs(2);
/// Least time between two redraws of the bar.
const UPDATE_EVERY: Duration = Duration::from_millis(100);
/// The same, as the draw target's rate.
const HZ: u8 = 10;
/// Overrides [`DELAY`] in milliseconds, so tests need no slow batch.
const DELAY_ENV: &str = "CTE_RULES_PROGRESS_DELAY_MS";

pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    delay: Duration,
    started: Instant,
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
                "{spinner} {pos} documents checked ({elapsed}, {rate})"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                // indicatif's `{per_sec}` prints `34,298.6691/s`; people read whole numbers.
                bar.set_style(style.with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{}", rate(state.per_sec()));
                    },
                ));
            }
            bar
        });
        Progress {
            bar,
            delay,
            started: Instant::now(),
            visible: false,
        }
    }

    /// Counts one checked document: an atomic add; indicatif rate-limits drawing.
    pub(crate) fn inc(&mut self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.visible && self.started.elapsed() >= self.delay {
            self.visible = true;
            // Redraws on its own too, so the spinner and clock move while a slow
            // NDJSON chunk is being checked.
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(HZ));
            // Draw now: a batch may finish before the first steady tick.
            bar.tick();
            bar.enable_steady_tick(UPDATE_EVERY);
        }
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

/// Documents per second as a whole number: `34299/s`.
fn rate(per_sec: f64) -> String {
    if per_sec.is_finite() && per_sec > 0.0 {
        format!("{per_sec:.0}/s")
    } else {
        "0/s".to_owned()
    }
}

/// A batch that stops on an error removes its bar too, so the error line is not
/// printed after a stale bar.
impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn rates_are_whole_numbers() {
        assert_eq!(rate(34_298.669_1), "34299/s");
        assert_eq!(rate(0.4), "0/s");
        assert_eq!(rate(f64::NAN), "0/s");
    }
}
