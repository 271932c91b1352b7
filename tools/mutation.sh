#!/usr/bin/env bash
# Mutation testing of the validation rules and the native reader (issue 12): run mutmut on
# provenance/_rules.py, provenance/validate.py and provenance/formats/native.py against the tests
# that exercise them ([tool.mutmut] in pyproject.toml), then print killed/total per file.
#
#   tools/mutation.sh             run every mutant (mutmut keeps results in ./mutants; a rerun
#                                 only tests mutants without a result) and print the figures
#   tools/mutation.sh --fresh     forget earlier results first
#   tools/mutation.sh --sample N  run N mutants per file drawn at random (a fixed seed), and print
#                                 the rate of the sample with its 95% interval: a full run takes
#                                 hours on a shared machine
#   tools/mutation.sh --report    only print the figures of the last run (or sample)
#
# MUTMUT_CHILDREN sets the number of test processes (default 1). PYTHON names the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python}"
mutmut=(env -u PYTHONPATH "$python" -m mutmut) # a PYTHONPATH naming the sources would shadow ./mutants
children="${MUTMUT_CHILDREN:-1}"

summary() { # stdin: `mutmut results --all true`; $1: a file of the mutants to count, or nothing
    "$python" -c '
import collections, math, sys

FILES = {
    "provenance._rules.": "provenance/_rules.py",
    "provenance.validate.": "provenance/validate.py",
    "provenance.formats.native.": "provenance/formats/native.py",
}
only = set(open(sys.argv[1]).read().split()) if len(sys.argv) > 1 else None
counts = collections.defaultdict(collections.Counter)
for line in sys.stdin:
    name, sep, status = line.strip().rpartition(": ")
    if not sep or (only is not None and name not in only):
        continue
    for prefix, path in FILES.items():
        if name.startswith(prefix):
            counts[path][status] += 1
if not counts:
    sys.exit("no mutmut results: run tools/mutation.sh first")


def interval(k, n):  # Wilson score interval, 95%
    if not n:
        return 0.0, 0.0
    z, p = 1.96, k / n
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return mid - half, mid + half


def row(label, c):
    tested = sum(v for s, v in c.items() if s != "not checked")
    k = c["killed"]
    low, high = interval(k, tested)
    rest = ", ".join(f"{s} {v}" for s, v in sorted(c.items()) if s != "killed")
    ci = f" [{low:.0%}, {high:.0%}]" if only is not None else ""
    print(f"{label:30} {k:6} / {tested:<6} {k / max(tested, 1):6.1%}{ci}  {rest}")


print(("sample of " if only is not None else "") + "mutants killed / tested, per file")
total = collections.Counter()
for path in FILES.values():
    total.update(counts[path])
    row(path, counts[path])
row("all three", total)
' "$@"
}

case "${1:-}" in
--fresh)
    rm -rf mutants
    mkdir mutants
    "${mutmut[@]}" run --max-children "$children" >>mutants/mutmut.log 2>&1 || true
    "${mutmut[@]}" results --all true | summary
    ;;
--sample)
    per_file="${2:?usage: tools/mutation.sh --sample N}"
    mkdir -p mutants
    if [[ ! -f mutants/mutmut-stats.json ]]; then
        # Generate the mutants and learn which tests reach which function (and run one mutant).
        "${mutmut[@]}" run --max-children "$children" provenance.validate.x_check__mutmut_1 \
            >>mutants/mutmut.log 2>&1 || true
    fi
    "$python" -c '
import json, pathlib, random, sys

chosen = []
for meta in ("_rules.py", "validate.py", "formats/native.py"):
    data = json.loads(pathlib.Path("mutants/provenance", meta + ".meta").read_text())
    names = sorted(data["exit_code_by_key"])
    chosen += random.Random(2026).sample(names, min(int(sys.argv[1]), len(names)))
pathlib.Path("mutants/sample.txt").write_text("\n".join(chosen) + "\n")
' "$per_file"
    xargs "${mutmut[@]}" run --max-children "$children" <mutants/sample.txt >>mutants/mutmut.log 2>&1 || true
    "${mutmut[@]}" results --all true | summary mutants/sample.txt
    ;;
--report)
    if [[ -f mutants/sample.txt && "${2:-}" != --all ]]; then
        "${mutmut[@]}" results --all true | summary mutants/sample.txt
    else
        "${mutmut[@]}" results --all true | summary
    fi
    ;;
"")
    mkdir -p mutants
    "${mutmut[@]}" run --max-children "$children" >>mutants/mutmut.log 2>&1 || true
    "${mutmut[@]}" results --all true | summary
    ;;
*)
    echo "usage: tools/mutation.sh [--fresh | --sample N | --report [--all]]" >&2
    exit 2
    ;;
esac
