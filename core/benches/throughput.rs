//! NDJSON throughput: streams a file of generated plan-of-study documents through
//! the engine, on one core and on all cores, and prints documents per second and
//! peak memory. Not a timed test: it reports, it never asserts a speed.
//!
//! `cargo bench -p cte-rules-core --bench throughput` (set `CTE_BENCH_DOCS`, default 100000).

#![allow(clippy::unwrap_used)]

use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use cte_rules_core::{CheckOptions, Engine};

#[path = "support/plans.rs"]
mod plans;

/// Peak resident memory of this process so far, from /proc (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter we ignore.
    let count: usize = std::env::var("CTE_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let path = std::env::temp_dir().join(format!("cte-rules-throughput-{count}.ndjson"));
    if !path.exists() {
        let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
        for n in 0..count {
            serde_json::to_writer(&mut out, &plans::plan(n)).unwrap();
            out.write_all(b"\n").unwrap();
        }
        out.flush().unwrap();
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    let engine = Engine::builtin().unwrap();
    let options = CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "throughput: {count} plan-of-study documents, {:.1} MiB NDJSON",
        bytes as f64 / (1024.0 * 1024.0)
    );
    for threads in [1, cores] {
        let file = std::fs::File::open(&path).unwrap();
        let started = Instant::now();
        let mut checked = 0usize;
        let mut errors = 0usize;
        engine
            .check_ndjson(
                BufReader::new(file),
                "bench",
                &options,
                Some(threads),
                |report| {
                    checked += 1;
                    errors += report.summary.errors;
                    Ok(())
                },
            )
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "  {threads} thread(s): {:>9.0} docs/s ({:.0} docs/s/core), {checked} checked, {errors} error findings, {seconds:.2} s",
            checked as f64 / seconds,
            checked as f64 / seconds / threads as f64,
        );
    }
    if let Some(peak) = peak_rss_mib() {
        println!("  peak RSS: {peak:.1} MiB");
    }
}
