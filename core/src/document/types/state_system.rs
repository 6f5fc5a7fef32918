//! `state-system`: a state's (system's) Career Clusters implementation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    ArticulationAgreement, AssessmentMeasure, Attestation, ClusterCode, ContinuumLevel, Credential,
    Date, FrameworkVersion, ProfessionalDevelopment, StaffRole,
};

/// The `kind` tag of a state system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum StateSystemKind {
    #[serde(rename = "state-system")]
    StateSystem,
}

/// A state's implementation, as the SYSTEM criteria and the state critical
/// components look at it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "State system")]
pub struct StateSystem {
    pub kind: StateSystemKind,
    #[serde(default)]
    pub framework: FrameworkVersion,
    pub state: StateIdentity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_plan: Option<StatePlan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrative_support: Option<StateAdministrativeSupport>,
    /// Statewide career-education plan (plan-of-study) templates, one per cluster.
    #[serde(default)]
    pub plan_of_study_templates: Vec<PlanTemplate>,
    /// Required scheduled advising meetings per learner each school year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 52))]
    pub advising_meetings_per_year: Option<i64>,
    /// The statewide business/industry partner advisory committee.
    #[serde(default)]
    pub advisory_committee: Vec<AdvisoryMember>,
    #[serde(default)]
    pub professional_development: Vec<ProfessionalDevelopment>,
    /// Levels of the learning continuum whose faculty are included.
    #[serde(default)]
    pub continuum: Vec<ContinuumLevel>,
    #[serde(default)]
    pub articulation_agreements: Vec<ArticulationAgreement>,
    #[serde(default)]
    pub shared_faculty_and_labs: bool,
    #[serde(default)]
    pub assessments: Vec<AssessmentMeasure>,
    #[serde(default)]
    pub credentials: Vec<Credential>,
    /// Curriculum standards the state adopts for its programs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curriculum_standards: Option<StandardsAdoption>,
    #[serde(default)]
    pub economic_development_partners: Vec<EconomicPartner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<StatePolicies>,
    /// Parents/guardians/mentors and community groups are informed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents_community_informed: Option<Attestation>,
}

/// Which state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateIdentity {
    /// Two-letter postal code.
    #[schemars(regex(pattern = r"^[A-Z]{2}$"))]
    pub code: String,
    #[schemars(length(min = 1))]
    pub name: String,
}

/// The statewide plan for Career Clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatePlan {
    pub adopted: Date,
    /// Parts the plan sets out.
    #[schemars(length(min = 1))]
    pub elements: Vec<PlanElement>,
    /// Who developed it.
    #[schemars(length(min = 1))]
    pub developed_by: Vec<StaffRole>,
    /// A reference to the plan document.
    #[schemars(length(min = 1))]
    pub reference: String,
}

/// Parts of a state plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlanElement {
    Vision,
    Mission,
    Goals,
    Strategies,
}

/// State administrative support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateAdministrativeSupport {
    /// State CTE staff and statewide administrators are informed of the process.
    pub staff_informed: Attestation,
}

/// A statewide plan-of-study template for one cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTemplate {
    pub cluster: ClusterCode,
    /// Where the template is published.
    #[schemars(length(min = 1))]
    pub reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
}

/// A member of the statewide industry advisory committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryMember {
    #[schemars(length(min = 1))]
    pub organization: String,
    /// Clusters this member represents.
    #[schemars(length(min = 1))]
    pub clusters: Vec<ClusterCode>,
}

/// Standards the statewide curriculum addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardsAdoption {
    pub cluster_foundation: bool,
    pub pathway: bool,
    pub academic: bool,
    pub industry: bool,
}

/// What an economic-development partner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EconomicPartnerType {
    EconomicDevelopment,
    WorkforcePreparation,
}

/// A statewide economic-development or workforce-preparation group or agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EconomicPartner {
    #[schemars(length(min = 1))]
    pub name: String,
    #[serde(rename = "type")]
    pub partner_type: EconomicPartnerType,
    /// Informed of the Career Clusters process and components.
    pub informed: Attestation,
    /// Involved in implementing the system.
    pub involved_in_implementation: bool,
}

/// State policies on schedules and learner-centred learning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatePolicies {
    /// Policies encourage flexible school schedules.
    pub flexible_schedules: bool,
    /// Policies promote interdisciplinary team-managed blocks of time.
    pub interdisciplinary_blocks: bool,
    /// Policies encourage learners to design their own coursework.
    pub learner_designed_coursework: bool,
    /// A reference to the policy text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
