"""What a new project is filled with: each domain app registers how it seeds its part.

The domain apps sit above `projects`, so `project_create` cannot import them. They register
here from their `AppConfig.ready` instead, as pretix's exporters do through a registry, and
the import arrows keep pointing down.
"""

from collections.abc import Callable

Seeder = Callable[..., object]  # called as seeder(actor=..., project=...)

_seeders: dict[str, tuple[int, Seeder]] = {}


def register_seeder(name: str, seeder: Seeder, *, order: int) -> None:
    """Run `seeder` for every new project; lower `order` runs first (the map's groups come
    before the plan and the checklists that refer to them)."""
    _seeders[name] = (order, seeder)


def seed_project(*, actor, project) -> None:
    for _order, seeder in sorted(_seeders.values(), key=lambda entry: entry[0]):
        seeder(actor=actor, project=project)
