import pytest

from samspill.dpia.services import dpia_start


@pytest.fixture
def dpia(project, owner):
    return dpia_start(actor=owner, project=project)
