"""Running arshif's DAGs through Airflow itself, on one machine: ``arshif run`` uses
``dag.test()`` with a SQLite metadata database under ``ARSHIF_HOME``; ``arshif airflow`` (later)
the full scheduler. Both run the same DAG file and the same task code."""
