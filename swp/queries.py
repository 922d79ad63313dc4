"""Query shapes every layer needs when a page lists a few rows of each group beside the group's size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Count, F, Model, QuerySet, Window
from django.db.models.functions import RowNumber

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class FirstPer(Generic[M]):
    """The first rows of each group, and how many rows each group has in all (groups with none are absent)."""

    rows: QuerySet[M]
    sizes: dict[Any, int]


def first_of_each(queryset: QuerySet[M], *, partition: F, order: list[str], limit: int) -> QuerySet[M]:
    """The first `limit` rows of each partition in `order` ("-name" for descending), as one query."""
    ordering = [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in order]
    ranked = queryset.order_by().annotate(
        rank_in_partition=Window(RowNumber(), partition_by=partition, order_by=ordering)
    )
    return ranked.filter(rank_in_partition__lte=limit)


def first_per(queryset: QuerySet[M], *, partition: F, order: list[str], limit: int) -> FirstPer[M]:
    """The first `limit` rows of each partition in `order` ("-name" for descending), and each
    partition's size, in two queries.

    The first query ranks and counts the rows reading only their keys, in one pass; the second
    reads the few chosen rows whole (with the queryset's related rows) by primary key. Ranking a
    thousand full rows to keep a handful, and counting them in a pass of their own, were most of
    the Executive page's database time.
    """
    sized = queryset.annotate(partition_key=partition, partition_size=Window(Count("pk"), partition_by=partition))
    chosen = list(
        first_of_each(sized, partition=partition, order=order, limit=limit).values_list(
            "pk", "partition_key", "partition_size"
        )
    )
    return FirstPer(
        rows=queryset.filter(pk__in=[pk for pk, _, _ in chosen]),
        sizes={key: size for _, key, size in chosen},
    )
