"""Which legal duties apply to an HR AI project, and how urgent each one is.

A short questionnaire (:class:`Answers`) places the tool in a risk class under the EU AI
Act (:func:`classify`), turns the answers into condition keys (:func:`conditions`), and
selects the catalog's legal items whose conditions all hold (:func:`obligations`). The
texts live in method/catalog/<lang>/legal.toml and clauses.toml (method.legal_catalog).

This is guidance for a project team, not legal advice: the reasons and items say where a
point is an assessment rather than settled law.
"""

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from method.legal_catalog import (
    CONDITIONS,
    EXPECTED,
    LETTER_KEYS,
    PLACEHOLDERS,
    PURPOSES,
    REASON_KEYS,
    WHEN,
    Clause,
    LegalItem,
    Letter,
    LetterParagraph,
    clause_placeholders,
    clauses,
    legal_items,
    letters,
    load_clause_placeholders,
    load_clauses,
    load_legal_items,
    load_letters,
    load_purpose_labels,
    load_reason_texts,
    purpose_labels,
    reason_texts,
)

__all__ = [
    "CONDITIONS",
    "COUNTRIES",
    "LETTER_KEYS",
    "PLACEHOLDERS",
    "PURPOSES",
    "REASON_KEYS",
    "Answers",
    "Classification",
    "Clause",
    "LegalItem",
    "Letter",
    "LetterParagraph",
    "Obligation",
    "ObligationStatus",
    "RiskClass",
    "classify",
    "clause_placeholders",
    "clauses",
    "conditions",
    "explain",
    "legal_items",
    "letters",
    "load_clause_placeholders",
    "load_clauses",
    "load_legal_items",
    "load_letters",
    "load_purpose_labels",
    "load_reason_texts",
    "obligations",
    "purpose_labels",
    "reason_texts",
]

# "EU" stands for any other EU member state: only EU law is in the catalog for those.
COUNTRIES = ("NO", "DE", "EU")


@dataclass(frozen=True, slots=True)
class Answers:
    """The questionnaire about one tool: where, how big, what for, and how it treats people."""

    country: str
    employees: int
    purpose: str
    scores_people: bool
    decides_alone: bool
    emotion_recognition: bool
    affects_employees: bool
    monitors_employees: bool

    def __post_init__(self) -> None:
        if self.country not in COUNTRIES:
            raise ValueError(f"country {self.country!r} is not one of {', '.join(COUNTRIES)}.")
        if self.purpose not in PURPOSES:
            raise ValueError(f"purpose {self.purpose!r} is not one of {', '.join(PURPOSES)}.")
        if type(self.employees) is not int or self.employees < 0:
            raise ValueError("employees must be a whole number, zero or more.")


class RiskClass(StrEnum):
    """The AI Act's classes as they matter for HR (Art. 5, Art. 6 and Annex III point 4)."""

    PROHIBITED = "prohibited"
    HIGH_RISK_4A = "high_risk_4a"
    HIGH_RISK_4B = "high_risk_4b"
    NOT_HIGH_RISK = "not_high_risk"


@dataclass(frozen=True, slots=True)
class Classification:
    """A risk class with the keys of the reasons behind it, in the order they apply.

    ``profiling_note``: the tool profiles people, so the Art. 6(3) derogation for narrow or
    preparatory tasks can never take it out of the high-risk class.
    """

    risk_class: RiskClass
    reasons: tuple[str, ...]
    profiling_note: bool

    @property
    def high_risk(self) -> bool:
        return self.risk_class in (RiskClass.HIGH_RISK_4A, RiskClass.HIGH_RISK_4B)


# Annex III point 4: (a) recruitment and selection; (b) decisions on terms of work,
# promotion and termination, task allocation by behaviour or traits, and monitoring or
# evaluating performance and behaviour.
_PURPOSE_CLASS = {
    "recruitment": RiskClass.HIGH_RISK_4A,
    "work_decisions": RiskClass.HIGH_RISK_4B,
    "task_allocation": RiskClass.HIGH_RISK_4B,
    "performance_monitoring": RiskClass.HIGH_RISK_4B,
}


def classify(answers: Answers) -> Classification:
    """The tool's risk class under the AI Act, with reasons.

    Emotion recognition at work is prohibited (Art. 5(1)(f)); the reasons then go on to
    classify the tool without that feature, because that is what may still be used.

    A purpose the Annex does not name ("hr_assistant", "other") is high-risk when the tool
    monitors employees (4(b)) or scores people: a score about people at work is an
    evaluation of them, which is what point 4 is about. Scoring current employees is taken
    as 4(b), the broader point that the employee rules follow; scoring only applicants as
    4(a). That is Samspill's assessment, and the reason text says so.
    """
    if answers.emotion_recognition:
        rest = classify(replace(answers, emotion_recognition=False))
        return Classification(
            RiskClass.PROHIBITED, ("emotion_recognition", *rest.reasons), rest.profiling_note
        )
    risk_class, reasons = _annex_iii(answers)
    if risk_class is RiskClass.NOT_HIGH_RISK:
        return Classification(risk_class, reasons, profiling_note=False)
    # Scoring people is profiling, and so is evaluating performance or allocating tasks by
    # behaviour or traits (GDPR Art. 4(4)); Art. 6(3) keeps a profiling Annex III system
    # high-risk.
    profiling = answers.scores_people or answers.purpose in (
        "performance_monitoring",
        "task_allocation",
    )
    note = "profiling" if profiling else "derogation_possible"
    return Classification(risk_class, (*reasons, note), profiling_note=profiling)


def _annex_iii(answers: Answers) -> tuple[RiskClass, tuple[str, ...]]:
    monitoring = ("monitors_employees",) if answers.monitors_employees else ()
    if answers.purpose in _PURPOSE_CLASS:
        if answers.purpose == "performance_monitoring":
            monitoring = ()
        return _PURPOSE_CLASS[answers.purpose], (f"purpose_{answers.purpose}", *monitoring)
    if monitoring:
        return RiskClass.HIGH_RISK_4B, monitoring
    if answers.scores_people:
        if answers.affects_employees:
            return RiskClass.HIGH_RISK_4B, ("scores_workers",)
        return RiskClass.HIGH_RISK_4A, ("scores_applicants",)
    return RiskClass.NOT_HIGH_RISK, ("no_annex_iii",)


def conditions(answers: Answers, classification: Classification) -> frozenset[str]:
    """The condition keys that hold for this project (see legal_catalog.CONDITIONS).

    A prohibited tool also gets the conditions of what remains once the banned feature is
    gone, so the team sees the duties it will still face.

    "control_measure" is the trigger of the Working Environment Act's chapter 9: monitoring
    employees is a control measure; for other high-risk uses, including applicant screening,
    the law is not settled and Samspill takes the careful reading (LEGAL-NOTES).
    """
    underlying = classification
    if classification.risk_class is RiskClass.PROHIBITED:
        underlying = classify(replace(answers, emotion_recognition=False))
    monitors = answers.monitors_employees or answers.purpose == "performance_monitoring"
    employees_affected = (
        answers.affects_employees
        or monitors
        or answers.purpose in ("work_decisions", "task_allocation")
    )
    found = {
        "eu_or_eea",
        "personal_data",
        {"NO": "country_no", "DE": "country_de", "EU": "country_eu_other"}[answers.country],
    }
    flags = {
        "high_risk": underlying.high_risk,
        "prohibited": classification.risk_class is RiskClass.PROHIBITED,
        "scores_people": answers.scores_people,
        "automated_decision": answers.decides_alone,
        "employees_affected": employees_affected,
        "monitors_employees": monitors,
        "control_measure": monitors or underlying.high_risk,
        "size_30": answers.employees >= 30,
        "size_50": answers.employees >= 50,
    }
    found.update(key for key, holds in flags.items() if holds)
    return frozenset(found)


def explain(classification: Classification, answers: Answers, language: str) -> tuple[str, ...]:
    """The reason texts of a classification, with the purpose label filled in."""
    texts = reason_texts(language)
    purpose = purpose_labels(language)[answers.purpose]
    return tuple(texts[key].format(purpose=purpose) for key in classification.reasons)


class ObligationStatus(StrEnum):
    APPLIES = "applies"
    # Applies later than today, or is EU law not yet in force in Norway.
    PREPARE_NOW = "prepare_now"
    # Its date was moved by an amendment seen in one source only: it may apply already.
    VERIFY = "verify"


@dataclass(frozen=True, slots=True)
class Obligation:
    """A legal item as it applies to one project: its status and the date for its country."""

    item: LegalItem
    status: ObligationStatus
    applies_from: date

    @property
    def blocking(self) -> bool:
        return self.item.blocking


def obligations(answers: Answers, *, today: date, language: str) -> tuple[Obligation, ...]:
    """The legal items that apply to the project, EU first, then its country, each by `when`.

    Within a group the catalog order holds. ``today`` is passed in, so the result does not
    depend on the clock.
    """
    holds = conditions(answers, classify(answers))
    order = ("EU",) if answers.country == "EU" else ("EU", answers.country)
    found = [
        _obligation(item, answers.country, today)
        for item in legal_items(language).values()
        if item.jurisdiction in order and item.applies_if <= holds
    ]
    found.sort(key=lambda o: (order.index(o.item.jurisdiction), WHEN.index(o.item.when)))
    return tuple(found)


def _obligation(item: LegalItem, country: str, today: date) -> Obligation:
    start = item.applies_from
    if country == "NO" and item.applies_from_no is not None:
        start = item.applies_from_no
    if country == "NO" and item.status_no == EXPECTED:
        status = ObligationStatus.PREPARE_NOW
    elif today >= start:
        status = ObligationStatus.APPLIES
    elif item.verify:
        status = ObligationStatus.VERIFY
    else:
        status = ObligationStatus.PREPARE_NOW
    return Obligation(item, status, start)
