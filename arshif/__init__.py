"""arshif: crawl Arabic news daily into a web archive with edit history.

The path of a page: discover → fetch → capture (``spiders``) → extract (``arshif.extract``)
→ dedupe (``arshif.dedupe``) → archive (``arshif.archive``, ``storage``) → retrieve
(``arshif.retrieve``). ``dags/daily_crawl.py`` wires the stages in Airflow.
"""

__version__ = "0.1.0"
