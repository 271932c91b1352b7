from __future__ import annotations

import os
import pathlib

from hypothesis import HealthCheck, Phase, settings

from provenance.model import Agent, AgentRole, AgentType, Derivation, Kind, Lineage, Role, Version

DATA = pathlib.Path(__file__).parent / "data"

# CI runs twice the examples of a developer's quick loop; both are deterministic per run. Not
# more: with about 140 properties, 300 examples made the suite take 12 of CI's 15 minutes on 2
# cores (docs/testing.md).
settings.register_profile(
    "ci", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
# tools/mutation.sh: every mutant reruns the tests, so few examples, and always the same ones
# (a mutant must not be killed or spared by chance); no shrinking, since a failure is all a
# mutant run needs to know.
settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def fan_in(sources: int, agents: int = 0) -> Lineage:
    """One translation from ``sources`` versions, credited to ``agents`` translators: the
    shape that made several writers quadratic."""
    people = tuple(
        Agent(id=f"a{i}", type=AgentType.PERSON, name=f"Person {i}") for i in range(agents)
    )
    versions = tuple(Version(id=f"s{i}", language="ar") for i in range(sources))
    step = Derivation(
        target="t",
        sources=tuple(v.id for v in versions),
        kind=Kind.TRANSLATION,
        agents=tuple(AgentRole(p.id, Role.TRANSLATOR) for p in people),
    )
    return Lineage(
        subject="t",
        versions=(*versions, Version(id="t", language="en")),
        derivations=(step,),
        agents=people,
    )
