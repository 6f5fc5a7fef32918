//! `--format gitlab`: GitLab Code Quality JSON, an array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and
//! `location.{path, lines.begin}`, which merge requests show inline. Streams
//! one issue at a time.

use std::io::{self, Write};

use cte_rules_core::{Finding, Report, Severity, Status};
use serde_json::json;

use super::{failed, Origin, Sink};

#[derive(Default)]
pub(crate) struct GitlabSink {
    issues: usize,
}

/// GitLab's vocabulary (`info`, `minor`, `major`, `critical`, `blocker`): an
/// error blocks nothing by itself, so it is `major`; a rule that could not be
/// evaluated counts as an error.
fn severity(finding: &Finding) -> &'static str {
    match (finding.status, finding.severity) {
        (Status::Error, _) | (_, Severity::Error) => "major",
        (_, Severity::Warning) => "minor",
        (_, Severity::Info) => "info",
    }
}

/// FNV-1a, 128 bits: stable across releases and platforms (unlike std's
/// hasher), so GitLab can tell a new issue from one a merge request keeps.
fn fnv1a_128(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for part in parts {
        // A separator that cannot occur in UTF-8 keeps `ab`+`c` apart from `a`+`bc`.
        for byte in part.bytes().chain([0xff]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

impl Sink for GitlabSink {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn report(&mut self, report: &Report, origin: &Origin, out: &mut dyn Write) -> io::Result<()> {
        for finding in failed(report) {
            let path = origin.file().unwrap_or(&report.source);
            let (line, _) = origin.position(finding);
            let pointer = finding.path.as_deref().unwrap_or_default();
            let mut description = finding.message.clone();
            if !pointer.is_empty() {
                description.push_str(&format!(" [at {pointer}]"));
            }
            // The document (an NDJSON line has its own), not the line: a finding
            // keeps its fingerprint when lines above it move.
            let issue = json!({
                "description": description,
                "check_name": finding.rule,
                "fingerprint": fnv1a_128(&[&report.source, &finding.rule, pointer, &finding.message]),
                "severity": severity(finding),
                "location": {"path": path, "lines": {"begin": line.unwrap_or(1)}},
            });
            out.write_all(if self.issues == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &issue)?;
            self.issues += 1;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"\n]\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_keep_parts_apart() {
        assert_eq!(
            fnv1a_128(&["a.yaml", "POS-01"]),
            fnv1a_128(&["a.yaml", "POS-01"])
        );
        assert_ne!(fnv1a_128(&["ab", "c"]), fnv1a_128(&["a", "bc"]));
        assert_eq!(fnv1a_128(&[]).len(), 32);
    }
}
