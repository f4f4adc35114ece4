"""Member pages: permissions, the k threshold on results and counts, exports, query counts."""

import io

import openpyxl
import pytest
from django.urls import reverse

from samspill.surveys import services
from samspill.surveys.models import Survey
from samspill.surveys.tests.conftest import answer, make_survey

ROLES = ["anonymous", "outsider", "viewer", "observer", "editor", "owner"]
MEMBERS = {"viewer", "observer", "editor", "owner"}
WRITERS = {"editor", "owner"}


def statuses(allowed, ok):
    result = {"anonymous": 302, "outsider": 404}
    result |= {role: ok if role in allowed else 403 for role in MEMBERS}
    return result


CASES = [
    ("surveys:list", "get", False, statuses(MEMBERS, 200), {}),
    ("surveys:create", "get", False, statuses(WRITERS, 200), {}),
    ("surveys:detail", "get", True, statuses(MEMBERS, 200), {}),
    ("surveys:edit", "get", True, statuses(WRITERS, 200), {}),
    ("surveys:results", "get", True, statuses(MEMBERS, 200), {}),
    ("surveys:export", "get", True, statuses(MEMBERS, 200), {"file_format": "csv"}),
    ("surveys:export", "get", True, statuses(MEMBERS, 200), {"file_format": "xlsx"}),
    ("surveys:open", "post", True, statuses(WRITERS, 302), {}),
    ("surveys:close", "post", True, statuses(WRITERS, 302), {}),
    ("surveys:links_csv", "post", True, statuses(WRITERS, 302), {}),
    ("surveys:send", "post", True, statuses(WRITERS, 200), {}),
    ("surveys:remind", "post", True, statuses(WRITERS, 200), {}),
]


def test_every_survey_url_is_in_this_matrix():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = {
        f"surveys:{p.name}"
        for r in resolver.url_patterns
        if getattr(r, "namespace", None) == "surveys"
        for p in r.url_patterns
    }
    assert names == {name for name, *_ in CASES} | {"surveys:answer", "surveys:thanks"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[4]}")
def test_permission_matrix(client, project, members, owner, case, role):
    name, method, needs_survey, expected, extra = case
    kwargs = {"slug": project.slug, **extra}
    if needs_survey:
        kwargs["survey_uuid"] = make_survey(project, owner).uuid
    if role != "anonymous":
        client.force_login(members[role])
    response = getattr(client, method)(reverse(name, kwargs=kwargs), {})
    assert response.status_code == expected[role]


def test_a_viewer_sees_results_but_cannot_create_or_send(client, project, members, owner):
    survey = make_survey(project, owner)
    client.force_login(members["viewer"])
    detail = client.get(reverse("surveys:detail", args=[project.slug, survey.uuid]))
    page = detail.content.decode()
    assert "Send invitations" not in page and "Download links" not in page
    url = reverse("surveys:links_csv", args=[project.slug, survey.uuid])
    assert (
        client.post(url, {"audience": str(survey.audiences.first().uuid), "count": 3}).status_code
        == 403
    )


def test_an_owner_creates_a_survey_through_the_form(client, project, owner):
    client.force_login(owner)
    group = project.stakeholder_groups.first()
    response = client.post(
        reverse("surveys:create", args=[project.slug]),
        {
            "title": "September pulse",
            "language": "nb",
            "statements": ["helps_work", "involved"],
            "include_comment": "on",
            "k": "5",
            "link_mode": "invitations",
            "reminder_mode": "keep",
            "groups": [group.pk],
            "departments": "Recruitment",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.statements == ["helps_work", "involved"]
    assert survey.language == "nb" and survey.reminder_mode == "keep"
    assert set(survey.audiences.values_list("label", flat=True)) == {group.name, "Recruitment"}


def test_the_form_refuses_k_below_three_and_keeps_the_input(client, project, owner):
    client.force_login(owner)
    response = client.post(
        reverse("surveys:create", args=[project.slug]),
        {
            "title": "Too small",
            "language": "en",
            "k": "2",
            "link_mode": "open",
            "reminder_mode": "drop",
            "departments": "HR",
        },
    )
    assert response.status_code == 200
    assert "k must be at least 3" in response.content.decode()
    assert 'value="Too small"' in response.content.decode()
    assert not Survey.objects.exists()


def test_links_download_as_formula_safe_csv(client, open_survey, owner, project):
    client.force_login(owner)
    audience = open_survey.audiences.get(label="HR")
    audience.label = "=HYPERLINK(evil)"
    audience.save()
    response = client.post(
        reverse("surveys:links_csv", args=[project.slug, open_survey.uuid]),
        {"audience": str(audience.uuid), "count": 6},
    )
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "audience;link" and len(lines) == 7
    assert all(line.startswith("'=HYPERLINK") for line in lines[1:])
    assert all("https://samspill.example/s/" in line for line in lines[1:])


def test_results_stay_hidden_until_k_answers(client, open_survey, owner, project):
    client.force_login(owner)
    url = reverse("surveys:results", args=[project.slug, open_survey.uuid])
    detail = reverse("surveys:detail", args=[project.slug, open_survey.uuid])
    for n in range(1, 5):
        answer(open_survey, "HR", nps=10)
        page = client.get(url).content.decode()
        assert "data-nps" not in page, n
        assert "Fewer than 5 answers" in page
        counts = client.get(detail).content.decode()
        assert "fewer than 5" in counts and f">{n}<" not in counts
    answer(open_survey, "HR", nps=10)
    page = client.get(url).content.decode()
    assert page.count("data-nps") == 2  # overall and HR
    assert '<div class="stat" data-nps>+100</div>' in page
    assert 'id="answer-total">5<' in client.get(detail).content.decode()


def test_a_small_audience_is_masked_and_cannot_be_worked_out(client, open_survey, owner, project):
    for _ in range(6):
        answer(open_survey, "HR", nps=10)
    for _ in range(7):
        answer(open_survey, "Recruitment", nps=8)
    for _ in range(2):
        answer(open_survey, "IT", nps=0, comment="secret from IT")
    client.force_login(owner)
    page = client.get(
        reverse("surveys:results", args=[project.slug, open_survey.uuid])
    ).content.decode()
    # IT is under k: nothing of it is released, so it is masked and is not in the overall
    # row either (10 answers, five each of HR and Recruitment; their others wait).
    assert 'data-cell="IT" data-masked' in page
    assert 'data-cell="HR" data-masked' not in page
    assert 'data-cell="Recruitment" data-masked' not in page
    assert "secret from IT" not in page  # waits with its answer
    assert 'id="waiting">5 answers are waiting' in page
    for _ in range(3):
        answer(open_survey, "IT", nps=0)
    page = client.get(
        reverse("surveys:results", args=[project.slug, open_survey.uuid])
    ).content.decode()
    assert 'data-cell="IT" data-masked' not in page
    assert "secret from IT" in page  # released with its batch of five, unattributed


def test_exports_carry_only_masked_aggregates(client, open_survey, owner, project):
    for _ in range(5):
        answer(open_survey, "HR", nps=9, comment="=cmd|' /C calc'!A0")
    answer(open_survey, "IT", nps=2)
    client.force_login(owner)
    csv = client.get(reverse("surveys:export", args=[project.slug, open_survey.uuid, "csv"]))
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("row;audience;masked;answers;nps")
    assert "calc" not in text
    xlsx = client.get(reverse("surveys:export", args=[project.slug, open_survey.uuid, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("row", "audience", "masked")
    by_audience = {row[1]: row for row in rows[1:]}
    assert "IT" not in by_audience  # its one answer waits: no row, not even a masked one
    assert by_audience["HR"][3] == 5 and by_audience[None][3] == 5
    assert (
        client.get(
            reverse("surveys:export", args=[project.slug, open_survey.uuid, "pdf"])
        ).status_code
        == 404
    )


def test_the_results_page_query_count_does_not_grow(
    client, open_survey, owner, project, django_assert_max_num_queries
):
    client.force_login(owner)
    url = reverse("surveys:results", args=[project.slug, open_survey.uuid])
    for label in ("HR", "Recruitment", "IT"):
        for _ in range(6):
            answer(open_survey, label)
    # Cold: session, user, membership with the project version (the key), survey, the
    # answers per audience and release; then audiences, arrivals and the released answers.
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(5):  # the same answers: the page from the cache
        first = client.get(url).context["sections"]["content"]
    for _ in range(30):
        answer(open_survey, "IT")
    with django_assert_max_num_queries(10):
        again = client.get(url).context["sections"]["content"]
    assert again != first  # new answers and a release: built again, not the cached page


def test_the_list_and_detail_pages_query_counts_are_pinned(
    client, project, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    for n in range(4):
        survey = make_survey(project, owner, title=f"Wave {n}")
        services.survey_open(actor=owner, survey=survey)
        for _ in range(5):
            answer(survey, "HR")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("surveys:list", args=[project.slug])).status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("surveys:detail", args=[project.slug, survey.uuid])).status_code
            == 200
        )


def test_the_trend_shows_each_survey_and_masks_small_cells(client, project, owner):
    for n, hr in enumerate((5, 7)):
        survey = make_survey(project, owner, title=f"Wave {n}")
        services.survey_open(actor=owner, survey=survey)
        for _ in range(hr):
            answer(survey, "HR", nps=9)
        answer(survey, "IT", nps=3)
    client.force_login(owner)
    page = client.get(reverse("surveys:list", args=[project.slug])).content.decode()
    assert 'id="trend-table"' in page and "<svg" in page
    # IT's single answers wait for four more: the trend has no IT figure at all.
    from samspill.surveys.presenting import trend_view

    trend = trend_view(project)
    assert trend["labels"] == ["HR"]
    assert [row["overall"] for row in trend["rows"]] == ["+100", "+100"]


def test_without_e_mail_the_page_offers_the_csv_only(client, project, owner, settings):
    settings.MAILERS = {}
    survey = make_survey(project, owner)
    services.survey_open(actor=owner, survey=survey)
    client.force_login(owner)
    page = client.get(reverse("surveys:detail", args=[project.slug, survey.uuid])).content
    assert b'id="email-off"' in page and b"Send invitations</button>" not in page
