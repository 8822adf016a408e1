"""The offline demo news network (filled in below)."""
