import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMSPILL = shutil.which("samspill", path=str(Path(sys.executable).parent))


def run(*args, tmp_path):
    env = {**os.environ, "SAMSPILL_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    return subprocess.run([SAMSPILL, *args], env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(SAMSPILL is None, reason="the package is not installed (run make test)")
def test_console_script_migrates_loads_the_demo_and_verifies(tmp_path):
    assert run("migrate", "-v0", tmp_path=tmp_path).returncode == 0
    demo = run("demo", tmp_path=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "samspill-demo" in demo.stdout
    verify = run("audit", "verify", tmp_path=tmp_path)
    assert verify.returncode == 0
    assert "Audit chain intact" in verify.stdout

    with sqlite3.connect(tmp_path / "samspill.sqlite3") as connection:
        connection.execute("UPDATE audit_auditentry SET actor_label='x' WHERE sequence=5")
    broken = run("audit", "verify", tmp_path=tmp_path)
    assert broken.returncode != 0
    assert "broken at entry 5" in broken.stderr


def test_find_python_explains_when_no_python_is_new_enough(tmp_path):
    env = {"PATH": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none"), "HOME": str(tmp_path)}
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts/find-python")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr


def test_find_python_finds_a_new_enough_python():
    result = subprocess.run(
        ["/bin/sh", str(ROOT / "scripts/find-python")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    version = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert version.stdout.strip() == "True"
