from __future__ import annotations

import os
import pathlib

from hypothesis import HealthCheck, Phase, settings

DATA = pathlib.Path(__file__).parent / "data"

# CI runs more examples than a developer's quick loop; both are deterministic per run.
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
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
