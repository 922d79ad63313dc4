"""Turning an uploaded file's bytes into CSV rows, whatever spreadsheet or system saved it.

Files come from Excel on Windows (a byte-order mark, CRLF line endings, sometimes Windows-1252)
and from the publisher's site (UTF-8, LF). Anything that is not text is refused with a reason a
person can act on, rather than parsed into nonsense.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

# A .xlsx workbook is a ZIP archive; people often pick the workbook instead of its CSV export.
_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class NotCsvError(ValueError):
    """The file is not CSV text; the message says what it looks like instead."""


def csv_text_decode(data: bytes) -> str:
    if not data.strip():
        raise NotCsvError("The file is empty.")
    if data.startswith((_ZIP_SIGNATURE, _OLE_SIGNATURE)):
        raise NotCsvError("This is an Excel workbook, not a CSV file: open it in Excel and save it as CSV (UTF-8).")
    if b"\x00" in data:
        raise NotCsvError("This is not a text file, so it cannot be a CSV file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows writes Windows-1252; every byte decodes except five unused ones.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise NotCsvError("The file's text encoding is not recognised: save it as CSV (UTF-8).") from error


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (1-based), skipping rows with nothing in them."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield line, row
            # line_num counts physical lines read so far, so a quoted cell spanning lines keeps numbering true.
            line = reader.line_num + 1
    except csv.Error as error:
        raise NotCsvError(f"Line {line} cannot be read as CSV ({error}).") from error


def header_key(name: str) -> str:
    """A column name reduced to letters and digits, so "WardCode", "ward_code" and "Ward Code" match."""
    return "".join(character for character in name.lower() if character.isalnum())
