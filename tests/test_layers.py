"""The imports point one way (DESIGN §7), and each third-party library has one wrapper."""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).parent.parent / "provenance"

# Lower layers never import higher ones.
LAYERS = {
    "_version": 0,
    "_text_safety": 0,
    "errors": 0,
    "_choices": 0,
    "_limits": 0,
    "languages": 0,
    "_language_table": 0,
    "dates": 0,
    "model": 1,
    "builder": 1,
    "_arguments": 1,
    "examples": 1,
    "findings": 2,
    "validate": 2,
    "_rules": 2,
    "digest": 2,
    "formats": 3,
    "credits": 3,
    "badge": 3,
    "_badge_text": 3,
    "_badge_color": 3,
    "_badge_svg": 3,
    "_badge_widths": 3,
    "_badge_names": 3,
    "strategies": 3,
    "_extract": 3,
    "_extract_cues": 3,
    "_credit_render": 3,
    "batch": 4,
    "_parallel": 4,
    "dask": 4,
    "pages": 4,
    "_c2pa_sign": 4,
    "cli": 5,
    "_cli_io": 5,
    "_cli_console": 5,
    "_cli_texts": 5,
    "__main__": 5,
    "__init__": 6,
}
WRAPPERS = {
    "langcodes": "languages",
    "language_data": "languages",
    "dateutil": "dates",
    # the web extra: HTML in pages._html, web archives in pages._warc
    "lxml": "pages._html",
    "extruct": "pages._html",
    "trafilatura": "pages._html",
    "htmldate": "pages._html",
    "warcio": "pages._warc",
    "py3langid": "pages._html",
}


def _modules() -> list[pathlib.Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: pathlib.Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return ".".join(relative.parts)


def _layer(dotted: str) -> int:
    head = dotted.split(".")[0]
    if head.startswith("_cmd_"):  # a verb of the command line in its own module
        return LAYERS["cli"]
    assert head in LAYERS, f"provenance.{dotted} has no layer: add it to LAYERS"
    return LAYERS[head]


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of import nodes under ``if TYPE_CHECKING:``: annotations only, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and (node.test.id == "TYPE_CHECKING")
        ):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def _imports(path: pathlib.Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "provenance":
                found.extend(f"provenance.{alias.name}" for alias in node.names)
            else:
                found.append(node.module)
    return found


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_imports_point_down(path: pathlib.Path) -> None:
    own = _name(path)
    for imported in _imports(path):
        if not imported.startswith("provenance."):
            continue
        target = imported.removeprefix("provenance.")
        assert _layer(target) <= _layer(own), f"provenance.{own} imports {imported}"
        if own.startswith("formats"):
            assert target != "validate", "formats do not validate: the caller decides"
        if own in ("model", "builder"):
            assert not target.startswith("formats"), "the model knows no format"


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_each_dependency_has_one_wrapper(path: pathlib.Path) -> None:
    own = _name(path)
    for imported in _imports(path):
        top = imported.split(".")[0]
        if top in WRAPPERS:
            assert own == WRAPPERS[top], f"only provenance.{WRAPPERS[top]} may import {top}"


def test_public_modules_declare_all() -> None:
    for path in _modules():
        name = _name(path)
        if name.split(".")[-1].startswith("_") and name != "__init__":
            continue
        if name in ("__main__",):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [
            t.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name)
        ]
        assert "__all__" in names, f"provenance.{name} has no __all__"


def test_top_level_all_is_sorted_and_complete() -> None:
    import provenance

    def isort_style(name: str) -> tuple[int, str]:  # ruff's RUF022 order
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert list(provenance.__all__) == sorted(provenance.__all__, key=isort_style)
    for name in provenance.__all__:
        assert hasattr(provenance, name)


def _fresh(code: str) -> str:
    """What ``code`` prints in a new interpreter importing this checkout's ``provenance``."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_package_imports_nothing_else() -> None:
    """``python -m provenance`` installs its Ctrl-C handling once the package is imported: the
    package's import must do no work, or a Ctrl-C during it is a traceback."""
    loaded = _fresh(
        "import sys; before = set(sys.modules); import provenance; "
        "print(sorted(set(sys.modules) - before))"
    )
    assert set(ast.literal_eval(loaded)) <= {"__future__", "provenance"}


def test_each_public_name_is_its_modules_and_typed() -> None:
    import importlib

    import provenance

    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    typed: dict[str, str] = {}  # name -> module, from the imports type checkers read
    for node in ast.walk(tree):
        if id(node) in _type_checking_only(tree) and isinstance(node, ast.ImportFrom):
            for alias in node.names:
                typed[alias.name] = f"{node.module}.{alias.name}"
    typed.pop("ModuleType")
    assert sorted(typed) == sorted(provenance.__all__)
    for name in provenance.__all__:
        module, _, attribute = typed[name].rpartition(".")
        expected = getattr(importlib.import_module(module), attribute)
        assert getattr(provenance, name) is expected, name
    assert set(provenance.__all__) <= set(dir(provenance))
    with pytest.raises(AttributeError, match=r"^module 'provenance' has no attribute 'Lineages'$"):
        provenance.Lineages  # noqa: B018 - the attribute access is the test


def test_digest_and_validate_stay_functions_when_their_modules_load() -> None:
    """The import system sets a submodule as its package's attribute when it is first
    imported: ``provenance.digest`` and ``provenance.validate`` must stay the functions."""
    shown = _fresh(
        "import provenance.cli, provenance.digest, provenance.validate, provenance\n"
        "from provenance import digest, validate, examples\n"
        "print(provenance.digest('x') == digest('x'), provenance.validate is validate,\n"
        "      provenance.validate(examples.get('shafaqna')))"
    )
    assert shown == "True True ()"


def test_the_package_pickles_by_name_as_a_plain_module_does() -> None:
    # Dask and multiprocessing send closures that name the package to their workers; the
    # lazy package object must travel as a name, as every module does.
    import pickle

    import provenance

    assert pickle.loads(pickle.dumps(provenance)) is provenance
    cloudpickle = pytest.importorskip("cloudpickle")
    task = cloudpickle.loads(cloudpickle.dumps(lambda text: provenance.loads(text).subject))
    assert task(provenance.dumps(provenance.examples.get("shafaqna"))) == "en-article"
