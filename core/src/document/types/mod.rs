//! Rust types of every document kind. The JSON Schemas in `schemas/` are
//! generated from these, and every schema-valid document deserializes into them.

pub mod common;
pub mod curriculum;
pub mod local_program;
pub mod plan_of_study;
pub mod state_system;

pub use common::*;
pub use curriculum::Curriculum;
pub use local_program::LocalProgram;
pub use plan_of_study::PlanOfStudy;
pub use state_system::StateSystem;
