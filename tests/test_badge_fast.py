"""The badge's fast paths give what the careful paths give: names, drawing, status, the CLI.

Each fast path in provenance.badge, provenance._badge_svg and provenance._cmd_badge exists for
speed (benchmarks/badges.py); these tests hold it to the general code it shortcuts.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
from importlib.metadata import version

from provenance import _badge_names, badge, examples, languages
from provenance._language_table import TWO_LETTER

ROOT = pathlib.Path(__file__).resolve().parent.parent


# -- English language names without langcodes -----------------------------------------------


def test_the_english_names_are_what_langcodes_says() -> None:
    # tools/gen_badge_names.py wrote them; regenerate after upgrading language_data.
    assert set(_badge_names.ENGLISH) == TWO_LETTER
    for tag, name in _badge_names.ENGLISH.items():
        assert languages.display_name(tag, "en") == name, tag
    assert version("language_data") == _badge_names.LANGUAGE_DATA_VERSION


def test_a_badge_in_english_of_two_letter_tags_does_not_load_langcodes() -> None:
    # loading langcodes' names for every locale was most of `badge --jsonl`'s start-up
    code = (
        "import sys; from provenance import badge, examples; "
        "b = badge.for_lineage(examples.get('shafaqna')); b.svg(); "
        "print(b.message, 'langcodes' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "Persian → English · human False"


def test_other_locales_and_tags_still_ask_langcodes() -> None:
    made = badge.for_lineage(examples.get("shafaqna"), locale="fr")
    assert made.message.startswith("persan")
    assert badge._name("en-GB", "en") == "English (United Kingdom)"
    assert badge._name("fa", None) == "fa"
