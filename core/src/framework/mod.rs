//! Typed National Career Clusters Framework data (clusters, pathways, crosswalk).
//!
//! The facts live in `core/data/framework/*.json` so that they can be reviewed and
//! corrected as data; this module only loads and indexes them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// A framework version a document can declare in its `framework` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// The original framework: 16 clusters, 79 pathways.
    V2008,
    /// The modernized framework published in 2024: 14 clusters, 72 sub-clusters.
    V2024,
}

impl Version {
    pub const ALL: [Version; 2] = [Version::V2008, Version::V2024];

    /// The string documents use, e.g. `"2008"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V2008 => "2008",
            Version::V2024 => "2024",
        }
    }
}

/// Parses a caller's framework version (`2008` or `2024`, exactly), so that
/// every face rejects any other with the same `E_USAGE` error.
impl std::str::FromStr for Version {
    type Err = crate::Error;

    fn from_str(text: &str) -> crate::Result<Version> {
        Version::ALL
            .into_iter()
            .find(|version| version.as_str() == text)
            .ok_or_else(|| {
                crate::Error::new(
                    crate::ErrorCode::Usage,
                    format!("unknown framework version `{text}`; expected `2008` or `2024`"),
                )
            })
    }
}

/// One Career Cluster and its pathways (2024: sub-clusters).
#[derive(Debug, Clone, Deserialize)]
pub struct Cluster {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub cross_cutting: bool,
    /// O*NET career-cluster code (2024 only) and whether a source showed it.
    #[serde(default)]
    pub onet_cluster_code: Option<String>,
    #[serde(default)]
    pub onet_cluster_code_verified: bool,
    pub pathways: Vec<Pathway>,
}

/// A Career Pathway (2008) or sub-cluster (2024).
#[derive(Debug, Clone, Deserialize)]
pub struct Pathway {
    pub code: String,
    pub name: String,
    /// How the name is known (2024 only): `advance-cte`, `secondary-source` or
    /// `third-party-code`.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// All clusters of one framework version.
#[derive(Debug, Clone, Deserialize)]
pub struct Framework {
    pub framework: String,
    pub label: String,
    /// What the fact files could not verify; shown to users instead of guessing.
    #[serde(default)]
    pub unverified: Vec<String>,
    pub clusters: Vec<Cluster>,
}

impl Framework {
    /// Finds a cluster by its code.
    #[must_use]
    pub fn cluster(&self, code: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|cluster| cluster.code == code)
    }

    /// All pathway codes of this version, cluster by cluster.
    pub fn pathway_codes(&self) -> impl Iterator<Item = &str> {
        self.clusters
            .iter()
            .flat_map(|cluster| cluster.pathways.iter().map(|p| p.code.as_str()))
    }
}

/// One line of the 2008 to 2024 crosswalk.
#[derive(Debug, Clone, Deserialize)]
pub struct CrosswalkEntry {
    pub from: String,
    pub to: Vec<String>,
    pub verified: bool,
    /// `stated-in-source`, `partly-stated` or `name-based-inference`.
    pub basis: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Crosswalk {
    unverified: String,
    map: Vec<CrosswalkEntry>,
}

fn load<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> T {
    match serde_json::from_str(text) {
        Ok(value) => value,
        // INVARIANT: the data files are compiled in and covered by tests, so a
        // failure here is caught by `cargo test` before any release.
        #[allow(clippy::panic)]
        Err(error) => panic!("built-in framework data `{name}` is invalid: {error}"),
    }
}

static V2008: LazyLock<Framework> = LazyLock::new(|| {
    load(
        "clusters-2008.json",
        include_str!("../../data/framework/clusters-2008.json"),
    )
});

static V2024: LazyLock<Framework> = LazyLock::new(|| {
    load(
        "clusters-2024.json",
        include_str!("../../data/framework/clusters-2024.json"),
    )
});

static CROSSWALK: LazyLock<Crosswalk> = LazyLock::new(|| {
    load(
        "crosswalk-2008-2024.json",
        include_str!("../../data/framework/crosswalk-2008-2024.json"),
    )
});

/// The framework data of one version.
#[must_use]
pub fn framework(version: Version) -> &'static Framework {
    match version {
        Version::V2008 => &V2008,
        Version::V2024 => &V2024,
    }
}

/// The 2008 to 2024 cluster crosswalk.
#[must_use]
pub fn crosswalk() -> &'static [CrosswalkEntry] {
    &CROSSWALK.map
}

/// What is not verified about the crosswalk as a whole.
#[must_use]
pub fn crosswalk_caveat() -> &'static str {
    &CROSSWALK.unverified
}

/// Finds the version a cluster code belongs to (codes do not overlap).
#[must_use]
pub fn version_of_cluster(code: &str) -> Option<Version> {
    Version::ALL
        .into_iter()
        .find(|v| framework(*v).cluster(code).is_some())
}

/// Every cluster code of every version, sorted: the values a document may use.
#[must_use]
pub fn all_cluster_codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = Version::ALL
        .iter()
        .flat_map(|v| framework(*v).clusters.iter().map(|c| c.code.as_str()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Every pathway or sub-cluster code of every version, sorted.
#[must_use]
pub fn all_pathway_codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = Version::ALL
        .iter()
        .flat_map(|v| framework(*v).pathway_codes())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The framework data as one JSON value, bound to the CEL variable `framework`.
///
/// Shape: `{"2008": {"clusters": {"AG": {"name", "cross_cutting", "pathways": [codes]}},
/// "cluster_codes": [...], "pathways": {"AG-AGS": {"cluster", "name"}}}, "2024": {...},
/// "crosswalk": {"AG": {"to": [...], "verified": bool}}}`. Maps keyed by code let rules
/// test membership with CEL's `in`.
#[must_use]
pub fn as_json() -> serde_json::Value {
    let mut root = serde_json::Map::new();
    for version in Version::ALL {
        let data = framework(version);
        let mut clusters = serde_json::Map::new();
        let mut pathways = serde_json::Map::new();
        for cluster in &data.clusters {
            let codes: Vec<&str> = cluster.pathways.iter().map(|p| p.code.as_str()).collect();
            clusters.insert(
                cluster.code.clone(),
                serde_json::json!({
                    "name": cluster.name,
                    "cross_cutting": cluster.cross_cutting,
                    "pathways": codes,
                }),
            );
            for pathway in &cluster.pathways {
                pathways.insert(
                    pathway.code.clone(),
                    serde_json::json!({ "cluster": cluster.code, "name": pathway.name }),
                );
            }
        }
        let cluster_codes: Vec<&str> = data.clusters.iter().map(|c| c.code.as_str()).collect();
        root.insert(
            version.as_str().to_owned(),
            serde_json::json!({
                "label": data.label,
                "clusters": clusters,
                "cluster_codes": cluster_codes,
                "pathways": pathways,
            }),
        );
    }
    let crosswalk: BTreeMap<&str, serde_json::Value> = crosswalk()
        .iter()
        .map(|entry| {
            (
                entry.from.as_str(),
                serde_json::json!({ "to": entry.to, "verified": entry.verified, "basis": entry.basis }),
            )
        })
        .collect();
    root.insert("crosswalk".to_owned(), serde_json::json!(crosswalk));
    serde_json::Value::Object(root)
}

/// One framework version as shown to users (CLI `framework list --format json`,
/// Python and Node): clusters with their pathways, and what is unverified.
#[must_use]
pub fn listing(version: Version) -> serde_json::Value {
    let data = framework(version);
    let clusters: Vec<serde_json::Value> = data
        .clusters
        .iter()
        .map(|c| {
            let pathways: Vec<serde_json::Value> = c
                .pathways
                .iter()
                .map(
                    |p| serde_json::json!({"code": p.code, "name": p.name, "evidence": p.evidence}),
                )
                .collect();
            serde_json::json!({
                "code": c.code,
                "name": c.name,
                "cross_cutting": c.cross_cutting,
                "onet_cluster_code": c.onet_cluster_code,
                "onet_cluster_code_verified": c.onet_cluster_code_verified,
                "pathways": pathways,
            })
        })
        .collect();
    serde_json::json!({
        "framework": data.framework,
        "label": data.label,
        "clusters": clusters,
        "unverified": data.unverified,
    })
}

/// The 2008-to-2024 crosswalk as shown to users, whole or for one 2008 code
/// (case-insensitive). An unknown code is an `E_USAGE` error with a hint.
pub fn crosswalk_listing(code: Option<&str>) -> crate::Result<serde_json::Value> {
    let entries: Vec<&CrosswalkEntry> = match code {
        None => crosswalk().iter().collect(),
        Some(code) => {
            let code = code.to_ascii_uppercase();
            let found: Vec<&CrosswalkEntry> =
                crosswalk().iter().filter(|e| e.from == code).collect();
            if found.is_empty() {
                let hint = match version_of_cluster(&code) {
                    Some(Version::V2024) => format!("`{code}` is already a 2024 cluster code"),
                    _ => "2008 codes are two letters, e.g. `HL`".to_owned(),
                };
                return Err(crate::Error::new(
                    crate::ErrorCode::Usage,
                    format!("`{code}` is not a 2008 cluster code: {hint}"),
                ));
            }
            found
        }
    };
    let name = |version: Version, code: &str| {
        framework(version)
            .cluster(code)
            .map_or_else(String::new, |c| c.name.clone())
    };
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let to: Vec<serde_json::Value> =
                e.to.iter()
                    .map(|t| serde_json::json!({"code": t, "name": name(Version::V2024, t)}))
                    .collect();
            serde_json::json!({
                "from": e.from,
                "from_name": name(Version::V2008, &e.from),
                "to": to,
                "verified": e.verified,
                "basis": e.basis,
            })
        })
        .collect();
    Ok(
        serde_json::json!({"from": "2008", "to": "2024", "map": rows, "unverified": crosswalk_caveat()}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_exactly() {
        assert_eq!("2008".parse::<Version>(), Ok(Version::V2008));
        assert_eq!("2024".parse::<Version>(), Ok(Version::V2024));
        for text in ["", "2025", " 2008", "v2024"] {
            let error = text.parse::<Version>().unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::Usage);
            assert_eq!(
                error.message(),
                format!("unknown framework version `{text}`; expected `2008` or `2024`")
            );
        }
    }

    #[test]
    fn counts_match_the_framework_facts() {
        let v2008 = framework(Version::V2008);
        assert_eq!(v2008.clusters.len(), 16);
        assert_eq!(v2008.pathway_codes().count(), 79);
        let v2024 = framework(Version::V2024);
        assert_eq!(v2024.clusters.len(), 14);
        assert_eq!(v2024.pathway_codes().count(), 72);
        assert_eq!(v2024.clusters.iter().filter(|c| c.cross_cutting).count(), 3);
    }

    #[test]
    fn codes_are_unique_and_pathways_carry_their_cluster_prefix() {
        let clusters = all_cluster_codes();
        assert_eq!(clusters.len(), 30);
        for version in Version::ALL {
            for cluster in &framework(version).clusters {
                for pathway in &cluster.pathways {
                    assert!(
                        pathway.code.starts_with(&format!("{}-", cluster.code)),
                        "{} is listed under {}",
                        pathway.code,
                        cluster.code
                    );
                }
            }
        }
        assert_eq!(all_pathway_codes().len(), 79 + 72);
    }

    #[test]
    fn unverified_facts_are_carried_as_data() {
        assert!(framework(Version::V2008).unverified.is_empty());
        assert!(!framework(Version::V2024).unverified.is_empty());
        let basis: Vec<&str> = crosswalk().iter().map(|e| e.basis.as_str()).collect();
        assert_eq!(
            basis.iter().filter(|b| **b == "stated-in-source").count(),
            6
        );
        assert!(crosswalk()
            .iter()
            .all(|e| e.verified == (e.basis == "stated-in-source")));
        assert_eq!(version_of_cluster("HL"), Some(Version::V2008));
        assert_eq!(version_of_cluster("HHS"), Some(Version::V2024));
        assert_eq!(version_of_cluster("XX"), None);
    }

    #[test]
    fn crosswalk_covers_every_2008_cluster_and_points_at_2024_codes() {
        let v2024 = framework(Version::V2024);
        for cluster in &framework(Version::V2008).clusters {
            let entry = crosswalk().iter().find(|e| e.from == cluster.code);
            let entry = entry.expect("every 2008 cluster has a crosswalk line");
            for target in &entry.to {
                assert!(
                    v2024.cluster(target).is_some(),
                    "{target} is not a 2024 cluster"
                );
            }
        }
    }
}
