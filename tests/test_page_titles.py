"""Every page's <title> reads "Page · Project · Samspill": named parts, one separator, no holes.

The pages are the permission matrix's GET cases, visited by the role that sees them, so a
new page is covered as soon as it is in the matrix.
"""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.test_permission_matrix import CASES, ROLES, target_kwargs

# One project and its members for the whole module (conftest.py: shared_project).
pytestmark = pytest.mark.usefixtures("shared_project")


SEPARATOR = " · "
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def _visitor(case) -> str | None:
    """The role with the most rights that gets the page itself (200), if any."""
    return next((role for role in reversed(ROLES) if case.expected.get(role) == 200), None)


PAGES = [case for case in CASES if case.method == "get" and _visitor(case)]


def title_problems(title: str) -> list[str]:
    problems = []
    if title != title.strip() or "  " in title or "\n" in title:
        problems.append("stray whitespace")
    if "{" in title or "}" in title:
        problems.append("a literal brace")
    if not title.endswith(SEPARATOR + "Samspill"):
        problems.append("does not end with ' · Samspill'")
    parts = title.split(SEPARATOR)
    if any(not part.strip() for part in parts):
        problems.append("an empty part")
    if len(parts) < 2:
        problems.append("no page name")
    if "Samspill" in parts[:-1] and parts[:-1] != ["Samspill"]:
        problems.append("Samspill twice")
    return problems


def test_title_check_catches_run_together_titles():
    assert title_problems("Log inSamspill")
    assert title_problems(" · Samspill")
    assert title_problems("Settings ·  · Samspill")
    assert title_problems("{tool} · Samspill")
    assert title_problems("Settings · Demo project · Samspill") == []


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.name)
def test_every_page_title_is_well_formed(client, project, members, make_user, case, language):
    make_user(username="newcomer")
    kwargs = {"slug": project.slug} if case.needs_project else {}
    kwargs.update(target_kwargs(case, project, members))
    role = _visitor(case)
    if role != "anonymous":
        client.force_login(members[role])
    client.cookies["samspill_language"] = language
    with translation.override(language):
        url = reverse(case.name, kwargs=kwargs)
    response = client.get(url, case.data)
    assert response.status_code == 200
    if "text/html" not in response.get("Content-Type", ""):
        return
    found = TITLE.search(response.content.decode())
    if found is None:  # a fragment, not a page
        return
    title = html.unescape(found.group(1))
    assert title_problems(title) == [], f"{url}: {title!r}"
    if case.needs_project and case.expected.get("outsider") == 404:
        assert project.name in title, f"{url}: {title!r} does not name the project"
