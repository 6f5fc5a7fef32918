//! End-to-end tests of the `cte-rules` binary: every exit code, every output
//! format, malformed input and broken packs. Run from the repository root.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly by design

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cte(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cte-rules"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn cte_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cte-rules"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

const TODAY: &str = "--today=2025-11-23";

#[test]
fn checking_the_examples_prints_findings_and_exits_1() {
    let output = cte(&["check", "examples/", TODAY]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    insta::assert_snapshot!("check-examples-text", stdout(&output));
}

#[test]
fn a_passing_document_exits_0() {
    let output = cte(&["check", "examples/plan-of-study-health-science.yaml", TODAY]);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(
        out.starts_with("1 document checked: 0 errors, 0 warnings, 0 infos; ")
            && out.ends_with(" checks passed\n"),
        "{out}"
    );
}

#[test]
fn fail_on_sets_the_threshold() {
    let failing = "examples/plan-of-study-it-gaps.json";
    assert_eq!(
        cte(&["check", failing, "--fail-on", "never"]).status.code(),
        Some(0)
    );
    assert_eq!(
        cte(&["check", failing, "--fail-on", "error"]).status.code(),
        Some(1)
    );
    // With the state pack, the plan's only failure below error level is an info.
    let base = "tests/rules/base/plan-of-study.yaml";
    let mut args = vec![
        "check",
        base,
        TODAY,
        "--pack",
        "tests/packs/state-overrides.yaml",
    ];
    assert_eq!(cte(&args).status.code(), Some(0));
    args.extend(["--fail-on", "info"]);
    let output = cte(&args);
    // The base plan has a grade, so the added info rule passes too.
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_malformed_file_is_a_parse_finding_with_line_and_column() {
    let output = cte(&["check", "examples/plan-of-study-malformed.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with(
            "examples/plan-of-study-malformed.json:6:3: error parse invalid JSON: expected `,` or `}`"
        ),
        "{}",
        stdout(&output)
    );
    let report = &json(&cte(&[
        "check",
        "examples/plan-of-study-malformed.json",
        "--format",
        "json",
    ]))["documents"][0];
    assert_eq!(report["findings"][0]["rule"], "parse");
    assert_eq!(report["findings"][0]["line"], 6);
    assert_eq!(report["findings"][0]["column"], 3);
    assert_eq!(report["valid"], false);
}

#[test]
fn a_schema_invalid_file_gives_one_schema_finding_per_violation() {
    let output = cte(&[
        "check",
        "examples/plan-of-study-invalid.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = &json(&output)["documents"][0];
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|f| assert_eq!(f["rule"], "schema"))
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/advising_meetings/0/date",
            "/cluster",
            "/school_years/0/grade"
        ]
    );
}

#[test]
fn a_broken_pack_exits_2_with_e_pack_cel() {
    let output = cte(&[
        "check",
        "examples/",
        "--pack",
        "tests/packs/broken-cel.yaml",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("cte-rules: E_PACK_CEL: tests/packs/broken-cel.yaml: rule `STATE-BAD-01`: at `/rules/0/check`: invalid CEL"),
        "{message}"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn invocation_problems_exit_2_with_a_code() {
    let missing = cte(&["check", "no/such/file.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("cte-rules: E_IO: cannot read `no/such/file.yaml`"),
        "{}",
        stderr(&missing)
    );

    let bad_flag = cte(&["check", "--frobnicate"]);
    assert_eq!(bad_flag.status.code(), Some(2));
    assert_eq!(
        stderr(&bad_flag).lines().count(),
        1,
        "{}",
        stderr(&bad_flag)
    );
    assert!(
        stderr(&bad_flag).starts_with("cte-rules: E_USAGE: unexpected argument '--frobnicate'"),
        "{}",
        stderr(&bad_flag)
    );

    let bad_format = cte(&["check", "examples/", "--format", "xml"]);
    assert_eq!(bad_format.status.code(), Some(2));
    assert!(stderr(&bad_format).contains("E_USAGE"));

    let bad_date = cte(&["check", "examples/", "--today", "yesterday"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(stderr(&bad_date).contains("E_USAGE"));

    let missing_pack = cte(&["check", "examples/", "--pack", "nope.yaml"]);
    assert_eq!(missing_pack.status.code(), Some(2));
    assert!(
        stderr(&missing_pack).starts_with("cte-rules: E_IO: nope.yaml"),
        "{}",
        stderr(&missing_pack)
    );
}

#[test]
fn json_output_has_tool_documents_and_summary() {
    let output = cte(&["check", "examples/", "--format", "json", TODAY]);
    assert_eq!(output.status.code(), Some(1));
    let value = json(&output);
    assert_eq!(value["tool"]["name"], "cte-rules");
    assert_eq!(value["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let documents = value["documents"].as_array().unwrap();
    assert_eq!(value["summary"]["documents"], documents.len());
    let errors: u64 = documents
        .iter()
        .map(|d| d["summary"]["errors"].as_u64().unwrap())
        .sum();
    assert_eq!(value["summary"]["errors"], errors);
    for document in documents {
        for key in ["source", "kind", "valid", "findings", "summary"] {
            assert!(document.get(key).is_some(), "{key} missing in {document}");
        }
        for finding in document["findings"].as_array().unwrap() {
            for key in [
                "rule",
                "severity",
                "status",
                "message",
                "path",
                "citation",
                "remediation",
            ] {
                assert!(finding.get(key).is_some(), "{key} missing in {finding}");
            }
        }
    }
}

#[test]
fn all_includes_passing_findings() {
    let output = cte(&[
        "check",
        "examples/plan-of-study-health-science.yaml",
        "--all",
        "--format",
        "json",
        TODAY,
    ]);
    let findings = json(&output)["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert!(findings.len() >= 10, "{findings:?}");
    assert!(findings.iter().all(|f| f["status"] == "pass"));
    let text = stdout(&cte(&[
        "check",
        "examples/plan-of-study-health-science.yaml",
        "--all",
        TODAY,
    ]));
    assert!(text.contains(": pass LOCAL-03 Learner meets an adviser at least twice each school year [at /school_years/0]"), "{text}");
}

#[test]
fn ndjson_documents_are_named_by_line() {
    let dir = std::env::temp_dir().join(format!("cte-rules-ndjson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("batch.ndjson");
    let plan = std::fs::read_to_string(repo().join("examples/plan-of-study-it-gaps.json")).unwrap();
    let one_line: serde_json::Value = serde_json::from_str(&plan).unwrap();
    std::fs::write(
        &path,
        format!("{one_line}\n\n{{\"kind\": \"curriculum\"\n{one_line}\n"),
    )
    .unwrap();
    let output = cte(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--jobs",
        "2",
        TODAY,
    ]);
    let documents = json(&output)["documents"].as_array().unwrap().clone();
    let sources: Vec<String> = documents
        .iter()
        .map(|d| d["source"].as_str().unwrap().to_owned())
        .collect();
    let name = path.display().to_string();
    assert_eq!(
        sources,
        [
            format!("{name}:1"),
            format!("{name}:3"),
            format!("{name}:4")
        ]
    );
    assert_eq!(documents[1]["findings"][0]["rule"], "parse");
    assert_eq!(documents[0], {
        let mut third = documents[2].clone();
        third["source"] = documents[0]["source"].clone();
        third
    });
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_is_read_with_a_dash() {
    let plan = std::fs::read(repo().join("examples/plan-of-study-it-gaps.json")).unwrap();
    let output = cte_stdin(&["check", "-", TODAY], &plan);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("-:5:14: error POS-02"),
        "{}",
        stdout(&output)
    );
    let yaml = std::fs::read(repo().join("examples/plan-of-study-health-science.yaml")).unwrap();
    assert_eq!(cte_stdin(&["check", TODAY], &yaml).status.code(), Some(0));
}

#[test]
fn empty_and_binary_files_are_coded_findings() {
    let dir = std::env::temp_dir().join(format!("cte-rules-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("empty.yaml"), b"").unwrap();
    std::fs::write(dir.join("binary.json"), [0u8, 159, 146, 150]).unwrap();
    std::fs::write(dir.join("big.json"), vec![b' '; 2048]).unwrap();
    let output = cte(&[
        "check",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--max-bytes",
        "1024",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let messages: Vec<String> = json(&output)["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["findings"][0]["rule"], "parse");
            d["findings"][0]["message"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        messages,
        [
            "document is 1025 bytes, over the limit of 1024 bytes",
            "document is binary, not text",
            "document is empty",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_list_and_show() {
    let list = cte(&["rules", "list"]);
    assert_eq!(list.status.code(), Some(0));
    assert!(
        stdout(&list).lines().any(|l| l.starts_with("LOCAL-03 ")
            && l.contains("plan-of-study")
            && l.contains(
                "004_dd85b78ab5c0ff6f.txt § Criteria for Local Development › Career Development"
            )),
        "{}",
        stdout(&list)
    );

    let listed = json(&cte(&["rules", "list", "--format", "json"]));
    let first = &listed.as_array().unwrap()[0];
    for key in ["id", "title", "severity", "kind", "citation"] {
        assert!(first.get(key).is_some(), "{key} missing");
    }

    let show = cte(&["rules", "show", "LOCAL-03"]);
    assert_eq!(show.status.code(), Some(0));
    assert!(stdout(&show)
        .starts_with("LOCAL-03: Learner meets an adviser at least twice each school year\n"));
    assert!(stdout(&show).contains("remediation:"));

    let layered = stdout(&cte(&[
        "rules",
        "list",
        "--pack",
        "tests/packs/state-overrides.yaml",
    ]));
    assert!(layered.lines().any(|l| l.starts_with("STATE-EX-01 ")));
    assert!(layered
        .lines()
        .any(|l| l.starts_with("LOCAL-09-CRED ") && l.contains("(disabled)")));
    assert!(layered
        .lines()
        .any(|l| l.starts_with("POS-03 ") && l.contains(" warning ")));

    let unknown = cte(&["rules", "show", "NOPE-99"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).starts_with("cte-rules: E_UNKNOWN_RULE:"));
}

#[test]
fn rules_coverage_lists_every_seed_item() {
    let text = cte(&["rules", "coverage"]);
    assert_eq!(text.status.code(), Some(0));
    let out = stdout(&text);
    assert!(out.contains("54 of 54 seed items covered"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("Shared Planning Time") && l.contains("LOCAL-02")),
        "{out}"
    );

    let table = json(&cte(&["rules", "coverage", "--format", "json"]));
    let items = table["items"].as_array().unwrap();
    let required: Vec<_> = items.iter().filter(|i| i["required"] == true).collect();
    assert_eq!(required.len(), 54);
    assert!(required
        .iter()
        .all(|i| !i["rules"].as_array().unwrap().is_empty()));
    let local = table["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["section"] == "Criteria for Local Development")
        .unwrap();
    assert_eq!(
        (local["items"].as_u64(), local["covered"].as_u64()),
        (Some(15), Some(15))
    );

    // Disabling the only rule of an item shows the gap.
    let dir = std::env::temp_dir().join(format!("cte-rules-coverage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pack = dir.join("off.yaml");
    std::fs::write(
        &pack,
        "name: off\noverrides:\n  - { rule: STATE-15, enabled: false }\n",
    )
    .unwrap();
    let out = stdout(&cte(&[
        "rules",
        "coverage",
        "--pack",
        pack.to_str().unwrap(),
    ]));
    assert!(out.contains("53 of 54 seed items covered"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("Student-Centered Learning") && l.contains("(no rule)")),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_2024_plan_with_a_2008_cluster_points_at_the_crosswalk() {
    let ok = cte(&[
        "check",
        "examples/plan-of-study-2024-digital-technology.yaml",
        TODAY,
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let old = cte(&["check", "examples/plan-of-study-2024-old-code.yaml", TODAY]);
    assert_eq!(old.status.code(), Some(1));
    assert!(
        stdout(&old).starts_with("examples/plan-of-study-2024-old-code.yaml:6:10: error POS-01 cluster `IT` is not a Career Cluster of the 2024 framework; it is a 2008 cluster, which the 2008-to-2024 crosswalk maps to DGT (`cte-rules framework crosswalk IT`)"),
        "{}",
        stdout(&old)
    );
}

#[test]
fn framework_list_and_crosswalk_say_what_is_unverified() {
    let v2008 = cte(&["framework", "list"]);
    assert_eq!(v2008.status.code(), Some(0));
    assert!(
        stdout(&v2008).starts_with("framework 2008: "),
        "{}",
        stdout(&v2008)
    );
    assert!(stderr(&v2008).is_empty());
    let listed = json(&cte(&[
        "framework",
        "list",
        "--version",
        "2024",
        "--format",
        "json",
    ]));
    assert_eq!(listed["clusters"].as_array().unwrap().len(), 14);
    let subs: usize = listed["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["pathways"].as_array().unwrap().len())
        .sum();
    assert_eq!(subs, 72);
    assert!(!listed["unverified"].as_array().unwrap().is_empty());
    let v2024 = cte(&["framework", "list", "--version", "2024"]);
    assert!(
        stderr(&v2024).starts_with("warning: unverified: "),
        "{}",
        stderr(&v2024)
    );

    let one = cte(&["framework", "crosswalk", "hl"]);
    assert_eq!(one.status.code(), Some(0));
    assert!(
        stdout(&one).contains("HHS Healthcare & Human Services  [stated in a source]"),
        "{}",
        stdout(&one)
    );
    assert!(stderr(&one).is_empty(), "a verified line needs no warning");
    let inferred = cte(&["framework", "crosswalk", "MN"]);
    assert!(stdout(&inferred).contains("[UNVERIFIED: inferred from names]"));
    assert!(stderr(&inferred).starts_with("warning: unverified: "));
    let all = json(&cte(&["framework", "crosswalk", "--format", "json"]));
    assert_eq!(all["map"].as_array().unwrap().len(), 16);
    let st = all["map"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["from"] == "ST")
        .unwrap();
    assert_eq!(st["to"].as_array().unwrap().len(), 0);
    let wrong = cte(&["framework", "crosswalk", "HHS"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("already a 2024 cluster code"));
}

#[test]
fn survey_score_ranks_every_cluster_and_keeps_ties() {
    let en = cte(&["survey", "score", "examples/interest-survey-en.yaml"]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    insta::assert_snapshot!("survey-score-en", stdout(&en));
    let tie = cte(&[
        "survey",
        "score",
        "examples/interest-survey-es-tie.yaml",
        "--format",
        "json",
    ]);
    let value = json(&tie);
    assert_eq!(
        value["top"],
        serde_json::json!(["MN", "AC", "IT", "ST", "TD"])
    );
    assert_eq!(value["ties"], serde_json::json!(["IT", "ST", "TD"]));
    assert_eq!(value["scores"].as_array().unwrap().len(), 16);
    assert_eq!(value["scores"][0]["name"], "Manufactura");
    let english = json(&cte(&[
        "survey",
        "score",
        "examples/interest-survey-es-tie.yaml",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert_eq!(english["scores"][0]["name"], "Manufacturing");
    let text = stdout(&cte(&[
        "survey",
        "score",
        "examples/interest-survey-es-tie.yaml",
    ]));
    assert!(
        text.contains("Third place is tied between IT, ST, TD (5 each)"),
        "{text}"
    );

    let wrong = cte(&[
        "survey",
        "score",
        "examples/plan-of-study-health-science.yaml",
    ]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong)
            .starts_with("cte-rules: E_INPUT: examples/plan-of-study-health-science.yaml: "),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn rubric_reconcile_reports_each_disagreement_type() {
    let state = cte(&[
        "rubric",
        "reconcile",
        "examples/self-assessment-state-ohio.yaml",
        "examples/state-system-ohio.yaml",
        TODAY,
    ]);
    assert_eq!(state.status.code(), Some(1));
    insta::assert_snapshot!("rubric-reconcile-state", stdout(&state));
    let local = json(&cte(&[
        "rubric",
        "reconcile",
        "examples/self-assessment-local-riverside.yaml",
        "examples/local-program-riverside-health.yaml",
        "--format",
        "json",
        TODAY,
    ]));
    let agreement = |id: &str| {
        local["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == id)
            .unwrap()["agreement"]
            .clone()
    };
    assert_eq!(agreement("local-02"), "over-rated");
    assert_eq!(agreement("local-15"), "under-rated");
    assert_eq!(agreement("local-12"), "not-rated");
    assert_eq!(agreement("local-05"), "no-evidence");
    assert_eq!(agreement("local-01"), "agrees");
    assert_eq!(local["summary"]["over_rated"], 2);
    assert_eq!(local["summary"]["excellent"], 9);
    let rate = local["summary"]["agreement_rate"].as_f64().unwrap();
    assert!((rate - 10.0 / 13.0).abs() < 1e-9, "{rate}");

    let mismatched = cte(&[
        "rubric",
        "reconcile",
        "examples/self-assessment-state-ohio.yaml",
        "examples/local-program-riverside-health.yaml",
    ]);
    assert_eq!(mismatched.status.code(), Some(2));
    assert!(
        stderr(&mismatched).contains("reconciled with a valid `state-system` document"),
        "{}",
        stderr(&mismatched)
    );
}

#[test]
fn schema_prints_one_or_writes_all() {
    let one = cte(&["schema", "plan-of-study"]);
    assert_eq!(one.status.code(), Some(0));
    let checked_in =
        std::fs::read_to_string(repo().join("schemas/plan-of-study.schema.json")).unwrap();
    assert_eq!(stdout(&one), checked_in);
    let schema: serde_json::Value = serde_json::from_str(&checked_in).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );

    let unknown = cte(&["schema", "lesson-plan"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).starts_with("cte-rules: E_UNKNOWN_KIND: unknown schema `lesson-plan`"));

    let dir = std::env::temp_dir().join(format!("cte-rules-schemas-{}", std::process::id()));
    let all = cte(&["schema", "--out", dir.to_str().unwrap()]);
    assert_eq!(all.status.code(), Some(0));
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "curriculum.schema.json",
            "interest-survey.schema.json",
            "local-program.schema.json",
            "plan-of-study.schema.json",
            "report.schema.json",
            "rule-pack.schema.json",
            "self-assessment.schema.json",
            "state-system.schema.json",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
