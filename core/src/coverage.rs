//! Which rules cover which seed item: the index of seed items
//! (`core/data/seed-items.json`) joined with the citations of loaded rules.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::engine::{Engine, RuleInfo};
use crate::error::{Error, ErrorCode, Result};
use crate::report::Citation;

/// One seed item: a criterion, benchmark, practice or goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedItem {
    /// Stable id, e.g. `local-03`; self-assessments rate items by it.
    pub id: String,
    pub source: String,
    pub section: String,
    pub item: String,
    /// A short paraphrase, for tables; the seed text itself is cited, not copied.
    pub label: String,
    /// What encodes the item besides rules (a document kind, data, a command).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encoded_by: Vec<String>,
}

impl SeedItem {
    fn is(&self, citation: &Citation) -> bool {
        self.source == citation.source
            && self.section == citation.section
            && self.item == citation.item
    }

    /// Whether `rule` cites the item, first or among the sources it also reads.
    fn is_cited_by(&self, rule: &RuleInfo) -> bool {
        self.is(&rule.citation) || rule.see_also.iter().any(|c| self.is(c))
    }
}

/// A seed file and its title.
#[derive(Debug, Deserialize)]
struct Source {
    file: String,
    title: String,
}

#[derive(Debug, Deserialize)]
struct Index {
    sources: Vec<Source>,
    items: Vec<SeedItem>,
    supporting: Vec<SeedItem>,
}

static INDEX: LazyLock<Result<Index>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../data/seed-items.json")).map_err(|error| {
        Error::new(
            ErrorCode::Internal,
            format!("seed item index is invalid: {error}"),
        )
    })
});

fn index() -> Result<&'static Index> {
    INDEX.as_ref().map_err(Clone::clone)
}

/// The seed items the national pack must cover (the 54 criteria, benchmarks,
/// practices and goals).
pub fn required_items() -> Result<&'static [SeedItem]> {
    Ok(&index()?.items)
}

/// Further items rules may cite (plan-of-study integrity from seed 001, the
/// Student Interest Survey from seed 000).
pub fn supporting_items() -> Result<&'static [SeedItem]> {
    Ok(&index()?.supporting)
}

/// The human-readable title of a seed file, e.g. `004_dd85b78ab5c0ff6f.txt`.
pub fn source_title(source: &str) -> Result<Option<&'static str>> {
    Ok(index()?
        .sources
        .iter()
        .find(|s| s.file == source)
        .map(|s| s.title.as_str()))
}

/// Finds an item (required or supporting) by its id.
pub fn item_by_id(id: &str) -> Result<Option<&'static SeedItem>> {
    let index = index()?;
    Ok(index
        .items
        .iter()
        .chain(&index.supporting)
        .find(|item| item.id == id))
}

/// One row of the coverage table.
#[derive(Debug, Clone, Serialize)]
pub struct ItemCoverage {
    #[serde(flatten)]
    pub item: SeedItem,
    /// Whether the item is one of the required ones (else supporting).
    pub required: bool,
    /// Enabled rules citing the item, in pack order.
    pub rules: Vec<String>,
}

/// Totals for one seed section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionCoverage {
    pub source: String,
    pub section: String,
    pub items: usize,
    pub covered: usize,
    pub rules: usize,
}

/// The whole coverage table of an engine's rules.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub items: Vec<ItemCoverage>,
    pub sections: Vec<SectionCoverage>,
    /// Enabled rules whose citation names no indexed item (fine for a state's own
    /// sources; for the national pack, a test keeps this empty).
    pub uncited: Vec<String>,
}

impl Coverage {
    /// Required items no enabled rule cites.
    pub fn missing(&self) -> impl Iterator<Item = &ItemCoverage> {
        self.items
            .iter()
            .filter(|row| row.required && row.rules.is_empty())
    }
}

/// Joins the seed index with the enabled rules of `engine`.
pub fn coverage(engine: &Engine) -> Result<Coverage> {
    let index = index()?;
    let rules: Vec<_> = engine.rules().filter(|rule| rule.enabled).collect();
    let rows = |items: &[SeedItem], required: bool| -> Vec<ItemCoverage> {
        items
            .iter()
            .map(|item| ItemCoverage {
                item: item.clone(),
                required,
                rules: rules
                    .iter()
                    .filter(|rule| item.is_cited_by(rule))
                    .map(|rule| rule.id.clone())
                    .collect(),
            })
            .collect()
    };
    let mut items = rows(&index.items, true);
    items.extend(rows(&index.supporting, false));
    let mut sections: Vec<SectionCoverage> = Vec::new();
    for row in &items {
        let position = sections
            .iter()
            .position(|s| s.source == row.item.source && s.section == row.item.section);
        let section = match position {
            Some(position) => &mut sections[position],
            None => {
                sections.push(SectionCoverage {
                    source: row.item.source.clone(),
                    section: row.item.section.clone(),
                    items: 0,
                    covered: 0,
                    rules: 0,
                });
                let last = sections.len() - 1;
                &mut sections[last]
            }
        };
        section.items += 1;
        section.covered += usize::from(!row.rules.is_empty());
        section.rules += row.rules.len();
    }
    let uncited = rules
        .iter()
        .filter(|rule| !items.iter().any(|row| row.item.is_cited_by(rule)))
        .map(|rule| rule.id.clone())
        .collect();
    Ok(Coverage {
        items,
        sections,
        uncited,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_holds_the_54_seed_items() {
        let items = required_items().unwrap();
        assert_eq!(items.len(), 54);
        let count = |section: &str| items.iter().filter(|i| i.section == section).count();
        assert_eq!(
            count(
                "Quick Reference: Critical Components & Benchmarks for STATE/SYSTEM Implementation"
            ),
            15
        );
        assert_eq!(count("Criteria for System Development"), 10);
        assert_eq!(count("Criteria for Local Development"), 15);
        assert_eq!(count("Essential Classroom Practices"), 10);
        assert_eq!(count("Goals for Learners"), 4);
        let seeds = [
            "000_9001d1c891834b91.txt",
            "001_be4fb90212717caa.txt",
            "002_65a451408e94a691.txt",
            "003_b916d44e8588a146.txt",
            "004_dd85b78ab5c0ff6f.txt",
        ];
        for seed in seeds {
            assert!(source_title(seed).unwrap().is_some(), "{seed} has no title");
        }
        for item in items.iter().chain(supporting_items().unwrap()) {
            assert!(seeds.contains(&item.source.as_str()), "{item:?}");
        }
        let mut ids: Vec<&str> = items
            .iter()
            .chain(supporting_items().unwrap())
            .map(|i| i.id.as_str())
            .collect();
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count, "item ids are unique");
    }

    #[test]
    fn every_seed_item_has_a_rule_and_every_national_rule_cites_an_item() {
        let engine = Engine::builtin().unwrap();
        let table = coverage(&engine).unwrap();
        let missing: Vec<_> = table.missing().map(|row| &row.item).collect();
        assert!(
            missing.is_empty(),
            "seed items without a rule: {missing:#?}"
        );
        let unencoded: Vec<_> = table
            .items
            .iter()
            .filter(|row| row.rules.is_empty() && row.item.encoded_by.is_empty())
            .map(|row| &row.item.id)
            .collect();
        assert!(
            unencoded.is_empty(),
            "supporting items that nothing encodes: {unencoded:?}"
        );
        // The 2024 framework is read by the rules that look clusters up in
        // the document's framework version, and they cite it.
        let modern = table
            .items
            .iter()
            .find(|row| row.item.id == "framework-2024-01")
            .unwrap();
        for id in ["POS-01", "POS-02", "STATE-03", "SYSTEM-07", "SURVEY-01"] {
            assert!(modern.rules.iter().any(|r| r == id), "{id}: {modern:?}");
        }
        assert!(
            table.uncited.is_empty(),
            "rules citing no indexed item: {:?}",
            table.uncited
        );
    }

    #[test]
    fn disabling_the_only_rule_of_an_item_shows_it_missing() {
        let overrides = crate::Pack::from_text(
            "name: t\noverrides:\n  - { rule: STATE-15, enabled: false }\n",
            "t.yaml",
        )
        .unwrap();
        let engine = Engine::with_packs(vec![overrides]).unwrap();
        let table = coverage(&engine).unwrap();
        let missing: Vec<&str> = table.missing().map(|row| row.item.item.as_str()).collect();
        assert_eq!(missing, ["Student-Centered Learning"]);
    }
}
