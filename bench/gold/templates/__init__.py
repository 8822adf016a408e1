"""Site templates and article texts of the Arabic gold set (see ../README.md)."""
