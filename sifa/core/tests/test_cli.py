"""The `sifa` command line: bad settings give one clear sentence and a non-zero exit."""

import os
import subprocess
import sys

import pytest


def run_sifa(*args, **env):
    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "sifa.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_usage_lists_commands():
    result = run_sifa("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout and "serve" in result.stdout


def test_unwritable_home_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_sifa("check", SIFA_HOME=str(blocker / "sub"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "无法写入" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_is_one_sentence(tmp_path):
    result = run_sifa(
        "migrate",
        SIFA_HOME=str(tmp_path),
        SIFA_DATABASE_URL="postgres://sifa:secret@127.0.0.1:1/nowhere",
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "无法连接数据库" in result.stderr
    assert "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(
    os.environ.get("SIFA_DATABASE_URL", "").startswith("postgres"),
    reason="the CLI demo check runs on the default SQLite file",
)
def test_secret_key_is_generated_and_kept(tmp_path):
    result = run_sifa("check", SIFA_HOME=str(tmp_path), SIFA_SECRET_KEY="")
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    run_sifa("check", SIFA_HOME=str(tmp_path), SIFA_SECRET_KEY="")
    assert (tmp_path / "secret_key").read_text() == key
