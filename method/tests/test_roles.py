import pytest

from method.roles import Capability, Role, role_allows

EXPECTED = {
    Role.OWNER: set(Capability),
    Role.EDITOR: {Capability.VIEW, Capability.EDIT, Capability.COMMENT},
    Role.VIEWER: {Capability.VIEW},
    Role.OBSERVER: {Capability.VIEW, Capability.COMMENT, Capability.READ_AUDIT},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("capability", list(Capability))
def test_role_capabilities(role, capability):
    assert role_allows(role, capability) == (capability in EXPECTED[role])


def test_unknown_role_is_an_error():
    with pytest.raises(ValueError):
        role_allows("admin", Capability.VIEW)
