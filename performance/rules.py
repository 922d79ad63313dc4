"""Who may do what with indicators and their figures.

Analysts and administrators define indicators and change figures; everyone signed in reads them;
a board's chair may add their own RAG beside the computed one. Confidentiality comes first: an
indicator of a board the person may not see is, to them, not there at all.
"""

from __future__ import annotations

import rules

from boards.rules import can_see_board, chairs_board
from swp.rules import is_admin, is_analyst, is_signed_in


@rules.predicate
def can_see_indicator_board(user, indicator) -> bool:  # type: ignore[no-untyped-def]
    return indicator is not None and can_see_board(user, indicator.board)


@rules.predicate
def chairs_indicator_board(user, indicator) -> bool:  # type: ignore[no-untyped-def]
    return indicator is not None and chairs_board(user, indicator.board)


@rules.predicate
def is_fed_by_hand(user, indicator) -> bool:  # type: ignore[no-untyped-def]
    return indicator is not None and not indicator.is_fed_by_mps


changes_figures = is_signed_in & (is_analyst | is_admin)

rules.add_perm("performance.view_indicators", is_signed_in)
rules.add_perm("performance.view_indicator", is_signed_in & can_see_indicator_board)
rules.add_perm("performance.add_indicator", changes_figures)
rules.add_perm("performance.change_indicator", changes_figures & can_see_indicator_board)
rules.add_perm("performance.record_measurement", changes_figures & can_see_indicator_board & is_fed_by_hand)
rules.add_perm("performance.rate_indicator", is_signed_in & can_see_indicator_board & chairs_indicator_board)
rules.add_perm("performance.import_figures", changes_figures)
rules.add_perm("performance.view_quality", is_signed_in)


# Performance packs: their rules live beside the rest of the pack code; importing the module here,
# the file django-rules discovers, registers them.
from performance.packs import rules as _pack_rules  # noqa: E402, F401
