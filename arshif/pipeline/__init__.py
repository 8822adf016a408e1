"""The work behind the ``daily_crawl`` DAG's tasks, importable and testable without Airflow.

``dags/daily_crawl.py`` only wires these steps: due sites → crawl (one subprocess per site)
→ dedupe → archive → report.
"""
