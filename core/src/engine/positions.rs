//! Line and column for findings, from the text a document was read from.

use crate::document::position::Lines;
use crate::document::{self, Format, Locator, Tree};
use crate::report::Report;

/// The text a document was read from, and the format it was parsed as
/// (`None`: sniffed), so that text read as JSON takes the scanner's fast path.
#[derive(Clone, Copy)]
pub(super) struct Source<'t> {
    pub(super) text: &'t str,
    pub(super) format: Option<Format>,
    /// The tree the text was read into, when it was JSON: it knows where
    /// every value starts, so the text is not scanned again.
    pub(super) tree: Option<&'t Tree<'t>>,
}

/// Gives every finding the line and column where its value starts in the text,
/// or where the nearest enclosing value does. Runs only when there is
/// something to locate.
pub(super) fn add_positions(report: &mut Report, source: Source<'_>) {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(source.text);
    let paths: Vec<Option<&str>> = report
        .findings
        .iter()
        .map(|finding| {
            finding
                .line
                .is_none()
                .then(|| finding.path.as_deref().unwrap_or_default())
        })
        .collect();
    let placed = match source.tree {
        Some(tree) => place_by_tree(tree, text, &paths),
        None => {
            let format = source.format.unwrap_or_else(|| Format::sniff(text));
            place_by_scanning(text, format, &paths)
        }
    };
    for (finding, place) in report.findings.iter_mut().zip(placed) {
        if let Some((line, column)) = place {
            finding.line = Some(line);
            finding.column = Some(column);
        }
    }
}

/// Places each pointer on the nearest of its ancestors the tree holds.
fn place_by_tree(tree: &Tree<'_>, text: &str, paths: &[Option<&str>]) -> Vec<Option<(u64, u64)>> {
    let mut locator = Locator::new(tree);
    let mut offsets: Vec<(usize, usize)> = paths
        .iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let offset = ancestry((*path)?).find_map(|p| locator.offset_of(p))?;
            Some((offset, i))
        })
        .collect();
    // Lines are counted forward, so the offsets are visited in order.
    offsets.sort_unstable();
    let mut lines = Lines::new(text);
    let mut placed = vec![None; paths.len()];
    for (offset, i) in offsets {
        placed[i] = Some(lines.at(offset));
    }
    placed
}

/// Places each pointer on the nearest of its ancestors found by reading the text.
fn place_by_scanning(
    text: &str,
    format: Format,
    paths: &[Option<&str>],
) -> Vec<Option<(u64, u64)>> {
    let mut wanted: Vec<&str> = paths.iter().flatten().flat_map(|p| ancestry(p)).collect();
    if wanted.is_empty() {
        return vec![None; paths.len()];
    }
    wanted.sort_unstable();
    wanted.dedup();
    let found = match format {
        Format::Json => document::position::locate_json(text, &wanted),
        Format::Yaml => document::position::locate(text, &wanted),
    };
    paths
        .iter()
        .map(|path| path.and_then(|p| ancestry(p).find_map(|a| found.get(a)).copied()))
        .collect()
}

/// A pointer, then each of its parents up to the root (`""`): a finding about a
/// value the document leaves out (a missing list, a defaulted field) is placed
/// on the nearest value that is there, and one about the whole document on it.
fn ancestry(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(pointer), |p| p.rfind('/').map(|i| &p[..i]))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{add_positions, Source};
    use crate::document::position::tests_support::all_pointers;
    use crate::document::strategies::{json_with_awkward_keys as json_value, render};
    use crate::document::{Format, Tree};
    use crate::report::{Finding, Report, Severity, Status};

    fn report_at(paths: &[String]) -> Report {
        Report {
            source: "t.json".to_owned(),
            kind: None,
            valid: true,
            findings: paths
                .iter()
                .map(|path| Finding {
                    rule: "R".to_owned(),
                    severity: Severity::Error,
                    status: Status::Fail,
                    message: String::new(),
                    path: Some(path.clone()),
                    line: None,
                    column: None,
                    citation: None,
                    remediation: None,
                    code: None,
                })
                .collect(),
            summary: Default::default(),
        }
    }

    /// Positions of findings at `paths`, found by reading the text or from its tree.
    fn placed(text: &str, paths: &[String], tree: Option<&Tree<'_>>) -> Vec<(u64, u64)> {
        let mut report = report_at(paths);
        let source = Source {
            text,
            format: Some(Format::Json),
            tree,
        };
        add_positions(&mut report, source);
        report
            .findings
            .iter()
            .map(|f| (f.line.unwrap_or(0), f.column.unwrap_or(0)))
            .collect()
    }

    proptest! {
        /// The tree the text was read into places every finding where reading
        /// the text again does, with lines ended by `\n`, `\r\n` or `\r`.
        #[test]
        fn the_tree_places_findings_where_the_scanner_does(
            value in json_value(),
            pretty in any::<bool>(),
            ending in prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
        ) {
            let text = if pretty {
                render(&value, true).replace('\n', ending)
            } else {
                render(&value, false)
            };
            let tree = Tree::parse(&text).unwrap();
            let mut present = Vec::new();
            all_pointers(&value, "", &mut present);
            // Below each pointer, a few that are absent.
            let paths: Vec<String> = present
                .iter()
                .flat_map(|p| [p.clone(), format!("{p}/absent"), format!("{p}/7/x")])
                .collect();
            let by_tree = placed(&text, &paths, Some(&tree));
            prop_assert!(by_tree.iter().all(|&(line, _)| line > 0));
            prop_assert_eq!(by_tree, placed(&text, &paths, None));
        }
    }
}
