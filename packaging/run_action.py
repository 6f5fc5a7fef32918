"""Runs the steps of a composite action (action.yml) as a GitHub runner would.

    python packaging/run_action.py ACTION_YML WORK_DIR [INPUT=VALUE]...

For packaging/dist-test.sh, which runs this repository's action against the
built wheel. Inputs are the defaults of action.yml with the given ones over them;
``${{ inputs.* }}``, ``${{ runner.temp }}``, ``${{ github.action_path }}`` and
``${{ steps.ID.outputs.* }}`` are substituted (any other expression is an
error: the action must not need what this runner lacks). Each ``run`` step runs
as ``bash --noprofile --norc -eo pipefail`` with ``GITHUB_OUTPUT``,
``GITHUB_PATH`` and ``GITHUB_ENV`` files, honoured between steps as a runner
does. Prints the action's outputs, then exits with the status of the first
failing step (0 when all pass).
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
from typing import Dict, List

import yaml  # PyYAML, installed in .venv with pre-commit

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")


def read_key_values(path: pathlib.Path) -> Dict[str, str]:
    """``key=value`` lines and ``key<<DELIMITER`` blocks, as in GITHUB_OUTPUT and GITHUB_ENV."""
    values: Dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, index + 1)
            values[key] = "\n".join(lines[index + 1 : end])
            index = end + 1
            continue
        if line:
            key, _, value = line.partition("=")
            values[key] = value
        index += 1
    return values


def main(argv: List[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    action_file = pathlib.Path(argv[0]).resolve()
    work = pathlib.Path(argv[1]).resolve()
    action = yaml.safe_load(action_file.read_text(encoding="utf-8"))
    if action.get("runs", {}).get("using") != "composite":
        sys.exit(f"run_action: {action_file} is not a composite action")
    inputs = {name: str(spec.get("default", "")) for name, spec in (action.get("inputs") or {}).items()}
    for argument in argv[2:]:
        key, sep, value = argument.partition("=")
        if not sep or key not in inputs:
            sys.exit(f"run_action: `{argument}` is no INPUT=VALUE for an input of {action_file.name}")
        inputs[key] = value

    runner_temp = work / "runner-temp"
    runner_temp.mkdir(parents=True, exist_ok=True)
    step_outputs: Dict[str, Dict[str, str]] = {}
    added_path: List[str] = []
    added_env: Dict[str, str] = {}

    def expand(text: str) -> str:
        def substitute(match: "re.Match[str]") -> str:
            expression = match.group(1).strip()
            if expression.startswith("inputs."):
                return inputs[expression[len("inputs.") :]]
            if expression == "runner.temp":
                return str(runner_temp)
            if expression == "github.action_path":
                return str(action_file.parent)
            step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
            if step:
                return step_outputs.get(step.group(1), {}).get(step.group(2), "")
            sys.exit(f"run_action: unsupported expression `{expression}`")

        return EXPRESSION.sub(substitute, text)

    status = 0
    for index, step in enumerate(action["runs"]["steps"]):
        if "run" not in step or step.get("shell") != "bash" or "if" in step:
            sys.exit(f"run_action: step {index} is not a plain `run` step with `shell: bash`")
        files = {name: work / f"step{index}-{name}" for name in ("output", "path", "env")}
        for path in files.values():
            path.write_text("", encoding="utf-8")
        env = dict(os.environ)
        env.update(added_env)
        env["PATH"] = os.pathsep.join([*added_path, env["PATH"]])
        env.update(
            GITHUB_OUTPUT=str(files["output"]),
            GITHUB_PATH=str(files["path"]),
            GITHUB_ENV=str(files["env"]),
            GITHUB_ACTION_PATH=str(action_file.parent),
            RUNNER_TEMP=str(runner_temp),
        )
        for key, value in (step.get("env") or {}).items():
            env[key] = expand(str(value))
        script = work / f"step{index}.sh"
        script.write_text(expand(step["run"]), encoding="utf-8")
        print(f"## {step.get('name', f'step {index}')}", flush=True)
        status = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=env)
        if "id" in step:
            step_outputs[step["id"]] = read_key_values(files["output"])
        added_path = [*reversed(files["path"].read_text(encoding="utf-8").split()), *added_path]
        added_env.update(read_key_values(files["env"]))
        if status != 0:
            break

    for name, spec in (action.get("outputs") or {}).items():
        print(f"output {name}={expand(str(spec.get('value', '')))}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
