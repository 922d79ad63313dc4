"""Reading and checking a partnership file: one YAML document describing a partnership's structure.

Every problem is reported with the key path and the line it is on, and all problems are found
before anything is written, so that a malformed file loads nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from boards.choices import BoardKind
from swp.choices import Clearance, OrganisationKind, PlaceKind


class PartnershipFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Node:
    """A YAML value with the line it started on (1-based), so that errors can point at it."""

    value: Any
    line: int


def _to_nodes(node: yaml.Node) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Node] = {}
        for key_node, value_node in node.value:
            mapping[str(key_node.value)] = _to_nodes(value_node)
        return Node(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_to_nodes(item) for item in node.value], line)
    # Scalars go through PyYAML's own constructor so that dates and numbers keep their types.
    return Node(yaml.SafeLoader("").construct_object(node), line)


@dataclass
class Checker:
    problems: list[str] = field(default_factory=list)

    def fail(self, path: str, node: Node | None, message: str) -> None:
        where = f" (line {node.line})" if node is not None else ""
        self.problems.append(f"{path}{where}: {message}")

    def mapping(self, node: Node | None, path: str, *, allowed: set[str], required: set[str]) -> dict[str, Node]:
        if node is None or not isinstance(node.value, dict):
            self.fail(path, node, "expected a mapping of keys to values")
            return {}
        for key in node.value.keys() - allowed:
            self.fail(f"{path}.{key}", node.value[key], f"unknown key; expected one of {', '.join(sorted(allowed))}")
        for key in sorted(required - node.value.keys()):
            self.fail(f"{path}.{key}", node, "is required")
        return node.value

    def sequence(self, node: Node | None, path: str) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.fail(path, node, "expected a list")
            return []
        return node.value

    def text(self, mapping: dict[str, Node], key: str, path: str, *, default: str = "") -> str:
        node = mapping.get(key)
        if node is None:
            return default
        if not isinstance(node.value, str) or not node.value.strip():
            self.fail(f"{path}.{key}", node, "expected text")
            return default
        return " ".join(node.value.split())

    def date(self, mapping: dict[str, Node], key: str, path: str) -> datetime.date | None:
        node = mapping.get(key)
        if node is None:
            return None
        if not isinstance(node.value, datetime.date):
            self.fail(f"{path}.{key}", node, "expected a date written YYYY-MM-DD")
            return None
        return node.value

    def choice(self, mapping: dict[str, Node], key: str, path: str, choices: dict[str, Any], *, default: Any) -> Any:
        node = mapping.get(key)
        if node is None:
            return default
        if node.value not in choices:
            self.fail(f"{path}.{key}", node, f"{node.value!r} is not one of {', '.join(choices)}")
            return default
        return choices[node.value]

    def slugs(self, mapping: dict[str, Node], key: str, path: str, known: set[str]) -> list[str]:
        found = []
        for index, item in enumerate(self.sequence(mapping.get(key), f"{path}.{key}")):
            if item.value not in known:
                self.fail(f"{path}.{key}[{index}]", item, f"{item.value!r} is not defined in this file")
            else:
                found.append(item.value)
        return found


_CLEARANCES = {choice.name.lower(): choice.value for choice in Clearance}
_ORGANISATION_KINDS = {choice.value: choice.value for choice in OrganisationKind}
_PLACE_KINDS = {choice.value: choice.value for choice in PlaceKind}
_BOARD_KINDS = {choice.value: choice.value for choice in BoardKind}


@dataclass
class ObjectiveSpec:
    text: str
    principles: list[str]
    themes: list[str]
    cohorts: list[str]
    places: list[str]


@dataclass
class BoardSpec:
    slug: str
    name: str
    kind: str
    parent: str | None
    description: str
    chair_title: str
    required_clearance: int
    member_boards: list[str]
    aim: str
    objectives: list[ObjectiveSpec]


@dataclass
class PartnershipSpec:
    """A checked partnership file, ready to load."""

    partnership: dict[str, str]
    strategy: dict[str, str] | None
    strategic_assessments: list[dict[str, Any]]
    principles: list[dict[str, str]]
    themes: list[dict[str, str]]
    cohorts: list[dict[str, str]]
    organisations: list[dict[str, str]]
    places: list[dict[str, Any]]
    boards: list[BoardSpec]
    # What registered sections (see below) read from the file, by their key.
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSection:
    """A top-level section of the file that a higher app reads and loads, such as `indicators:`.

    `parse(check, node, spec)` checks the section (reporting through the Checker, so its problems
    carry key paths and lines like the rest) and returns what it describes; `apply(partnership=...,
    spec=..., report=...)` loads that, inside the same transaction as the rest of the file.
    """

    key: str
    parse: Callable[[Checker, Node, PartnershipSpec], Any]
    apply: Callable[..., None]


_file_sections: dict[str, FileSection] = {}


def partnership_file_section_register(
    *, key: str, parse: Callable[[Checker, Node, PartnershipSpec], Any], apply: Callable[..., None]
) -> None:
    """Called from a higher app's AppConfig.ready(), so priorities never imports that app."""
    _file_sections[key] = FileSection(key=key, parse=parse, apply=apply)


def partnership_file_sections() -> list[FileSection]:
    return list(_file_sections.values())


def _unique_slugs(check: Checker, items: list[Node], path: str) -> set[str]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        slug_node = item.value.get("slug") if isinstance(item.value, dict) else None
        if slug_node is None:
            continue
        if slug_node.value in seen:
            check.fail(f"{path}[{index}].slug", slug_node, f"{slug_node.value!r} is used twice")
        seen.add(slug_node.value)
    return seen


def partnership_file_parse(text: str) -> PartnershipSpec:
    """Check a partnership file and return what it describes, or raise with every problem found."""
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise PartnershipFileError([f"{where}not valid YAML ({getattr(error, 'problem', error)})"]) from error
    if document is None:
        raise PartnershipFileError(["the file is empty"])

    check = Checker()
    root = check.mapping(
        _to_nodes(document),
        "file",
        allowed={
            "partnership",
            "strategy",
            "strategic_assessments",
            "principles",
            "themes",
            "cohorts",
            "organisations",
            "places",
            "boards",
            *_file_sections,
        },
        required={"partnership", "boards"},
    )

    partnership_map = check.mapping(
        root.get("partnership"),
        "partnership",
        allowed={"slug", "name", "short_name", "local_authority", "local_authority_code"},
        required={"slug", "name", "local_authority"},
    )
    partnership = {key: check.text(partnership_map, key, "partnership") for key in partnership_map}

    strategy = None
    if "strategy" in root:
        strategy_map = check.mapping(root["strategy"], "strategy", allowed={"title", "vision"}, required={"vision"})
        strategy = {key: check.text(strategy_map, key, "strategy") for key in strategy_map}

    assessments = []
    for index, item in enumerate(check.sequence(root.get("strategic_assessments"), "strategic_assessments")):
        path = f"strategic_assessments[{index}]"
        mapping = check.mapping(
            item, path, allowed={"title", "published_on", "summary"}, required={"title", "published_on"}
        )
        assessments.append(
            {
                "title": check.text(mapping, "title", path),
                "published_on": check.date(mapping, "published_on", path),
                "summary": check.text(mapping, "summary", path),
            }
        )

    def slugged(key: str, fields: set[str], required: set[str]) -> tuple[list[dict[str, Any]], set[str]]:
        items = check.sequence(root.get(key), key)
        result = []
        for index, item in enumerate(items):
            path = f"{key}[{index}]"
            mapping = check.mapping(item, path, allowed=fields, required=required | {"slug"})
            entry: dict[str, Any] = {}
            for name in mapping:
                if name == "kind":
                    kinds = _ORGANISATION_KINDS if key == "organisations" else _PLACE_KINDS
                    entry[name] = check.choice(mapping, name, path, kinds, default="other")
                elif name == "wards":
                    entry[name] = [ward.value for ward in check.sequence(mapping[name], f"{path}.wards")]
                else:
                    entry[name] = check.text(mapping, name, path)
            result.append(entry)
        return result, _unique_slugs(check, items, key)

    principles, principle_slugs = slugged("principles", {"slug", "text"}, {"text"})
    themes, theme_slugs = slugged("themes", {"slug", "name", "description"}, {"name"})
    cohorts, cohort_slugs = slugged("cohorts", {"slug", "name", "description"}, {"name"})
    organisations, _ = slugged("organisations", {"slug", "name", "short_name", "kind"}, {"name"})
    places, place_slugs = slugged("places", {"slug", "name", "kind", "ons_code", "wards"}, {"name"})
    for index, place in enumerate(places):
        for ward in place.get("wards", []):
            if ward not in place_slugs:
                check.fail(
                    f"places[{index}].wards", root["places"].value[index], f"{ward!r} is not a place in this file"
                )

    board_nodes = check.sequence(root.get("boards"), "boards")
    board_slugs = _unique_slugs(check, board_nodes, "boards")
    boards = []
    for index, item in enumerate(board_nodes):
        path = f"boards[{index}]"
        mapping = check.mapping(
            item,
            path,
            allowed={
                "slug",
                "name",
                "kind",
                "parent",
                "description",
                "chair_title",
                "required_clearance",
                "member_boards",
                "aim",
                "objectives",
            },
            required={"slug", "name", "kind"},
        )
        parent = check.text(mapping, "parent", path) or None
        if parent is not None and parent not in board_slugs:
            check.fail(f"{path}.parent", mapping["parent"], f"{parent!r} is not a board in this file")
        objectives = []
        for objective_index, objective_node in enumerate(
            check.sequence(mapping.get("objectives"), f"{path}.objectives")
        ):
            objective_path = f"{path}.objectives[{objective_index}]"
            objective = check.mapping(
                objective_node,
                objective_path,
                allowed={"text", "principles", "themes", "cohorts", "places"},
                required={"text"},
            )
            objectives.append(
                ObjectiveSpec(
                    text=check.text(objective, "text", objective_path),
                    principles=check.slugs(objective, "principles", objective_path, principle_slugs),
                    themes=check.slugs(objective, "themes", objective_path, theme_slugs),
                    cohorts=check.slugs(objective, "cohorts", objective_path, cohort_slugs),
                    places=check.slugs(objective, "places", objective_path, place_slugs),
                )
            )
        boards.append(
            BoardSpec(
                slug=check.text(mapping, "slug", path),
                name=check.text(mapping, "name", path),
                kind=check.choice(mapping, "kind", path, _BOARD_KINDS, default=BoardKind.THEMATIC),
                parent=parent,
                description=check.text(mapping, "description", path),
                chair_title=check.text(mapping, "chair_title", path),
                required_clearance=check.choice(
                    mapping, "required_clearance", path, _CLEARANCES, default=Clearance.NONE
                ),
                member_boards=check.slugs(mapping, "member_boards", path, board_slugs),
                aim=check.text(mapping, "aim", path),
                objectives=objectives,
            )
        )

    spec = PartnershipSpec(
        partnership=partnership,
        strategy=strategy,
        strategic_assessments=assessments,
        principles=principles,
        themes=themes,
        cohorts=cohorts,
        organisations=organisations,
        places=places,
        boards=boards,
    )
    for section in _file_sections.values():
        if section.key in root:
            spec.extras[section.key] = section.parse(check, root[section.key], spec)
    if check.problems:
        raise PartnershipFileError(check.problems)
    return spec
