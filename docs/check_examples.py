"""Check that every example in the documentation prints what the page says it prints.

Run from the repository root, with the package installed (``pip install -e .``)::

    .venv/bin/python docs/check_examples.py            # check every page
    .venv/bin/python docs/check_examples.py rules.md   # check one page
    .venv/bin/python docs/check_examples.py --update   # rewrite console outputs from real runs

Each page runs in a fresh temporary directory, its blocks in document order:

- a ``{code-block}`` with a ``:caption:`` that is a file name (``pv101.json``) is written to
  that file, so later commands can read it;
- a ``pycon`` block is run as a doctest; the blocks of one page share their globals;
- a ``console`` block holds ``$ command`` lines, each followed by its expected output
  (standard output and standard error together, as a terminal shows them). Commands run in
  bash with the virtual environment's ``bin`` first on ``PATH`` and ``COLUMNS=80``.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>.*)$")
OPTION = re.compile(r"^:(?P<name>[\w-]+):\s*(?P<value>.*)$")
FILE_NAME = re.compile(r"^[\w.-]+\.\w+$")


class Block:
    def __init__(self, kind: str, caption: str | None, body: list[str], start: int, end: int):
        self.kind = kind
        self.caption = caption
        self.body = body
        self.start = start  # index of the first body line in the page
        self.end = end  # index one past the last body line


def blocks(lines: list[str]) -> list[Block]:
    """The fenced blocks of a MyST page (top level and one level into directives)."""
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, info = match["fence"], match["info"].strip()
        close = index + 1
        while close < len(lines) and lines[close].rstrip() != fence:
            close += 1
        body_start = index + 1
        caption = None
        kind = info
        if info.startswith("{code-block}"):
            kind = info.removeprefix("{code-block}").strip()
            while body_start < close and (option := OPTION.match(lines[body_start])):
                if option["name"] == "caption":
                    caption = option["value"].strip()
                body_start += 1
            if body_start < close and not lines[body_start].strip():
                body_start += 1
        elif info.startswith("{"):  # another directive: look inside it for code blocks
            for inner in blocks(lines[index + 1 : close]):
                inner.start += index + 1
                inner.end += index + 1
                found.append(inner)
            index = close + 1
            continue
        found.append(Block(kind, caption, lines[body_start:close], body_start, close))
        index = close + 1
    return found


def run_shell(command: str, cwd: Path) -> str:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "80"
    env["PYTHONUNBUFFERED"] = "1"
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return "\n".join(line.rstrip() for line in done.stdout.rstrip("\n").splitlines())


def console(block: Block, cwd: Path) -> tuple[list[str], list[str]]:
    """(problems, the block's body as the commands really print it)."""
    problems: list[str] = []
    real: list[str] = []
    expected: list[str] = []
    command: str | None = None

    def finish() -> None:
        if command is None:
            return
        output = run_shell(command, cwd)
        want = "\n".join(line.rstrip() for line in expected).rstrip("\n")
        if output != want:
            problems.append(f"$ {command}\n--- expected\n{want}\n--- got\n{output}")
        real.extend(output.splitlines() if output else [])

    for line in block.body:
        if line.startswith("$ "):
            finish()
            command, expected = line[2:], []
            real.append(line)
        else:
            expected.append(line)
    finish()
    return problems, real


def check_page(page: Path, update: bool) -> list[str]:
    lines = page.read_text(encoding="utf-8").splitlines()
    problems: list[str] = []
    globs: dict[str, object] = {"__name__": page.stem}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    replacements: list[tuple[int, int, list[str]]] = []
    start_dir = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="provenance-docs-") as temp:
        cwd = Path(temp)
        os.chdir(cwd)
        try:
            for block in blocks(lines):
                where = f"{page.name}:{block.start + 1}"
                if block.caption and FILE_NAME.match(block.caption):
                    text = "\n".join(block.body) + "\n"
                    (cwd / block.caption).write_text(text, encoding="utf-8")
                if block.kind == "pycon":
                    test = parser.get_doctest(
                        "\n".join(block.body), globs, where, str(page), block.start
                    )
                    report: list[str] = []
                    runner.run(test, out=report.append, clear_globs=False)
                    globs.update(test.globs)  # DocTest works on a copy of the globals
                    problems.extend(report)
                elif block.kind == "console":
                    found, real = console(block, cwd)
                    problems.extend(f"{where}:\n{p}" for p in found)
                    if found:
                        replacements.append((block.start, block.end, real))
        finally:
            os.chdir(start_dir)
    if update and replacements:
        for start, end, real in reversed(replacements):
            lines[start:end] = real
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return problems


def _pages() -> list[Path]:
    """Every page of the documentation, guides and format pages included (not the build)."""
    return sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts)


def main(argv: list[str]) -> int:
    update = "--update" in argv
    names = [a for a in argv if a != "--update"]
    pages = [DOCS / n for n in names] if names else _pages()
    failed = 0
    for page in pages:
        problems = check_page(page, update)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(
            f"{page.relative_to(DOCS)}: {status}"
            + (" (console outputs updated)" if update and problems else "")
        )
        for problem in problems:
            print(problem)
        failed += bool(problems) and not update
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
