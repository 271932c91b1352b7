#!/usr/bin/env bash
# Mutation testing of the validation rules and the native reader (issue 12): run mutmut on
# provenance/_rules.py, provenance/validate.py and provenance/formats/native.py against the tests
# that exercise them ([tool.mutmut] in pyproject.toml), then print killed/total per file.
#
#   tools/mutation.sh            run (mutmut keeps results in ./mutants; a rerun only tests
#                                mutants without a result) and print the figures
#   tools/mutation.sh --fresh    forget earlier results first
#   tools/mutation.sh --report   only print the figures of the last run
#
# MUTMUT_CHILDREN sets the number of test processes (default 1: mutmut is CPU-bound).
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python}"
mutmut=("$python" -m mutmut)

case "${1:-}" in
    --fresh) rm -rf mutants ;;
    --report | "") ;;
    *) echo "usage: tools/mutation.sh [--fresh | --report]" >&2; exit 2 ;;
esac

if [[ "${1:-}" != --report ]]; then
    # mutmut imports the mutated copy in ./mutants; a PYTHONPATH naming the sources would shadow it.
    env -u PYTHONPATH "${mutmut[@]}" run --max-children "${MUTMUT_CHILDREN:-1}" >/dev/null || true
fi

env -u PYTHONPATH "${mutmut[@]}" results --all true | "$python" -c '
import collections, sys

FILES = {
    "provenance._rules.": "provenance/_rules.py",
    "provenance.validate.": "provenance/validate.py",
    "provenance.formats.native.": "provenance/formats/native.py",
}
counts = collections.defaultdict(collections.Counter)
for line in sys.stdin:
    name, sep, status = line.strip().rpartition(": ")
    if not sep:
        continue
    for prefix, path in FILES.items():
        if name.startswith(prefix):
            counts[path][status] += 1
if not counts:
    sys.exit("no mutmut results: run tools/mutation.sh first")
total = collections.Counter()
print(f"{\"file\":32} {\"killed\":>7} {\"total\":>6} {\"rate\":>7}  others")
for path in FILES.values():
    c = counts[path]
    total.update(c)
    n, k = sum(c.values()), c["killed"]
    others = ", ".join(f"{s} {v}" for s, v in sorted(c.items()) if s != "killed")
    print(f"{path:32} {k:7} {n:6} {k / max(n, 1):7.1%}  {others}")
n, k = sum(total.values()), total["killed"]
print(f"{\"all three\":32} {k:7} {n:6} {k / max(n, 1):7.1%}")
'
