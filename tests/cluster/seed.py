"""Fills a fresh cluster database and prints what the load needs, as JSON.

Run as `python -m tests.cluster.seed LINKS` with the cluster's DATABASE_URL: an owner and
8 editors on one project, an open survey with LINKS single-use invitation links, and the
checklist item the editors fight over.
"""

import datetime as dt
import json
import os
import sys

PASSWORD = "cluster-password-1"


def main() -> None:
    links = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samspill.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from bench.survey_fill import answer_form_data, make_tokens
    from method.roles import Role
    from samspill.projects.services import membership_add, project_create
    from samspill.surveys.services import survey_create, survey_open

    users = get_user_model()
    owner = users.objects.create_user("lead", "lead@example.org", PASSWORD)
    project = project_create(
        actor=owner,
        name="Cluster pilot",
        ai_tool="ScreenBot",
        start_date=dt.date(2026, 9, 1),
        departments="Recruitment",
    )
    editors = []
    for index in range(8):
        editor = users.objects.create_user(f"editor{index}", f"e{index}@example.org", PASSWORD)
        membership_add(actor=owner, project=project, user=editor, role=Role.EDITOR)
        editors.append(editor.username)
    users.objects.create_user("target", "target@example.org", PASSWORD)
    survey = survey_create(
        actor=owner, project=project, title="Cluster pulse", departments=["HR", "IT"]
    )
    survey_open(actor=owner, survey=survey)
    tokens = make_tokens(survey, links) if links else []
    item = project.checklist_items.order_by("position", "title").first()
    json.dump(
        {
            "password": PASSWORD,
            "project": project.slug,
            "editors": editors,
            "survey_id": survey.pk,
            "groups": list(project.stakeholder_groups.values_list("name", flat=True)),
            "tokens": tokens,
            "answer": answer_form_data(survey),
            "item": {
                "uuid": str(item.uuid),
                "step": item.step,
                "title": item.title,
                "status": item.status,
            },
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
