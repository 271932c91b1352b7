"""``provenance validate --jsonl --text ID=FILE``: which lines the texts applied to.

Each line is validated in a worker process; the command line sees only its result. To report a
``--text`` ID that no line has (a typo, not a check passed, as without ``--jsonl``), each result
must also say which of the texts' versions its lineage has.
"""

from __future__ import annotations

import attrs

from provenance.batch import Result, ValidateTask
from provenance.model import Lineage

__all__ = ["TextsTask", "used"]


@attrs.frozen(kw_only=True)
class TextsTask(ValidateTask):
    """A :class:`~provenance.batch.ValidateTask` whose results also name, in ``output``, the
    ids of the versions given a text that the lineage has (one per line; no output if none).
    The output of a validation is otherwise unused, and this task is the command line's own."""

    @classmethod
    def of(cls, task: ValidateTask) -> TextsTask:
        return cls(**attrs.asdict(task, recurse=False))

    def apply(self, lineage: Lineage, *, line: int, source: str | None) -> Result:
        result = super().apply(lineage, line=line, source=source)
        present = [vid for vid, _ in self.texts if lineage.has_version(vid)]
        return attrs.evolve(result, output="\n".join(present)) if present else result


def used(result: Result) -> list[str]:
    """The ids of the versions given a text that the result's lineage has."""
    return result.output.split("\n") if result.output else []
