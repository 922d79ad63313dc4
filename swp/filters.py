"""What every list's filters share: saying what they applied, so the page describes the list by it."""

from __future__ import annotations

from typing import Any

import django_filters


class AppliedFilterSet(django_filters.FilterSet):
    """A filter set that tells what it filtered by. django-filter applies each valid value, even
    beside a mistyped one, and ignores empty ones (an empty form sent by its button, say)."""

    # Parameters that order the list rather than narrow it.
    ordering_parameters: tuple[str, ...] = ()

    def applied(self) -> dict[str, Any]:
        """The values the list is filtered and sorted by."""
        if not self.form.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def is_filtered(self) -> bool:
        return any(value for name, value in self.applied().items() if name not in self.ordering_parameters)
