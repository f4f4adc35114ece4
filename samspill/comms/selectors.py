"""Reads for the communication planner: drafts, guides and the consistency view, filled
with the project's facts in its content language."""

import re
from dataclasses import dataclass, field

from method.audiences import Audience
from method.comms_catalog import (
    ConversationGuide,
    Filled,
    fill,
    guides,
    message_drafts,
    objection_texts,
    placeholders,
)
from method.objection_matcher import MatcherError, default_matcher
from method.objections import ObjectionCategory
from samspill.comms.facts import project_facts
from samspill.comms.models import AudienceChoice, Channel, CommunicationStatus, Message
from samspill.objections.models import Category, Objection, ObjectionStatus


class Filler:
    """Fills texts for one project: the facts are read once per request."""

    def __init__(self, project):
        self.language = project.language
        self.facts = project_facts(project)
        self.placeholders = placeholders(self.language)

    def __call__(self, template: str) -> Filled:
        return fill(template, self.facts, self.placeholders)

    def missing_labels(self, keys) -> list[str]:
        return [self.placeholders[key].label for key in keys]


@dataclass
class DraftView:
    key: str
    audience: str
    audience_label: str
    title: str
    channel: str
    subject: Filled
    body: Filled


def drafts(project, filler: Filler) -> list[DraftView]:
    labels = dict(AudienceChoice.choices)
    return [
        DraftView(
            key=draft.key,
            audience=draft.audience.value,
            audience_label=labels[draft.audience.value],
            title=draft.title,
            channel=dict(Channel.choices)[draft.channel],
            subject=filler(draft.subject),
            body=filler(draft.body),
        )
        for draft in message_drafts(filler.language)
    ]


def draft_by_key(language: str, key: str):
    return next((d for d in message_drafts(language) if d.key == key), None)


@dataclass
class ExpectedObjection:
    category: str
    title: str
    response: Filled
    compromise: Filled


@dataclass
class GuideView:
    audience: str
    audience_label: str
    guide: ConversationGuide
    opening: Filled
    arguments: list[Filled]
    objections: list[ExpectedObjection]
    commitment: Filled
    missing: list[str] = field(default_factory=list)


def guide(project, audience: Audience, filler: Filler) -> GuideView:
    text = guides(filler.language)[audience]
    library = objection_texts(filler.language)
    opening, commitment = filler(text.opening), filler(text.commitment)
    arguments = [filler(argument) for argument in text.arguments]
    expected = [
        ExpectedObjection(
            category=category.value,
            title=library[category].title,
            response=filler(library[category].response),
            compromise=filler(library[category].compromise),
        )
        for category in text.objections
    ]
    missing = []
    for filled in [opening, commitment, *arguments, *(e.response for e in expected)]:
        missing += [key for key in filled.missing if key not in missing]
    return GuideView(
        audience=audience.value,
        audience_label=dict(AudienceChoice.choices)[audience.value],
        guide=text,
        opening=opening,
        arguments=arguments,
        objections=expected,
        commitment=commitment,
        missing=filler.missing_labels(missing),
    )


# The consistency view: what each key audience has been told on the promises that
# must not differ between them (DESIGN.md capability 5).
CONSISTENCY_AUDIENCES = (Audience.LEADERSHIP, Audience.UNION, Audience.EMPLOYEES)
CONSISTENCY_TOPICS = (
    ObjectionCategory.JOB_SECURITY,
    ObjectionCategory.SURVEILLANCE,
    ObjectionCategory.PRIVACY,
)
# A paragraph counts as speaking to a topic when it is a real sentence or more and the
# matcher is both confident (calibrated score) and close in absolute terms (raw similarity):
# the confidence alone answers "which topic, if any", and greetings would pass it.
TOPIC_MIN_WORDS = 6
TOPIC_CONFIDENCE = 0.6
TOPIC_SIMILARITY = 0.09
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Statement:
    date: object
    source: str
    text: str


def _topic_of(paragraph: str) -> ObjectionCategory | None:
    if len(paragraph.split()) < TOPIC_MIN_WORDS:
        return None
    matcher = default_matcher()
    try:
        suggestions = matcher.match(paragraph, limit=1)
    except MatcherError:
        return None
    if not suggestions or suggestions[0].category not in CONSISTENCY_TOPICS:
        return None
    best = suggestions[0]
    close = matcher.raw_scores(paragraph).get(best.category, 0) >= TOPIC_SIMILARITY
    return best.category if best.score >= TOPIC_CONFIDENCE and close else None


def consistency(project, filler: Filler) -> dict:
    """Rows per topic, a cell per audience: the passages sent and the answers given."""
    groups = {
        group.preset_key: group
        for group in project.stakeholder_groups.filter(
            preset_key__in=[a.value for a in CONSISTENCY_AUDIENCES]
        )
    }
    cells = {
        (topic, audience): [] for topic in CONSISTENCY_TOPICS for audience in CONSISTENCY_AUDIENCES
    }
    told = (
        project.communications.filter(
            status__in=[CommunicationStatus.SENT, CommunicationStatus.DONE], message__isnull=False
        )
        .select_related("message")
        .prefetch_related("groups", "people__group")
        .order_by("date")
    )
    topics: dict[str, ObjectionCategory | None] = {}
    for communication in told:
        reached = {g.preset_key for g in communication.groups.all()} | {
            p.group.preset_key for p in communication.people.all()
        }
        audiences = [a for a in CONSISTENCY_AUDIENCES if a.value in reached]
        if not audiences:
            continue
        body = filler(communication.message.body).text
        for paragraph in PARAGRAPH_BREAK.split(body):
            # A message sent several times is classified once.
            if paragraph not in topics:
                topics[paragraph] = _topic_of(paragraph)
            topic = topics[paragraph]
            if topic is None:
                continue
            for audience in audiences:
                cells[(topic, audience)].append(
                    Statement(communication.date, communication.title, paragraph.strip())
                )
    answered = Objection.objects.filter(
        project=project,
        group__in=groups.values(),
        category__in=[t.value for t in CONSISTENCY_TOPICS],
        status__in=[ObjectionStatus.ANSWERED, ObjectionStatus.RESOLVED],
    ).select_related("group")
    for objection in answered.order_by("raised_on"):
        cells[(ObjectionCategory(objection.category), Audience(objection.group.preset_key))].append(
            Statement(objection.raised_on, objection.text, objection.answer)
        )
    audience_labels = dict(AudienceChoice.choices)
    topic_labels = dict(Category.choices)
    return {
        "audiences": [audience_labels[a.value] for a in CONSISTENCY_AUDIENCES],
        "rows": [
            {
                "topic": topic_labels[topic.value],
                "cells": [cells[(topic, audience)] for audience in CONSISTENCY_AUDIENCES],
            }
            for topic in CONSISTENCY_TOPICS
        ],
    }


def messages(project):
    return Message.objects.filter(project=project).order_by("audience", "title")
