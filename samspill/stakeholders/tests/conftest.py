import pytest

from samspill.stakeholders.services import person_create


@pytest.fixture
def groups(project):
    return {g.preset_key: g for g in project.stakeholder_groups.all()}


@pytest.fixture
def add_person(project, owner, groups):
    def add(name="Ada Berg", group="hr", **fields):
        return person_create(actor=owner, project=project, group=groups[group], name=name, **fields)

    return add
