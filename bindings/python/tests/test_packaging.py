"""Everything that names a release agrees on its version, and no placeholder is left.

A release is cut by changing ``[workspace.package] version`` in Cargo.toml; the
pins that install it elsewhere (the pre-commit shim, the GitHub Action, the npm
packages, the README's snippets) must follow, or users get another version than
the tag they asked for.
"""

from __future__ import annotations

import json
import re
import subprocess

from conftest import ROOT


def _workspace_version() -> str:
    cargo = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    section = cargo.split("[workspace.package]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version = "([^"]+)"$', section, re.MULTILINE)
    assert match, "Cargo.toml has no [workspace.package] version"
    return match.group(1)


VERSION = _workspace_version()


def test_the_pre_commit_shim_installs_this_version() -> None:
    shim = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version = "{re.escape(VERSION)}"$', shim, re.MULTILINE)
    assert f'dependencies = ["cte-rules=={VERSION}"]' in shim
    assert 'name = "cte-rules-pre-commit"' in shim, "the shim must not take the name of the real package"


def test_the_hooks_are_the_python_one_and_the_system_one() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    ids = re.findall(r"^- id: (\S+)$", hooks, re.MULTILINE)
    languages = re.findall(r"^  language: (\S+)$", hooks, re.MULTILINE)
    assert list(zip(ids, languages)) == [("cte-rules", "python"), ("cte-rules-system", "system")]


def test_the_action_installs_this_version() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    version_input = action.split("\n  version:\n", 1)[1].split("\n  python:\n", 1)[0]
    assert f'default: "{VERSION}"' in version_input


def test_the_npm_packages_have_this_version() -> None:
    node = ROOT / "bindings" / "node"
    main = json.loads((node / "package.json").read_text(encoding="utf-8"))
    assert main["version"] == VERSION
    assert "private" not in main, "the main package is published"
    platforms = sorted((node / "npm").iterdir())
    assert [path.name for path in platforms] == ["linux-x64-gnu", "linux-x64-musl"]
    for platform in platforms:
        package = json.loads((platform / "package.json").read_text(encoding="utf-8"))
        assert package["name"] == f"cte-rules-{platform.name}"
        assert package["version"] == VERSION, platform.name
        assert package["main"] == f"cte-rules.{platform.name}.node"


def test_the_readme_installs_this_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"uses: cte-rules/cte-rules@v{VERSION}" in readme
    assert f"rev: v{VERSION}" in readme
    assert f"releases/download/v{VERSION}/cte-rules-{VERSION}-x86_64-unknown-linux-musl.tar.gz" in readme


#: The placeholder domain the repository URL used to be; spelt in two parts here
#: so that this file does not hold it.
PLACEHOLDER = "example" + ".invalid"


def test_no_placeholder_url_is_left() -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    offenders = []
    for name in filter(None, files):
        path = ROOT / name.decode()
        if path.is_file() and path.suffix in {".md", ".toml", ".json", ".yml", ".yaml", ".js", ".rs", ".py", ".sh"}:
            if PLACEHOLDER in path.read_text(encoding="utf-8", errors="replace"):
                offenders.append(name.decode())
    assert offenders == [], f"placeholder URLs in {offenders}"
