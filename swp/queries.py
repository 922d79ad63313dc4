"""Query shapes every layer needs when a page lists a few rows of each group beside the group's size."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Count, F, Model, QuerySet, Window
from django.db.models.functions import RowNumber

M = TypeVar("M", bound=Model)


def first_per(queryset: QuerySet[M], *, partition: F, order: list[str], limit: int) -> QuerySet[M]:
    """The first `limit` rows of each partition in `order` ("-name" for descending), in one query.

    The rows are ranked in a subquery that reads only their keys, and the few chosen are then read
    whole (with the queryset's related rows): ranking a thousand full rows to keep a handful was
    most of the Executive page's database time.
    """
    ordering = [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in order]
    ranked = queryset.annotate(rank_in_partition=Window(RowNumber(), partition_by=partition, order_by=ordering))
    return queryset.filter(pk__in=ranked.filter(rank_in_partition__lte=limit).values("pk"))


def counts_by(queryset: QuerySet[Any], name: str) -> list[tuple[Any, int]]:
    """(value of `name`, how many rows have it) for every value present, in one query."""
    return list(queryset.order_by().values_list(name).annotate(count=Count("pk")).values_list(name, "count"))
