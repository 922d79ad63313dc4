"""Fixtures for how we know: Westminster's Location board wards, its MPS-fed indicators, and the
MPS crime files (the small samples in data/, and the real ones when SHARED_DATA_DIR has them)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from boards.models import Board
from performance.choices import Direction, IndicatorSource
from performance.models import Indicator
from swp.models import Partnership, Place
from tests.boards.factories import BoardFactory
from tests.performance.factories import IndicatorFactory
from tests.swp.factories import PlaceFactory

DATA = Path(__file__).parent / "data"
REAL_DATA = Path(settings.SHARED_DATA_DIR) / "mps-ward-crime"
WESTMINSTER_WARDS = {
    "queens-park": ("Queen's Park", "E05013804"),
    "church-street": ("Church Street", "E05013794"),
    "west-end": ("West End", "E05013808"),
}


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def real_file(name: str) -> Path:
    path = REAL_DATA / name
    if not path.exists():
        pytest.skip(f"the real MPS file {name} is not in {REAL_DATA} (set SHARED_DATA_DIR to where it is)")
    return path


@pytest.fixture
def location_board(executive_board: Board) -> Board:
    return BoardFactory(
        partnership=executive_board.partnership,
        slug="location",
        name="Location Board",
        parent=executive_board,
        order=12,
    )


@pytest.fixture
def wards(partnership: Partnership) -> dict[str, Place]:
    """The Location board's three wards, with their real ONS codes, which the MPS files use."""
    return {
        slug: PlaceFactory(partnership=partnership, slug=slug, name=name, ons_code=code)
        for slug, (name, code) in WESTMINSTER_WARDS.items()
    }


@pytest.fixture
def mps_indicator(location_board: Board, wards: dict[str, Place]) -> Callable[..., Indicator]:
    """`mps_indicator("queens-park")` makes an MPS-fed indicator for that ward (all crime unless told)."""

    def make(*slugs: str, category: str = "", code: str | None = None, target: int = 100) -> Indicator:
        indicator = IndicatorFactory(
            partnership=location_board.partnership,
            board=location_board,
            code=code
            or f"crime-{'-'.join(slugs) or 'borough'}{'-' + category.lower().replace(' ', '-') if category else ''}",
            source=IndicatorSource.MPS_CRIME,
            mps_major_category=category,
            direction=Direction.LOWER,
            target=Decimal(target),
        )
        indicator.places.set([wards[slug] for slug in slugs])
        return indicator

    return make
