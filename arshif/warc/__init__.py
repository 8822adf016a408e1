"""The WARC format, one module per noun (warcio-style), used by the crawl, archive and export alike:

    warcinfo.py  the WARC version and what every arshif WARC file says about itself
    writer.py    the capture-time writer: a request and a response record per fetch, gzip per record
    records.py   the archive-time record builder: copies, revisits, metadata records, derived ids
    reader.py    records read back out of WARC bytes (one at a position, or a stretch checked)
    payload.py   response bodies out of records, their Content-Encoding undone within a limit
    cdxj.py      CDXJ index lines (pywb / OpenWayback)

Nothing here reads the bucket or the catalog, or imports from any other arshif package.
"""
