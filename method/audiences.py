"""The audiences a message or conversation guide is written for.

They are the standard stakeholder groups of the catalog (stakeholder_groups.toml), so a
project's preset group and its drafts share one key.
"""

from enum import StrEnum


class Audience(StrEnum):
    LEADERSHIP = "leadership"
    HR = "hr"
    IT = "it"
    UNION = "union"
    EMPLOYEES = "employees"
    DPO = "dpo"
    PARTNERS = "partners"
