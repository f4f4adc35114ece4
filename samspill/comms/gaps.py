"""Where each project fact is filled in, so a gap in a draft can link to its page.

A fact that is unknown shows in a text as "[label: missing]" (method.comms_catalog.fill).
On a page the gap is highlighted and links to the form that fills it.
"""

from django.urls import NoReverseMatch, reverse

from method.comms_catalog import placeholders
from method.legal import clause_placeholders

# fact → (URL name, field id on that page or "")
FACT_PAGES: dict[str, tuple[str, str]] = {
    "project": ("projects:settings", "id_name"),
    "tool": ("projects:settings", "id_ai_tool"),
    "ai_will_do": ("projects:settings", "id_ai_will_do"),
    "ai_will_not_do": ("projects:settings", "id_ai_will_not_do"),
    "pilot_department": ("projects:settings", "id_departments"),
    "pilot_start": ("rollout:plan", ""),
    "full_rollout": ("rollout:plan", ""),
    "hours_saved_per_year": ("business:roi", ""),
    "annual_benefit": ("business:roi", ""),
    "one_off_cost": ("business:roi", ""),
    "payback_month": ("business:roi", ""),
    "fte_equivalent": ("business:roi", ""),
    "guarantees": ("trust:checklists", ""),
    "integration": ("trust:checklists", ""),
    "training": ("trust:training", ""),
    "contact": ("projects:facts", "id_contact_person"),
    "employer": ("projects:facts", "id_employer_name"),
    "union": ("projects:facts", "id_employee_representatives"),
    "dpo": ("projects:facts", "id_dpo"),
}


def fact_url(project, key: str) -> str | None:
    page = FACT_PAGES.get(key)
    if page is None:
        return None
    url_name, field = page
    try:
        url = reverse(url_name, args=[project.slug])
    except NoReverseMatch:
        return None
    return f"{url}#{field}" if field else url


def gap_links(project) -> dict[str, tuple[str, str | None]]:
    """Every gap text a draft of this project can show → (label, URL of the form that fills it).

    Both the messages' and the letters' placeholder labels, in the project's language."""
    links: dict[str, tuple[str, str | None]] = {}
    for catalog in (clause_placeholders(project.language), placeholders(project.language)):
        for key, placeholder in catalog.items():
            links[placeholder.gap()] = (placeholder.label, fact_url(project, key))
    return links
