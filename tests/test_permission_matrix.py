"""Every URL × every role × the expected status, as pretix's test_permissions does.

A URL added to the project without a row here fails test_every_url_is_in_the_matrix.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# One project and its members for the whole module (conftest.py: shared_project).
pytestmark = pytest.mark.usefixtures("shared_project")


ROLES = ["anonymous", "outsider", "viewer", "observer", "editor", "owner"]


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    expected: dict[str, int]
    needs_project: bool = True
    needs_member: bool = False
    needs_person: bool = False
    needs_group: bool = False
    needs_phase: bool = False
    needs_milestone: bool = False
    needs_item: bool = False
    target: str = ""  # one of TARGETS: the object the URL names
    extra: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


def project_statuses(allowed: set[str], ok: int) -> dict[str, int]:
    statuses = {"anonymous": 302, "outsider": 404}
    for role in ("viewer", "observer", "editor", "owner"):
        statuses[role] = ok if role in allowed else 403
    return statuses


def site_statuses(ok: int) -> dict[str, int]:
    """Site administration: anonymous is sent to log in, and to everyone signed in who is
    not a site admin the page does not exist. "siteadmin" (not one of ROLES, not a member
    of the project) is checked by test_site_admin_matrix."""
    return {**dict.fromkeys(ROLES, 404), "anonymous": 302, "siteadmin": ok}


def api_operation_urls() -> list[tuple[str, str, dict]]:
    """Every REST API operation (URL name = operationId), its method and made-up URL
    arguments: without a token the answer is 401 before anything is looked up."""
    import re

    from samspill.api.api import api

    made_up = "00000000-0000-4000-8000-000000000000"
    found = []
    for path, item in api.get_openapi_schema()["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        kwargs = {name: "any-project" if name == "slug" else made_up for name in names}
        for method, operation in item.items():
            found.append((operation["operationId"], method, kwargs))
    return found


ALL_MEMBERS = {"viewer", "observer", "editor", "owner"}
WRITERS = {"editor", "owner"}
COMMENTERS = {"observer", "editor", "owner"}
EVERYONE_OK = dict.fromkeys(ROLES, 200)
LOGGED_IN_OK = {**dict.fromkeys(ROLES, 200), "anonymous": 302}

CASES = [
    Case("home", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case("healthz", "get", EVERYONE_OK, needs_project=False),
    Case("login", "get", {**dict.fromkeys(ROLES, 302), "anonymous": 200}, needs_project=False),
    Case("logout", "post", dict.fromkeys(ROLES, 302), needs_project=False),
    Case("password_change", "get", LOGGED_IN_OK, needs_project=False),
    Case("password_change_done", "get", LOGGED_IN_OK, needs_project=False),
    Case(
        "set_language",
        "post",
        dict.fromkeys(ROLES, 302),
        needs_project=False,
        data={"language": "nb", "next": "/"},
    ),
    # Password reset (samspill/accounts): public, the same for everyone signed in or not.
    Case("accounts:password_reset", "get", EVERYONE_OK, needs_project=False),
    Case("accounts:password_reset_done", "get", EVERYONE_OK, needs_project=False),
    Case("accounts:password_reset_complete", "get", EVERYONE_OK, needs_project=False),
    # A made-up link: the page says it does not work.
    Case(
        "accounts:password_reset_confirm",
        "get",
        EVERYONE_OK,
        needs_project=False,
        extra={"uidb64": "MQ", "token": "made-up"},
    ),
    # An invitation link is public: the link is the key. Signed-in members see why they
    # cannot accept an invitation sent to another address.
    Case(
        "accounts:invitation_accept", "get", EVERYONE_OK, needs_project=False, target="invite_link"
    ),
    Case(
        "accounts:invitation_create",
        "post",
        project_statuses({"owner"}, 200),  # without SMTP the owner is shown the link
        data={"email": "new.colleague@example.org", "role": "viewer"},
    ),
    Case(
        "accounts:invitation_resend", "post", project_statuses({"owner"}, 200), target="invitation"
    ),
    Case(
        "accounts:invitation_revoke", "post", project_statuses({"owner"}, 302), target="invitation"
    ),
    # Site administration (samspill/accounts/site_views.py): site admins only.
    Case("accounts:site_users", "get", site_statuses(200), needs_project=False),
    Case(
        "accounts:site_user_deactivate",
        "post",
        site_statuses(302),
        needs_project=False,
        target="site_user",
    ),
    Case(
        "accounts:site_user_activate",
        "post",
        site_statuses(302),
        needs_project=False,
        target="site_user_deactivated",
    ),
    # Without SMTP the site admin is shown the link to copy.
    Case(
        "accounts:site_user_reset",
        "post",
        site_statuses(200),
        needs_project=False,
        target="site_user",
    ),
    Case(
        "accounts:site_user_transfer",
        "post",
        site_statuses(302),
        needs_project=False,
        target="site_user_deactivated",
        data={"new_owner": "newcomer"},
    ),
    # Single sign-on and two-factor login (samspill/accounts/allauth_urls.py): only these
    # parts of allauth are mounted. OIDC is off here, so its URLs do not exist (404); with
    # a provider they are tested in samspill/accounts/tests/test_sso_oidc.py.
    Case(
        "account_login", "get", {**dict.fromkeys(ROLES, 302), "anonymous": 200}, needs_project=False
    ),
    Case("account_logout", "post", dict.fromkeys(ROLES, 302), needs_project=False),
    Case("account_inactive", "get", EVERYONE_OK, needs_project=False),
    Case("account_reauthenticate", "get", LOGGED_IN_OK, needs_project=False),
    Case(
        "openid_connect_login",
        "get",
        dict.fromkeys(ROLES, 404),
        needs_project=False,
        extra={"provider_id": "sso"},
    ),
    Case(
        "openid_connect_callback",
        "get",
        dict.fromkeys(ROLES, 404),
        needs_project=False,
        extra={"provider_id": "sso"},
    ),
    Case("socialaccount_login_cancelled", "get", EVERYONE_OK, needs_project=False),
    Case("socialaccount_login_error", "get", dict.fromkeys(ROLES, 401), needs_project=False),
    # Starting SSO for an invitation: a made-up link goes back to the invitation page.
    Case(
        "accounts:invitation_sso",
        "post",
        dict.fromkeys(ROLES, 302),
        needs_project=False,
        extra={"token": "made-up"},
    ),
    Case(
        "accounts:invitation_sso_done",
        "get",
        dict.fromkeys(ROLES, 302),
        needs_project=False,
        extra={"token": "made-up"},
    ),
    # Two-factor pages: each person's own; without a second factor set up, the pages that
    # need one answer 404, and adding or removing one first asks for the password (302).
    Case("mfa_index", "get", LOGGED_IN_OK, needs_project=False),
    Case("mfa_authenticate", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case("mfa_reauthenticate", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case("mfa_activate_totp", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case(
        "mfa_deactivate_totp",
        "get",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302},
        needs_project=False,
    ),
    Case(
        "mfa_view_recovery_codes",
        "get",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302},
        needs_project=False,
    ),
    Case("mfa_generate_recovery_codes", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case(
        "mfa_download_recovery_codes",
        "get",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302},
        needs_project=False,
    ),
    Case("mfa_list_webauthn", "get", LOGGED_IN_OK, needs_project=False),
    Case("mfa_add_webauthn", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case("mfa_reauthenticate_webauthn", "get", dict.fromkeys(ROLES, 302), needs_project=False),
    Case(
        "mfa_edit_webauthn", "get", dict.fromkeys(ROLES, 302), needs_project=False, extra={"pk": 1}
    ),
    Case(
        "mfa_remove_webauthn",
        "get",
        dict.fromkeys(ROLES, 302),
        needs_project=False,
        extra={"pk": 1},
    ),
    # Webhooks, calendar links, preferences and jobs (samspill/notify).
    Case("notify:webhooks", "get", project_statuses({"owner"}, 200)),
    Case("notify:webhook_detail", "get", project_statuses({"owner"}, 200), target="webhook"),
    Case("notify:webhook_test", "post", project_statuses({"owner"}, 302), target="webhook"),
    Case("notify:webhook_delete", "post", project_statuses({"owner"}, 302), target="webhook"),
    Case("notify:calendar_feeds", "get", project_statuses(ALL_MEMBERS, 200)),
    # A member revokes only their own link; someone else's is not there for them.
    Case(
        "notify:calendar_feed_revoke",
        "post",
        {**project_statuses(ALL_MEMBERS, 404), "owner": 302},
        target="calendar_feed",
    ),
    Case("notify:calendar_feed", "get", EVERYONE_OK, needs_project=False, target="feed_token"),
    Case("notify:preferences", "get", LOGGED_IN_OK, needs_project=False),
    Case(
        "notify:job_progress",
        "get",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302, "owner": 200},
        needs_project=False,
        target="job",
    ),
    Case("notify:site_jobs", "get", site_statuses(200), needs_project=False),
    Case("projects:list", "get", LOGGED_IN_OK, needs_project=False),
    # "My work" lists the signed-in user's own items across their projects.
    Case("overview:my_work", "get", LOGGED_IN_OK, needs_project=False),
    Case("projects:create", "get", LOGGED_IN_OK, needs_project=False),
    Case("projects:detail", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("projects:members", "get", project_statuses(ALL_MEMBERS, 200)),
    # With an invitation listed, so its forms are on the page too.
    Case("projects:members", "get", project_statuses(ALL_MEMBERS, 200), target="invited"),
    Case("projects:settings", "get", project_statuses({"owner"}, 200)),
    Case("projects:facts", "get", project_statuses(WRITERS, 200)),
    Case("projects:archive", "post", project_statuses({"owner"}, 302)),
    # Restoring a project that is not archived says so and goes back to the settings.
    Case("projects:restore", "post", project_statuses({"owner"}, 302)),
    Case("projects:delete", "get", project_statuses({"owner"}, 200)),
    Case("audit:trail", "get", project_statuses({"owner", "observer"}, 200)),
    Case("audit:checkpoints", "get", project_statuses({"owner", "observer"}, 200)),
    Case(
        "projects:member_add",
        "post",
        project_statuses({"owner"}, 302),
        data={"user": "newcomer", "role": "viewer"},
    ),
    Case(
        "projects:member_role",
        "post",
        project_statuses({"owner"}, 302),
        needs_member=True,
        data={"role": "editor"},
    ),
    Case("projects:member_remove", "post", project_statuses({"owner"}, 302), needs_member=True),
    Case("stakeholders:map", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("stakeholders:people", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("stakeholders:person", "get", project_statuses(ALL_MEMBERS, 200), needs_person=True),
    Case("stakeholders:engagements", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("stakeholders:decisions", "get", project_statuses(ALL_MEMBERS, 200)),
    Case(
        "stakeholders:export",
        "get",
        project_statuses(ALL_MEMBERS, 200),
        extra={"file_format": "xlsx"},
    ),
    Case("stakeholders:person_create", "get", project_statuses(WRITERS, 200)),
    Case("stakeholders:person_edit", "get", project_statuses(WRITERS, 200), needs_person=True),
    Case(
        "stakeholders:person_stance",
        "post",
        project_statuses(WRITERS, 302),
        needs_person=True,
        data={"stance": "2", "day": "2026-11-01", "version": "1"},
    ),
    Case("stakeholders:person_delete", "post", project_statuses(WRITERS, 302), needs_person=True),
    Case("stakeholders:group_create", "get", project_statuses(WRITERS, 200)),
    Case("stakeholders:group_edit", "get", project_statuses(WRITERS, 200), needs_group=True),
    Case("stakeholders:group_delete", "post", project_statuses(WRITERS, 302), needs_group=True),
    Case("stakeholders:engagement_create", "get", project_statuses(WRITERS, 200)),
    Case("stakeholders:decision_create", "get", project_statuses(WRITERS, 200)),
    Case("stakeholders:import", "get", project_statuses(WRITERS, 200)),
    Case("business:roi", "get", project_statuses(ALL_MEMBERS, 200)),
    Case(
        "business:roi_preview",
        "post",
        project_statuses(ALL_MEMBERS, 200),
        data={"hourly_cost": "500", "hours_saved_per_week": "10"},
    ),
    Case(
        "business:document", "get", project_statuses(ALL_MEMBERS, 200), extra={"file_format": "pdf"}
    ),
    Case("rollout:plan", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("rollout:ics", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("rollout:phase_create", "get", project_statuses(WRITERS, 200)),
    Case("rollout:phase_edit", "get", project_statuses(WRITERS, 200), needs_phase=True),
    Case("rollout:milestone_create", "get", project_statuses(WRITERS, 200)),
    Case("rollout:milestone_edit", "get", project_statuses(WRITERS, 200), needs_milestone=True),
    Case("trust:checklists", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("trust:training", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("trust:item_create", "get", project_statuses(WRITERS, 200)),
    Case("trust:item_edit", "get", project_statuses(WRITERS, 200), needs_item=True),
    Case(
        "trust:item_status",
        "post",
        project_statuses(WRITERS, 302),
        needs_item=True,
        data={"status": "done", "version": "1"},
    ),
    # No file attached: members get 404 after the permission check (serving is tested apart).
    Case("trust:item_evidence", "get", project_statuses(ALL_MEMBERS, 404), needs_item=True),
    Case("trust:session_create", "get", project_statuses(WRITERS, 200)),
    Case("comms:calendar", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("comms:calendar_month", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("comms:ics", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("comms:communication_create", "get", project_statuses(WRITERS, 200)),
    Case(
        "comms:communication_edit",
        "get",
        project_statuses(WRITERS, 200),
        target="communication",
    ),
    Case(
        "comms:communication_done",
        "post",
        project_statuses(WRITERS, 302),
        target="communication",
    ),
    Case(
        "comms:communication_delete",
        "post",
        project_statuses(WRITERS, 302),
        target="communication",
    ),
    Case("comms:messages", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("comms:message_create", "get", project_statuses(WRITERS, 200)),
    Case("comms:message", "get", project_statuses(ALL_MEMBERS, 200), target="message"),
    Case("comms:message_edit", "get", project_statuses(WRITERS, 200), target="message"),
    Case("comms:message_delete", "post", project_statuses(WRITERS, 302), target="message"),
    Case("comms:guides", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("comms:guide", "get", project_statuses(ALL_MEMBERS, 200), extra={"audience": "union"}),
    Case("comms:guide_pdf", "get", project_statuses(ALL_MEMBERS, 200), extra={"audience": "it"}),
    Case("comms:consistency", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("objections:list", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("objections:log", "get", project_statuses(COMMENTERS, 200)),
    Case(
        "objections:suggest",
        "post",
        project_statuses(COMMENTERS, 200),
        data={"text": "Will this replace us?"},
    ),
    Case("objections:detail", "get", project_statuses(ALL_MEMBERS, 200), target="objection"),
    Case("objections:answer", "get", project_statuses(WRITERS, 200), target="objection"),
    Case("objections:delete", "post", project_statuses(WRITERS, 302), target="objection"),
    Case("objections:library", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("objections:entry_create", "get", project_statuses(WRITERS, 200)),
    Case("objections:entry_edit", "get", project_statuses(WRITERS, 200), target="entry"),
    Case("objections:entry_delete", "post", project_statuses(WRITERS, 302), target="entry"),
    Case("pilot:report", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("pilot:report", "get", project_statuses(ALL_MEMBERS, 200), target="pilot"),
    Case("pilot:import", "get", project_statuses(WRITERS, 200)),
    Case("pilot:sample", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("pilot:document", "get", project_statuses(ALL_MEMBERS, 200), target="pilot"),
    Case("pilot:attach", "post", project_statuses(WRITERS, 302), target="pilot"),
    Case("pilot:attributes_delete", "post", project_statuses({"owner"}, 302), target="pilot"),
    Case("kpis:dashboard", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("kpis:kpi_sample", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("kpis:kpi_report", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("kpis:kpi_create", "get", project_statuses(WRITERS, 200)),
    Case("kpis:kpi_edit", "get", project_statuses(WRITERS, 200), target="kpi"),
    Case("kpis:kpi_value_add", "get", project_statuses(WRITERS, 200), target="kpi"),
    Case("kpis:kpi_delete", "post", project_statuses(WRITERS, 302), target="kpi"),
    Case("kpis:kpi_values_import", "get", project_statuses(WRITERS, 200)),
    Case("kpis:usage", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("kpis:usage_sample", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("kpis:usage_import", "get", project_statuses(WRITERS, 200)),
    Case(
        "kpis:usage_department_save",
        "post",
        project_statuses(WRITERS, 302),
        data={"name": "HR", "licensed_users": 5},
    ),
    Case(
        "kpis:usage_department_delete",
        "post",
        project_statuses(WRITERS, 302),
        target="licensed_department",
    ),
    Case("kpis:stories", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("kpis:story_create", "get", project_statuses(WRITERS, 200)),
    Case("kpis:story_edit", "get", project_statuses(WRITERS, 200), target="story"),
    Case("kpis:story_delete", "post", project_statuses(WRITERS, 302), target="story"),
    Case("surveys:list", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("surveys:create", "get", project_statuses(WRITERS, 200)),
    Case("surveys:detail", "get", project_statuses(ALL_MEMBERS, 200), target="survey"),
    Case("surveys:results", "get", project_statuses(ALL_MEMBERS, 200), target="survey"),
    Case(
        "surveys:export",
        "get",
        project_statuses(ALL_MEMBERS, 200),
        target="survey",
        extra={"file_format": "csv"},
    ),
    Case("surveys:edit", "get", project_statuses(WRITERS, 200), target="survey"),
    Case("surveys:open", "post", project_statuses(WRITERS, 302), target="survey"),
    Case("surveys:close", "post", project_statuses(WRITERS, 302), target="survey"),
    Case("surveys:links_csv", "post", project_statuses(WRITERS, 302), target="survey"),
    Case("surveys:send", "post", project_statuses(WRITERS, 200), target="survey"),
    Case("surveys:remind", "post", project_statuses(WRITERS, 200), target="survey"),
    Case("surveys:answer", "get", EVERYONE_OK, needs_project=False, target="survey_link"),
    Case("surveys:thanks", "get", EVERYONE_OK, needs_project=False, target="survey_link"),
    Case("guarantees:overview", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("guarantees:applicability", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("guarantees:to_trust", "post", project_statuses(WRITERS, 302), target="applicability"),
    Case("guarantees:limits", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("guarantees:limit_create", "get", project_statuses(WRITERS, 200)),
    Case("guarantees:limit_edit", "get", project_statuses(WRITERS, 200), target="use_case"),
    Case("guarantees:limit_delete", "post", project_statuses(WRITERS, 302), target="use_case"),
    Case(
        "guarantees:draft_edit",
        "get",
        project_statuses(WRITERS, 200),
        extra={"kind": "agreement"},
    ),
    Case("guarantees:draft_version", "get", project_statuses(ALL_MEMBERS, 200), target="draft"),
    Case("guarantees:transparency_settings", "get", project_statuses({"owner"}, 200)),
    Case("guarantees:transparency_rotate", "post", project_statuses({"owner"}, 302)),
    Case("guarantees:transparency_preview", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("guarantees:public", "get", EVERYONE_OK, needs_project=False, target="open_page"),
    Case("dpia:overview", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("dpia:overview", "get", project_statuses(ALL_MEMBERS, 200), target="dpia"),
    Case("dpia:start", "post", project_statuses(WRITERS, 302)),
    Case("dpia:screening", "get", project_statuses(WRITERS, 200), target="dpia"),
    Case("dpia:context", "get", project_statuses(WRITERS, 200), target="dpia"),
    Case("dpia:principles", "get", project_statuses(WRITERS, 200), target="dpia"),
    Case("dpia:risk_create", "get", project_statuses(WRITERS, 200), target="dpia"),
    Case("dpia:risk_edit", "get", project_statuses(WRITERS, 200), target="dpia_risk"),
    Case("dpia:risk_delete", "post", project_statuses(WRITERS, 302), target="dpia_risk"),
    Case("dpia:action_create", "get", project_statuses(WRITERS, 200), target="dpia"),
    Case("dpia:action_edit", "get", project_statuses(WRITERS, 200), target="dpia_action"),
    Case("dpia:action_delete", "post", project_statuses(WRITERS, 302), target="dpia_action"),
    Case("dpia:actions_csv", "get", project_statuses(ALL_MEMBERS, 200), target="dpia"),
    Case(
        "dpia:opinion",
        "get",
        project_statuses(COMMENTERS, 200),
        target="dpia",
        extra={"kind": "dpo"},
    ),
    Case(
        "dpia:opinion",
        "get",
        project_statuses(COMMENTERS, 200),
        target="dpia",
        extra={"kind": "representatives"},
    ),
    Case("dpia:decision", "get", project_statuses({"owner"}, 200), target="dpia"),
    Case(
        "dpia:document",
        "get",
        project_statuses(ALL_MEMBERS, 200),
        target="dpia",
        extra={"file_format": "pdf"},
    ),
    Case("transfer:import", "get", LOGGED_IN_OK, needs_project=False),
    Case("transfer:export", "get", project_statuses({"owner"}, 200)),
    Case("transfer:duplicate", "get", project_statuses({"owner"}, 200)),
    Case("transfer:history", "get", project_statuses({"owner", "observer"}, 200)),
    Case(
        "trust:gate_override",
        "post",
        project_statuses({"owner"}, 302),
        extra={"phase_key": "pilot"},
        data={"reason": "Agreed with the union in writing."},
    ),
    # API tokens (samspill/api/token_views.py): a user's own, a project's service tokens.
    Case("tokens:list", "get", LOGGED_IN_OK, needs_project=False),
    Case(
        "tokens:revoke",
        "post",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302, "owner": 302},  # the owner's token
        needs_project=False,
        target="api_token",
    ),
    Case("tokens:service", "get", project_statuses({"owner"}, 200)),
    Case("tokens:service_revoke", "post", project_statuses({"owner"}, 302), target="service_token"),
    # The REST API takes tokens only: a session, signed in or not, gets 401. Each operation
    # × role × token scope is walked in tests/test_api_permission_matrix.py.
    Case("api:openapi-json", "get", EVERYONE_OK, needs_project=False),
    Case("api:openapi-view", "get", EVERYONE_OK, needs_project=False),
    Case("api:api-root", "get", dict.fromkeys(ROLES, 404), needs_project=False),
    *[
        Case(f"api:{name}", method, dict.fromkeys(ROLES, 401), needs_project=False, extra=kwargs)
        for name, method, kwargs in api_operation_urls()
    ],
    # The AI Act file (samspill/aifile) and the explanation desk (samspill/desk).
    Case("aifile:file", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("aifile:file", "get", project_statuses(ALL_MEMBERS, 200), target="ai_file_full"),
    Case("aifile:settings", "get", project_statuses(WRITERS, 200)),
    Case("aifile:information_create", "get", project_statuses(WRITERS, 200)),
    Case("aifile:ack_links", "post", project_statuses(WRITERS, 200), target="informed_people"),
    Case("aifile:overseer_create", "get", project_statuses(WRITERS, 200)),
    Case("aifile:literacy_create", "get", project_statuses(WRITERS, 200)),
    Case("aifile:literacy_csv", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("aifile:event_create", "get", project_statuses(WRITERS, 200)),
    Case("aifile:document", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("aifile:evidence", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("aifile:ack", "get", EVERYONE_OK, needs_project=False, target="ack_link"),
    Case("aifile:public_ack", "get", EVERYONE_OK, needs_project=False, target="open_page"),
    Case("desk:list", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("desk:log", "get", project_statuses(WRITERS, 200)),
    Case("desk:settings", "get", project_statuses({"owner"}, 200)),
    # A request is personal data: only owners and its handler see it; to others it is not there.
    Case(
        "desk:detail",
        "get",
        {**project_statuses(ALL_MEMBERS, 404), "owner": 200},
        target="desk_request",
    ),
    Case(
        "desk:detail",
        "get",
        {**project_statuses(ALL_MEMBERS, 404), "editor": 200, "owner": 200},
        target="handled_request",
    ),
    Case("desk:intake", "get", EVERYONE_OK, needs_project=False, target="open_page"),
    # The agreement's controls (samspill/controls): every member reads, observers comment,
    # owners answer breaches and add controls.
    Case("controls:page", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("controls:evaluate", "post", project_statuses(WRITERS, 302)),
    Case("controls:case_import", "get", project_statuses(WRITERS, 200)),
    Case("controls:control_create", "get", project_statuses({"owner"}, 200)),
    # Owners change a control's agreed numbers or turn it off (its POST: test_control_edit).
    Case("controls:control_edit", "get", project_statuses({"owner"}, 200), target="control"),
    Case("controls:control_delete", "post", project_statuses({"owner"}, 302), target="control"),
    Case("controls:meeting", "post", project_statuses(WRITERS, 400)),
    Case("controls:report", "get", project_statuses(ALL_MEMBERS, 200)),
    Case("controls:breach", "get", project_statuses(ALL_MEMBERS, 200), target="breach"),
    Case("controls:comment", "post", project_statuses(COMMENTERS, 400), target="breach"),
    Case("controls:respond", "post", project_statuses({"owner"}, 400), target="breach"),
]


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _communication(project, owner):
    from samspill.comms.services import communication_create

    communication = communication_create(
        actor=owner,
        project=project,
        title="Town hall",
        date=project.start_date,
        channel="town_hall",
        groups=[project.stakeholder_groups.get(preset_key="employees")],
    )
    return {"communication_uuid": communication.uuid}


def _message(project, owner):
    from samspill.comms.services import message_create

    message = message_create(
        actor=owner, project=project, audience="union", title="Invitation", body="Hello {project}"
    )
    return {"message_uuid": message.uuid}


def _objection(project, owner):
    from samspill.objections.services import objection_log

    objection = objection_log(
        actor=owner,
        project=project,
        text="Will the tool replace us?",
        raised_on=project.start_date,
        group=project.stakeholder_groups.get(preset_key="union"),
    )
    return {"objection_uuid": objection.uuid}


def _entry(project, owner):
    from samspill.objections.services import entry_create

    entry = entry_create(
        actor=owner,
        project=project,
        category="cost",
        title="The licence is too dear",
        reality="It costs less than one hire.",
        response="Here are the numbers.",
    )
    return {"entry_uuid": entry.uuid}


def _pilot(project, owner):
    from pathlib import Path

    from samspill.pilot.services import pilot_import

    sample = Path(__file__).resolve().parent.parent / "docs" / "samples" / "pilot.csv"
    pilot_import(
        actor=owner,
        project=project,
        data=sample.read_bytes(),
        filename="pilot.csv",
        attributes=["gender", "age_band"],
    )
    return {}


def _applicability(project, owner):
    from samspill.guarantees.services import applicability_save

    applicability_save(
        actor=owner,
        project=project,
        expected_version=None,
        country="NO",
        employees=100,
        purpose="recruitment",
        scores_people=True,
        decides_alone=False,
        emotion_recognition=False,
        affects_employees=False,
        monitors_employees=False,
    )
    return {}


def _use_case(project, owner):
    from samspill.guarantees.services import use_case_create

    use_case = use_case_create(
        actor=owner,
        project=project,
        name="Screening",
        human_decides="Every rejection",
        overseer="Head of recruitment",
        contest_route="Ask the recruitment lead.",
    )
    return {"use_case_uuid": use_case.uuid}


def _draft(project, owner):
    from samspill.guarantees.services import draft_save, draft_version_create

    draft = draft_save(
        actor=owner,
        project=project,
        kind="agreement",
        expected_version=None,
        title="Agreement",
        body="Text",
        clauses=[],
    )
    draft_version_create(actor=owner, draft=draft, docx=b"PK fake docx")
    return {"kind": "agreement", "number": 1}


def _open_page(project, owner):
    from samspill.guarantees.services import transparency_page, transparency_update

    page = transparency_page(project)
    transparency_update(actor=owner, page=page, expected_version=page.version, link_enabled=True)
    return {"token": page.token}


def _dpia(project, owner):
    from samspill.dpia.services import dpia_start

    dpia_start(actor=owner, project=project)
    return {}


def _dpia_risk(project, owner):
    from samspill.dpia.services import dpia_start

    return {"risk_uuid": dpia_start(actor=owner, project=project).risks.first().uuid}


def _dpia_action(project, owner):
    from samspill.dpia.services import action_create, dpia_start

    dpia = dpia_start(actor=owner, project=project)
    return {"action_uuid": action_create(actor=owner, dpia=dpia, title="Train reviewers").uuid}


def _kpi(project, owner):
    from samspill.kpis.services import kpi_create

    kpi = kpi_create(
        actor=owner, project=project, kind="support_tickets", name="Tickets", target=10
    )
    return {"kpi_uuid": kpi.uuid}


def _story(project, owner):
    from samspill.kpis.services import story_create

    story = story_create(
        actor=owner,
        project=project,
        told_on=project.start_date,
        title="Faster answers",
        text="The team answers leave questions the same day.",
        share_externally=True,
    )
    return {"story_uuid": story.uuid}


def _licensed_department(project, owner):
    from samspill.kpis.services import licensed_department_save

    department = licensed_department_save(
        actor=owner, project=project, name="Payroll", licensed_users=12
    )
    return {"department_uuid": department.uuid}


def _survey(project, owner):
    from samspill.surveys.services import survey_create

    survey = survey_create(actor=owner, project=project, title="Pulse", departments=["HR"])
    return {"survey_uuid": survey.uuid}


def _survey_link(project, owner):
    from samspill.surveys.services import invitations_create, survey_create, survey_open

    survey = survey_create(actor=owner, project=project, title="Pulse", departments=["HR"])
    survey_open(actor=owner, survey=survey)
    audience = survey.audiences.get()
    return {"token": invitations_create(actor=owner, survey=survey, audience=audience, count=1)[0]}


def _invitation(project, owner):
    from samspill.accounts.services import invitation_create

    issued = invitation_create(actor=owner, project=project, email="invitee@example.org")
    return {"invitation_uuid": issued.invitation.uuid}


def _invited(project, owner):
    _invitation(project, owner)
    return {}


def _invite_link(project, owner):
    from samspill.accounts.services import invitation_create

    issued = invitation_create(actor=owner, project=project, email="invitee@example.org")
    return {"token": issued.link.rstrip("/").rsplit("/", 1)[1]}


def _site_user(project, owner):
    """An account of its own, owning a project of its own."""
    from django.contrib.auth import get_user_model

    from samspill.projects.services import project_create

    leaver = get_user_model().objects.create_user(username="leaver", email="leaver@example.org")
    project_create(
        actor=leaver,
        name="Leaver's project",
        ai_tool="ScreenBot",
        start_date=project.start_date,
        departments="HR",
    )
    return {"user_id": leaver.pk}


def _site_user_deactivated(project, owner):
    from django.contrib.auth import get_user_model

    from samspill.accounts.site import user_deactivate

    kwargs = _site_user(project, owner)
    user_deactivate(actor=None, user=get_user_model().objects.get(pk=kwargs["user_id"]))
    return kwargs


def _informed_people(project, owner):
    from samspill.aifile.services import worker_information_record
    from samspill.stakeholders.services import person_create

    group = project.stakeholder_groups.get(preset_key="employees")
    person_create(actor=owner, project=project, group=group, name="Ada")
    information = worker_information_record(
        actor=owner,
        project=project,
        group=group,
        informed_on=project.start_date,
        how="letter",
        ack_mode="person",
    )
    return {"information_uuid": information.uuid}


def _ack_link(project, owner):
    from samspill.aifile.models import WorkerInformation
    from samspill.aifile.services import ack_links_create

    _informed_people(project, owner)
    information = WorkerInformation.objects.filter(project=project).first()
    return {"token": ack_links_create(actor=owner, information=information)[0][1]}


def _ai_file_full(project, owner):
    """Every section of the file shown: a public employer with a chatbot, and one of each."""
    import datetime as dt

    from samspill.aifile import services
    from samspill.guarantees.models import ApplicabilityCheck

    _applicability(project, owner)
    ApplicabilityCheck.objects.filter(project=project).update(
        **{
            f.name: True
            for f in ApplicabilityCheck._meta.fields
            if f.name in ("public_employer", "chatbot")
        }
    )
    type(project).objects.filter(pk=project.pk).update(public_employer=True)  # a project fact
    _informed_people(project, owner)
    record = services.literacy_record_create(
        actor=owner,
        project=project,
        role="Reviewer",
        received="Course",
        received_on=dt.date(2026, 9, 1),
    )
    services.overseer_create(
        actor=owner, project=project, name="Kari", authority="May stop it", literacy=[record]
    )
    services.overseer_create(actor=owner, project=project, name="Per", authority="Reviews")
    services.monitoring_event_create(
        actor=owner,
        project=project,
        kind="suspension",
        occurred_on=dt.date(2026, 9, 2),
        description="Stopped after a wrong ranking.",
    )
    return {}


def _desk_request(project, owner, handler=None):
    from samspill.desk.services import request_receive

    request = request_receive(
        actor=owner,
        project=project,
        decision="My application was rejected on 1 October.",
        channel="email",
        email="ada@example.org",
        handler=handler,
    )
    return {"request_uuid": request.uuid}


def _handled_request(project, owner):
    editor = project.memberships.get(role="editor").user
    return _desk_request(project, owner, handler=editor)


def _breach(project, owner):
    from samspill.controls.services import controls_evaluate

    # A final rejection with no person's decision: "no automatic rejection" is breached.
    from samspill.pilot.models import PilotCase

    PilotCase.objects.create(
        project=project,
        case_key="k1",
        decided_on=project.start_date,
        department="HR",
        arm="pilot",
        ai_decision="reject",
        human_decision="",
        production=True,
    )
    controls_evaluate(actor=owner, project=project, today=project.start_date)
    breach = project.controls.get(key="no_automatic_rejection").weeks.get(state="breached")
    return {"breach_uuid": breach.uuid}


def _control(project, owner):
    """An owner's own control, not evaluated yet: editable, and deletable (no verdicts)."""
    from samspill.controls.services import control_create

    control = control_create(
        actor=owner,
        project=project,
        clause="human_decision",
        title="Few overrides",
        metric="override_rate",
        comparison="ge",
        threshold=1,
        period=1,
    )
    return {"control_uuid": control.uuid}


def _webhook(project, owner):
    from samspill.notify.services import webhook_create

    endpoint, _secret = webhook_create(
        actor=owner,
        project=project,
        name="Ops",
        format="json",
        url="https://192.0.2.1/x",  # the guard refuses it: no network
        kinds=["gate_passed"],
    )
    return {"endpoint_uuid": endpoint.uuid}


def _calendar_feed(project, owner):
    from samspill.notify.services import feed_create

    feed, _token = feed_create(actor=owner, project=project, kind="rollout")
    return {"feed_uuid": feed.uuid}


def _feed_token(project, owner):
    from samspill.notify.services import feed_create

    _feed, token = feed_create(actor=owner, project=project, kind="rollout")
    return {"token": token}


def _job(project, owner):
    from samspill.notify.models import JobProgress

    return {"job_uuid": JobProgress.objects.create(user=owner, label="Import").uuid}


def _api_token(project, owner):
    from samspill.accounts.api_tokens import token_create

    issued = token_create(actor=owner, name="BI", projects=[project], scope="read")
    return {"token_uuid": issued.token.uuid}


def _service_token(project, owner):
    from samspill.accounts.api_tokens import token_create

    issued = token_create(
        actor=owner, name="HR feed", projects=[project], scope="write", kind="service"
    )
    return {"token_uuid": issued.token.uuid}


TARGETS = {
    "api_token": _api_token,
    "service_token": _service_token,
    "webhook": _webhook,
    "calendar_feed": _calendar_feed,
    "feed_token": _feed_token,
    "job": _job,
    "breach": _breach,
    "control": _control,
    "informed_people": _informed_people,
    "ack_link": _ack_link,
    "ai_file_full": _ai_file_full,
    "desk_request": _desk_request,
    "handled_request": _handled_request,
    "invitation": _invitation,
    "site_user": _site_user,
    "site_user_deactivated": _site_user_deactivated,
    "invited": _invited,
    "invite_link": _invite_link,
    "survey": _survey,
    "survey_link": _survey_link,
    "kpi": _kpi,
    "story": _story,
    "licensed_department": _licensed_department,
    "dpia": _dpia,
    "dpia_risk": _dpia_risk,
    "dpia_action": _dpia_action,
    "applicability": _applicability,
    "use_case": _use_case,
    "draft": _draft,
    "open_page": _open_page,
    "pilot": _pilot,
    "communication": _communication,
    "message": _message,
    "objection": _objection,
    "entry": _entry,
}


def target_kwargs(case: Case, project, members) -> dict:
    """The URL arguments naming the object a case acts on."""
    from samspill.stakeholders.services import person_create

    kwargs = dict(case.extra)
    if case.needs_member:
        kwargs["member_uuid"] = project.memberships.get(user=members["viewer"]).uuid
    if case.needs_person:
        group = project.stakeholder_groups.get(preset_key="hr")
        person = person_create(actor=members["owner"], project=project, group=group, name="Ada")
        kwargs["person_uuid"] = person.uuid
    if case.needs_group:
        from samspill.stakeholders.services import group_create

        group = group_create(
            actor=members["owner"], project=project, name="Empty group", decision_weight="advisory"
        )
        kwargs["group_uuid"] = group.uuid
    if case.needs_phase:
        kwargs["phase_uuid"] = project.phases.first().uuid
    if case.needs_milestone:
        kwargs["milestone_uuid"] = project.milestones.first().uuid
    if case.needs_item:
        kwargs["item_uuid"] = project.checklist_items.first().uuid
    if case.target:
        kwargs |= TARGETS[case.target](project, members["owner"])
    return kwargs


def test_every_url_is_in_the_matrix():
    assert all_url_names() == {case.name for case in CASES}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, project, members, make_user, case, role):
    make_user(username="newcomer")
    kwargs = {}
    if case.needs_project:
        kwargs["slug"] = project.slug
    kwargs.update(target_kwargs(case, project, members))
    if role != "anonymous":
        client.force_login(members[role])
    response = getattr(client, case.method)(reverse(case.name, kwargs=kwargs), case.data)
    assert response.status_code == case.expected[role]
    if role == "anonymous" and case.needs_project:
        assert response["Location"].startswith(reverse("login"))


def make_site_admin(make_user):
    from samspill.accounts.models import SiteAccount

    admin = make_user(username="siteadmin")
    SiteAccount.objects.create(user=admin, is_site_admin=True)
    return admin


@pytest.mark.parametrize(
    "case", [c for c in CASES if "siteadmin" in c.expected], ids=lambda c: c.name
)
def test_site_admin_matrix(client, project, members, make_user, case):
    """A site admin (not a member of any project) reaches the site administration."""
    make_user(username="newcomer")
    kwargs = target_kwargs(case, project, members)
    client.force_login(make_site_admin(make_user))
    response = getattr(client, case.method)(reverse(case.name, kwargs=kwargs), case.data)
    assert response.status_code == case.expected["siteadmin"]


# Django's set_language answers GET with a plain redirect and changes nothing, by design.
@pytest.mark.parametrize(
    "case",
    # API paths share one URL between GET and POST (a list and its create).
    [
        c
        for c in CASES
        if c.method == "post" and c.name != "set_language" and not c.name.startswith("api:")
    ],
    ids=lambda c: c.name,
)
def test_writes_refuse_get(client, project, members, case):
    client.force_login(members["owner"])
    kwargs = {"slug": project.slug} if case.needs_project else {}
    kwargs.update(target_kwargs(case, project, members))
    assert client.get(reverse(case.name, kwargs=kwargs)).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_saving_the_business_case_needs_edit_rights(client, project, members, role):
    """The ROI page answers GET to every member; its POST saves, so only writers may."""
    if role != "anonymous":
        client.force_login(members[role])
    response = client.post(reverse("business:roi", args=[project.slug]), {})
    expected = {"anonymous": 302, "outsider": 404, "viewer": 403, "observer": 403}
    assert response.status_code == expected.get(role, 400)  # writers get the form's errors
