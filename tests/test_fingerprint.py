"""Digests of what an output is made from (plugins/transparency/fingerprint.py): different values never
share one, equal values always do, in this process and in another."""

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from site_build import ROOT

from plugins.transparency.fingerprint import Digests
from plugins.transparency.model import Chart

# Pairs a careless encoding would join to the same text: a comma or "=" inside a value, a number and its
# text, the same figure as another type, a digest-like string and a nested list.
DIFFERENT = [
    (["a,b"], ["a", "b"]),
    ({"a": "b=c"}, {"a=b": "c"}),
    ([1], ["1"]),
    ([1], [True]),
    ([1], [1.0]),
    ([Decimal("1.5")], [1.5]),
    ([date(2024, 1, 2)], ["2024-01-02"]),
    ([["a"], "b"], ["a", ["b"]]),
    ([None], ["None"]),
    (["3:str:'x'"], ["x"]),
    ({"a": 1, "b": 2}, {"a": 2, "b": 1}),
]


@pytest.mark.parametrize("first, second", DIFFERENT)
def test_different_values_have_different_digests(first, second):
    assert Digests().of(first) != Digests().of(second)


def test_equal_values_have_the_same_digest_whatever_their_order_or_object():
    digests = Digests()
    value = {"rows": [{"team": "A", "cases": Decimal("12.5")}], "tags": {"x", "y"}}
    same = {"tags": {"y", "x"}, "rows": [{"cases": Decimal("12.5"), "team": "A"}]}
    assert digests.of(value) == digests.of(same) == Digests().of(value)


def test_a_digest_is_the_same_in_another_process():
    value = {"rows": [{"team": "A", "cases": Decimal("12.5"), "on": date(2024, 3, 31)}], "n": [1, 2.5, None]}
    code = (
        "import datetime; from decimal import Decimal;"
        "from plugins.transparency.fingerprint import Digests;"
        f"print(Digests().of({value!r}))"
    )
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert other.stdout.strip() == Digests().of(value)


def chart(**changes) -> Chart:
    made = {"id": "c", "dataset": "d", "kind": "bar", "label": "team", "value": "cases"}
    return Chart(**{**made, "title": "T", "subtitle": "S", **changes})


def test_a_lasting_values_digest_is_kept_on_it_for_the_next_builds_digests(monkeypatch):
    """A table, chart or publication is never changed once read: the warm preview's next build takes its
    digest from the object (load.py gives an unchanged table back as the same object), not from its cells."""
    kept = chart(notes=("a note",))
    digest = Digests().of(kept)

    def walked(self, value):
        raise AssertionError(f"digested again: {value!r}")

    with monkeypatch.context() as patch:
        patch.setattr(Digests, "_parts", walked)
        assert Digests().of(kept) == digest
    # An equal chart read again gets the same digest, and a different one another.
    assert Digests().of(chart(notes=("a note",))) == digest != Digests().of(chart(notes=("another",)))


def test_a_digest_only_this_build_can_make_is_never_kept_on_the_value():
    """A value known only by its address has a digest of its own each build (never equal to another's):
    a lasting value holding one, directly or through a value digested before, keeps no digest."""
    held = (object(),)
    direct = chart(notes=held)
    assert Digests().of(direct) != Digests().of(direct)
    digests = Digests()
    digests.of(held)
    through = chart(caveats=held)
    digests.of(through)
    assert "_digest" not in vars(direct) and "_digest" not in vars(through)
    assert Digests().of(through) != Digests().of(through)
