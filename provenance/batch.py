"""Batches: validate, convert, badge or extract many lineages, streaming, on one core or many.

A pipeline hands over an iterable (the lines of a JSON Lines file, or lineages) and gets back
one :class:`Result` per item, in input order, as they are ready. The input is never
materialized: it is read in chunks, and at most ``2 × jobs`` chunks are in flight, so memory
stays flat whatever the input's size. A bad document gives a result with its line number and
the located problems, never an exception; one bad document never stops the batch.

>>> from provenance import batch, examples, dumps
>>> lines = [dumps(examples.get("shafaqna")), '{"format": "provenance/1"', ""]
>>> for result in batch.validate_lines(lines):
...     print(result.line, result.ok, result.findings, result.error)
1 True () None
2 False None line 1, column 26: broken JSON: Expecting ',' delimiter

The blank third line gives no result; numbering still counts it.

**Tasks.** A task is a picklable callable ``task(item, *, line, source) -> Result`` where
``item`` is one line (``str`` or ``bytes``) or a :class:`~provenance.Lineage`. Ready-made:
:func:`validate_task`, :func:`convert_task` and :func:`badge_task`; :func:`get_task` builds
one from a registered name. With ``jobs > 1`` the task is pickled into worker processes, so it
must be an instance of a class defined at the top level of a module (never a lambda or a
closure), holding only picklable options. To add one (an extract verb does exactly this):

1. For work on a lineage, subclass :class:`LineageTask` as a ``@attrs.frozen(kw_only=True)``
   class whose fields are its options, and implement ``apply(lineage, *, line, source)``
   returning a :class:`Result` (``output=`` the text made). Reading the line, turning a
   :class:`~provenance.ParseError` into a located error result, and turning an unexpected
   exception into an error result are done by the base class.
2. For work on raw text (extracting lineages from credit lines), write a frozen attrs class with
   ``__call__(item, *, line, source) -> Result`` that never raises; return ``Result.failure``
   for input it cannot use.
3. Offer a factory (``extract_task(**options)``) that checks the options at once, in the
   caller's process, so a bad option is a usage error before any line is read (see
   :func:`badge_task`); and register it with :func:`register_task` so that
   ``get_task("extract", ...)`` finds it (built-in tasks are listed in ``_TASKS`` here).

Everything that crosses a process boundary is plain data that pickles: results carry findings
and :class:`~provenance.Problem` objects and the error as text, never exception objects.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import json
import operator
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any, ClassVar, Protocol, TypeVar, cast

import attrs

from provenance import _limits, _parallel, formats
from provenance._choices import did_you_mean, enum_value
from provenance._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_SOURCES, check_sources_limit
from provenance.errors import LossWarning, ParseError, Problem, ProvenanceError
from provenance.findings import Finding, Severity, rule_codes
from provenance.formats import native
from provenance.formats._json_text import not_utf8
from provenance.model import Lineage

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MAX_BYTES",
    "BadgeTask",
    "ConvertTask",
    "ExtractTask",
    "Item",
    "LineageTask",
    "Result",
    "Tally",
    "Task",
    "ValidateTask",
    "badge_task",
    "convert_lines",
    "convert_task",
    "extract_task",
    "get_task",
    "read_lines",
    "register_task",
    "run_items",
    "run_lineages",
    "run_lines",
    "task_names",
    "validate_lines",
    "validate_task",
]

DEFAULT_CHUNK_SIZE = 500
"""Lines per unit of work sent to a worker: large enough to amortize pickling, small enough
that ``2 × jobs`` chunks in flight hold little memory."""

Item = str | bytes | bytearray | Lineage
"""What a task takes: one line of JSON Lines (text or bytes), or a lineage."""


def _tuple_of_findings(value: Iterable[Finding] | None) -> tuple[Finding, ...] | None:
    return None if value is None else tuple(value)


def _tuple_of_problems(value: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(value)


def _tuple_of_str(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Result:
    """The outcome of one task on one item.

    ``line`` is the item's 1-based position: its line number in JSON Lines (blank lines count)
    or its number in an iterable of lineages. ``source`` names the file when known.

    - ``ok``: nothing failed: the document was read, the task ran, and no finding reached the
      task's failing severity.
    - ``output``: the text the task made (converted document, badge), if any.
    - ``findings``: what validation found; ``None`` when the task does not validate.
    - ``error``: why the item could not be processed, with ``problems`` locating it inside the
      document (JSON path, or line and column of a syntax error).
    - ``warnings``: what an export dropped (:class:`~provenance.LossWarning` messages).
    """

    line: int
    source: str | None = None
    ok: bool = True
    output: str | None = None
    findings: tuple[Finding, ...] | None = attrs.field(default=None, converter=_tuple_of_findings)
    error: str | None = None
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_tuple_of_problems)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    name: str | None = None  # what the output is about: the lineage's subject id

    @classmethod
    def failure(
        cls,
        line: int,
        source: str | None,
        error: str,
        problems: Iterable[Problem] = (),
    ) -> Result:
        """A result for an item that could not be processed."""
        return cls(line=line, source=source, ok=False, error=error, problems=tuple(problems))

    @classmethod
    def from_parse_error(cls, line: int, source: str | None, error: ParseError) -> Result:
        """A result for a document that cannot be read, keeping every located problem."""
        return cls.failure(line, source, str(error), error.problems)

    @property
    def exit_code(self) -> int:
        """What this item alone would make the command line exit with: 0, 1 or 2."""
        if self.error is not None:
            return 2
        return 0 if self.ok else 1

    @property
    def location(self) -> str:
        """``source:line`` (or ``line N`` when the source is unknown), for messages."""
        return f"{self.source}:{self.line}" if self.source is not None else f"line {self.line}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for one JSON line, with the keys of ``provenance validate --format json``.

        >>> Result(line=3, source="in.jsonl", findings=()).to_dict()
        {'source': 'in.jsonl', 'line': 3, 'ok': True, 'findings': []}
        """
        data: dict[str, Any] = {}
        if self.source is not None:
            data["source"] = self.source
        data["line"] = self.line
        data["ok"] = self.ok
        if self.findings is not None:
            data["findings"] = [finding.to_dict() for finding in self.findings]
        if self.output is not None:
            data["output"] = self.output
        if self.warnings:
            data["warnings"] = list(self.warnings)
        if self.name is not None:
            data["name"] = self.name
        if self.error is not None:
            data["error"] = [_problem_dict(p) for p in self.problems] or [
                {"path": "$", "message": self.error}
            ]
        return data

    def to_json(self) -> str:
        """One compact JSON line (no newline), UTF-8 text kept as is."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    def __reduce__(self) -> tuple[Callable[..., Result], tuple[Any, ...]]:
        # Results cross a process boundary by the thousand: a flat tuple pickles in a third of
        # the time attrs' field-by-field state takes, and _rebuild skips the converters.
        return _rebuild, _RESULT_VALUES(self)


_RESULT_FIELDS = tuple(field.name for field in attrs.fields(Result))
_RESULT_VALUES = operator.attrgetter(*_RESULT_FIELDS)
_RESULT_SETTERS = tuple(getattr(Result, name).__set__ for name in _RESULT_FIELDS)


def _rebuild(*values: Any) -> Result:
    """A pickled :class:`Result` again, from the values :meth:`Result.__reduce__` gave."""
    made: Result = object.__new__(Result)
    for store, value in zip(_RESULT_SETTERS, values, strict=True):
        store(made, value)
    return made


def _problem_dict(problem: Problem) -> dict[str, Any]:
    data: dict[str, Any] = {"path": problem.location, "message": problem.message}
    if problem.line is not None:
        data["line"], data["column"] = problem.line, problem.column
    return data


@attrs.define
class Tally:
    """Counts results as they stream past, for a summary line and the exit code.

    >>> tally = Tally()
    >>> for result in tally.track([Result(line=1), Result(line=2, ok=False)]):
    ...     pass
    >>> tally.documents, tally.ok, tally.failed, tally.exit_code
    (2, 1, 1, 1)
    """

    documents: int = 0
    ok: int = 0
    failed: int = 0
    unusable: int = 0
    findings: dict[Severity, int] = attrs.field(factory=lambda: dict.fromkeys(Severity, 0))

    def add(self, result: Result) -> Result:
        """Count one result; return it unchanged."""
        self.documents += 1
        if result.error is not None:
            self.unusable += 1
        elif result.ok:
            self.ok += 1
        else:
            self.failed += 1
        for finding in result.findings or ():
            self.findings[finding.severity] += 1
        return result

    def track(self, results: Iterable[Result]) -> Iterator[Result]:
        """Yield the results unchanged, counting each."""
        for result in results:
            yield self.add(result)

    def merge(self, other: Tally) -> Tally:
        """The counts of both (for results counted in several places, as Dask does)."""
        return Tally(
            documents=self.documents + other.documents,
            ok=self.ok + other.ok,
            failed=self.failed + other.failed,
            unusable=self.unusable + other.unusable,
            findings={s: self.findings[s] + other.findings[s] for s in Severity},
        )

    @property
    def exit_code(self) -> int:
        """2 if any item could not be processed, else 1 if any failed, else 0."""
        if self.unusable:
            return 2
        return 1 if self.failed else 0


# -- tasks -------------------------------------------------------------------------------------


class Task(Protocol):
    """What :func:`run_lines` runs on each item. It never raises: failures are results."""

    def __call__(self, item: Item, *, line: int, source: str | None) -> Result: ...


def _read(item: Item, source_format: str, max_sources: int | None, *, keep: bool = True) -> Lineage:
    if isinstance(item, Lineage):
        return item
    if source_format == "native" and isinstance(item, str | bytes | bytearray):
        # keep=False: no canonical text kept for a later dump
        return native._loads(item, source=None, keep=keep, max_sources=max_sources)
    lineage: Lineage = formats.get(source_format).loads(item, max_sources=max_sources)
    return lineage


_OPENERS = {"{": "object", "[": "array", b"{": "object", b"[": "array"}


def _pretty_hint(item: Item) -> str:
    """A hint for a line that only opens a JSON object or array, unindented (else ""): the
    input is most likely a pretty-printed document read as JSON Lines."""
    if isinstance(item, Lineage):
        return ""
    # Unindented: the first line of a pretty-printed document, not one of its inner lines.
    opened = _OPENERS.get(bytes(item).rstrip() if isinstance(item, bytearray) else item.rstrip())
    if opened is None:
        return ""
    return (
        f" (this line only opens a JSON {opened}: the input looks like pretty-printed JSON, "
        "not JSON Lines, which hold one whole document per line)"
    )


def _with_hint(item: Item, error: ParseError) -> ParseError:
    hint = _pretty_hint(item)
    if not hint or len(error.problems) != 1:
        return error
    problem = error.problems[0]
    return ParseError(
        [Problem(problem.path, problem.message + hint, line=problem.line, column=problem.column)],
        source=error.source,
    )


def _unexpected(line: int, source: str | None, error: Exception) -> Result:
    return Result.failure(
        line,
        source,
        f"unexpected {type(error).__name__}: {error} (a bug in provenance: please report it "
        "with this document)",
    )


@attrs.frozen(kw_only=True)
class LineageTask:
    """The base of tasks that read a lineage and do something with it.

    Subclasses implement :meth:`apply`. ``source_format`` is the format of text items, and
    ``max_sources`` the most sources a derivation in them may have (``docs/limits.md``).
    """

    source_format: str = "native"
    max_sources: int | None = attrs.field(
        default=DEFAULT_MAX_SOURCES, validator=lambda _, __, value: check_sources_limit(value)
    )
    _writes: ClassVar[bool] = True  # whether apply() may write the lineage (native._loads)

    def __call__(self, item: Item, *, line: int, source: str | None = None) -> Result:
        dropped: list[str] = []
        try:
            if self.source_format == "native":  # never drops anything: no warnings to catch
                lineage = _read(item, "native", self.max_sources, keep=self._writes)
            else:  # a foreign format may drop what it cannot use: the result says what
                lineage, dropped = _losses(
                    lambda: _read(item, self.source_format, self.max_sources)
                )
        except ParseError as error:
            return Result.from_parse_error(line, source, _with_hint(item, error))
        except Exception as error:
            return _unexpected(line, source, error)
        try:
            result = self.apply(lineage, line=line, source=source)
        except ProvenanceError as error:
            return Result.failure(line, source, str(error))
        except Exception as error:
            return _unexpected(line, source, error)
        if dropped:
            result = attrs.evolve(result, warnings=(*dropped, *result.warnings))
        return result

    def apply(self, lineage: Lineage, *, line: int, source: str | None) -> Result:
        """The task's work on one lineage."""
        raise NotImplementedError


@attrs.frozen(kw_only=True)
class ValidateTask(LineageTask):
    """Validate each lineage: ``findings`` in document order; not ``ok`` when any is at or
    above ``fail_on``. Build with :func:`validate_task`."""

    _writes: ClassVar[bool] = False

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    today: dt.date | None = None
    texts: tuple[tuple[str, str], ...] = ()

    def apply(self, lineage: Lineage, *, line: int, source: str | None) -> Result:
        from provenance.validate import validate

        # As ``provenance validate --text ID=FILE``: a text applies to the lineages having ID.
        texts = {vid: text for vid, text in self.texts if lineage.has_version(vid)}
        findings = validate(
            lineage, texts=texts, select=self.select, ignore=self.ignore, today=self.today
        )
        threshold = self.fail_on.rank
        ok = all(finding.severity.rank < threshold for finding in findings)
        return Result(line=line, source=source, ok=ok, findings=findings)


@attrs.frozen(kw_only=True)
class ConvertTask(LineageTask):
    """Convert each lineage to format ``to``; ``output`` is the text, ``warnings`` what the
    format dropped. Build with :func:`convert_task`."""

    to: str
    options: tuple[tuple[str, Any], ...] = ()

    def apply(self, lineage: Lineage, *, line: int, source: str | None) -> Result:
        module = formats.get(self.to)
        text, losses = _losses(lambda: module.dumps(lineage, **dict(self.options)))
        return Result(line=line, source=source, output=text, warnings=losses)


_V = TypeVar("_V")


def _losses(work: Callable[[], _V]) -> tuple[_V, list[str]]:
    """Run ``work``; return its value and the :class:`~provenance.LossWarning` messages it
    raised (other warnings pass through unchanged)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        value = work()
    losses: list[str] = []
    for warning in caught:
        if issubclass(warning.category, LossWarning):
            losses.append(str(warning.message))
        else:  # pragma: no cover - other warnings pass through unchanged
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return value, losses


def validate_task(
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    fail_on: Severity | str = Severity.ERROR,
    today: dt.date | None = None,
    texts: Mapping[str, str] | None = None,
    source_format: str = "native",
    max_sources: int | None = DEFAULT_MAX_SOURCES,
) -> ValidateTask:
    """A task validating each lineage, as ``provenance validate`` does.

    ``select`` and ``ignore`` take codes or prefixes (``["PV2", "PV401"]`` or ``"PV2,PV401"``);
    a code that names no rule raises :class:`ValueError` here, before any line;
    ``fail_on`` is the lowest severity that makes a result not ``ok``. ``texts`` maps version
    ids to their text, for the digest check (PV502) of every lineage that has that version.

    >>> from provenance import dumps, examples
    >>> task = validate_task(ignore="PV105", fail_on="warning")
    >>> task(dumps(examples.get("shafaqna")), line=1, source=None).ok
    True
    """
    formats.get(source_format)
    return ValidateTask(
        select=None if select is None else rule_codes(select, "select"),
        ignore=rule_codes(ignore, "ignore") if isinstance(ignore, str) or ignore else (),
        fail_on=enum_value(Severity, fail_on, "fail_on"),
        today=today,
        texts=tuple(sorted((texts or {}).items())),
        source_format=source_format,
        max_sources=max_sources,
    )


def convert_task(
    to: str,
    *,
    source_format: str = "native",
    max_sources: int | None = DEFAULT_MAX_SOURCES,
    **options: Any,
) -> ConvertTask:
    """A task converting each lineage to format ``to``; ``options`` go to its ``dumps``.

    An unknown format raises :class:`~provenance.UnknownFormatError` here, before any line, and
    an option the format does not take raises :class:`TypeError` naming the ones it does; the
    options are tried once on an example, so that a bad value fails here too, not on every line.

    >>> from provenance import examples
    >>> task = convert_task("native", indent=None)
    >>> task(examples.get("shafaqna"), line=1, source=None).output[:29]
    '{"format":"provenance/1","sub'
    """
    module = formats.get(to)
    formats.get(source_format)
    _check_options(f"format {to!r}", module.dumps, options)
    task = ConvertTask(
        to=to,
        options=tuple(sorted(options.items())),
        source_format=source_format,
        max_sources=max_sources,
    )
    from provenance import examples

    _losses(lambda: task.apply(examples.get("shafaqna"), line=0, source=None))
    return task


def _check_options(
    to: str, dumps: Callable[..., Any], options: Mapping[str, Any], *, per_item: str = ""
) -> None:
    """Raise :class:`TypeError` for an option ``dumps`` does not take (or that each item sets
    for itself: ``per_item``), naming those it does."""
    import inspect

    taken = [
        name
        for name, parameter in inspect.signature(dumps).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name != per_item
    ]
    for name in options:
        if name not in taken:
            known = f"its options: {', '.join(taken)}" if taken else "it takes no options"
            raise TypeError(f"{to} takes no option {name!r}{did_you_mean(name, taken)}; {known}")


_BADGE_FORMATS = ("svg", "endpoint", "markdown", "html")


@attrs.frozen(kw_only=True)
class BadgeTask(LineageTask):
    """Make each lineage's badge (:func:`provenance.badge.for_lineage`) as ``output``, in
    ``format`` ``svg``, ``endpoint`` (shields.io JSON), ``markdown`` or ``html``. Build with
    :func:`badge_task`."""

    format: str = "svg"
    options: tuple[tuple[str, Any], ...] = ()
    image_url: str | None = None

    def apply(self, lineage: Lineage, *, line: int, source: str | None) -> Result:
        from provenance import badge

        made = badge.for_lineage(lineage, **dict(self.options))
        if self.format == "endpoint":
            text = json.dumps(made.endpoint(), ensure_ascii=False)
        elif self.format == "markdown":
            text = made.markdown(image_url=self.image_url)
        elif self.format == "html":
            text = made.html(image_url=self.image_url)
        else:
            text = made.svg()
        return Result(line=line, source=source, output=text, name=lineage.subject)


def badge_task(
    *,
    format: str = "svg",
    image_url: str | None = None,
    source_format: str = "native",
    max_sources: int | None = DEFAULT_MAX_SOURCES,
    **options: Any,
) -> BadgeTask:
    """A task making each lineage's badge; ``options`` go to
    :func:`provenance.badge.for_lineage` (``label``, ``template``, ``names``, ``locale``,
    ``style``, ``link``). Bad options raise :class:`~provenance.badge.BadgeError` here, once.

    >>> from provenance import examples
    >>> task = badge_task(format="endpoint", names=False)
    >>> json.loads(task(examples.get("shafaqna"), line=1, source=None).output)["message"]
    'fa → en · human'
    """
    from provenance import badge, examples

    if format not in _BADGE_FORMATS:
        raise badge.BadgeError(
            f"unknown badge format {format!r}: use one of {', '.join(_BADGE_FORMATS)}"
        )
    formats.get(source_format)
    _check_options("a badge", badge.for_lineage, options, per_item="findings")
    task = BadgeTask(
        format=format,
        options=tuple(sorted(options.items())),
        image_url=image_url,
        source_format=source_format,
        max_sources=max_sources,
    )
    # Draw one badge now, so that a bad style, locale, template or link fails before any line.
    task.apply(examples.get("shafaqna"), line=0, source=None)
    return task


@attrs.frozen(kw_only=True)
class ExtractTask:
    """Extract a lineage from each credit line (:func:`provenance.credits.extract`).

    An item is a JSON Lines record ``{"text": …, "page_language": …, "page_publisher": …}``
    (or a bare JSON string); ``output`` is the native lineage, or ``null`` when the line says
    nothing of the article's provenance. Build with :func:`extract_task`.
    """

    def __call__(self, item: Item, *, line: int, source: str | None = None) -> Result:
        from provenance._extract import read_record
        from provenance.credits import extract

        if isinstance(item, Lineage):
            return Result.failure(line, source, "extract reads credit-line records, not lineages")
        try:
            text = item if isinstance(item, str) else bytes(item).decode("utf-8")
        except UnicodeDecodeError as error:
            return Result.failure(line, source, not_utf8(bytes(item), error))  # type: ignore[arg-type]
        try:
            credit, language, publisher = read_record(text.removeprefix("\ufeff"))
            lineage = extract(credit, page_language=language, page_publisher=publisher)
        except (ValueError, ProvenanceError) as error:
            if isinstance(error, ParseError):
                return Result.from_parse_error(line, source, _with_hint(item, error))
            return Result.failure(line, source, str(error) + _pretty_hint(item))
        except Exception as error:
            return _unexpected(line, source, error)
        if lineage is None:
            return Result(line=line, source=source, output="null")
        output = native.dumps(lineage)
        return Result(line=line, source=source, output=output, name=lineage.subject)


def extract_task() -> ExtractTask:
    """A task extracting lineages from JSON Lines credit-line records.

    >>> task = extract_task()
    >>> task('{"text": "(Translated by Google)", "page_language": "en"}', line=1).output[:25]
    '{"format":"provenance/1",'
    """
    return ExtractTask()


_TASKS: dict[str, Callable[..., Task]] = {
    "badge": badge_task,
    "convert": convert_task,
    "extract": extract_task,
    "validate": validate_task,
}


def register_task(name: str, factory: Callable[..., Task]) -> None:
    """Make ``get_task(name, **options)`` call ``factory(**options)``."""
    _TASKS[name] = factory


def task_names() -> tuple[str, ...]:
    """The registered task names, sorted."""
    return tuple(sorted(_TASKS))


def get_task(name: str, **options: Any) -> Task:
    """The task registered as ``name``, built with ``options``.

    >>> get_task("validate", fail_on="warning").fail_on
    <Severity.WARNING: 'warning'>
    """
    try:
        factory = _TASKS[name]
    except KeyError:
        raise LookupError(
            f"no task {name!r}; tasks: {', '.join(task_names())}{did_you_mean(name, _TASKS)}"
        ) from None
    return factory(**options)


# -- running -----------------------------------------------------------------------------------


def run_lines(
    task: Task | str,
    lines: Iterable[str | bytes | bytearray],
    *,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    source: str | None = None,
    start: int = 1,
    progress: IO[str] | _parallel.Progress | None = None,
    context: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Result]:
    """Run a task on each non-blank line, yielding results in input order as they are ready.

    ``lines`` is read lazily (an open file works, and :func:`read_lines` reads one without
    ever holding more than ``max_bytes`` of a line); blank lines give no result but count in
    the numbering, which begins at ``start``. A line longer than ``max_bytes`` (16 MiB by
    default; ``None`` for no limit) gives a failure result, unread. ``jobs`` is the number of
    worker processes (1: this process; 0: one per available CPU). ``progress``, when it is a
    terminal, shows a progress line. ``context`` is the multiprocessing start method (default:
    the platform's); the task must pickle under ``spawn``. Bad arguments raise here, at once.
    """
    # The lines go to the workers as they come, a chunk at a time: numbering, line breaks and
    # blank lines are the workers' business, so this process does no work per line.
    chunks = _chunks(lines, start, chunk_size)
    limit = _limits.check_limit(max_bytes)
    return _run(task, chunks, jobs, chunk_size, source, progress, context, lines=True, limit=limit)


def read_lines(
    stream: IO[bytes] | IO[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Iterator[bytes] | Iterator[str]:
    """The lines of an open file for :func:`run_lines`, each read only up to ``max_bytes``:
    a longer line is passed on cut just past the limit (and gives a failure result), its rest
    skipped unread, so an endless line (``/dev/zero``) costs no more memory than the limit.
    Give :func:`run_lines` the same ``max_bytes``, so that it recognises the lines cut here.

    >>> import io
    >>> lines = read_lines(io.BytesIO(b"x" * 99), max_bytes=9)
    >>> [r.error for r in run_lines("validate", lines, max_bytes=9)]  # doctest: +ELLIPSIS
    ['larger than the limit of 9 bytes per document; ...']
    """
    limit = _limits.check_limit(max_bytes)
    if isinstance(stream, io.TextIOBase):
        return _limits.bounded_lines(cast("IO[str]", stream), limit)
    return _limits.bounded_lines(cast("IO[bytes]", stream), limit)


def _chomp(text: str | bytes | bytearray) -> str | bytes | bytearray:
    """The line without its line break, so that a syntax error at its end says ``line 1``."""
    if isinstance(text, str):
        return text.rstrip("\r\n")
    return text.rstrip(b"\r\n")


def run_lineages(
    task: Task | str,
    lineages: Iterable[Lineage],
    *,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    source: str | None = None,
    start: int = 1,
    progress: IO[str] | None = None,
    context: str | None = None,
) -> Iterator[Result]:
    """Run a task on each lineage, numbered from ``start``; as :func:`run_lines` otherwise.

    >>> from provenance import examples
    >>> results = run_lineages("validate", [examples.get("relay")])
    >>> [(r.line, r.ok, [f.code for f in r.findings]) for r in results]
    [(1, True, ['PV207'])]
    """
    return run_items(
        task,
        lineages,
        jobs=jobs,
        chunk_size=chunk_size,
        source=source,
        start=start,
        progress=progress,
        context=context,
    )


def run_items(
    task: Task | str,
    items: Iterable[Any],
    *,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    source: str | None = None,
    start: int = 1,
    progress: IO[str] | None = None,
    context: str | None = None,
) -> Iterator[Result]:
    """Run a task on each item of any kind it takes (a lineage, a page of
    :mod:`provenance.pages`), numbered from ``start``; as :func:`run_lines` otherwise. With
    ``jobs > 1`` the items must pickle; keep ``chunk_size`` small for large items (pages)."""
    chunks = _chunks(items, start, chunk_size)
    return _run(task, chunks, jobs, chunk_size, source, progress, context, lines=False)


def validate_lines(
    lines: Iterable[str | bytes | bytearray],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    fail_on: Severity | str = Severity.ERROR,
    **run_options: Any,
) -> Iterator[Result]:
    """:func:`run_lines` with :func:`validate_task`: validate JSON Lines."""
    task = validate_task(select=select, ignore=ignore, fail_on=fail_on)
    return run_lines(task, lines, **run_options)


def convert_lines(
    lines: Iterable[str | bytes | bytearray],
    to: str,
    *,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    source: str | None = None,
    progress: IO[str] | None = None,
    **options: Any,
) -> Iterator[Result]:
    """:func:`run_lines` with :func:`convert_task`: convert JSON Lines to format ``to``."""
    task = convert_task(to, **options)
    return run_lines(
        task, lines, jobs=jobs, chunk_size=chunk_size, source=source, progress=progress
    )


def _run(
    task: Task | str,
    chunks: Iterator[_Chunk],
    jobs: int,
    chunk_size: int,
    source: str | None,
    progress: IO[str] | _parallel.Progress | None,
    context: str | None,
    *,
    lines: bool,
    limit: int | None = None,
) -> Iterator[Result]:
    runnable = get_task(task) if isinstance(task, str) else task
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per CPU) or more, got {jobs}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    workers = jobs or _parallel.available_cpus()
    work = functools.partial(_run_chunk, runnable, source, lines, limit)
    if workers == 1:
        per_chunk: Iterator[list[Result]] = map(work, chunks)
    else:
        failed = functools.partial(_failed_chunk, source, lines)
        per_chunk = _parallel.ordered_map(
            work, chunks, jobs=workers, on_failure=failed, context=context
        )
    shown = progress if isinstance(progress, _parallel.Progress) else _parallel.Progress(progress)
    return _stream(per_chunk, shown)


def _stream(per_chunk: Iterator[list[Result]], progress: _parallel.Progress) -> Iterator[Result]:
    try:
        for results in per_chunk:
            progress.update(len(results), sum(1 for r in results if not r.ok))
            yield from results
    finally:
        progress.close()


# A chunk: the number of its first item, and the items (lines or lineages) that follow it.
_Chunk = tuple[int, list[Any]]


def _chunks(items: Iterable[Any], start: int, size: int) -> Iterator[_Chunk]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield start, chunk
        start += len(chunk)


def _numbered(chunk: _Chunk, lines: bool) -> Iterator[tuple[int, Any]]:
    """The items of a chunk with their numbers; lines lose their line breaks, and blank lines
    (which count in the numbering) are left out."""
    first, items = chunk
    if not lines:
        return enumerate(items, first)
    return ((n, _chomp(text)) for n, text in enumerate(items, first) if text.strip())


def _run_chunk(
    task: Task, source: str | None, lines: bool, limit: int | None, chunk: _Chunk
) -> list[Result]:
    """Top-level, so that it pickles by reference into worker processes."""
    if limit is None:
        return [task(item, line=line, source=source) for line, item in _numbered(chunk, lines)]
    return [
        Result.failure(line, source, _limits.too_large(limit))
        if len(item) > limit
        else task(item, line=line, source=source)
        for line, item in _numbered(chunk, lines)
    ]


def _failed_chunk(
    source: str | None, lines: bool, chunk: _Chunk, error: BaseException
) -> list[Result]:
    numbers = [line for line, _ in _numbered(chunk, lines)]
    if not numbers:
        return []
    span = f"lines {numbers[0]}-{numbers[-1]}"
    if isinstance(error, _parallel.WorkerDied):
        message = f"{span} were lost: {error} while processing them; run them again"
    else:
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        message = f"the worker processing {span} failed ({reason}); these lines were not processed"
    return [Result.failure(line, source, message) for line in numbers]
