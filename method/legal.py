"""Which legal duties apply to an HR AI project, and how urgent each one is.

A short questionnaire (:class:`Answers`) places the tool in a risk class under the EU AI
Act (:func:`classify`), turns the answers into condition keys (:func:`conditions`), and
selects the catalog's legal items whose conditions all hold (:func:`obligations`). The
texts live in method/catalog/<lang>/legal.toml and clauses.toml (method.legal_catalog).

This is guidance for a project team, not legal advice: the reasons and items say where a
point is an assessment rather than settled law.
"""

from collections.abc import Mapping, Sequence
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
    "gate_for",
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
    """The questionnaire about one tool: where, how big, what for, and how it treats people.

    The answers added in December 2026 default to the private, non-chatbot case, so a check
    saved before them reads as it did:

    - ``public_employer``: a body governed by public law (municipality, agency) or a private
      body providing public services. It makes the FRIA (Art. 27) an obligation and brings
      registration (Art. 26(8), 49(3)) and notification (Art. 27(3)).
    - ``chatbot``: the tool talks with people (Art. 50).
    - ``biometric_categorisation``: it sorts people by biometric data to infer traits such
      as union membership (Art. 5(1)(g)).
    - ``german_site``: a site in Germany is in scope, so German law (BetrVG, AGG) applies
      beside the country's own.
    """

    country: str
    employees: int
    purpose: str
    scores_people: bool
    decides_alone: bool
    emotion_recognition: bool
    affects_employees: bool
    monitors_employees: bool
    public_employer: bool = False
    chatbot: bool = False
    biometric_categorisation: bool = False
    german_site: bool = False

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

    Emotion recognition at work (Art. 5(1)(f)) and biometric categorisation of sensitive
    traits (Art. 5(1)(g)) are prohibited; the reasons then go on to classify the tool
    without those features, because that is what may still be used.

    A purpose the Annex does not name ("hr_assistant", "other") is high-risk when the tool
    monitors employees (4(b)) or scores people: a score about people at work is an
    evaluation of them, which is what point 4 is about. Scoring current employees is taken
    as 4(b), the broader point that the employee rules follow; scoring only applicants as
    4(a). That is Samspill's assessment, and the reason text says so.
    """
    banned = tuple(
        key for key in ("emotion_recognition", "biometric_categorisation") if getattr(answers, key)
    )
    if banned:
        rest = classify(_without_banned(answers))
        return Classification(RiskClass.PROHIBITED, (*banned, *rest.reasons), rest.profiling_note)
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


def _without_banned(answers: Answers) -> Answers:
    return replace(answers, emotion_recognition=False, biometric_categorisation=False)


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
        underlying = classify(_without_banned(answers))
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
        "emotion_recognition": answers.emotion_recognition,
        "biometric_categorisation": answers.biometric_categorisation,
        "public_employer": answers.public_employer,
        "private_employer": not answers.public_employer,
        "chatbot": answers.chatbot,
        "scores_people": answers.scores_people,
        "automated_decision": answers.decides_alone,
        "employees_affected": employees_affected,
        "monitors_employees": monitors,
        "control_measure": monitors or underlying.high_risk,
        # AMU on request from 10 employees, mandatory from 30 (aml § 7-1).
        "size_10_29": 10 <= answers.employees < 30,
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
    # Applies today. With ``item.verify`` the page shows "applies — verify": the reading is
    # Samspill's assessment (Art. 86 from 2 Aug 2026).
    APPLIES = "applies"
    # Applies later than today, or is EU law not yet in force in Norway.
    PREPARE_NOW = "prepare_now"
    # A later date that is itself uncertain (``item.verify``): it may apply already.
    VERIFY = "verify"


@dataclass(frozen=True, slots=True)
class Obligation:
    """A legal item as it applies to one project: its status and the date for its country."""

    item: LegalItem
    status: ObligationStatus
    applies_from: date
    country: str = ""

    @property
    def blocking(self) -> bool:
        return self.item.blocking

    @property
    def due_from(self) -> date | None:
        """The day from which the duty can hold a phase back; None when no date is known
        yet (EU law expected, but not adopted, in Norway)."""
        if self.country == "NO" and self.item.status_no == EXPECTED:
            return None
        return self.applies_from


def obligations(answers: Answers, *, today: date, language: str) -> tuple[Obligation, ...]:
    """The legal items that apply to the project, EU first, then its country, each by `when`.

    Within a group the catalog order holds. ``today`` is passed in, so the result does not
    depend on the clock.
    """
    holds = conditions(answers, classify(answers))
    order = ("EU",) if answers.country == "EU" else ("EU", answers.country)
    if answers.german_site and "DE" not in order:
        order = (*order, "DE")
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
    return Obligation(item, status, start, country)


def gate_for(
    phase: str,
    *,
    due_from: date | None,
    today: date,
    starts: Mapping[str, date | None],
    order: Sequence[str],
) -> str | None:
    """The phase whose gate a duty holds back today, or None while it is not due.

    ``phase`` is where the duty belongs (from its ``when``), ``due_from`` the day it
    applies from (None: it always did), ``starts`` the plan's start date per phase and
    ``order`` the phases in project order. A duty joins no gate before its day ("prepare
    now"). Once due, it joins its own phase's gate, unless that phase had already started
    when the day came: then the gate of the first later phase that had not started yet,
    or, if every later phase had started too, the last one (the current phase, so the
    open duty shows at once). Reckoning from ``due_from`` rather than today keeps the
    answer the same on every later day.
    """
    if due_from is not None and today < due_from:
        return None
    if due_from is None or phase not in order:
        return phase
    later = list(order[order.index(phase) :])
    for candidate in later:
        start = starts.get(candidate)
        if start is None or start >= due_from:
            return candidate
    return later[-1]
