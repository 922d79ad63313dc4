"""How a pack writes its changes: a percentage moves by points, anything else by its own unit."""

from __future__ import annotations

import pytest

from performance.packs.presenters import counted, format_change, format_percent_change, was_or_were


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        (-7.44, "%", "-7.44 points"),
        (2.5, "%", "+2.5 points"),
        (12, "", "+12"),
        (-1234, "", "-1,234"),
        (0, "", "0"),
        (None, "%", "Not compared"),
    ],
)
def test_a_change_keeps_its_sign_and_a_percentage_changes_by_points(value: float | None, unit: str, words: str) -> None:
    assert format_change(value, unit) == words


def test_a_relative_change_is_a_percentage() -> None:
    assert format_percent_change(-10.5) == "-10.5%"
    assert format_percent_change(3) == "+3%"


def test_a_count_of_one_is_singular() -> None:
    assert [counted(number, "open action") for number in (0, 1, 2)] == [
        "0 open actions",
        "1 open action",
        "2 open actions",
    ]
    assert [was_or_were(number) for number in (0, 1, 2)] == ["were", "was", "were"]
