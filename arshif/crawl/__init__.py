"""The crawl process: one site's crawl, extraction and staging, in a subprocess of its own
(``python -m arshif.crawl.run``), started by the DAG's crawl task (arshif/pipeline/tasks.py).

- ``run``: the subprocess entry: plan the frontier, crawl (Scrapy, ``spiders/``), extract, stage
  the crawl's files in S3 (or keep them in the spool when S3 does not answer);
- ``extract_pool``: the extraction worker processes, fed while the crawl goes on;
- ``extract_page``: one page's article, read back from the crawl's WARC (used by the workers and
  the extract step alike);
- ``extract_pass``: the extract step: the site's chrome learned, every text filtered with it;
- ``staging``: reading a staged crawl back (dedupe and archive do);
- ``spool``: crawls S3 could not take, kept on local disk until the next crawl of the site.

Imports flow one way. Below this package: ``spiders/`` (the Scrapy parts), ``arshif.extract``,
``arshif.catalog`` (``arshif.catalog.sync`` before planning) and ``storage``; none of them imports
it. Above it: the task layer (``arshif.pipeline.tasks`` starts the subprocess and reads the spool)
and the archive step (``staging`` for what was staged, ``extract_pass.load_site_chrome``); this
package imports neither. The spider reaches the extraction pool through the crawler it is given
(``arshif.crawl.run.crawl`` hands it over), and the names of the staged files live in
``arshif.layout`` (``WARC_NAME``, ``ITEMS_NAME``, ``STATS_NAME``, ``FRONTIER_NAME``), below both.
"""
