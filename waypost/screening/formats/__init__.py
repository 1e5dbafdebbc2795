"""Pure, streaming parsers for restricted-party list files.

Turns published list files (OFAC, US CSL, UN, EU, UK, China, an organisation's own list)
into :class:`~waypost.screening.engine.types.ListEntry` values. No Django here (enforced by
import-linter): the import service in the app calls :func:`parse` or :func:`validate` and
stores what comes out together with :func:`file_provenance`.

Usage::

    entries = list(parse("un-xml", [path]))          # raises ListFileError on a bad file
    report = validate("ofac-csv", [sdn, alt, add])   # counts, or the first error

Every parser streams (CSV via ``csv.reader`` over decoded lines, XML via defusedxml
``iterparse`` with element clearing, JSON element by element). Exceptions to strict
streaming are documented in each module (OFAC companions, UK OFSI groups, small lists merged
by name). See :mod:`waypost.screening.formats.registry` to add a format.
"""

from waypost.screening.formats.base import ListFileError, ListFormat, ParseStats
from waypost.screening.formats.registry import (
    FORMATS,
    Provenance,
    ValidationReport,
    file_provenance,
    parse,
    validate,
)

__all__ = [
    "FORMATS",
    "ListFileError",
    "ListFormat",
    "ParseStats",
    "Provenance",
    "ValidationReport",
    "file_provenance",
    "parse",
    "validate",
]
