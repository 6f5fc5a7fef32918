//! `state-system`: a state's (system's) Career Clusters implementation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{
    Applicability, ArticulationAgreement, AssessmentMeasure, Attestation, ClusterCode,
    ContinuumLevel, Credential, Date, FrameworkVersion, ProfessionalDevelopment, SharedResources,
    StaffRole,
};
use super::plan_of_study::AdviserRole;

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
    /// The statewide career development requirement: advising meetings per learner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advising: Option<StateAdvising>,
    /// The statewide business/industry partner advisory committee.
    #[serde(default)]
    pub advisory_committee: Vec<AdvisoryMember>,
    /// The committee's input into the system: meetings, reviews, recommendations.
    #[serde(default)]
    pub advisory_committee_input: Vec<CommitteeInput>,
    #[serde(default)]
    pub professional_development: Vec<ProfessionalDevelopment>,
    /// Levels of the learning continuum whose faculty are included.
    #[serde(default)]
    pub continuum: Vec<ContinuumLevel>,
    #[serde(default)]
    pub articulation_agreements: Vec<ArticulationAgreement>,
    /// Faculty and labs shared across institutions statewide.
    #[serde(default)]
    pub shared_resources: SharedResources,
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
    /// Parents/guardians/mentors are informed of the Career Clusters process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents_informed: Option<Attestation>,
    /// Community groups are informed of the Career Clusters process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_groups_informed: Option<Attestation>,
    /// Benchmarks the seeds state conditionally, recorded as (not) applying
    /// with the reason.
    #[serde(default)]
    pub applicability: StateApplicability,
}

/// Conditional benchmarks of the SYSTEM criteria and state critical
/// components, and whether they apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateApplicability {
    /// Shared faculty ("when appropriate").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_faculty: Option<Applicability>,
    /// Shared labs ("when appropriate").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_labs: Option<Applicability>,
}

/// The statewide advising requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateAdvising {
    /// Scheduled plan-of-study meetings required per learner each school year.
    #[schemars(range(min = 0, max = 52))]
    pub meetings_per_learner_per_year: i64,
    /// Who the policy has learners meet.
    #[schemars(length(min = 1))]
    pub adviser_roles: Vec<AdviserRole>,
    /// A reference to the policy text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// One input of the advisory committee into the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeInput {
    /// When the committee met or gave its input.
    pub date: Date,
    /// What it was about, or where the minutes are.
    #[schemars(length(min = 1))]
    pub evidence: String,
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
    /// State CTE staff are informed of the Career Clusters process.
    pub state_staff_informed: Attestation,
    /// Statewide administrators are informed of the Career Clusters process.
    pub administrators_informed: Attestation,
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

/// What learner-designed coursework rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CourseworkGround {
    /// The learner's interests.
    Interests,
    /// The learner's career goals.
    CareerGoals,
    /// Consistency with the standards to be met.
    Standards,
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
    /// What the policies have learner-designed coursework rest on.
    #[serde(default)]
    pub coursework_grounds: Vec<CourseworkGround>,
    /// A reference to the policy text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
