//! Rust types of every document kind. The JSON Schemas in `schemas/` are
//! generated from these, and every schema-valid document deserializes into them.

pub mod common;
pub mod curriculum;
pub mod interest_survey;
pub mod local_program;
pub mod plan_of_study;
pub mod self_assessment;
pub mod state_system;

pub use common::*;
pub use curriculum::Curriculum;
pub use interest_survey::InterestSurvey;
pub use local_program::LocalProgram;
pub use plan_of_study::PlanOfStudy;
pub use self_assessment::SelfAssessment;
pub use state_system::StateSystem;
