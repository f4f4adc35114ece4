"""What the transparency page says, gathered from the project in its content language."""

from samspill.comms.facts import project_facts
from samspill.trust.models import ChecklistItem, Status, Step


def page_content(page) -> dict:
    project = page.project
    facts = project_facts(project)
    guarantees = ChecklistItem.objects.filter(
        project=project, step=Step.SECURITY, status=Status.DONE
    ).exclude(key="integration_check")
    return {
        "project": project,
        "language": project.language,
        "will_do": project.ai_will_do.strip(),
        "will_not_do": project.ai_will_not_do.strip(),
        # Only what the owner wrote for this page is published: no internal notes, no logins.
        "data_used": page.data_used.strip(),
        "use_cases": list(project.use_cases.all()),
        "guarantees": [item.title for item in guarantees],
        # Empty on the page itself: the project's contact person answers questions.
        "questions_to": page.questions_to.strip() or (facts["contact"] or ""),
        "employer": facts["employer"],
        "org_number": project.org_number.strip(),
        "representatives": facts["union"],
        "dpo": facts["dpo"],
    }
