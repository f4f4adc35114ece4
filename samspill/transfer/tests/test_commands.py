import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class

from samspill.audit.chain import verify_stored_chain
from samspill.projects.models import Project
from samspill.transfer.tests.helpers import db_state

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_writes_json_to_standard_output(project):
    out, _err = run("export", "--project", project.slug)
    document = json.loads(out)
    assert document["format"] == "samspill-project"
    assert document["project"]["slug"] == project.slug
    assert document["exported_by"] is None


def test_export_of_an_unknown_project_fails(db):
    with pytest.raises(CommandError, match="No project with the slug 'nope'"):
        run("export", "--project", "nope")


def test_import_prints_the_new_slug(project, owner, tmp_path):
    path = tmp_path / "project.json"
    run("export", "--project", project.slug, "--output", str(path))
    out, _err = run("import", str(path))
    assert "as cv-screening-pilot-2:" in out
    copy = Project.objects.get(slug="cv-screening-pilot-2")
    assert dict(copy.memberships.values_list("user__username", "role")) == {"owner": "owner"}
    assert verify_stored_chain().ok


def test_import_with_a_slug_and_an_owner(project, members, tmp_path):
    path = tmp_path / "project.json"
    run("export", "--project", project.slug, "--output", str(path))
    out, err = run("import", str(path), "--slug", "copy", "--owner", "viewer", "--no-members")
    assert "as copy:" in out
    copy = Project.objects.get(slug="copy")
    assert dict(copy.memberships.values_list("user__username", "role")) == {"viewer": "owner"}
    assert "Not added as members" in err


def test_a_refused_file_exits_non_zero_with_the_reason(db, tmp_path, capsys, monkeypatch):
    # run_from_argv closes every connection when it ends, the test's own included.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    path = tmp_path / "bad.json"
    path.write_text('{"format": "samspill-project", "schema": 9}')
    before = db_state()
    command = load_command_class("samspill.transfer", "import")
    with pytest.raises(SystemExit) as exit:
        command.run_from_argv(["samspill", "import", str(path)])
    assert exit.value.code == 1
    assert "schema 9" in capsys.readouterr().err
    assert db_state() == before


def test_an_unknown_owner_is_refused(project, tmp_path):
    path = tmp_path / "project.json"
    run("export", "--project", project.slug, "--output", str(path))
    with pytest.raises(CommandError, match="No account with the username 'ghost'"):
        run("import", str(path), "--owner", "ghost")
