"""``arshif run``'s DAG run: one run of the DAG in this process, with ``dag.test()`` (no
scheduler; ``standalone.py`` is the scheduler's way), exiting with the run's state.

``dag.test()`` does not raise when a task fails, so the run's state decides the exit status:
0 for success, 1 otherwise. Called by ``arshif run`` in a child process whose environment
already points Airflow at ``ARSHIF_HOME``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m arshif.orchestrate.local_run")
    parser.add_argument("--dag", default="daily_crawl")
    parser.add_argument("--date", required=True, help="logical date, YYYY-MM-DD")
    parser.add_argument("--conf", default="{}", help="the run's conf, as JSON")
    args = parser.parse_args(argv)

    from airflow.dag_processing.dagbag import DagBag

    from arshif.orchestrate.airflow_env import DAGS_FOLDER

    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    if bag.import_errors:
        for path, error in bag.import_errors.items():
            print(f"DAG import error in {path}:\n{error}", file=sys.stderr)
        return 2
    dag = bag.dags[args.dag]
    logical = datetime.strptime(args.date, "%Y-%m-%d").replace(tzinfo=UTC)
    run = dag.test(logical_date=logical, run_conf=json.loads(args.conf))
    state = str(getattr(run, "state", "unknown"))
    # A task with trigger_rule=all_done after a failed one can leave the run "success": every
    # task instance must have succeeded too.
    failed = [f"{ti.task_id}[{ti.map_index}]={ti.state}" for ti in run.get_task_instances()
              if str(ti.state) not in ("success", "skipped")]
    print(json.dumps({"dag_run": run.run_id, "state": state, "not_successful": failed}))
    return 0 if state == "success" and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
