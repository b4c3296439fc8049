"""Digests of what an output is made from (plugins/transparency/fingerprint.py): different values never
share one, equal values always do, in this process and in another."""

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from site_build import ROOT

from plugins.transparency.fingerprint import Digests

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
