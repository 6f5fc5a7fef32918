//! `curriculum`: a course or course sequence in a pathway.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    AssessmentMeasure, ClusterCode, Credential, Date, FrameworkVersion, PathwayCode, ONET_SOC,
};

/// The `kind` tag of a curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CurriculumKind {
    #[serde(rename = "curriculum")]
    Curriculum,
}

/// A course or course sequence, as the essential classroom practices look at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Curriculum")]
pub struct Curriculum {
    pub kind: CurriculumKind,
    #[serde(default)]
    pub framework: FrameworkVersion,
    /// Identifier other documents use to link to this curriculum.
    #[schemars(length(min = 1))]
    pub id: String,
    #[schemars(length(min = 1))]
    pub title: String,
    pub cluster: ClusterCode,
    pub pathway: PathwayCode,
    /// Courses in the sequence, in order.
    #[schemars(length(min = 1))]
    pub courses: Vec<CurriculumCourse>,
    /// Standards addressed.
    #[serde(default)]
    pub standards: Vec<Standard>,
    /// Who developed the curriculum.
    #[serde(default)]
    pub partnership_team: Vec<PartnershipMember>,
    #[serde(default)]
    pub communication_activities: Vec<CommunicationActivity>,
    /// Careers (occupations) the curriculum prepares for.
    #[serde(default)]
    pub careers: Vec<Career>,
    #[serde(default)]
    pub assessments: Vec<AssessmentMeasure>,
    #[serde(default)]
    pub credentials: Vec<Credential>,
    /// Learners build a career plan with instructor support.
    #[serde(default)]
    pub career_plan_supported: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic_development: Option<EconomicAlignment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_use: Option<DataUse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional_development_plan: Option<PdPlan>,
}

/// A course in the sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CurriculumCourse {
    #[schemars(length(min = 1))]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub level: super::plan_of_study::EducationLevel,
    #[schemars(range(min = 0, max = 20))]
    pub credits: f64,
}

/// Which set a standard belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StandardSet {
    ClusterFoundation,
    Pathway,
    Academic,
    Industry,
}

/// A standard the curriculum addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub set: StandardSet,
    /// The standard's code in its source, e.g. `HLC01.01` or `CCSS.ELA-LITERACY.RST.11-12.3`.
    #[schemars(length(min = 1))]
    pub code: String,
    /// The academic subject, for academic standards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub subject: Option<String>,
    /// The pathway, for pathway standards: a pathway standard that names
    /// none, or another pathway, does not count for this curriculum's pathway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pathway: Option<PathwayCode>,
    /// For academic standards: a state academic standard (the classroom
    /// practices ask for state standards to be identified and reinforced).
    #[serde(default)]
    pub state_standard: bool,
    /// How the curriculum reinforces it (e.g. a unit or lesson id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub reinforced_in: Option<String>,
}

/// Roles on the partnership team that develops the curriculum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartnershipRole {
    SecondaryInstructor,
    PostsecondaryFaculty,
    AcademicInstructor,
    TechnicalInstructor,
    IndustryRepresentative,
}

/// A member of the curriculum partnership team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnershipMember {
    #[schemars(length(min = 1))]
    pub name: String,
    /// Every role the member plays (e.g. secondary and technical).
    #[schemars(length(min = 1))]
    pub roles: Vec<PartnershipRole>,
}

/// Communication modes the practices name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CommunicationMode {
    Reading,
    Writing,
    Listening,
    Presenting,
}

/// A communication activity in the curriculum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunicationActivity {
    pub mode: CommunicationMode,
    #[schemars(length(min = 1))]
    pub activity: String,
    /// The courses of the sequence it runs in, by code or title: activities
    /// are pervasive when every course has some.
    #[serde(default)]
    pub courses: Vec<String>,
}

/// An occupation the curriculum prepares for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Career {
    #[schemars(length(min = 1))]
    pub title: String,
    /// O*NET-SOC code, e.g. `29-2052.00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = ONET_SOC))]
    pub onet_soc: Option<String>,
    /// Cluster of the occupation, when outside the curriculum's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterCode>,
}

/// How the curriculum supports economic development plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EconomicAlignment {
    pub state_plan: bool,
    pub local_plan: bool,
    /// The plan(s) referred to.
    #[schemars(length(min = 1))]
    pub reference: String,
}

/// How results are assessed and used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataUse {
    /// Data collected, e.g. "credential pass rates".
    #[schemars(length(min = 1))]
    pub collected: Vec<String>,
    pub used_for_accountability: bool,
    pub used_for_improvement: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_review: Option<Date>,
}

/// The professional development plan behind the curriculum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PdPlan {
    #[schemars(length(min = 1))]
    pub reference: String,
    pub followed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<Date>,
}
