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
fn a_broken_pack_exits_2_with_e_pack_cel_and_the_caret_display_below() {
    let output = cte(&[
        "check",
        "examples/",
        "--pack",
        "tests/packs/broken-cel.yaml",
    ]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!("broken-pack-cel", stderr(&output));
    assert!(stdout(&output).is_empty());
}

#[test]
fn rules_check_lists_every_pack_error_at_once_with_its_place() {
    let output = cte(&["rules", "check", "tests/packs/many-mistakes.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    insta::assert_snapshot!("rules-check-many-mistakes", stderr(&output));
    let output = cte(&[
        "rules",
        "check",
        "tests/packs/many-mistakes.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let answer = json(&output);
    assert_eq!(answer["valid"], false);
    let codes: Vec<&str> = answer["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "E_PACK_SCHEMA",
            "E_PACK_SCHEMA",
            "E_PACK_CEL",
            "E_PACK_DUPLICATE_ID",
            "E_PACK_CEL",
            "E_PACK_CEL",
            "E_PACK_UNKNOWN_RULE"
        ]
    );
    assert_eq!(answer["errors"][0]["line"], 8);
}

#[test]
fn rules_check_passes_a_good_pack() {
    let output = cte(&["rules", "check", "tests/packs/state-overrides.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("ok: 1 pack(s), "));
}

#[test]
fn a_rule_that_cannot_be_evaluated_fails_the_run_in_every_format() {
    let plan = "examples/plan-of-study-health-science.yaml";
    let args = |format: &'static str| {
        [
            "check",
            plan,
            "--no-builtin",
            "--pack",
            "tests/packs/unevaluable-warning.yaml",
            "--today",
            "2025-11-23",
            "--format",
            format,
        ]
    };
    let json = cte(&args("json"));
    assert_eq!(
        json.status.code(),
        Some(1),
        "a warning rule that cannot run is an error"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let finding = &report["documents"][0]["findings"][0];
    assert_eq!(finding["status"], "error");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["code"], "E_EVAL");
    let text = stdout(&cte(&args("text")));
    assert!(
        text.contains(
            ": error STATE-UNEVAL-01 rule STATE-UNEVAL-01 could not be evaluated (its `check`)"
        ),
        "{text}"
    );
    let junit = stdout(&cte(&args("junit")));
    assert!(
        junit.contains("errors=\"1\"") && junit.contains("<error message="),
        "{junit}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&cte(&args("sarif")))).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "error");
    let github = stdout(&cte(&args("github")));
    assert!(github.starts_with("::error "), "{github}");
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

    // The right shape is not enough: the date must exist (core validates it).
    for date in ["yesterday", "2025-02-29", "2025-04-31", "2025-13-01"] {
        for command in [
            &["check", "examples/"][..],
            &[
                "rubric",
                "reconcile",
                "examples/self-assessment-state-ohio.yaml",
                "examples/state-system-ohio.yaml",
            ],
        ] {
            let output = cte(&[command, &["--today", date]].concat());
            assert_eq!(output.status.code(), Some(2), "{command:?} {date}");
            assert_eq!(
                stderr(&output),
                format!("cte-rules: E_USAGE: `--today {date}` is not a date; write YYYY-MM-DD\n"),
                "{command:?}"
            );
        }
    }
    let leap_day = cte(&[
        "check",
        "examples/plan-of-study-it-gaps.json",
        "--today",
        "2024-02-29",
    ]);
    assert_eq!(leap_day.status.code(), Some(1), "{}", stderr(&leap_day));

    for flag in ["--max-bytes", "--max-depth", "--max-steps"] {
        let zero = cte(&["check", "examples/", flag, "0"]);
        assert_eq!(zero.status.code(), Some(2), "{flag}");
        assert_eq!(
            stderr(&zero),
            format!("cte-rules: E_USAGE: `{flag}` is 0; it must be a whole number of at least 1\n")
        );
    }
    let deep = cte(&["check", "examples/", "--max-depth", "10001"]);
    assert_eq!(deep.status.code(), Some(2));
    assert!(
        stderr(&deep)
            .starts_with("cte-rules: E_USAGE: `--max-depth` is 10001; it must be at most 10000"),
        "{}",
        stderr(&deep)
    );

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
    assert!(text.contains(": pass LOCAL-03 Learner meets an adviser on two occasions each school year [at /school_years/0]"), "{text}");
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
fn a_huge_jobs_count_is_cut_to_the_cap_with_the_same_output() {
    // `--jobs 3000` once started 3,000 threads (42 s and 2.17 GB on a file
    // checked in 0.11 s by default); now it runs on at most four per core.
    let args = |jobs: &'static str| {
        [
            "check",
            "examples/",
            "--format",
            "json",
            "--jobs",
            jobs,
            TODAY,
        ]
    };
    let capped = cte(&args("3000"));
    assert_eq!(capped.status.code(), Some(1));
    assert_eq!(stdout(&capped), stdout(&cte(&args("1"))));
}

#[test]
fn an_over_long_ndjson_line_is_reported_against_the_limit_not_a_made_up_size() {
    let dir = std::env::temp_dir().join(format!("cte-rules-long-line-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("batch.ndjson");
    let long = format!(
        "{{\"kind\": \"plan-of-study\", \"note\": \"{}\"}}\n",
        "x".repeat(100_000)
    );
    std::fs::write(&path, long).unwrap();
    let output = cte(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--max-bytes",
        "1024",
        TODAY,
    ]);
    let report = json(&output);
    assert_eq!(
        report["documents"][0]["findings"][0]["message"],
        "document is longer than the limit of 1024 bytes"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_repeated_name_is_reported_at_the_value_checked() {
    let dir = scratch("repeated-name");
    let plan = std::fs::read_to_string(repo().join("examples/plan-of-study-it-gaps.json")).unwrap();
    // The first `cluster` is the example's own; the last, the one checked, is no code.
    let repeated = plan.replacen(
        "\"advising_meetings\"",
        "\"cluster\": \"XX\",\n  \"advising_meetings\"",
        1,
    );
    let last = repeated.find("\"cluster\": \"XX\"").unwrap();
    let line = repeated[..last].matches('\n').count() + 1;
    let path = dir.join("repeated.json");
    std::fs::write(&path, &repeated).unwrap();
    let output = cte(&["check", path.to_str().unwrap(), TODAY]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "{}:{line}:14: error schema unknown Career Cluster code `XX`; use a 2008 code such as `HL` or a 2024 code such as `HHS` [at /cluster]",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_megabyte_value_is_echoed_by_its_first_characters() {
    let plan = std::fs::read_to_string(repo().join("examples/plan-of-study-it-gaps.json")).unwrap();
    let huge = plan.replacen(
        "\"LRN-2026-1187\"",
        &format!("\"{}\"", "L".repeat(1 << 20)),
        1,
    );
    let output = cte_stdin(&["check", "-", "--format", "json", TODAY], huge.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    let finding = &report["documents"][0]["findings"][0];
    assert_eq!(finding["path"], "/learner/id");
    let message = finding["message"].as_str().unwrap();
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
    assert!(
        message.starts_with(&format!(
            "\"{}…\" is longer than 64 characters",
            "L".repeat(77)
        )),
        "{message}"
    );
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
            "document is longer than the limit of 1024 bytes",
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
                "Career Clusters Initiative: Mission, Goals, Criteria (April 14, 2005) § Criteria for Local Development › Career Development"
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
        .starts_with("LOCAL-03: Learner meets an adviser on two occasions each school year\n"));
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

// --- CI formats (issue 8) ---------------------------------------------------

fn cte_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cte-rules"));
    command
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("CI");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

/// A fresh temporary directory, removed by the caller.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cte-rules-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The base plan (which passes every national rule) with another learner id, as JSON.
fn plan_with_learner_id(id: &str) -> String {
    let yaml = std::fs::read_to_string(repo().join("tests/rules/base/plan-of-study.yaml")).unwrap();
    let mut plan: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    plan["learner"]["id"] = serde_json::Value::String(id.to_owned());
    serde_json::to_string_pretty(&plan).unwrap()
}

/// Failed findings per document, from `--format json`: the reference every CI
/// format is compared with.
fn failed_findings(args: &[&str]) -> Vec<(String, Vec<serde_json::Value>)> {
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    json(&cte(&json_args))["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let failed = d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["status"] == "fail")
                .cloned()
                .collect();
            (d["source"].as_str().unwrap().to_owned(), failed)
        })
        .collect()
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/reference/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &serde_json::Value) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_output_is_valid_against_the_official_schema() {
    let validator = sarif_validator();
    // The validator is not vacuous: a wrong level and a zero line are rejected.
    let broken = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
            {"message": {"text": "m"}, "level": "fatal"},
            {"message": {"text": "m"}, "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "a.json"}, "region": {"startLine": 0}}}]}
        ]}]
    });
    assert_eq!(validator.iter_errors(&broken).count(), 2);

    let args = ["check", "examples/", TODAY];
    let output = cte(&[&args[..], &["--format", "sarif"]].concat());
    assert_eq!(output.status.code(), Some(1));
    let log = json(&output);
    assert_valid_sarif(&validator, &log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cte-rules");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    // Every enabled rule is described, and so are the engine's own findings.
    let listed = json(&cte(&["rules", "list", "--format", "json"]));
    assert_eq!(rules.len(), listed.as_array().unwrap().len() + 2);
    for id in ["schema", "parse"] {
        assert_eq!(rule(id)["defaultConfiguration"]["level"], "error");
        assert!(!rule(id)["help"]["text"].as_str().unwrap().is_empty());
    }
    let local03 = rule("LOCAL-03");
    assert_eq!(
        local03["shortDescription"]["text"],
        "Learner meets an adviser on two occasions each school year"
    );
    let help = local03["help"]["text"].as_str().unwrap();
    assert!(
        help.starts_with("Schedule two meetings on different days each school year")
            && help.ends_with(
                "Citation: Career Clusters Initiative: Mission, Goals, Criteria (April 14, 2005) (004_dd85b78ab5c0ff6f.txt) § Criteria for Local Development › Career Development"
            ),
        "{help}"
    );
    assert_eq!(
        local03["properties"]["citation"]["section"],
        "Criteria for Local Development"
    );
    let goal01 = rule("GOAL-01");
    assert_eq!(goal01["defaultConfiguration"]["level"], "warning");

    // One result per failed finding, in input order, pointing at its rule.
    let expected: Vec<(String, serde_json::Value)> = failed_findings(&args)
        .into_iter()
        .flat_map(|(source, findings)| findings.into_iter().map(move |f| (source.clone(), f)))
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    for (result, (source, finding)) in results.iter().zip(&expected) {
        assert_eq!(result["ruleId"], finding["rule"]);
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], finding["rule"]);
        let level = match finding["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        assert_eq!(result["message"]["text"], finding["message"]);
        let location = &result["locations"][0];
        let physical = &location["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uri"], source.as_str());
        assert_eq!(physical["region"]["startLine"], finding["line"]);
        assert_eq!(physical["region"]["startColumn"], finding["column"]);
        if let Some(pointer) = finding["path"].as_str() {
            assert_eq!(
                location["logicalLocations"][0]["fullyQualifiedName"],
                pointer
            );
            assert_eq!(result["properties"]["pointer"], pointer);
        }
    }
    let parse = results.iter().find(|r| r["ruleId"] == "parse").unwrap();
    assert_eq!(
        parse["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 6, "startColumn": 3})
    );
    insta::assert_json_snapshot!(
        "check-it-gaps-sarif-results",
        json(&cte(&[
            "check",
            "examples/plan-of-study-it-gaps.json",
            TODAY,
            "--format",
            "sarif"
        ]))["runs"][0]["results"]
    );
}

#[test]
fn sarif_points_ndjson_findings_at_their_line_and_hostile_paths_stay_valid() {
    let dir = scratch("sarif-ndjson");
    let good = plan_with_learner_id("LRN-1");
    let one_line: serde_json::Value = serde_json::from_str(&good).unwrap();
    let path = dir.join("batch #1 (100%).ndjson");
    std::fs::write(&path, format!("{one_line}\n\n{{\"kind\": \n{one_line}\n")).unwrap();
    let name = path.to_str().unwrap();
    let output = cte(&[
        "check",
        name,
        "-",
        TODAY,
        "--pack",
        "tests/packs/hostile-messages.yaml",
        "--format",
        "sarif",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let log = json(&output);
    assert_valid_sarif(&sarif_validator(), &log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let lines: Vec<(u64, String)> = results
        .iter()
        .filter_map(|r| {
            let physical = &r["locations"][0]["physicalLocation"];
            Some((
                physical["region"]["startLine"].as_u64()?,
                r["ruleId"].as_str().unwrap().to_owned(),
            ))
        })
        .collect();
    assert_eq!(
        lines,
        [
            (1, "HOSTILE-01".to_owned()),
            (3, "parse".to_owned()),
            (4, "HOSTILE-01".to_owned())
        ]
    );
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    // Absolute paths become file URIs, percent-encoded once.
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(
        uri.ends_with("/batch%20%231%20%28100%25%29.ndjson"),
        "{uri}"
    );
    // Standard input (empty here: a parse finding) has no file to point at.
    let stdin = results.last().unwrap();
    assert_eq!(stdin["ruleId"], "parse");
    assert_eq!(stdin["properties"]["source"], "-");
    assert!(stdin.get("locations").is_none(), "{stdin}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn junit_output_has_a_testsuite_per_document_and_a_testcase_per_failed_rule() {
    let args = ["check", "examples/", TODAY];
    let output = cte(&[&args[..], &["--format", "junit"]].concat());
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    let tree = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let root = tree.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let expected = failed_findings(&args);
    assert_eq!(suites.len(), expected.len());
    for (suite, (source, findings)) in suites.iter().zip(&expected) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        assert_eq!(suite.attribute("name"), Some(source.as_str()));
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.is_element())
            .inspect(|case| {
                assert_eq!(case.tag_name().name(), "testcase");
                assert_eq!(case.attribute("classname"), Some(source.as_str()));
            })
            .collect();
        let attr = |name: &str| suite.attribute(name).unwrap().parse::<usize>().unwrap();
        assert_eq!(attr("tests"), cases.len());
        let mut rules: Vec<&str> = Vec::new();
        for finding in findings {
            let rule = finding["rule"].as_str().unwrap();
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        if rules.is_empty() {
            // A clean document still counts: one passing testcase.
            assert_eq!(cases.len(), 1);
            assert_eq!(cases[0].attribute("name"), Some("cte-rules"));
            assert!(cases[0].children().all(|n| !n.is_element()));
            assert_eq!((attr("failures"), attr("errors")), (0, 0));
            continue;
        }
        let names: Vec<&str> = cases.iter().map(|c| c.attribute("name").unwrap()).collect();
        assert_eq!(names, rules, "{source}");
        let outcome = |case: &roxmltree::Node| {
            let children: Vec<_> = case.children().filter(|n| n.is_element()).collect();
            assert_eq!(children.len(), 1);
            children[0].tag_name().name().to_owned()
        };
        let failures = cases.iter().filter(|c| outcome(c) == "failure").count();
        let errors = cases.iter().filter(|c| outcome(c) == "error").count();
        assert_eq!((attr("failures"), attr("errors")), (failures, errors));
        assert_eq!(failures + errors, cases.len());
    }

    // A rule failing twice in one document is one testcase listing both places.
    let gaps = suites
        .iter()
        .find(|s| s.attribute("name") == Some("examples/plan-of-study-it-gaps.json"))
        .unwrap();
    let local03 = gaps
        .children()
        .find(|c| c.attribute("name") == Some("LOCAL-03"))
        .unwrap();
    let failure = local03.children().find(|n| n.is_element()).unwrap();
    assert_eq!(failure.attribute("type"), Some("error"));
    assert!(failure
        .attribute("message")
        .unwrap()
        .starts_with("2 findings; first: school year 2024-2025"));
    let text = failure.text().unwrap();
    assert!(
        text.contains("7:5 at /school_years/0: school year 2024-2025"),
        "{text}"
    );
    assert!(
        text.contains("14:5 at /school_years/1: school year 2025-2026"),
        "{text}"
    );
    assert!(text.contains("citation: Career Clusters Initiative: Mission, Goals, Criteria (April 14, 2005) (004_dd85b78ab5c0ff6f.txt) § Criteria for Local Development › Career Development"), "{text}");
    let malformed = suites
        .iter()
        .find(|s| s.attribute("name") == Some("examples/plan-of-study-malformed.json"))
        .unwrap();
    assert_eq!(malformed.attribute("errors"), Some("1"));
    insta::assert_snapshot!(
        "check-it-gaps-junit",
        stdout(&cte(&[
            "check",
            "examples/plan-of-study-it-gaps.json",
            "examples/plan-of-study-health-science.yaml",
            TODAY,
            "--format",
            "junit"
        ]))
    );
}

/// Control characters XML 1.0 cannot carry, as the JUnit sink replaces them.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

#[test]
fn junit_escapes_hostile_messages_and_sources() {
    let dir = scratch("junit-hostile");
    let id = "L<&'\"]]>\u{1}\u{1b}\r\n";
    let path = dir.join("plan <&'\"]]>\u{2}.json");
    std::fs::write(&path, plan_with_learner_id(id)).unwrap();
    let name = path.to_str().unwrap();
    let output = cte(&[
        "check",
        name,
        TODAY,
        "--pack",
        "tests/packs/hostile-messages.yaml",
        "--format",
        "junit",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a warning is below --fail-on error"
    );
    let xml = stdout(&output);
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{2}') && !xml.contains('\u{1b}'));
    let tree = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml:?}"));
    let suite = tree.root_element().first_element_child().unwrap();
    assert_eq!(suite.attribute("name"), Some(xml_safe(name).as_str()));
    let case = suite.first_element_child().unwrap();
    assert_eq!(case.attribute("name"), Some("HOSTILE-01"));
    let failure = case.first_element_child().unwrap();
    let message = format!("learner {id} <&\"]]> 100% done, or: not");
    assert_eq!(
        failure.attribute("message"),
        Some(xml_safe(&message).as_str())
    );
    assert_eq!(failure.attribute("type"), Some("warning"));
    let text = failure.text().unwrap();
    assert!(text.contains(&xml_safe(&message)), "{text:?}");
    assert!(
        text.contains("remediation: Nothing <to> fix & nothing ]]> to do.\ncitation: hostile <&>.pdf § § 1, \"quoted\" › 1\n"),
        "{text:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// One GitHub workflow command, read back by the grammar `@actions/core` writes:
/// `::name key=value,key=value::data`, values escaped with `%25 %0D %0A` (and
/// `%3A %2C` in properties).
#[derive(Debug, PartialEq)]
struct WorkflowCommand {
    name: String,
    properties: Vec<(String, String)>,
    data: String,
}

fn unescape_workflow(text: &str, property: bool) -> String {
    let mut out = text.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        out = out.replace("%3A", ":").replace("%2C", ",");
    }
    out.replace("%25", "%")
}

fn parse_workflow_command(line: &str) -> Option<WorkflowCommand> {
    let rest = line.strip_prefix("::")?;
    let (head, data) = rest.split_once("::")?;
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (key, value) = p.split_once('=').unwrap();
            (key.to_owned(), unescape_workflow(value, true))
        })
        .collect();
    Some(WorkflowCommand {
        name: name.to_owned(),
        properties,
        data: unescape_workflow(data, false),
    })
}

impl WorkflowCommand {
    fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[test]
fn github_annotations_follow_the_workflow_command_grammar() {
    let args = ["check", "examples/", TODAY];
    let output = cte(&[&args[..], &["--format", "github"]].concat());
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let commands: Vec<WorkflowCommand> = out.lines().filter_map(parse_workflow_command).collect();
    let expected: Vec<(String, serde_json::Value)> = failed_findings(&args)
        .into_iter()
        .flat_map(|(source, findings)| findings.into_iter().map(move |f| (source.clone(), f)))
        .collect();
    assert_eq!(commands.len(), expected.len());
    for (command, (source, finding)) in commands.iter().zip(&expected) {
        let name = match finding["severity"].as_str().unwrap() {
            "info" => "notice",
            other => other,
        };
        assert_eq!(command.name, name);
        assert_eq!(command.get("file"), Some(source.as_str()));
        assert_eq!(command.get("title"), finding["rule"].as_str());
        assert_eq!(
            command.get("line").map(|l| l.parse::<u64>().unwrap()),
            finding["line"].as_u64()
        );
        assert_eq!(
            command.get("col").map(|c| c.parse::<u64>().unwrap()),
            finding["column"].as_u64()
        );
        assert!(command
            .data
            .starts_with(finding["message"].as_str().unwrap()));
    }
    // The last line is plain log text, not a command.
    assert!(
        out.lines()
            .last()
            .unwrap()
            .starts_with("21 documents checked: "),
        "{out}"
    );
    insta::assert_snapshot!("check-examples-github", out);
}

#[test]
fn github_annotations_round_trip_hostile_messages_and_paths() {
    let dir = scratch("github-hostile");
    let id = "50%, a:b\r\nnext %0A line";
    let path = dir.join("odd, name: 100%.json");
    let plan = plan_with_learner_id(id);
    let quoted = serde_json::to_string(id).unwrap();
    let line = plan.lines().position(|l| l.contains(&quoted)).unwrap() + 1;
    let column = plan.lines().nth(line - 1).unwrap().find(&quoted).unwrap() + 1;
    std::fs::write(&path, &plan).unwrap();
    let ndjson = dir.join("batch.ndjson");
    let one_line: serde_json::Value = serde_json::from_str(&plan_with_learner_id(id)).unwrap();
    std::fs::write(&ndjson, format!("\n{one_line}\n")).unwrap();
    let output = cte(&[
        "check",
        path.to_str().unwrap(),
        ndjson.to_str().unwrap(),
        TODAY,
        "--pack",
        "tests/packs/hostile-messages.yaml",
        "--format",
        "github",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    let commands: Vec<WorkflowCommand> = out.lines().filter_map(parse_workflow_command).collect();
    assert_eq!(
        out.lines().count(),
        3,
        "one line per finding, then the summary: {out}"
    );
    assert_eq!(commands.len(), 2);
    let message = format!("learner {id} <&\"]]> 100% done, or: not [at /learner/id]");
    assert_eq!(
        commands[0],
        WorkflowCommand {
            name: "warning".to_owned(),
            properties: vec![
                ("file".to_owned(), path.to_str().unwrap().to_owned()),
                ("line".to_owned(), line.to_string()),
                ("col".to_owned(), column.to_string()),
                ("title".to_owned(), "HOSTILE-01".to_owned()),
            ],
            data: message.clone(),
        }
    );
    // An NDJSON document is annotated on its own line of the file.
    assert_eq!(commands[1].get("file"), ndjson.to_str());
    assert_eq!(commands[1].get("line"), Some("2"));
    assert_eq!(commands[1].data, message);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every output, summaries included: the exit status must not depend on it.
const FORMATS: [&[&str]; 7] = [
    &["--format", "text"],
    &["--format", "json"],
    &["--format", "sarif"],
    &["--format", "junit"],
    &["--format", "github"],
    &["--format", "text", "--summary"],
    &["--format", "json", "--summary"],
];

#[test]
fn fail_on_decides_the_exit_status_the_same_way_for_every_format() {
    let errors = ["check", "examples/plan-of-study-it-gaps.json", TODAY];
    // The base plan passes every national rule; the hostile pack adds one warning.
    let warning = [
        "check",
        "tests/rules/base/plan-of-study.yaml",
        TODAY,
        "--pack",
        "tests/packs/hostile-messages.yaml",
    ];
    let clean = ["check", "tests/rules/base/plan-of-study.yaml", TODAY];
    let cases: [(&[&str], &str, i32); 10] = [
        (&errors, "error", 1),
        (&errors, "never", 0),
        (&warning, "error", 0),
        (&warning, "warning", 1),
        (&warning, "info", 1),
        (&warning, "never", 0),
        (&clean, "error", 0),
        (&clean, "warning", 0),
        (&clean, "info", 0),
        (&clean, "never", 0),
    ];
    for format in FORMATS {
        for (args, fail_on, code) in cases {
            let all = [args, format, &["--fail-on", fail_on]].concat();
            let output = cte(&all);
            assert_eq!(
                output.status.code(),
                Some(code),
                "{all:?}: {}",
                stderr(&output)
            );
            assert!(!output.stdout.is_empty(), "{all:?}");
        }
    }
}

#[test]
fn summary_counts_per_rule_and_severity() {
    let args = ["check", "examples/", TODAY];
    let text = cte(&[&args[..], &["--summary"]].concat());
    assert_eq!(text.status.code(), Some(1));
    insta::assert_snapshot!("check-examples-summary", stdout(&text));

    let value = json(&cte(
        &[&args[..], &["--summary", "--format", "json"]].concat()
    ));
    let full = json(&cte(&[&args[..], &["--format", "json"]].concat()));
    assert_eq!(value["tool"], full["tool"]);
    assert_eq!(value["summary"], full["summary"]);
    assert!(value.get("documents").is_none(), "no findings in a summary");
    // Recount from the full report: findings and documents per (rule, severity).
    let mut expected: Vec<(String, String, u64, u64)> = Vec::new();
    for document in full["documents"].as_array().unwrap() {
        let mut seen: Vec<(String, String)> = Vec::new();
        for finding in document["findings"].as_array().unwrap() {
            let key = (
                finding["rule"].as_str().unwrap().to_owned(),
                finding["severity"].as_str().unwrap().to_owned(),
            );
            let position = expected
                .iter()
                .position(|(r, s, _, _)| (r, s) == (&key.0, &key.1))
                .unwrap_or_else(|| {
                    expected.push((key.0.clone(), key.1.clone(), 0, 0));
                    expected.len() - 1
                });
            expected[position].2 += 1;
            if !seen.contains(&key) {
                expected[position].3 += 1;
                seen.push(key);
            }
        }
    }
    expected.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    let rules: Vec<(String, String, u64, u64)> = value["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_owned(),
                r["severity"].as_str().unwrap().to_owned(),
                r["findings"].as_u64().unwrap(),
                r["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rules, expected);
    let total: u64 = rules.iter().map(|r| r.2).sum();
    let failed = ["errors", "warnings", "infos"]
        .iter()
        .map(|k| value["summary"][k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(total, failed);
}

#[test]
fn summary_is_refused_for_the_ci_formats() {
    for format in ["sarif", "junit", "github"] {
        let output = cte(&["check", "examples/", "--summary", "--format", format]);
        assert_eq!(output.status.code(), Some(2), "{format}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.starts_with(
                "cte-rules: E_USAGE: `--summary` is for `--format text` or `--format json`"
            ),
            "{message}"
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn progress_stays_off_stderr_when_it_is_not_a_terminal() {
    // No delay: were the terminal check missing, the bar would draw at once.
    for format in FORMATS {
        let output = cte_env(
            &[&["check", "examples/", TODAY][..], format].concat(),
            &[("CTE_RULES_PROGRESS_DELAY_MS", "0")],
        );
        assert_eq!(output.status.code(), Some(1));
        assert!(output.stderr.is_empty(), "{format:?}: {}", stderr(&output));
    }
}

/// Runs `cte-rules` with stderr on a pseudo-terminal (util-linux `script`),
/// stdout to /dev/null; returns what the terminal showed. `TERM` is set because
/// indicatif draws nothing on a terminal without one (or with `TERM=dumb`).
fn on_a_terminal(args: &str, env: &str) -> Option<String> {
    let script = Command::new("script").arg("--version").output().ok()?;
    if !script.status.success() {
        return None;
    }
    let command = format!(
        "env -u CI TERM=xterm {env} '{}' {args} > /dev/null",
        env!("CARGO_BIN_EXE_cte-rules")
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn progress_shows_on_a_terminal_only_after_the_delay_and_never_in_ci() {
    let Some(shown) = on_a_terminal(
        "check examples/ --format sarif",
        "CTE_RULES_PROGRESS_DELAY_MS=0",
    ) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    assert!(shown.contains("documents"), "{shown:?}");
    let quick = on_a_terminal("check examples/ --format sarif", "").unwrap();
    assert!(
        !quick.contains("documents"),
        "a quick batch stays quiet: {quick:?}"
    );
    let ci = on_a_terminal(
        "check examples/ --format sarif",
        "CI=true CTE_RULES_PROGRESS_DELAY_MS=0",
    )
    .unwrap();
    assert!(!ci.contains("documents"), "{ci:?}");
}

#[test]
fn the_pre_commit_hook_checks_documents_by_name() {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let hooks = hooks.as_array().unwrap();
    // `cte-rules` installs itself (pre-commit pip-installs the wheel; make dist-test
    // tries it in a scratch repository), `cte-rules-system` runs the one on PATH.
    let ids: Vec<(&str, &str)> = hooks
        .iter()
        .map(|hook| {
            (
                hook["id"].as_str().unwrap(),
                hook["language"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [("cte-rules", "python"), ("cte-rules-system", "system")]
    );
    let hook = &hooks[0];
    assert_eq!(hooks[1]["entry"], hook["entry"]);
    assert_eq!(hooks[1]["files"], hook["files"]);
    assert_eq!(hook["entry"], "cte-rules check");
    assert_eq!(hook["pass_filenames"], true);
    // pre-commit applies `files` with Python's re.search; this pattern means the same to `regex`.
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for name in [
        "examples/plan-of-study-it-gaps.json",
        "examples/state-system-ohio.yaml",
        "plans/a.yml",
        "batches/2025.ndjson",
        "batches/2025.jsonl",
    ] {
        assert!(files.is_match(name), "{name}");
    }
    for name in [
        "README.md",
        "Cargo.toml",
        "plans/a.json.bak",
        "core/src/lib.rs",
    ] {
        assert!(!files.is_match(name), "{name}");
    }
    // What pre-commit runs: the entry, the config's `args`, then the staged file names.
    let mut args: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').skip(1).collect();
    args.push(TODAY);
    args.extend([
        "examples/plan-of-study-health-science.yaml",
        "examples/plan-of-study-2024-digital-technology.yaml",
    ]);
    assert_eq!(cte(&args).status.code(), Some(0));
    args.push("examples/plan-of-study-it-gaps.json");
    assert_eq!(
        cte(&args).status.code(),
        Some(1),
        "a failing file fails the commit"
    );
}

#[test]
fn the_readme_ci_commands_run() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("### Output for CI")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let mut ran = 0;
    // `--output` files go to a scratch directory, not into the repository.
    let dir = scratch("readme-outputs");
    for line in section.lines() {
        let Some(start) = line.find("cte-rules check ") else {
            continue;
        };
        let command = line[start..].split(['#', '>']).next().unwrap();
        let mut args: Vec<String> = Vec::new();
        for arg in command.split_whitespace().skip(1) {
            let arg = match arg {
                "plans/" | "curriculum/" => "examples/".to_owned(),
                other if args.last().is_some_and(|a| a == "--output") => {
                    let (format, path) = other.split_once('=').unwrap();
                    format!("{format}={}", dir.join(path).display())
                }
                other => other.to_owned(),
            };
            args.push(arg);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = cte(&args);
        // 0 or 1 (findings); never 2, a usage error.
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{command}: {}",
            stderr(&output)
        );
        ran += 1;
    }
    assert!(ran >= 4, "{ran} commands found");
    assert!(dir.join("report.html").is_file() && dir.join("cte-rules.sarif").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
    // The workflow in the README is YAML a runner can read, and gives the action
    // (action.yml, whose steps make dist-test runs) only inputs it has.
    let workflow = section
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(workflow).unwrap();
    let steps = workflow["jobs"]["cte-rules"]["steps"].as_array().unwrap();
    assert!(steps
        .iter()
        .any(|s| s["uses"] == "github/codeql-action/upload-sarif@v3"));
    let action = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action: serde_json::Value = serde_saphyr::from_str(&action).unwrap();
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|uses| uses.starts_with("cte-rules/cte-rules@v"))
        })
        .expect("a step uses the cte-rules action");
    for input in step["with"].as_object().unwrap().keys() {
        assert!(
            action["inputs"].get(input).is_some(),
            "the action has no input `{input}`"
        );
    }
}

/// `docs/rules.md` is the reading table of the national pack, as
/// `rules list --format markdown` prints it. Regenerate it with
/// `make docs` after changing a rule.
#[test]
fn the_reading_table_in_docs_is_current() {
    let output = cte(&["rules", "list", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let generated = stdout(&output);
    let checked_in = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    assert!(
        generated == checked_in,
        "docs/rules.md is stale: run `make docs` (cte-rules rules list --format markdown > docs/rules.md)"
    );
    for rule in ["POS-01", "LOCAL-02", "STATE-04", "PRACTICE-06", "GOAL-03"] {
        assert!(generated.contains(&format!("\n### {rule}\n")), "{rule}");
    }
}

/// `--color` decides, then the environment: `auto` colours a terminal only
/// (a pipe here), `CLICOLOR_FORCE` forces it, `NO_COLOR` and `TERM=dumb`
/// turn it off; `always` and `never` override all of them.
#[test]
fn colour_follows_the_flag_then_the_environment() {
    let run = |flag: Option<&str>, env: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cte-rules"));
        command
            .args(["check", "examples/plan-of-study-it-gaps.json", TODAY])
            .args(flag.map(|f| format!("--color={f}")))
            .current_dir(repo())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .env("TERM", "xterm-256color");
        for (key, value) in env {
            command.env(key, value);
        }
        stdout(&command.output().unwrap()).contains('\u{1b}')
    };
    assert!(!run(None, &[]), "a pipe is no terminal");
    assert!(run(None, &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(None, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(run(Some("always"), &[("NO_COLOR", "1"), ("TERM", "dumb")]));
    assert!(!run(Some("never"), &[("CLICOLOR_FORCE", "1")]));
    assert!(!run(Some("auto"), &[]));
    let plain = cte(&["check", "examples/plan-of-study-it-gaps.json", TODAY]);
    assert!(!stdout(&plain).contains('\u{1b}'));
}

/// The HTML page is self-contained: no script, no external asset, nothing fetched.
fn assert_self_contained(page: &str) {
    for forbidden in [
        "<script", "http://", "https://", "src=", "<link", "@import", "url(",
    ] {
        assert!(!page.contains(forbidden), "{forbidden} in the page");
    }
}

#[test]
fn html_is_one_self_contained_page_grouped_by_document_then_severity() {
    let output = cte(&[
        "check",
        "examples/plan-of-study-it-gaps.json",
        "examples/plan-of-study-invalid.yaml",
        TODAY,
        "--format",
        "html",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let page = stdout(&output);
    assert_self_contained(&page);
    insta::assert_snapshot!("check-two-html", page);

    // Every example: one section per document, passed checks folded away, the
    // summary last, and citations by title, never by the seed's hashed name.
    let all = stdout(&cte(&["check", "examples/", TODAY, "--format", "html"]));
    assert_self_contained(&all);
    let documents = failed_findings(&["check", "examples/", TODAY]).len();
    assert_eq!(
        all.matches("<section class=\"document\">").count(),
        documents
    );
    assert!(all.contains("<details><summary>"));
    assert!(!regex::Regex::new(r"<cite>[^<]*_[0-9a-f]{16}\.txt")
        .unwrap()
        .is_match(&all));
    assert!(all.find("<section class=\"document\">") < all.find("id=\"cte-summary\""));
    assert!(all.contains(&format!(
        "<th scope=\"row\">Documents checked</th><td class=\"num\">{documents}</td>"
    )));
}

#[test]
fn markdown_is_a_summary_table_then_failing_findings_capped() {
    let output = cte(&["check", "examples/", TODAY, "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    insta::assert_snapshot!("check-examples-markdown", stdout(&output));

    // 60 failing plans: 50 rows, and the rest counted.
    let dir = scratch("markdown-cap");
    let lines: Vec<String> = (0..60)
        .map(|i| {
            let mut plan: serde_json::Value =
                serde_json::from_str(&plan_with_learner_id(&format!("lrn-{i}"))).unwrap();
            plan["pathway"] = serde_json::json!("AR-AVF");
            plan.to_string()
        })
        .collect();
    let file = dir.join("plans.ndjson");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = stdout(&cte(&[
        "check",
        file.to_str().unwrap(),
        TODAY,
        "--format",
        "markdown",
    ]));
    std::fs::remove_dir_all(&dir).unwrap();
    // Each plan fails POS-02 (an error) and one warning: 120 findings.
    let rows = out
        .lines()
        .filter(|l| l.starts_with("| error |") || l.starts_with("| warning |"))
        .count();
    assert_eq!(rows, 50, "{out}");
    assert!(out.contains("| 60 | 60 | 60 | 60 | 0 |"), "{out}");
    assert!(
        out.trim_end()
            .ends_with("…and 70 more failing findings, not listed (the first 50 are)."),
        "{out}"
    );
}

#[test]
fn gitlab_is_code_quality_json_with_one_issue_per_failed_finding() {
    let args = ["check", "examples/", TODAY];
    let output = cte(&[&args[..], &["--format", "gitlab"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let issues = json(&output);
    let issues = issues.as_array().unwrap();
    let expected: Vec<(String, serde_json::Value)> = failed_findings(&args)
        .into_iter()
        .flat_map(|(source, findings)| findings.into_iter().map(move |f| (source.clone(), f)))
        .collect();
    assert_eq!(issues.len(), expected.len());
    let mut fingerprints = std::collections::HashSet::new();
    for (issue, (source, finding)) in issues.iter().zip(&expected) {
        assert_eq!(issue["check_name"], finding["rule"]);
        assert_eq!(issue["location"]["path"], source.as_str());
        assert_eq!(
            issue["location"]["lines"]["begin"],
            finding["line"].as_u64().unwrap_or(1)
        );
        let severity = match finding["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
        assert!(issue["description"]
            .as_str()
            .unwrap()
            .starts_with(finding["message"].as_str().unwrap()));
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
    }
    insta::assert_snapshot!("check-examples-gitlab", stdout(&output));
    let clean = cte(&[
        "check",
        "examples/plan-of-study-health-science.yaml",
        TODAY,
        "--format",
        "gitlab",
    ]);
    assert_eq!(json(&clean), serde_json::json!([]));
}

#[test]
fn outputs_stream_from_one_check_and_equal_separate_runs() {
    let dir = scratch("outputs");
    let formats = [
        "sarif", "html", "json", "markdown", "gitlab", "junit", "text",
    ];
    let mut args = vec![
        "check".to_owned(),
        "examples/".to_owned(),
        TODAY.to_owned(),
        "--format".to_owned(),
        "github".to_owned(),
    ];
    for format in formats {
        args.push("--output".to_owned());
        args.push(format!("{format}={}", dir.join(format).display()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let together = cte(&args);
    assert_eq!(together.status.code(), Some(1), "{}", stderr(&together));
    let github = cte(&["check", "examples/", TODAY, "--format", "github"]);
    assert_eq!(together.stdout, github.stdout);
    for format in formats {
        let alone = cte(&["check", "examples/", TODAY, "--format", format]);
        let file = std::fs::read(dir.join(format)).unwrap();
        assert_eq!(
            String::from_utf8(file).unwrap(),
            stdout(&alone),
            "--output {format}"
        );
    }
    // `--all` reaches the files too; text shows passed checks only with it.
    let all = cte(&[
        "check",
        "examples/",
        TODAY,
        "--all",
        "--format",
        "json",
        "--output",
        &format!("text={}", dir.join("all.txt").display()),
    ]);
    let text_all = stdout(&cte(&["check", "examples/", TODAY, "--all"]));
    assert_eq!(
        std::fs::read_to_string(dir.join("all.txt")).unwrap(),
        text_all
    );
    assert_eq!(
        all.stdout,
        cte(&["check", "examples/", TODAY, "--all", "--format", "json"]).stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();

    for (value, message) in [
        ("xml=out.xml", "`xml` is not a format [possible values: text, json, sarif, junit, github, html, markdown, gitlab]"),
        ("report.html", "expected FORMAT=PATH"),
    ] {
        let output = cte(&["check", "examples/", "--output", value]);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
    let unwritable = cte(&["check", "examples/", "--output", "html=no/such/dir/r.html"]);
    assert_eq!(unwritable.status.code(), Some(2));
    assert!(
        stderr(&unwritable).starts_with("cte-rules: E_IO: no/such/dir/r.html"),
        "{}",
        stderr(&unwritable)
    );
}

#[test]
fn usage_errors_keep_possible_values_and_suggestions_on_one_line() {
    let bad_format = cte(&["check", "examples/", "--format", "xml"]);
    assert_eq!(bad_format.status.code(), Some(2));
    assert_eq!(
        stderr(&bad_format),
        "cte-rules: E_USAGE: invalid value 'xml' for '--format <FORMAT>' [possible values: text, json, sarif, junit, github, html, markdown, gitlab]; tip: a similar value exists: 'html' (see `cte-rules --help`)\n"
    );
    let typo = cte(&["check", "--fromat", "json"]);
    assert_eq!(
        stderr(&typo),
        "cte-rules: E_USAGE: unexpected argument '--fromat' found; tip: a similar argument exists: '--format' (see `cte-rules --help`)\n"
    );
}

#[test]
fn an_empty_directory_is_an_error_unless_allowed() {
    let dir = scratch("empty");
    std::fs::write(dir.join("notes.txt"), "not a document").unwrap();
    let path = dir.to_str().unwrap();
    let empty = cte(&["check", path]);
    assert_eq!(empty.status.code(), Some(2));
    assert_eq!(
        stderr(&empty),
        format!("cte-rules: E_INPUT: no documents were found in `{path}` (`.json`, `.yaml`, `.yml`, `.ndjson`, `.jsonl`); pass `--allow-empty` if that is expected\n")
    );
    assert!(empty.stdout.is_empty());
    let allowed = cte(&["check", path, "--allow-empty", "--format", "json"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    assert_eq!(json(&allowed)["summary"]["documents"], 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_test_runs_the_national_fixtures_and_names_uncovered_rules() {
    let output = cte(&["rules", "test", "tests/rules", "--coverage"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("ok   POS-03 (tests/rules/POS-03.yaml)"),
        "{text}"
    );
    assert!(text.contains(" fixtures: "), "{text}");
    assert!(text.contains(" passed, 0 failed"), "{text}");
    assert!(
        text.ends_with("coverage: every rule has a fixture\n"),
        "{text}"
    );
    // One fixture alone: every other national rule is named as uncovered.
    let output = cte(&["rules", "test", "tests/rules/POS-03.yaml", "--coverage"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("coverage: no fixture for "));
    assert!(stdout(&output).contains("POS-01"));
}

#[test]
fn the_example_state_pack_passes_its_fixtures_and_a_broken_rule_fails_with_a_diff() {
    let pack = "examples/packs/state-xx/pack.yaml";
    let tests = "examples/packs/state-xx/tests";
    let output = cte(&["rules", "check", pack]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = cte(&["rules", "test", "--pack", pack, tests, "--coverage"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    insta::assert_snapshot!("rules-test-state-xx", stdout(&output));

    // The same pack with its three-meeting benchmark lowered back to two.
    let dir = std::env::temp_dir().join(format!("cte-rules-state-xx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("pack.yaml");
    let text = std::fs::read_to_string(repo().join(pack)).unwrap();
    std::fs::write(
        &broken,
        text.replace(
            "meetings_per_learner_per_year >= 3",
            "meetings_per_learner_per_year >= 2",
        ),
    )
    .unwrap();
    let output = cte(&["rules", "test", "--pack", broken.to_str().unwrap(), tests]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("rules-test-state-xx-broken", stdout(&output));
    let output = cte(&[
        "rules",
        "test",
        "--pack",
        broken.to_str().unwrap(),
        tests,
        "--format",
        "junit",
    ]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("rules-test-state-xx-broken-junit", stdout(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn checking_a_directory_skips_the_rule_packs_in_it() {
    let output = cte(&[
        "check",
        "examples/",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sources: Vec<String> = json(&output)["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        sources
            .iter()
            .any(|s| s.ends_with("state-system-ohio.yaml")),
        "{sources:?}"
    );
    assert!(!sources.iter().any(|s| s.contains("packs")), "{sources:?}");
}
