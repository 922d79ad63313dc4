from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import models

from boards.models import Board
from swp.models import Partnership, Place, User


class Strategy(models.Model):
    """The partnership's multi-year strategy and the vision that heads it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strategies")
    title = models.CharField(max_length=200)
    vision = models.TextField()
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-is_current", "-starts_on"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=models.Q(is_current=True), name="one_current_strategy"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Principle(models.Model):
    """A cross-cutting principle that applies to every thematic board's work."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="principles")
    slug = models.SlugField()
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="unique_principle_slug")]

    def __str__(self) -> str:
        return self.text


class Theme(models.Model):
    """A cross-cutting theme, such as employment or mental health, discussed across cohorts."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="unique_theme_slug")]

    def __str__(self) -> str:
        return self.name


class StrategicAssessment(models.Model):
    """The annual evidence base drawn from partnership data, from which priorities are set."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="strategic_assessments")
    title = models.CharField(max_length=200)
    published_on = models.DateField()
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title


class Cohort(models.Model):
    """A group of people the partnership focuses on, such as repeat victims or prolific offenders."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="cohorts")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="unique_cohort_slug")]

    def __str__(self) -> str:
        return self.name


class Aim(models.Model):
    """A board's key aim, driven by the strategic assessment."""

    board = models.OneToOneField(Board, on_delete=models.CASCADE, related_name="aim")
    text = models.TextField()

    def __str__(self) -> str:
        return self.text


class ObjectiveQuerySet(models.QuerySet["Objective"]):
    def visible_to(self, user: User | AnonymousUser) -> ObjectiveQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(board__required_clearance__lte=user.clearance)


class Objective(models.Model):
    """One of a board's objectives, with the principles, themes, cohorts and places it concerns."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    principles = models.ManyToManyField(Principle, blank=True, related_name="objectives")
    themes = models.ManyToManyField(Theme, blank=True, related_name="objectives")
    cohorts = models.ManyToManyField(Cohort, blank=True, related_name="objectives")
    places = models.ManyToManyField(Place, blank=True, related_name="objectives")

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["board", "order"]
        constraints = [models.UniqueConstraint(fields=["board", "order"], name="unique_objective_order")]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:77]}..."
