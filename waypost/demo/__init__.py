"""The fictional demo world loaded by ``waypost demo``."""
