//! Writes N generated plan-of-study documents as NDJSON to stdout, for the
//! throughput benchmarks:
//! `cargo run --release -p cte-rules-core --example gen_plans -- 100000 > plans.ndjson`;
//! a second argument, `local-program` or `state-system`, generates those instead.

use std::io::{BufWriter, Write};

#[path = "../benches/support/plans.rs"]
mod plans;

fn main() -> std::io::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(10_000);
    let generate = match std::env::args().nth(2).as_deref() {
        Some("local-program") => plans::local_program,
        Some("state-system") => plans::state_system,
        _ => plans::plan as fn(usize) -> serde_json::Value,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for n in 0..count {
        serde_json::to_writer(&mut out, &generate(n))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
