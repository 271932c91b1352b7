"""The pre-commit hooks and the GitHub Action, run the way pre-commit and Actions run them.

pre-commit runs a hook as ``entry + args + the staged files whose path matches `files``` (a
regular expression searched in the path relative to the repository root). GitHub runs each step
of a composite action with ``bash --noprofile --norc -eo pipefail`` after substituting its
``${{ }}`` expressions, with ``GITHUB_OUTPUT`` collecting ``name=value`` outputs. The tests do
the same with the real command line on temporary files. Needs PyYAML.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
from typing import Any

import attrs
import pytest

from provenance import badge, examples
from provenance.formats import native

yaml = pytest.importorskip("yaml", reason="needs PyYAML to read the hook and action files")

ROOT = pathlib.Path(__file__).parent.parent
BIN = pathlib.Path(sys.executable).parent
PROVENANCE = BIN / "provenance"

CLEAN = native.dumps(examples.get("shafaqna"), indent=2)
# The Persian article said to be in English: a translation from English into English (PV203).
WITH_ERROR = native.dumps(
    attrs.evolve(
        examples.get("shafaqna"),
        versions=[
            attrs.evolve(v, language="en") if v.id == "fa-article" else v
            for v in examples.get("shafaqna").versions
        ],
    )
)
BROKEN = '{"format": "provenance/1", "subject": '


def write(root: pathlib.Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("GITHUB_OUTPUT", None)
    return env


# -- pre-commit --------------------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in loaded}


def run_hook(hook: dict[str, Any], repo: pathlib.Path) -> tuple[list[str], int, str]:
    """Run a hook as pre-commit does on every file of ``repo``: return the files it was given,
    the exit code and the output."""
    every = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    include = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if hook.get("exclude") else None
    matched = [
        name
        for name in every
        if include.search(name) and not (exclude is not None and exclude.search(name))
    ]
    if not matched:
        return matched, 0, ""
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *matched]
    done = subprocess.run(
        command, cwd=repo, env=environment(), capture_output=True, text=True, check=False
    )
    return matched, done.returncode, done.stdout + done.stderr


def test_the_hooks_are_well_formed() -> None:
    found = hooks()
    assert set(found) == {"provenance-validate", "provenance-validate-jsonl"}
    for hook in found.values():
        assert {"id", "name", "entry", "language", "files"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit pip-installs this repository
        assert shlex.split(hook["entry"])[0] == "provenance"
        re.compile(hook["files"])
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^provenance = "provenance\.__main__:main"$', pyproject, re.MULTILINE)


def test_the_distribution_is_news_provenance_everywhere() -> None:
    # `provenance` on PyPI is an unrelated project: `pip install provenance[dask]` installs it.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^name = "news-provenance"$', pyproject, re.MULTILINE)
    assert 'packages = ["provenance"]' in pyproject  # the import package keeps its name
    texts = [ROOT / "README.md", ROOT / "action.yml", ROOT / ".pre-commit-hooks.yaml"]
    texts += [*(ROOT / "docs").rglob("*.md"), *(ROOT / "provenance").rglob("*.py")]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![-\w])provenance\[\w+\]", text), path
        assert not re.search(r"pip install '?provenance\b", text), path


def test_hook_validates_only_lineage_files(tmp_path: pathlib.Path) -> None:
    write(
        tmp_path,
        {
            "news/a.provenance.json": CLEAN,
            "news/deep/b.provenance.json": WITH_ERROR,
            "news/c.json": BROKEN,  # not a lineage file by name: never given to the hook
            "provenance/schema.json": "{}",
            "a.provenance.json.bak": BROKEN,
            "README.md": "# news\n",
        },
    )
    hook = hooks()["provenance-validate"]
    matched, code, output = run_hook(hook, tmp_path)
    assert matched == ["news/a.provenance.json", "news/deep/b.provenance.json"]
    assert code == 1
    assert "news/deep/b.provenance.json: $.derivations[1]" in output
    assert "PV203" in output
    assert "news/a.provenance.json:" not in output
    assert "2 documents checked" in output


def test_hook_passes_clean_files_and_stops_unreadable_ones(tmp_path: pathlib.Path) -> None:
    hook = hooks()["provenance-validate"]
    write(tmp_path / "clean", {"x.provenance.json": CLEAN, "y/z.provenance.json": CLEAN})
    assert run_hook(hook, tmp_path / "clean")[1:] == (0, "2 documents checked: no findings\n")
    write(tmp_path / "broken", {"x.provenance.json": BROKEN})
    _, code, output = run_hook(hook, tmp_path / "broken")
    assert code == 2
    assert "x.provenance.json" in output
    assert "line 1, column 39" in output


def test_jsonl_hook_reports_each_line(tmp_path: pathlib.Path) -> None:
    lines = [native.dumps(examples.get("shafaqna")), BROKEN, WITH_ERROR, ""]
    write(tmp_path, {"feeds/today.provenance.jsonl": "\n".join(lines) + "\n", "x.jsonl": "{"})
    matched, code, output = run_hook(hooks()["provenance-validate-jsonl"], tmp_path)
    assert matched == ["feeds/today.provenance.jsonl"]
    assert code == 2
    assert "feeds/today.provenance.jsonl:2: " in output  # the broken line, by number
    assert "feeds/today.provenance.jsonl:3: $.derivations[1]" in output


# -- the GitHub Action -------------------------------------------------------------------------


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Runner:
    """Runs the composite action's steps as GitHub does, minus the install step, which is
    replaced by pointing the action's venv at this venv's ``provenance``."""

    def __init__(self, tmp: pathlib.Path, inputs: dict[str, str]) -> None:
        spec = action()
        self.inputs = {name: str(item.get("default", "")) for name, item in spec["inputs"].items()}
        unknown = set(inputs) - set(self.inputs)
        assert not unknown, f"the action has no inputs {unknown}"
        self.inputs.update(inputs)
        self.temp = tmp / "runner-temp"
        self.workspace = tmp / "workspace"
        self.temp.mkdir(parents=True, exist_ok=True)
        self.workspace.mkdir(parents=True, exist_ok=True)
        self.outputs: dict[str, dict[str, str]] = {}
        self.log = ""

    def value(self, expression: str) -> str:
        head, _, rest = expression.partition(".")
        if head == "inputs":
            return self.inputs[rest]
        if expression == "runner.temp":
            return str(self.temp)
        match = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if match:
            return self.outputs.get(match[1], {}).get(match[2], "")
        raise AssertionError(f"expression not understood by this test: {expression}")

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.value(m[1]), text)

    def condition(self, expression: str) -> bool:
        match = re.fullmatch(r"(\S+) (==|!=) '([^']*)'", expression.strip())
        assert match, f"condition not understood by this test: {expression}"
        equal = self.value(match[1]) == match[3]
        return equal if match[2] == "==" else not equal

    def run(self) -> int:
        """Run every step; return the exit code of the first failing one (0 if none)."""
        for step in action()["runs"]["steps"]:
            if "if" in step and not self.condition(step["if"]):
                continue
            if step["id"] == "install":
                venv = pathlib.Path(self.substitute(step["env"]["VENV"]))
                (venv / "bin").mkdir(parents=True, exist_ok=True)
                (venv / "bin" / "provenance").symlink_to(PROVENANCE)
                continue
            assert step["shell"] == "bash"
            outputs = self.temp / f"output-{step['id']}"
            outputs.write_text("")
            env = environment()
            env.update({k: self.substitute(str(v)) for k, v in step.get("env", {}).items()})
            env.update(
                GITHUB_OUTPUT=str(outputs),
                GITHUB_ACTION_PATH=str(ROOT),
                RUNNER_TEMP=str(self.temp),
            )
            script = self.temp / f"{step['id']}.sh"
            script.write_text(self.substitute(step["run"]))
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            self.log += done.stdout + done.stderr
            self.outputs[step["id"]] = dict(
                line.split("=", 1) for line in outputs.read_text().splitlines() if line
            )
            if done.returncode:
                return done.returncode
        return 0

    def output(self, name: str) -> str:
        return self.substitute(action()["outputs"][name]["value"])


def test_action_references_only_what_exists() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    step_ids = {step["id"] for step in spec["runs"]["steps"]}
    for expression in EXPRESSION.findall(text):
        head, _, rest = expression.partition(".")
        if head == "inputs":
            assert rest in spec["inputs"], expression
        elif head == "steps":
            assert rest.split(".")[0] in step_ids, expression
        else:
            assert expression == "runner.temp", expression
    helps = {
        verb: subprocess.run(
            [str(PROVENANCE), verb, "--help"], capture_output=True, text=True, check=True
        ).stdout
        for verb in ("validate", "badge")
    }
    for step in spec["runs"]["steps"]:
        script = step["run"]
        verbs = [verb for verb in helps if re.search(rf"(\(|\$PROVENANCE\" ){verb}\b", script)]
        options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", script)) - {"--quiet", "--version"}
        options -= {"--disable-pip-version-check", "--noprofile", "--norc"}
        for option in options:
            assert any(option in helps[verb] for verb in verbs), (step["id"], option)
    install = spec["runs"]["steps"][0]
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    assert "GITHUB_PATH" not in text  # the job's PATH and python stay the user's own


def test_action_annotates_and_badges_every_file(tmp_path: pathlib.Path) -> None:
    runner = Runner(tmp_path, {"files": "news/**/*.provenance.json", "badge-dir": "out/badges"})
    write(
        runner.workspace,
        {
            "news/a.provenance.json": CLEAN,
            "news/2024/b.provenance.json": WITH_ERROR,
            "other/c.provenance.json": BROKEN,  # outside the pattern
        },
    )
    code = runner.run()
    assert code == 1
    assert runner.output("exit-code") == "1"
    assert runner.output("files") == "2"
    assert "::error file=news/2024/b.provenance.json,title=PV203::" in runner.log
    assert "news/a.provenance.json" not in runner.log.split("::error")[1]
    badges = runner.workspace / "out" / "badges" / "news"
    for name in ("a.provenance.svg", "2024/b.provenance.svg"):
        assert (badges / name).read_text(encoding="utf-8").startswith("<svg")
    assert "error" in (badges / "2024/b.provenance.svg").read_text(encoding="utf-8")


def test_action_clean_files_pass_with_endpoint_badges(tmp_path: pathlib.Path) -> None:
    runner = Runner(
        tmp_path,
        {
            "files": "*.provenance.json\n  docs/*.provenance.json",
            "badge-dir": "badges",
            "badge-format": "endpoint",
            "fail-on": "warning",
        },
    )
    write(runner.workspace, {"x.provenance.json": CLEAN, "docs/y.provenance.json": CLEAN})
    assert runner.run() == 0
    assert runner.output("files") == "2"
    for name in ("x.provenance.json", "docs/y.provenance.json"):
        data = json.loads((runner.workspace / "badges" / name).read_text(encoding="utf-8"))
        assert data["schemaVersion"] == 1


def test_action_select_ignore_and_no_badges(tmp_path: pathlib.Path) -> None:
    runner = Runner(tmp_path, {"files": "*.provenance.json", "ignore": "PV203"})
    write(runner.workspace, {"b.provenance.json": WITH_ERROR})
    assert runner.run() == 0
    assert "badges" not in runner.outputs  # the step was skipped
    runner = Runner(tmp_path / "2", {"files": "*.provenance.json", "select": "PV2"})
    write(runner.workspace, {"b.provenance.json": WITH_ERROR})
    assert runner.run() == 1


def test_action_without_matching_files_fails_clearly(tmp_path: pathlib.Path) -> None:
    runner = Runner(tmp_path, {"files": "nothing/**/*.json"})
    assert runner.run() == 2
    assert "::error title=provenance::no file matches: nothing/**/*.json" in runner.log


def test_action_unreadable_file_and_jsonl_badges(tmp_path: pathlib.Path) -> None:
    lines = [native.dumps(examples.get(name)) for name in ("shafaqna", "machine")] + [BROKEN]
    runner = Runner(
        tmp_path,
        {"files": "feed.provenance.jsonl", "jsonl": "true", "badge-dir": "b", "badge-format": "md"},
    )
    write(runner.workspace, {"feed.provenance.jsonl": "\n".join(lines) + "\n"})
    assert runner.run() == 2
    assert runner.outputs["badges"]["status"] == "2"  # md is not a badge format
    runner = Runner(
        tmp_path / "2",
        {"files": "feed.provenance.jsonl", "jsonl": "true", "badge-dir": "b"},
    )
    write(runner.workspace, {"feed.provenance.jsonl": "\n".join(lines) + "\n"})
    assert runner.run() == 2
    assert runner.output("exit-code") == "2"
    assert "::error file=feed.provenance.jsonl,line=3,title=unreadable::" in runner.log
    made = sorted(p.name for p in (runner.workspace / "b" / "feed.provenance").iterdir())
    assert made == ["en-article.svg", "en-mt.svg"] or len(made) == 2


@pytest.mark.parametrize("style", ["plastic", "social", "for-the-badge"])
def test_action_draws_every_style_with_a_logo_and_links(tmp_path: pathlib.Path, style: str) -> None:
    runner = Runner(
        tmp_path,
        {
            "files": "*.provenance.json",
            "badge-dir": "badges",
            "badge-style": style,
            "badge-logo": "brand/logo.svg",
            "badge-logo-color": "hsl(120,100%,25%)",
            "badge-link": "https://example.org/about",
            "badge-message-link": "https://example.org/a",
        },
    )
    logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0h24z"/></svg>'
    write(runner.workspace, {"a.provenance.json": CLEAN, "brand/logo.svg": logo})
    assert runner.run() == 0, runner.log
    svg = (runner.workspace / "badges" / "a.provenance.svg").read_text(encoding="utf-8")
    expected = badge.for_lineage(
        native.loads(CLEAN),
        style=style,
        logo=logo,
        logo_color="hsl(120,100%,25%)",
        link="https://example.org/about",
        message_link="https://example.org/a",
    ).svg()
    assert svg == expected + "\n"
    assert ('height="18"' in svg) == (style == "plastic")


def test_action_reports_a_bad_badge_style(tmp_path: pathlib.Path) -> None:
    runner = Runner(
        tmp_path, {"files": "*.provenance.json", "badge-dir": "b", "badge-style": "glossy"}
    )
    write(runner.workspace, {"a.provenance.json": CLEAN})
    assert runner.run() == 2
    assert "invalid choice: 'glossy'" in runner.log
