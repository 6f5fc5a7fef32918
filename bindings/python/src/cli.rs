//! `cte_rules._native.run_cli`: the `cte-rules` command inside the Python package.
//! The console script (`python/cte_rules/__main__.py`) calls it, so `pip install
//! cte-rules` gives the very command line of the Rust binary, not a copy of it.

use std::ffi::OsString;
use std::process::ExitCode;

use pyo3::prelude::*;

/// Runs the command line `argv` (program name first) in this process and returns
/// the exit status. Output goes straight to file descriptors 1 and 2, as the
/// binary's does; the GIL is released meanwhile.
#[pyfunction]
pub fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    // A panic has already been printed by the panic hook; the binary would then
    // exit with 101, Rust's status for a panicking `main`.
    py.detach(|| std::panic::catch_unwind(|| cte_rules_cli::run(argv)))
        .map_or(101, status)
}

/// The number behind an `ExitCode`, which has no stable getter: the CLI builds
/// its codes `From<u8>`, so one of the 256 matches.
fn status(code: ExitCode) -> u8 {
    (0..=u8::MAX)
        .find(|&number| ExitCode::from(number) == code)
        .unwrap_or(1)
}
