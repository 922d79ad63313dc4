"""The GOV.UK pagination component that every paged list includes."""

from __future__ import annotations

import html
import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from swp.pagination import page_asked


def _pagination(*, pages: int, number: int, query: str = "") -> str:
    page = Paginator(range(pages * 10), 10).get_page(number)
    request = RequestFactory().get(f"/meetings/?{query}")
    return render_to_string("components/pagination.html", {"page": page, "label": "meetings"}, request=request)


def _items(content: str) -> list[str]:
    items = re.findall(r'<li class="govuk-pagination__item[^"]*">(.*?)</li>', content, re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def _links(content: str) -> dict[str, str]:
    links = re.findall(
        r'<a class="govuk-link govuk-pagination__link" href="([^"]*)"[^>]*>(.*?)</a>', content, re.DOTALL
    )
    return {" ".join(re.sub(r"<[^>]+>", " ", text).split()): html.unescape(href) for href, text in links}


def test_a_long_list_shows_the_ends_and_the_pages_beside_this_one_with_an_ellipsis_for_each_gap() -> None:
    content = _pagination(pages=50, number=20)

    assert _items(content) == ["1", "⋯", "19", "20", "21", "⋯", "50"]
    assert re.findall(r'aria-current="page">(\d+)<', content) == ["20"]


def test_a_short_list_shows_every_page() -> None:
    assert _items(_pagination(pages=4, number=1)) == ["1", "2", "3", "4"]


def test_the_links_keep_the_filters_and_the_landmark_names_what_is_paged() -> None:
    content = _pagination(pages=3, number=2, query="kind=tasking&page=2")

    assert '<nav class="govuk-pagination" aria-label="Pages of meetings">' in content
    links = _links(content)
    assert links["Previous page"] == "?kind=tasking&page=1"
    assert links["3"] == "?kind=tasking&page=3"
    assert links["Next page"] == "?kind=tasking&page=3"


def test_a_single_page_has_no_pagination() -> None:
    assert _pagination(pages=1, number=1).strip() == ""


@pytest.mark.parametrize(
    ("asked", "shown"), [("", 1), ("2", 2), ("0", 1), ("-3", 1), ("abc", 1), ("²", 1), ("9999", 3)]
)
def test_the_page_asked_for_falls_back_to_the_nearest_page_that_exists(asked: str, shown: int) -> None:
    request = RequestFactory().get("/meetings/", {"page": asked} if asked else {})

    page = page_asked(request.GET, list(range(60)))

    assert page.number == shown
    assert len(page.object_list) == (10 if shown == 3 else 25)
