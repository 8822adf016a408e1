"""Integrity of the archive: checking the bucket against its manifests and the catalog
(``verify``). The bucket is the archive; manifests say what it must hold; the catalog is derived.
"""
