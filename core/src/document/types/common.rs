//! Value types shared by several document kinds.
//!
//! Codes and dates are newtypes with hand-written schemas so that the generated
//! JSON Schema rejects an unknown cluster code or an impossible date before any
//! rule runs.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::framework;

/// An O*NET-SOC occupation code such as `29-2052.00`.
pub(crate) const ONET_SOC: &str = r"^[0-9]{2}-[0-9]{4}\.[0-9]{2}$";

/// Which edition of the National Career Clusters Framework a document follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FrameworkVersion {
    /// The original framework: 16 clusters, 79 pathways (the default).
    #[default]
    #[serde(rename = "2008")]
    V2008,
    /// The modernized framework of 2024: 14 clusters, 72 sub-clusters.
    #[serde(rename = "2024")]
    V2024,
}

/// A Career Cluster code from the framework data, e.g. `HL` (2008) or `HHS` (2024).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClusterCode(pub String);

impl JsonSchema for ClusterCode {
    fn schema_name() -> Cow<'static, str> {
        "ClusterCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A Career Cluster code: two letters for the 2008 framework (e.g. `HL`), three for 2024 (e.g. `HHS`). Run `cte-rules schema plan-of-study` to see the list.",
            "type": "string",
            "enum": framework::all_cluster_codes(),
        })
    }
}

/// A Career Pathway code (2008, e.g. `HL-TS`) or sub-cluster code (2024, e.g. `HHS-PCS`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PathwayCode(pub String);

impl JsonSchema for PathwayCode {
    fn schema_name() -> Cow<'static, str> {
        "PathwayCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A Career Pathway code (2008) or sub-cluster code (2024), prefixed by its cluster code.",
            "type": "string",
            "enum": framework::all_pathway_codes(),
        })
    }
}

/// A calendar date, `YYYY-MM-DD`, in the years 1900 to 2200: no CTE record
/// is older or later, and date arithmetic stays far from overflow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(pub String);

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date, YYYY-MM-DD, in the years 1900 to 2200.",
            "type": "string",
            "format": "date",
            "pattern": "^(19[0-9]{2}|2[01][0-9]{2}|2200)-",
        })
    }
}

/// A school year such as `2025-2026`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SchoolYear(pub String);

impl JsonSchema for SchoolYear {
    fn schema_name() -> Cow<'static, str> {
        "SchoolYear".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A school year written as two consecutive years, e.g. `2025-2026`.",
            "type": "string",
            "pattern": "^[12][0-9]{3}-[12][0-9]{3}$",
        })
    }
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Month(pub String);

impl JsonSchema for Month {
    fn schema_name() -> Cow<'static, str> {
        "Month".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar month, YYYY-MM.",
            "type": "string",
            "pattern": "^[12][0-9]{3}-(0[1-9]|1[0-2])$",
        })
    }
}

/// A recorded judgement that the data alone cannot settle (e.g. "staff are informed
/// of the Career Clusters process"): who attests it, when, and where the evidence is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// Whether the statement holds.
    pub attested: bool,
    /// When it was attested.
    pub date: Date,
    /// A reference to the evidence: a document id, URL or minutes reference.
    #[schemars(length(min = 1))]
    pub evidence: String,
    /// Who attests it (name or role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attested_by: Option<String>,
}

/// A credential (certification, license, certificate or degree).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    #[schemars(length(min = 1))]
    pub name: String,
    /// The body that awards it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Recognised by industry (industry-based).
    pub industry_recognized: bool,
    /// Transportable / portable: valid beyond one employer, school or state.
    pub portable: bool,
    /// Cluster the credential relates to. Rules that ask for credentials
    /// related to a cluster read this field: a credential that names no
    /// cluster is not shown to be related to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<ClusterCode>,
    /// Pathways of that cluster the credential relates to; empty when it
    /// serves the whole cluster.
    #[serde(default)]
    pub pathways: Vec<PathwayCode>,
    /// When it was earned (plans of study only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earned: Option<Date>,
}

/// Whether an assessment is cumulative or on-demand, as the document labels it.
/// Rules classify a measure by its [`AssessmentMethod`] where the method says
/// (seed 004 defines both kinds by their methods); the label decides only for
/// `method: other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentType {
    /// Built up over time: projects, research papers, portfolios, workplace learning, community service.
    Cumulative,
    /// Given at one sitting: multiple choice, presentation, demonstration, scenario response.
    OnDemand,
}

/// How an assessment is carried out. Projects, research papers, portfolios,
/// workplace learning and community service are cumulative; multiple choice,
/// presentations, demonstrations and scenario responses are on-demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentMethod {
    Project,
    ResearchPaper,
    Portfolio,
    WorkplaceLearning,
    CommunityService,
    MultipleChoice,
    Presentation,
    Demonstration,
    ScenarioResponse,
    Other,
}

/// One assessment measure used by a program, curriculum or state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentMeasure {
    #[schemars(length(min = 1))]
    pub name: String,
    #[serde(rename = "type")]
    pub assessment_type: AssessmentType,
    pub method: AssessmentMethod,
    /// The pathway whose standards the measure assesses, when it assesses one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pathway: Option<PathwayCode>,
}

/// The kind of institution on the other side of an articulation agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerInstitution {
    HighSchool,
    CareerTechnicalSchool,
    CommunityCollege,
    University,
}

/// Where an articulation agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementStatus {
    Proposed,
    Negotiating,
    InPlace,
    Expired,
}

/// A credit-transfer (articulation) agreement between institutions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticulationAgreement {
    /// The other institution.
    #[schemars(length(min = 1))]
    pub partner: String,
    pub partner_type: PartnerInstitution,
    /// Where the agreement stands, as recorded. An agreement counts as in place
    /// only when this says `in-place`, it is signed (if a date is given) on or
    /// before today and it has not expired.
    pub status: AgreementStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Date>,
    /// The last day the agreement holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// Credits the agreement awards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub credits: Option<f64>,
}

/// Levels of the education continuum that take part in a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContinuumLevel {
    Elementary,
    MiddleSchool,
    HighSchool,
    CareerTechnicalSchool,
    CollegeUniversity,
}

/// People who take part in planning, teaching and professional development.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StaffRole {
    /// State CTE staff.
    StateCteStaff,
    /// State field staff.
    FieldStaff,
    /// A (statewide or local) administrator.
    Administrator,
    /// A career counselor or other counseling staff.
    Counselor,
    /// A teacher or faculty member of academic content.
    AcademicTeacher,
    /// A cluster-specific technical teacher or faculty member.
    TechnicalTeacher,
    /// A faculty member whose discipline is not recorded as academic or
    /// technical: counts as teaching staff, but for neither side of a team
    /// that needs both.
    Faculty,
    /// A business or industry partner.
    IndustryPartner,
    /// An education partner (another school, college or university).
    EducationPartner,
}

/// A professional development activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfessionalDevelopment {
    #[schemars(length(min = 1))]
    pub title: String,
    pub date: Date,
    /// Roles that took part together.
    #[schemars(length(min = 1))]
    pub participants: Vec<StaffRole>,
    /// What it built: cluster knowledge, teaching strategies, or new equipment and processes.
    #[serde(default)]
    pub focus: Vec<PdFocus>,
    /// Hours spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub hours: Option<f64>,
}

/// What a professional development activity is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PdFocus {
    ClusterKnowledge,
    TeachingStrategies,
    EquipmentAndProcesses,
    CurriculumDesign,
}

/// Types of workplace learning named by the seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WorkplaceLearningType {
    Volunteering,
    Exploration,
    JobShadow,
    CommunityService,
    ServiceLearning,
    Internship,
    Apprenticeship,
    VirtualVisit,
}

/// Whether a benchmark the seeds state conditionally ("when appropriate", "as
/// available", "when practical", "as needed") applies to this document, and
/// why. Rules for such a benchmark fail only when it applies and is not met;
/// unconditional benchmarks have no such field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    /// `false` when the benchmark does not apply here.
    pub applies: bool,
    /// Why it does or does not apply: the circumstance a reviewer can verify.
    #[schemars(length(min = 1))]
    pub reason: String,
}

/// Faculty and labs shared with partner institutions (the seeds ask for both
/// "when appropriate").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedResources {
    /// Faculty shared with partner institutions.
    #[serde(default)]
    pub faculty: bool,
    /// Labs shared with partner institutions.
    #[serde(default)]
    pub labs: bool,
}
