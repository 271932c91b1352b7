"""W3C PROV exports: ours (prov-json, prov-n, prov-o) against the ``prov`` package; and JSON-LD.

Run from the repository root::

    .venv/bin/python benchmarks/exports.py            # 2,000 seed-shaped lineages, 5 repeats
    .venv/bin/python benchmarks/exports.py --quick    # 300 lineages, 3 repeats
    .venv/bin/python benchmarks/exports.py --json     # the figures as JSON on stdout

Per-lineage microseconds for each of our exports, and for the ``prov`` package building a
``ProvDocument`` from the same lineage (the same records: entities, agents, activities,
generations, usages, qualified derivations, associations, attributions) and serializing it to
PROV-JSON and to PROV-N, in the same run. Target: our PROV-JSON at least 10x faster than prov's
build + serialize. Then what the default, per-lineage ids cost: each of our four exports (and
JSON-LD) with its default base, which takes one fingerprint, against the same with a given
base. The script measures and prints; it never asserts.

Timing: ``time.perf_counter``, garbage collector on, ``gc.collect()`` before each repeat, the
median of the repeats; inputs are built before timing starts.
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from workloads import seed_lineage  # benchmarks/workloads.py, beside this script

from provenance.formats import jsonld, native, prov_json, prov_n, prov_o
from provenance.formats._prov import ID_PREFIX, PROVENANCE_NS, encode_id, instant
from provenance.model import Lineage

TARGET_SPEEDUP = 10.0

# -- the peer: the same records through the prov package's API --------------------------------


def prov_document(lineage: Lineage) -> Any:
    """A ``prov.model.ProvDocument`` holding what our PROV export holds, built with prov's API."""
    from prov.model import ProvDocument

    doc = ProvDocument()
    doc.add_namespace("lineage", ID_PREFIX)
    doc.add_namespace("provenance", PROVENANCE_NS)
    doc.add_namespace("dcterms", "http://purl.org/dc/terms/")
    doc.add_namespace("schema", "https://schema.org/")

    def ident(value: str) -> str:
        return "lineage:" + encode_id(value)

    doc.entity(
        "lineage:lineage/",
        {"prov:type": "provenance:Lineage", "provenance:subject": ident(lineage.subject)},
    )
    for version in lineage.versions:
        attributes: dict[str, Any] = {
            "prov:type": doc.valid_qualified_name("provenance:Version"),
            "dcterms:language": version.language,
        }
        if version.title is not None:
            attributes["dcterms:title"] = version.title
        if version.url is not None:
            attributes["schema:url"] = version.url
        if version.published is not None and instant(version.published) is None:
            attributes["dcterms:issued"] = str(version.published)
        if version.medium is not None:
            attributes["provenance:medium"] = version.medium
        doc.entity(ident(version.id), attributes)
        if version.publisher is not None:
            doc.wasAttributedTo(
                ident(version.id),
                ident(version.publisher),
                identifier=ident(version.id) + "/publisher",
                other_attributes={"prov:type": doc.valid_qualified_name("provenance:Publishing")},
            )
    kinds = {
        "organization": "prov:Organization",
        "person": "prov:Person",
        "software": "prov:SoftwareAgent",
    }
    for agent in lineage.agents:
        attributes = {
            "prov:type": doc.valid_qualified_name(kinds[agent.type.value]),
            "prov:label": agent.name,
        }
        if agent.url is not None:
            attributes["schema:url"] = agent.url
        if agent.language is not None:
            attributes["dcterms:language"] = agent.language
        doc.agent(ident(agent.id), attributes)
    for derivation in lineage.derivations:
        name = f"{ident(derivation.target)}/{derivation.kind.value}"
        activity_attributes = {
            "provenance:kind": doc.valid_qualified_name(f"provenance:{derivation.kind.value}")
        }
        if derivation.method is not None:
            activity_attributes["provenance:method"] = doc.valid_qualified_name(
                f"provenance:{derivation.method.value}"
            )
        doc.activity(name, other_attributes=activity_attributes)
        generation = name + "/generated"
        doc.wasGeneratedBy(ident(derivation.target), name, identifier=generation)
        for index, source in enumerate(derivation.sources):
            usage = f"{name}/used-{index}"
            doc.used(name, ident(source), identifier=usage)
            doc.wasDerivedFrom(
                ident(derivation.target),
                ident(source),
                name,
                generation,
                usage,
                identifier=f"{name}/from-{index}",
                other_attributes={
                    "prov:type": doc.valid_qualified_name(f"provenance:{derivation.kind.value}")
                },
            )
        for index, credit in enumerate(derivation.agents):
            doc.wasAssociatedWith(
                name,
                ident(credit.agent),
                identifier=f"{name}/by-{index}",
                other_attributes={
                    "prov:role": doc.valid_qualified_name(f"provenance:{credit.role.value}")
                },
            )
    return doc


def _prov_json(lineage: Lineage) -> str:
    stream = io.StringIO()
    prov_document(lineage).serialize(stream, format="json")
    return stream.getvalue()


def _prov_n(lineage: Lineage) -> str:
    text: str = prov_document(lineage).get_provn()
    return text


# -- measuring --------------------------------------------------------------------------------


def _time(
    workloads: dict[str, Callable[[Lineage], object]], lineages: list[Lineage], repeat: int
) -> dict[str, float]:
    """Per-lineage µs of each workload: every repeat runs each in turn, so that a machine
    whose load changes during the run slows all of them alike; the median of the repeats."""
    times: dict[str, list[float]] = {key: [] for key in workloads}
    for _ in range(repeat):
        for key, work in workloads.items():
            gc.collect()
            start = time.perf_counter()
            for lineage in lineages:
                work(lineage)
            times[key].append(time.perf_counter() - start)
    return {key: statistics.median(found) / len(lineages) * 1e6 for key, found in times.items()}


def measure(lineages: list[Lineage], repeat: int) -> dict[str, float]:
    """Per-lineage µs of our PROV exports and of prov's build + serialize, and the ratios.

    Each repeat runs every workload once, in turn, so that a machine whose load changes
    during the run slows all of them alike; the median of the repeats is reported.

    Keys: ``ours_prov_json_us``, ``ours_prov_n_us``, ``ours_prov_o_us``, ``ours_jsonld_us``,
    ``prov_build_us``, ``prov_build_json_us``, ``prov_build_provn_us``, ``speedup_json`` (prov
    build + PROV-JSON over ours), ``speedup_provn``.
    """
    workloads: dict[str, Callable[[Lineage], object]] = {
        "ours_prov_json_us": prov_json.dumps,
        "ours_prov_n_us": prov_n.dumps,
        "ours_prov_o_us": prov_o.dumps,
        "ours_jsonld_us": jsonld.dumps,
        "prov_build_us": prov_document,
        "prov_build_json_us": _prov_json,
        "prov_build_provn_us": _prov_n,
    }
    figures = _time(workloads, lineages, repeat)
    figures["speedup_json"] = figures["prov_build_json_us"] / figures["ours_prov_json_us"]
    figures["speedup_provn"] = figures["prov_build_provn_us"] / figures["ours_prov_n_us"]
    return figures


def measure_default_ids(lineages: list[Lineage], repeat: int) -> dict[str, float]:
    """Per-lineage µs of what the default, per-lineage ids cost each of our exports.

    Each export runs with its default base (``urn:provenance:<16 hex of the fingerprint>:``,
    one fingerprint per call) and with a given base (no fingerprint), alternately in each
    repeat; ``fingerprint_us`` is :func:`provenance.fingerprint` alone. Keys:
    ``<export>_default_us``, ``<export>_given_us``, ``fingerprint_us``.
    """
    exports: dict[str, Callable[..., object]] = {
        "prov_json": prov_json.dumps,
        "prov_n": prov_n.dumps,
        "prov_o": prov_o.dumps,
        "jsonld": jsonld.dumps,
    }
    workloads: dict[str, Callable[[Lineage], object]] = {"fingerprint_us": native.fingerprint}
    for name, dumps in exports.items():
        workloads[f"{name}_default_us"] = dumps
        workloads[f"{name}_given_us"] = functools.partial(dumps, base=ID_PREFIX)
    return _time(workloads, lineages, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="300 lineages, 3 repeats")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    count, repeat = (300, 3) if args.quick else (2000, 5)
    items = [seed_lineage(i) for i in range(count)]
    print(f"{count} seed-shaped lineages, {repeat} repeats ...", file=sys.stderr, flush=True)
    figures = measure(items, repeat)
    ids = measure_default_ids(items, repeat)
    figures.update({f"ids_{key}": value for key, value in ids.items()})
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{'per lineage':<40}{'µs':>10}")
    for key, label in (
        ("ours_prov_json_us", "ours: prov-json dumps"),
        ("ours_prov_n_us", "ours: prov-n dumps"),
        ("ours_prov_o_us", "ours: prov-o (Turtle) dumps"),
        ("ours_jsonld_us", "ours: jsonld dumps"),
        ("prov_build_us", "prov: build ProvDocument"),
        ("prov_build_json_us", "prov: build + serialize PROV-JSON"),
        ("prov_build_provn_us", "prov: build + get_provn()"),
    ):
        print(f"{label:<40}{figures[key]:>10.1f}")
    verdict = "PASS" if figures["speedup_json"] >= TARGET_SPEEDUP else "MISS"
    print(
        f"speed-up, PROV-JSON: {figures['speedup_json']:.1f}x "
        f"(target >= {TARGET_SPEEDUP:.0f}x: {verdict})"
    )
    print(f"speed-up, PROV-N:    {figures['speedup_provn']:.1f}x")
    print(f"\nthe default per-lineage ids (fingerprint alone: {ids['fingerprint_us']:.1f} µs)")
    print(f"{'per lineage':<24}{'default base µs':>16}{'given base µs':>16}")
    for name in ("prov_json", "prov_n", "prov_o", "jsonld"):
        default, given = ids[f"{name}_default_us"], ids[f"{name}_given_us"]
        print(f"{name:<24}{default:>16.1f}{given:>16.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
