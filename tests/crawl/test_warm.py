"""The crawl process forked from a warm fork server (arshif/crawl/warm.py) behaves as the fresh
``python -m arshif.crawl.run`` subprocess it replaces: same exit status, same log file, and a
fresh process whenever the environment changed since the fork server started."""

from __future__ import annotations

import os

import pytest

from arshif.crawl import warm


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "ARSHIF_HOME": str(tmp_path / "home"), warm.MODE_ENV: "warm"}


def _bad_argv_run(tmp_path, env, name):
    log_file = tmp_path / f"{name}.log"
    # No --site: the crawl's own argument parser refuses, exit status 2, usage on stderr.
    result = warm.run_crawl(["--sites", "sites.yaml", "--run-key", "20261128T000000Z"], log_file, 120, env)
    return result, log_file.read_text(encoding="utf-8")


def test_warm_and_fresh_processes_exit_and_log_alike(tmp_path, env):
    warm_result, warm_log = _bad_argv_run(tmp_path, env, "warm")
    fresh_result, fresh_log = _bad_argv_run(tmp_path, {**env, warm.MODE_ENV: "fresh"}, "fresh")
    assert warm._server_env is not None, "the first crawl did not start the fork server"
    assert warm_result.returncode == fresh_result.returncode == 2
    assert warm_result.stdout == fresh_result.stdout == b""
    assert "the following arguments are required: --site" in warm_log
    assert warm_log.splitlines()[-1] == fresh_log.splitlines()[-1]


def test_a_changed_environment_gets_a_fresh_process(tmp_path, env, monkeypatch):
    monkeypatch.setattr(warm, "_server_env", dict(env))
    # What Airflow sets per task is not a change.
    assert warm._warm_allowed({**env, "AIRFLOW_CTX_TASK_ID": "crawl", "__AIRFLOW_SUPERVISOR_FD": "7"})
    assert not warm._warm_allowed({**env, "ARSHIF_FAULT": "crawl:after-pages=5"})
    assert not warm._warm_allowed({**env, warm.MODE_ENV: "fresh"})
    assert not warm._warm_allowed({k: v for k, v in env.items() if k != warm.MODE_ENV})  # fresh by default
    with pytest.raises(ValueError, match=warm.MODE_ENV):
        warm._warm_allowed({**env, warm.MODE_ENV: "lukewarm"})
