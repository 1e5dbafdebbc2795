"""The trip record as an A4 PDF, in the reader's language.

:func:`record_pdf` renders the dict of :func:`waypost.debriefs.record.trip_record` — it reads
nothing else from the database — with reportlab's platypus: a title block, then one section per
part of the record the dict holds, with headings and tables. Labels are translated in the
language passed; every page's footer carries the generated-at line and "Page N of M".

Two fonts need no font file: Latin text (Windows-1252: German umlauts, ß, French accents …)
is set in the standard Helvetica, every other character in the built-in CID font
``STSong-Light`` (Chinese, Cyrillic, Greek, pinyin). STSong-Light alone is not enough: its
Unicode mapping has no ä, ö or ß. Neither font is embedded: readers supply them (a reader
without any Chinese font shows the Chinese characters as blanks). Lines holding Chinese,
Japanese or Korean characters wrap between any two characters; other lines wrap between words.
The output is invariant (no creation date or random document id): the same record gives the
same bytes.

Package map: :mod:`.blocks` (fonts, styles, paragraphs, tables, values in words),
:mod:`.sections` (one builder per part of the record), :mod:`.document` (the page template,
the footer, :func:`record_pdf`).
"""

from .document import record_pdf

__all__ = ["record_pdf"]
