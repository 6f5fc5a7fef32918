"""The ``cte-rules`` command of the Python package is the Rust binary's command line.

``pip install cte-rules`` installs a console script that runs the CLI's own ``run``
through the extension module. Every case here runs the same arguments through both
and requires the same stdout and stderr, byte for byte, and the same exit status.

The binary is ``$CTE_RULES_CLI`` when set (``make dist-test`` points it at the
static musl build), else ``target/release/cte-rules`` (built by ``dev.sh test``).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
from typing import List, Optional, Sequence, Tuple

import pytest

from conftest import EXAMPLES, ROOT

TODAY = "--today=2025-11-23"
FORMATS = ["text", "json", "sarif", "junit", "github"]
DOCUMENTS = sorted(path.name for path in EXAMPLES.iterdir() if path.suffix in {".json", ".yaml", ".yml"})


def _binary() -> pathlib.Path:
    configured = os.environ.get("CTE_RULES_CLI")
    path = pathlib.Path(configured) if configured else ROOT / "target" / "release" / "cte-rules"
    if not path.is_file():
        pytest.fail(f"no cte-rules binary at {path}: build it (cargo build --release -p cte-rules-cli) or set CTE_RULES_CLI")
    return path


def _console_script() -> str:
    # pip puts console scripts beside the interpreter (venv/bin, Scripts\ on Windows).
    found = shutil.which("cte-rules", path=str(pathlib.Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"the cte-rules console script is not installed beside {sys.executable}")
    return found


def _run(command: Sequence[str], stdin: Optional[bytes]) -> Tuple[int, bytes, bytes]:
    result = subprocess.run(
        list(command),
        cwd=ROOT,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def _assert_same(args: List[str], expected: Tuple[int, ...], stdin: Optional[bytes] = None) -> Tuple[int, bytes, bytes]:
    """Runs ``args`` through both; ``expected`` are the statuses the binary may
    give, so that a case that ran into a usage error cannot pass by comparing
    two empty outputs."""
    rust = _run([str(_binary()), *args], stdin)
    python = _run([_console_script(), *args], stdin)
    assert rust[0] in expected, f"binary: exit {rust[0]}, stderr {rust[2]!r}"
    assert python[0] == rust[0], f"exit status: python {python[0]}, rust {rust[0]}; stderr {python[2]!r}"
    assert python[2] == rust[2], "stderr differs"
    assert python[1] == rust[1], "stdout differs"
    return rust


#: A check exits 0 or 1 by its findings; 2 would be a usage error.
CHECKED = (0, 1)


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_check_each_example_in_each_format(document: str, output_format: str) -> None:
    _, stdout, _ = _assert_same(["check", f"examples/{document}", "--format", output_format, TODAY], CHECKED)
    assert stdout, "every format prints something for one document"


@pytest.mark.parametrize("output_format", FORMATS)
def test_check_the_examples_folder(output_format: str) -> None:
    status, _, _ = _assert_same(["check", "examples/", "--format", output_format, TODAY], CHECKED)
    assert status == 1, "some examples fail on purpose (plan-of-study-invalid.yaml)"


@pytest.mark.parametrize(
    "args",
    [
        ["--all"],
        ["--all", "--format", "json"],
        ["--summary"],
        ["--summary", "--format", "json"],
        ["--fail-on", "never"],
        ["--fail-on", "info", "--format", "github"],
        ["--jobs", "1", "--format", "sarif"],
        ["--pack", "tests/packs/state-overrides.yaml"],
        ["--no-builtin", "--pack", "tests/packs/hostile-messages.yaml", "--format", "junit"],
    ],
    ids=lambda args: " ".join(args),
)
def test_check_options(args: List[str]) -> None:
    _assert_same(["check", "examples/", "examples/python/plans", TODAY, *args], CHECKED)


def test_check_reads_stdin() -> None:
    document = (EXAMPLES / "plan-of-study-it-gaps.json").read_bytes()
    _assert_same(["check", "-", "--format", "sarif", TODAY], CHECKED, stdin=document)
    _assert_same(["check", TODAY], CHECKED, stdin=document)


@pytest.mark.parametrize(
    "args, statuses",
    [
        (["rules", "list"], (0,)),
        (["rules", "list", "--format", "json"], (0,)),
        (["rules", "show", "POS-01"], (0,)),
        (["rules", "show", "POS-01", "--format", "json"], (0,)),
        (["rules", "coverage"], (0,)),
        (["schema", "report"], (0,)),
        (["schema", "plan-of-study"], (0,)),
        (["framework", "list", "--version", "2024", "--format", "json"], (0,)),
        (["framework", "crosswalk", "HL"], (0,)),
        (["survey", "score", "examples/interest-survey-es-tie.yaml", "--lang", "en"], (0,)),
        (["survey", "score", "examples/interest-survey-en.yaml", "--format", "json"], (0,)),
        # Exits 1 when an item is over-, under- or not rated.
        (["rubric", "reconcile", "examples/self-assessment-state-ohio.yaml", "examples/state-system-ohio.yaml", TODAY], CHECKED),
        (["--version"], (0,)),
        (["--help"], (0,)),
        (["check", "--help"], (0,)),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_other_commands(args: List[str], statuses: Tuple[int, ...]) -> None:
    _assert_same(args, statuses)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check", "--bogus"],
        ["check", "no/such/file.yaml"],
        ["check", "examples/", "--today", "2025-02-30"],
        ["check", "examples/", "--summary", "--format", "sarif"],
        ["check", "examples/", "--max-depth", "0"],
        ["check", "examples/", "--pack", "tests/packs/broken-cel.yaml"],
        ["rules", "show", "NO-SUCH-RULE"],
        ["schema", "no-such-kind"],
        ["framework", "list", "--version", "1999"],
    ],
    ids=lambda args: " ".join(args) or "no arguments",
)
def test_errors_exit_2_with_the_same_lines(args: List[str]) -> None:
    _, _, stderr = _assert_same(args, (2,))
    assert stderr, "a usage error says why on stderr"


def test_python_dash_m_runs_the_same_command() -> None:
    for args in (["--help"], ["check", "examples/plan-of-study-it-gaps.json", "--format", "github", TODAY]):
        rust = _run([str(_binary()), *args], None)
        module = _run([sys.executable, "-m", "cte_rules", *args], None)
        assert module == rust
