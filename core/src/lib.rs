//! # cte-rules
//!
//! An embeddable rules engine that checks Career Technical Education documents
//! (plans of study, local programs, state systems, curricula) against the National
//! Career Clusters Framework.
//!
//! A document is first validated against its kind's JSON Schema, then declarative,
//! cited rules (CEL expressions in YAML/JSON rule packs) run over it.
//!
//! ```
//! use cte_rules_core::{CheckOptions, Engine};
//!
//! let engine = Engine::builtin().expect("the built-in pack compiles");
//! let report = engine.check_text("plan.yaml", "kind: plan-of-study\n", &CheckOptions::default());
//! assert!(!report.valid); // required fields are missing
//! assert!(report.findings.iter().all(|f| f.rule == "schema"));
//! ```
#![forbid(unsafe_code)]

// The benches' plan generator, shared with unit tests, names the crate.
#[cfg(test)]
extern crate self as cte_rules_core;

// The API, deliberately: the types every caller needs are re-exported here,
// at the root; the public modules below are the domains a face reaches into
// for more (each with its own documentation), and everything else is private.
//
// - `ffi`: inputs as hosts hand them over, batches, the panic guard;
// - `document`: reading and normalising documents, their Rust types;
// - `framework`, `survey`, `rubric`, `coverage`: the framework data, survey
//   scoring, self-assessment reconciliation and seed-item coverage;
// - `schemas`: every published JSON Schema; `pack`, `report`, `error`: the
//   types of rule packs, reports and errors;
// - `html`: the one HTML rendering of reports, for every face;
// - `text`: the bound on document text a message echoes, for every face.
pub mod coverage;
pub mod document;
mod engine;
pub mod error;
pub mod ffi;
pub mod fixtures;
pub mod framework;
pub mod html;
mod kind;
pub mod pack;
pub mod report;
pub mod rubric;
mod schema_walk;
pub mod schemas;
pub mod suggest;
pub mod survey;
pub mod text;
mod today;

pub use document::{Format, Limits};
pub use engine::{CheckOptions, Engine, RuleInfo};
pub use error::{Error, ErrorCode, Result};
pub use ffi::{Batch, Checked, DocumentInput, PackSource};
pub use framework::Version;
pub use kind::Kind;
pub use pack::{Override, Pack, Rule};
pub use report::{Citation, Finding, Report, Severity, Status, Summary};
pub use today::Today;
