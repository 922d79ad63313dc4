from typing import Any

from django.http import HttpRequest

from boards.models import Board
from priorities.models import Aim
from priorities.selectors import objectives_for, principles_for, strategy_current
from swp.models import Partnership, User
from swp.sections import Section


def home_vision(*, request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    return {
        "strategy": strategy_current(partnership=partnership),
        "principles": principles_for(partnership=partnership),
    }


def board_aim_and_objectives(*, reader: User, board: Board) -> dict[str, Any] | None:
    aim = Aim.objects.filter(board=board).first()
    objectives = objectives_for(board=board)
    if aim is None and not objectives:
        return None
    return {"aim": aim, "objectives": objectives}


PAGE_SECTIONS = [
    ("home", Section("priorities/sections/home_vision.html", home_vision, order=10)),
    ("board", Section("priorities/sections/board_aim.html", board_aim_and_objectives, order=10, shared=True)),
]
