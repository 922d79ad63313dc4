"""Factories for what the partnership wants: strategy, principles, themes, cohorts, aims, objectives."""

from __future__ import annotations

import factory

from priorities.models import Aim, Cohort, Objective, Principle, Strategy, Theme
from tests.boards.factories import BoardFactory
from tests.swp.factories import PartnershipFactory


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Safer Westminster Strategy 2017-2020"
    vision = "Westminster is a safe place to live, work and visit."
    is_current = True


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"principle-{n}")
    text = factory.Sequence(lambda n: f"Principle {n}")
    order = factory.Sequence(lambda n: n)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    partnership = factory.SubFactory(PartnershipFactory)
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    name = factory.Sequence(lambda n: f"Cohort {n}")


class AimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aim

    board = factory.SubFactory(BoardFactory)
    text = factory.LazyAttribute(lambda o: f"The aim of the {o.board.name}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    """An objective; a sequence keeps `order` unique per board and in creation order."""

    class Meta:
        model = Objective
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    text = factory.Sequence(lambda n: f"Objective {n}")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def cohorts(self, create: bool, extracted: list[Cohort] | None, **kwargs: object) -> None:
        if create and extracted:
            self.cohorts.set(extracted)

    @factory.post_generation
    def places(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.places.set(extracted)
