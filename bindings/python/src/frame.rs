//! The columns of `reports_to_dataframe`, built in one pass over the reports'
//! core values: no dict per report or row, a string object per distinct value
//! of the repetitive columns, and numbers, flags and severities as packed
//! bytes that numpy reads without a Python object per cell.

use std::collections::HashMap;

use cte_rules_core::{Finding, Severity};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::report::PyReport;

/// A column of text, `None` where absent. An `interned` column reuses one
/// string object per distinct value (rule ids, citations, remediations).
struct Text<'py> {
    cells: Vec<Option<Bound<'py, PyString>>>,
    interned: Option<HashMap<String, Bound<'py, PyString>>>,
}

impl<'py> Text<'py> {
    fn new(interned: bool) -> Self {
        Text {
            cells: Vec::new(),
            interned: interned.then(HashMap::new),
        }
    }

    fn push(&mut self, py: Python<'py>, value: Option<&str>) {
        let cell = value.map(|value| match &mut self.interned {
            Some(seen) => {
                if let Some(text) = seen.get(value) {
                    return text.clone();
                }
                let text = PyString::new(py, value);
                seen.insert(value.to_owned(), text.clone());
                text
            }
            None => PyString::new(py, value),
        });
        self.cells.push(cell);
    }

    /// The same cell `count` times: a report's source and kind on each of its rows.
    fn repeat(&mut self, py: Python<'py>, value: Option<&str>, count: usize) {
        self.push(py, value);
        let cell = self.cells.last().cloned().flatten();
        self.cells.extend(std::iter::repeat_n(cell, count - 1));
    }

    fn into_list(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.cells)
    }
}

/// A nullable integer column: values and a mask (true where absent), as
/// pandas' `Int64` arrays hold them.
#[derive(Default)]
struct Integers {
    values: Vec<u8>,
    mask: Vec<u8>,
}

impl Integers {
    fn push(&mut self, value: Option<u64>) {
        let number = value.map_or(0, |value| i64::try_from(value).unwrap_or(i64::MAX));
        self.values.extend_from_slice(&number.to_le_bytes());
        self.mask.push(u8::from(value.is_none()));
    }
}

/// Category codes of `error`, `warning`, `info` (in `SEVERITIES` order); -1 absent.
fn severity_code(severity: Option<Severity>) -> u8 {
    match severity {
        Some(Severity::Error) => 0,
        Some(Severity::Warning) => 1,
        Some(Severity::Info) => 2,
        None => u8::MAX,
    }
}

#[derive(Default)]
struct Flags(Vec<u8>);

impl Flags {
    fn push(&mut self, flag: bool) {
        self.0.push(u8::from(flag));
    }
}

/// The columns by name: text as lists, `valid`/`ok` as bytes of 0/1,
/// `line`/`column` as `(int64 little-endian bytes, mask bytes)`, `severity`
/// as bytes of int8 codes into `("error", "warning", "info")`.
#[pyfunction]
pub fn _dataframe_columns<'py>(
    py: Python<'py>,
    reports: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let (mut source, mut kind) = (Text::new(false), Text::new(true));
    let mut names = [
        "rule",
        "status",
        "message",
        "path",
        "citation_source",
        "citation_section",
        "citation_item",
        "citation_title",
        "remediation",
    ]
    .map(|name| (name, Text::new(!matches!(name, "message" | "path"))));
    let (mut valid, mut ok) = (Flags::default(), Flags::default());
    let (mut line, mut column) = (Integers::default(), Integers::default());
    let mut severity = Vec::new();
    for item in reports.try_iter()? {
        let item = item?;
        let report = &item
            .cast::<PyReport>()
            .map_err(|_| {
                PyTypeError::new_err(format!(
                    "reports_to_dataframe takes Report objects, not {}",
                    item.get_type()
                        .name()
                        .map_or_else(|_| "?".into(), |n| n.to_string())
                ))
            })?
            .get()
            .0;
        let findings: Vec<Option<&Finding>> = if report.findings.is_empty() {
            vec![None]
        } else {
            report.findings.iter().map(Some).collect()
        };
        source.repeat(py, Some(&report.source), findings.len());
        kind.repeat(py, report.kind.as_deref(), findings.len());
        for finding in findings {
            valid.push(report.valid);
            ok.push(report.ok());
            let citation = finding.and_then(|finding| finding.citation.as_ref());
            let cells = [
                finding.map(|finding| finding.rule.as_str()),
                finding.map(|finding| finding.status.as_str()),
                finding.map(|finding| finding.message.as_str()),
                finding.and_then(|finding| finding.path.as_deref()),
                citation.map(|citation| citation.source.as_str()),
                citation.map(|citation| citation.section.as_str()),
                citation.map(|citation| citation.item.as_str()),
                citation.map(|citation| citation.title.as_str()),
                finding.and_then(|finding| finding.remediation.as_deref()),
            ];
            for ((_, text), cell) in names.iter_mut().zip(cells) {
                text.push(py, cell);
            }
            line.push(finding.and_then(|finding| finding.line));
            column.push(finding.and_then(|finding| finding.column));
            severity.push(severity_code(finding.map(|finding| finding.severity)));
        }
    }
    let columns = PyDict::new(py);
    columns.set_item("source", source.into_list(py)?)?;
    columns.set_item("kind", kind.into_list(py)?)?;
    columns.set_item("valid", PyBytes::new(py, &valid.0))?;
    columns.set_item("ok", PyBytes::new(py, &ok.0))?;
    for (name, text) in names {
        columns.set_item(name, text.into_list(py)?)?;
    }
    for (name, numbers) in [("line", line), ("column", column)] {
        let pair = (
            PyBytes::new(py, &numbers.values),
            PyBytes::new(py, &numbers.mask),
        );
        columns.set_item(name, pair)?;
    }
    columns.set_item("severity", PyBytes::new(py, &severity))?;
    Ok(columns)
}
