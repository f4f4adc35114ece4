"""Every POST form in the app, fed hostile values, answers without a 5xx.

The forms are found, not listed. The test opens every page of the permission matrix as each
role that may see it, reads its `<form method="post">` elements (and htmx's `hx-post`) with
html.parser, and posts each hostile value into every field that can hold that kind of value,
as the least privileged role the matrix lets send it. The CSRF token and the hidden version
are kept; the other fields keep the page's values, or what a person would fill in where a
required one is empty, so a form that accepts the value saves it. A field that cannot hold a
value must answer with a form error, never a 500.

Whatever hostile text is saved is read again: after each save the app's documents (PDF,
DOCX, iCalendar, CSV), after the page its HTML pages and the overview. Each page starts
from the same project (the page's writes are rolled back after it).

A POST URL of the matrix that no page offers a form for fails the test unless NOT_FUZZED
names it with a reason, so a new form is fuzzed without anyone writing a line here.
One request per (form, hostile value): about 3,000 requests, half a minute on SQLite.
"""

import copy
import datetime as dt
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.test_permission_matrix import CASES, TARGETS, make_site_admin, target_kwargs

# Least privileged first: a form is posted as the first role that sees it and may send it.
# "siteadmin" is a site admin who is in no project: site administration's forms.
ROLE_ORDER = ["anonymous", "viewer", "observer", "editor", "owner", "siteadmin"]

# Field kinds, from the input's type.
TEXT, NUMBER, DATE, CHOICE, VERSION, FILE, CSRF, BUTTON = (
    "text",
    "number",
    "date",
    "choice",
    "version",
    "file",
    "csrf",
    "button",
)
INPUT_KINDS = {
    "text": TEXT,
    "email": TEXT,
    "url": TEXT,
    "search": TEXT,
    "tel": TEXT,
    "password": TEXT,
    "hidden": TEXT,
    "number": NUMBER,
    "range": NUMBER,
    "date": DATE,
    "datetime-local": DATE,
    "month": DATE,
    "week": DATE,
    "time": DATE,
    "checkbox": CHOICE,
    "radio": CHOICE,
    "file": FILE,
}
FUZZABLE = {TEXT, NUMBER, DATE, CHOICE, VERSION}

# URL names the fuzz test does not post to, each with its reason.
NOT_FUZZED = {
    "logout": "ends the test client's session; the form has no field but the CSRF token",
    "stakeholders:import": "file-only upload; spreadsheets are fuzzed by the import tests",
    "kpis:kpi_values_import": "file-only upload; spreadsheets are fuzzed by the import tests",
    "transfer:import": "file-only upload; the JSON codec has its own tests",
    "controls:case_import": (
        "file-only upload; the pilot's case files are fuzzed by the import tests "
        "(method/tests/test_pilot_import.py, samspill/controls/tests/test_case_import_job.py)"
    ),
    "account_logout": (
        "allauth's sign-out: ends the test client's session, and no page offers it "
        "(the app's own form posts to `logout`)"
    ),
    "accounts:invitation_sso": (
        "shown on an invitation only with single sign-on configured; no field but the CSRF token"
    ),
    "projects:restore": "shown only on an archived project; no field but the CSRF token",
    "notify:calendar_feed_revoke": (
        "shown only beside the member's own calendar links; no field but the CSRF token"
    ),
}


@dataclass(frozen=True)
class Hostile:
    label: str
    value: str
    kinds: frozenset[str]


def _hostile(label: str, value: str, *kinds: str) -> Hostile:
    return Hostile(label, value, frozenset(kinds))


HOSTILE = [
    # Numbers go into number fields and text fields (the ROI ramp is text holding numbers).
    _hostile("NaN", "NaN", TEXT, NUMBER),
    _hostile("sNaN", "sNaN", TEXT, NUMBER),
    _hostile("+Infinity", "Infinity", TEXT, NUMBER),
    _hostile("-Infinity", "-Infinity", TEXT, NUMBER),
    _hostile("1e308", "1e308", TEXT, NUMBER),
    _hostile("negative", "-1", TEXT, NUMBER),
    _hostile("beyond 64 bits", "-99999999999999999999", TEXT, NUMBER),
    _hostile("100,000 digits", "9" * 100_000, NUMBER, DATE),
    _hostile("year 1", "0001-01-01", TEXT, DATE),
    _hostile("year 9999", "9999-12-31", TEXT, DATE),
    _hostile("empty", "", TEXT, NUMBER, DATE),
    # Text goes into text fields only, so a form whose other fields are filled in sensibly
    # saves it, and the pages and documents that show it again are read after.
    _hostile("100,000 characters", "Å" * 100_000, TEXT),
    _hostile("NUL", "a\x00b", TEXT),
    _hostile("control characters", "a\x01\x08\x0b\x0c\x1b\x7f\x85\ufffeb", TEXT),
    _hostile("quotes and angle brackets", '"\'<b>&amp;</svg>]]>"', TEXT),
    _hostile("right-to-left marks", "\u202edrow\u202c \u200fتجربة\u200e", TEXT),
    _hostile("choice: key beyond 64 bits", "99999999999999999999", CHOICE),
    _hostile("choice: NUL and quotes", "\x00\"'<>", CHOICE),
    _hostile("version beyond 64 bits", "99999999999999999999", VERSION),
]

# What a person types into an empty required field of each input type.
FILLED_IN = {
    "email": "fuzz@example.org",
    "url": "https://example.org/",
    "number": "1",
    "range": "1",
    "date": "2026-10-14",
    "datetime-local": "2026-10-14T10:00",
}


@dataclass
class Field:
    name: str
    kind: str
    input_type: str
    values: list[str] = field(default_factory=list)  # what a browser sends as the page is
    options: list[str] = field(default_factory=list)  # for a select, radios, checkboxes
    required: bool = False
    multiple: bool = False
    element_id: str = ""

    def filled_in(self) -> list[str]:
        """The page's value, or what a person would choose or type where a choice or an
        answer is needed and the page gives none."""
        if self.kind in (FILE, BUTTON, CSRF, VERSION) or any(self.values):
            return self.values
        if self.kind == CHOICE:
            chosen = [option for option in self.options if option]
            # A group of checkboxes is often "choose at least one": tick the first.
            group = self.input_type == "checkbox" and len(self.options) > 1
            return chosen[:1] if chosen and (self.required or group) else self.values
        return [FILLED_IN.get(self.input_type, "Fuzz")] if self.required else self.values


@dataclass
class Form:
    action: str
    targets: list[str]  # the action and any hx-post, as written in the page
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def variants(self) -> list["Form"]:
        """One form per named submit button, since each may take its own path in the view."""
        if not self.buttons:
            return [self]
        return [
            replace(self, fields=[*self.fields, Field(name, BUTTON, "submit", [value])], buttons=[])
            for name, value in self.buttons
        ]

    def kinds(self) -> set[str]:
        return {f.kind for f in self.fields}

    def signature(self) -> frozenset:
        """The same form, whoever sees it and whichever object it is for."""
        return frozenset(
            (f.name, f.kind, tuple(f.values) if f.kind == BUTTON else ()) for f in self.fields
        )

    def post_data(self, hostile: Hostile | None) -> dict[str, list[str]]:
        data = {}
        for f in self.fields:
            if hostile is not None and f.kind in hostile.kinds:
                data[f.name] = [hostile.value]
            elif f.kind != FILE:
                data[f.name] = f.filled_in()
        return data


class FormParser(HTMLParser):
    """The POST forms of a page, with the values a browser would send for each field."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: list | None = None  # [text, selected] while an option has no value
        self._textarea: Field | None = None
        self._loose: list[tuple[str, str]] = []  # hx-post outside any form, with hx-include
        self._by_id: dict[str, Field] = {}

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._start_form(a)
            return
        if "hx-post" in a:
            if self._form is not None:  # htmx sends the enclosing form's values
                self._form.targets.append(a["hx-post"])
            else:
                self._loose.append((a["hx-post"], a.get("hx-include", "")))
        if tag == "input":
            self._input(a)
        elif tag == "select":
            self._select = self._add(
                Field(a.get("name", ""), CHOICE, "select", [], [], "required" in a),
                a,
            )
            self._select.multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            if "value" in a:
                self._option_value(a["value"], "selected" in a)
            else:
                self._option = ["", "selected" in a]
        elif tag == "textarea":
            self._textarea = self._add(
                Field(a.get("name", ""), TEXT, "textarea", [""], [], "required" in a), a
            )
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self._button(a["name"], a.get("value", ""))

    def _button(self, name: str, value: str):
        if self._form is not None:
            self._form.buttons.append((name, value))

    def _start_form(self, a: dict):
        posts = a.get("method", "get").lower() == "post" or "hx-post" in a
        self._form = Form(a.get("action", ""), [a.get("action", "")]) if posts else None
        if self._form is not None:
            if "hx-post" in a:
                self._form.targets.append(a["hx-post"])
            self.forms.append(self._form)

    def _input(self, a: dict):
        input_type = a.get("type", "text").lower()
        name = a.get("name", "")
        if not name or input_type in ("submit", "button", "reset", "image"):
            return
        kind = INPUT_KINDS.get(input_type, TEXT)
        if input_type == "hidden" and name == "csrfmiddlewaretoken":
            kind = CSRF
        elif input_type == "hidden" and name == "version":
            kind = VERSION
        if kind == CHOICE:
            value = a.get("value", "on")
            same = [f for f in self._form.fields if f.name == name] if self._form else []
            if same and same[0].input_type == input_type:  # one more box or radio of a group
                same[0].options.append(value)
                same[0].values += [value] if "checked" in a else []
                return
            values, options = ([value] if "checked" in a else []), [value]
        else:
            values, options = ([] if kind == FILE else [a.get("value", "")]), []
        self._add(Field(name, kind, input_type, values, options, "required" in a), a)

    def _add(self, f: Field, attrs: dict) -> Field:
        f.element_id = attrs.get("id", "")
        if f.element_id:
            self._by_id[f.element_id] = f
        if self._form is not None and f.name:
            self._form.fields.append(f)
        return f

    def _option_value(self, value: str, selected: bool):
        self._select.options.append(value)
        if selected:
            self._select.values.append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.values[0] += data
        elif self._option is not None:
            self._option[0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            self._option_value(self._option[0].strip(), self._option[1])
            self._option = None
        elif tag == "select" and self._select is not None:
            # A browser sends a single select's first option when none is selected.
            select = self._select
            if not select.values and not select.multiple and select.options:
                select.values.append(select.options[0])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser keeps the newline after <textarea>; browsers drop it.
            self._textarea.values[0] = self._textarea.values[0].removeprefix("\n")
            self._textarea = None

    def close(self):
        super().close()
        for target, include in self._loose:
            ids = [part.strip()[1:] for part in include.split(",") if part.strip().startswith("#")]
            fields = [self._by_id[i] for i in ids if i in self._by_id]
            self.forms.append(Form(target, [target], fields))


def parse_forms(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return [variant for form in parser.forms for variant in form.variants()]


def url_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def page_kwargs(case, project, members) -> dict:
    kwargs = {"slug": project.slug} if case.needs_project else {}
    return kwargs | target_kwargs(case, project, members)


def _open_survey(project, members) -> dict:
    from samspill.surveys.services import survey_create, survey_open

    survey = survey_create(
        actor=members["owner"], project=project, title="Open", departments=["HR"]
    )
    survey_open(actor=members["owner"], survey=survey)
    return {"slug": project.slug, "survey_uuid": survey.uuid}


# Objects made before the first page is read: list pages offer their forms only with a row
# to act on, and the matrix makes these objects only for URLs that are not pages.
LISTED_FIRST = [
    "communication",
    "applicability",
    "licensed_department",
    "api_token",
    "service_token",
]


def _charted_kpi(project, members) -> dict:
    from samspill.kpis.services import kpi_create, kpi_value_set

    kpi = kpi_create(
        actor=members["owner"], project=project, kind="support_tickets", name="Charted", target=10
    )
    for period, value in ((dt.date(2026, 9, 7), 12.0), (dt.date(2026, 9, 14), 9.0)):
        kpi_value_set(actor=members["owner"], kpi=kpi, period=period, value=value)
    return {"slug": project.slug, "kpi_uuid": kpi.uuid}


def _deactivated_owner(project, members) -> dict:
    TARGETS["site_user_deactivated"](project, members["owner"])
    return {}


# Pages visited a second time, with an object in a state that shows more of the app.
SECOND_VISITS = {
    # reactivating and transferring are offered for a deactivated account
    "accounts:site_users": _deactivated_owner,
    "surveys:detail": _open_survey,  # closing and reminding are offered on an open survey
    "kpis:kpi_edit": _charted_kpi,  # the report draws a chart, with the name, from 2 values
}


def served(case, role: str, status: int) -> bool:
    """A page is served to whoever gets 200. A write is done by whoever is not refused,
    except anonymous on a project's URL, who is sent to the login page."""
    if case.method == "get":
        return status == 200
    sent_to_login = case.needs_project or "siteadmin" in case.expected
    return status < 400 and not (role == "anonymous" and sent_to_login)


def posting_roles(name: str, seen_by: list[str]) -> list[str]:
    """Who may send a form to `name`, least privileged first: the matrix's roles for the
    URL, or else the roles that were shown the form."""
    allowed = {
        role
        for case in CASES
        if case.name == name
        for role, status in case.expected.items()
        if served(case, role, status)
    }
    return [role for role in ROLE_ORDER if role in allowed] or seen_by


def pages_that_show(case, project, members) -> list[tuple[str, str]]:
    """(role, URL) of the pages and documents of the case's app that make no object to
    show, and the overview: where what a form of that app stored is read again."""
    app = case.name.partition(":")[0]
    shown = []
    for other in CASES:
        roles = [r for r in ROLE_ORDER if other.expected.get(r) == 200]
        makes_nothing = other.target in ("", "dpia") and not (
            other.needs_person or other.needs_group
        )  # a project has one DPIA: naming it again makes nothing new
        same_app = other.name.startswith(f"{app}:") or other.name == "projects:detail"
        if other.method == "get" and roles and other.needs_project and makes_nothing and same_app:
            url = reverse(other.name, kwargs=page_kwargs(other, project, members))
            shown.append((roles[-1], url))
    return shown


class Fuzzer:
    def __init__(self, clients: dict[str, Client]):
        self.clients = clients
        self.failures: list[str] = []
        self.requests = 0
        self.html: set[str] = set()  # pages known to be HTML: Django escapes what they show

    def check(self, response, what: str) -> None:
        self.requests += 1
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else None
            self.failures.append(f"{what}: {response.status_code} {error!r}"[:400])

    def fetch_forms(self, role: str, page: str) -> list[Form]:
        response = self.clients[role].get(page)
        self.check(response, f"GET {page} as {role}")
        if response.status_code != 200 or not is_html(response):
            return []
        return parse_forms(response.content.decode())

    def fuzz(self, page: str, target: str, form: Form, roles: list[str], shown) -> set[str]:
        """Post every hostile value that fits one of the form's fields, as the first role
        that may. After a save, read the app's documents (the next save may overwrite what
        this one stored), and the form again, so the next post is not a stale edit.
        Returns where the saves redirected to."""
        path = urljoin(page, target)
        headers = {"HX-Request": "true"} if target != form.action else {}
        kinds = form.kinds() & FUZZABLE
        values = [h for h in HOSTILE if h.kinds & kinds] or [None]
        role_index = 0
        saved_to = set()
        for hostile in values:
            data = form.post_data(hostile)
            while True:
                role = roles[role_index]
                response = self.clients[role].post(path, data, headers=headers)
                if response.status_code != 403 or role_index + 1 == len(roles):
                    break
                role_index += 1
            label = hostile.label if hostile else "as it is"
            self.check(response, f"POST {path} ({label}) as {role}")
            if response.status_code in (301, 302, 303) and hostile is not None:
                saved_to.add(urljoin(path, response["Location"]))
                self.sweep([(r, url) for r, url in shown if url not in self.html], label)
                fresh = [
                    f for f in self.fetch_forms(role, page) if f.signature() == form.signature()
                ]
                if fresh:
                    form = fresh[0]
        return saved_to

    def sweep(self, pages, after: str) -> None:
        for role, page in pages:
            response = self.clients[role].get(page)
            self.check(response, f"GET {page} as {role} after saving {after}")
            if response.status_code == 200 and is_html(response):
                self.html.add(page)


@pytest.mark.long
def test_no_form_answers_5xx_to_hostile_values(project, members, make_user):
    make_user(username="newcomer")
    for target in LISTED_FIRST:
        TARGETS[target](project, members["owner"])
    clients = {}
    for role in ROLE_ORDER:
        clients[role] = Client(raise_request_exception=False)
        if role == "siteadmin":
            clients[role].force_login(make_site_admin(make_user))
        elif role != "anonymous":
            clients[role].force_login(members[role])
    fuzzer = Fuzzer(clients)
    fuzzed: set[str] = set()
    seen: set[tuple] = set()
    file_only: list[str] = []
    visits = []
    for case in CASES:
        roles = [r for r in ROLE_ORDER if case.expected.get(r) == 200]
        if case.method == "get" and roles:
            visits.append((case, roles, False, lambda c=case: page_kwargs(c, project, members)))
            if case.name in SECOND_VISITS:
                make = SECOND_VISITS[case.name]
                visits.append((case, roles, True, lambda m=make: m(project, members)))
    for case, roles, second, make_kwargs in visits:
        # Each page starts from the same project: what its forms did is rolled back after.
        with transaction.atomic():
            page = reverse(case.name, kwargs=make_kwargs())
            found: dict[tuple, tuple[str, Form, list[str]]] = {}
            for role in roles:
                for form in fuzzer.fetch_forms(role, page):
                    for target in form.targets:
                        key = (url_name(urljoin(page, target)), form.signature())
                        found.setdefault(key, (target, form, []))[2].append(role)
            saved_to: set[str] = set()
            shown = pages_that_show(case, project, members)
            for key, (target, form, seen_by) in found.items():
                name = key[0]
                if (key in seen and not second) or name in NOT_FUZZED:
                    continue
                seen.add(key)
                if FILE in form.kinds() and not form.kinds() & (FUZZABLE - {VERSION}):
                    file_only.append(f"{name} (on {case.name})")
                    continue
                fuzzed.add(name)
                posting = posting_roles(name, seen_by)
                saved_to |= fuzzer.fuzz(page, target, copy.deepcopy(form), posting, shown)
            if saved_to:
                # Whatever hostile text is stored must show without error where it is read.
                lead = roles[-1]
                fuzzer.sweep(sorted({(lead, url) for url in saved_to} | set(shown)), "all")
            transaction.set_rollback(True)

    assert NOT_FUZZED.keys() <= {case.name for case in CASES}, "NOT_FUZZED names a lost URL"
    # The REST API's operations take JSON and a token, not a page's form: they are not
    # pages' forms to find (tests/test_api_permission_matrix.py walks them).
    posts = {
        case.name for case in CASES if case.method == "post" and not case.name.startswith("api:")
    }
    missing = sorted(posts - fuzzed - NOT_FUZZED.keys())
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
    assert not file_only, f"File-only forms missing from NOT_FUZZED: {file_only}"
    assert not missing, f"POST URLs of the matrix that no page offers a form for: {missing}"
