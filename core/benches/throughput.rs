//! NDJSON throughput: streams files of generated plan-of-study documents through
//! the engine on one core and on all cores, and reports documents per second and
//! the peak resident memory of each run. Each run is a child process of its own,
//! so that peak memory belongs to that run alone: comparing 10k with 1M documents
//! shows whether memory stays flat. Not a timed test: it reports, never asserts.
//!
//! `cargo bench -p cte-rules-core --bench throughput`; `CTE_BENCH_SIZES` sets the
//! batch sizes (default `10000,1000000`; empty for the yardstick alone).
//!
//! The process uses mimalloc, as the `cte-rules` binary does.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cte_rules_core::{CheckOptions, Engine, Kind};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/plans.rs"]
mod plans;

/// Set in a child: `PATH THREADS`, the one run it does.
const CHILD: &str = "CTE_BENCH_RUN";

/// Set in the child that times the yardstick on generated documents of a kind.
const YARDSTICK: &str = "CTE_BENCH_YARDSTICK";

/// Documents the yardstick times, and how many alternating rounds it takes.
const YARDSTICK_DOCUMENTS: usize = 10_000;
const YARDSTICK_ROUNDS: usize = 5;

/// Peak resident memory of this process so far, from /proc (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    if let Ok(run) = std::env::var(CHILD) {
        let (path, threads) = run.rsplit_once(' ').unwrap();
        child(Path::new(path), threads.parse().unwrap());
        return;
    }
    if let Ok(kind) = std::env::var(YARDSTICK) {
        yardstick(&kind);
        return;
    }
    let sizes: Vec<usize> = std::env::var("CTE_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,1000000".to_owned())
        .split(',')
        .filter(|size| !size.trim().is_empty())
        .map(|size| size.trim().parse().unwrap())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!("throughput: generated plan-of-study documents as NDJSON, one process per run");
    println!(
        "  {:>9}  {:>7}  {:>11}  {:>15}  {:>8}  {:>12}",
        "documents", "threads", "docs/s", "docs/s/thread", "seconds", "peak RSS MiB"
    );
    for &count in &sizes {
        let path = ndjson_file("plan-of-study", count, plans::plan);
        let mut threads = vec![1];
        if cores > 1 {
            threads.push(cores);
        }
        for threads in threads {
            run_child(CHILD, &format!("{} {threads}", path.display()));
        }
        // A million documents take 1.5 GB: do not leave them behind.
        if count > 100_000 {
            let _ = std::fs::remove_file(&path);
        }
    }
    for (kind, _) in YARDSTICK_KINDS {
        run_child(YARDSTICK, kind.as_str());
    }
}

/// Runs this bench again as a child process with `variable` set to `value`,
/// and prints what it printed.
fn run_child(variable: &str, value: &str) {
    let output = Command::new(std::env::current_exe().unwrap())
        .env(variable, value)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{}", String::from_utf8_lossy(&output.stdout));
}

/// One stage the yardstick times: whether it finds a document valid.
type Stage<'a> = dyn Fn(&[u8]) -> bool + 'a;

/// The kinds the yardstick times, each with its generated documents.
/// Makes the `n`-th document of a kind.
type Generate = fn(usize) -> serde_json::Value;

const YARDSTICK_KINDS: [(Kind, Generate); 3] = [
    (Kind::PlanOfStudy, plans::plan),
    (Kind::LocalProgram, plans::local_program),
    (Kind::StateSystem, plans::state_system),
];

/// What the same documents cost through the stages every checker of this
/// design must run, with the standard crates and no rules: serde_json's parse,
/// then jsonschema's `is_valid` against the kind's schema (built as the
/// engine builds its validators). Timed on one thread in one process, the three
/// in turn each round, so that a drift of the machine's speed moves them alike.
/// It puts the docs/s above in proportion: a target above the yardstick's
/// second line is above what validation alone allows on this machine. One
/// table per kind; the last line sums them up, one ratio per kind.
fn yardstick(kind: &str) {
    let (kind, generate) = YARDSTICK_KINDS
        .into_iter()
        .find(|(k, _)| k.as_str() == kind)
        .unwrap();
    let path = ndjson_file(kind.as_str(), YARDSTICK_DOCUMENTS, generate);
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    let schema = cte_rules_core::schemas::document_schema(kind);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let engine = Engine::builtin().unwrap();
    let options = CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let parse = |line: &[u8]| serde_json::from_slice::<serde_json::Value>(line).unwrap();
    let stages: [(&str, &Stage); 3] = [
        ("serde_json parse to a Value", &|line| {
            parse(line).is_object()
        }),
        ("serde_json parse, then jsonschema is_valid", &|line| {
            validator.is_valid(&parse(line))
        }),
        ("cte-rules Engine::check_bytes, all rules", &|line| {
            engine.check_bytes("bench", line, None, &options).valid
        }),
    ];
    let mut rates = vec![Vec::new(); stages.len()];
    for _ in 0..YARDSTICK_ROUNDS {
        for (stage, rate) in stages.iter().zip(&mut rates) {
            let started = Instant::now();
            let valid = lines.iter().filter(|line| stage.1(line)).count();
            assert_eq!(valid, lines.len(), "{}: every document is valid", stage.0);
            rate.push(lines.len() as f64 / started.elapsed().as_secs_f64());
        }
    }
    let median = |rate: &mut Vec<f64>| {
        rate.sort_by(f64::total_cmp);
        rate[rate.len() / 2]
    };
    let medians: Vec<f64> = rates.iter_mut().map(median).collect();
    println!(
        "yardstick, {kind}: {} generated documents, one thread, median of {YARDSTICK_ROUNDS} rounds",
        lines.len()
    );
    for ((name, _), rate) in stages.iter().zip(&medians) {
        println!(
            "  {name:<44} {rate:>9.0} docs/s  {:>5.2} of parse + is_valid",
            rate / medians[1]
        );
    }
    println!(
        "yardstick ratio {kind}: check_bytes {:.2} of parse + is_valid",
        medians[2] / medians[1]
    );
}

/// Writes `count` generated documents to a temporary NDJSON file (kept for
/// reuse when small).
fn ndjson_file(name: &str, count: usize, generate: Generate) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cte-rules-throughput-{name}-{count}.ndjson"));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let mut out = BufWriter::new(std::fs::File::create(&partial).unwrap());
        for n in 0..count {
            serde_json::to_writer(&mut out, &generate(n)).unwrap();
            out.write_all(b"\n").unwrap();
        }
        out.flush().unwrap();
        std::fs::rename(&partial, &path).unwrap();
    }
    path
}

/// One run: every line of `path` through the engine on `threads` threads.
fn child(path: &Path, threads: usize) {
    let engine = Engine::builtin().unwrap();
    let options = CheckOptions {
        today: Some("2025-11-23".to_owned()),
        ..CheckOptions::default()
    };
    let file = std::fs::File::open(path).unwrap();
    let started = Instant::now();
    let mut checked = 0usize;
    engine
        .check_ndjson(
            BufReader::new(file),
            "bench",
            &options,
            Some(threads),
            |report| {
                checked += 1;
                std::hint::black_box(report);
                Ok(())
            },
        )
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "  {checked:>9}  {threads:>7}  {:>11.0}  {:>15.0}  {seconds:>8.2}  {:>12.1}",
        checked as f64 / seconds,
        checked as f64 / seconds / threads as f64,
        peak_rss_mib().unwrap_or(f64::NAN),
    );
}
