"""The DAG file parses in Airflow and has the shape the pipeline relies on."""

import os
import subprocess
import sys

from arshif.home import PROJECT_ROOT

PROBE = """
import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=%r)
dag = bag.dags["daily_crawl"]
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "tasks": sorted(dag.task_ids), "schedule": str(dag.schedule),
                  "crawl_upstream": sorted(dag.get_task("crawl").upstream_task_ids),
                  "report_upstream": sorted(dag.get_task("report").upstream_task_ids)}))
"""


def test_daily_crawl_parses_and_is_wired(tmp_path):
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}
    out = subprocess.run([sys.executable, "-c", PROBE % str(PROJECT_ROOT / "dags")], env=env,
                         capture_output=True, text=True, check=True).stdout
    import json

    result = json.loads(out.strip().splitlines()[-1])
    assert result["errors"] == {}
    assert result["tasks"] == ["archive", "crawl", "dedupe", "due_sites", "report"]
    assert result["crawl_upstream"] == ["due_sites"]
    assert "archive" in result["report_upstream"]


def test_dag_file_keeps_heavy_imports_out_of_parsing():
    source = (PROJECT_ROOT / "dags" / "daily_crawl.py").read_text()
    header = source.split("@dag(")[0]
    for heavy in ("scrapy", "trafilatura", "boto3", "warcio"):
        assert heavy not in header
