//! `Report._repr_html_`: core's HTML fragment, the same rendering as the CLI's
//! `--format html` page, so a notebook and a CI report read alike.

use cte_rules_core::Report;

/// The report as an embeddable fragment (its style scoped to it, no page wrapper).
pub fn report_table(report: &Report) -> String {
    cte_rules_core::html::fragment(std::slice::from_ref(report))
}
