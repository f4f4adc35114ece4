"""The fixed objection categories of the arsenal (DESIGN.md capability 6).

The keys are part of the product's interface (the CLI prints them, imports and exports
carry them), so they never change; their texts live in the catalog.
"""

from enum import StrEnum


class ObjectionCategory(StrEnum):
    JOB_SECURITY = "job_security"
    PRIVACY = "privacy"
    COST = "cost"
    COMPLEXITY = "complexity"
    FAIRNESS = "fairness"
    SURVEILLANCE = "surveillance"
    TRANSPARENCY = "transparency"
    HUMAN_CONTROL = "human_control"
    INTEGRATION = "integration"
    WORKLOAD = "workload"
