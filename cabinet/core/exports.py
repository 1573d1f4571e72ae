"""I5: a list exports to CSV and XLSX exactly what it shows — its rows, then its totals.

A list describes its columns once (`Column`) and hands its filtered rows as an iterator
(`queryset.iterator()`), so a hundred thousand rows are written without being held in a list:

    if query.format:
        return export_response(query.format, columns=RECEIPT_COLUMNS,
                               rows=receipts.iterator(), totals={"amount": total},
                               filename="quittances")

CSV (for French spreadsheets): UTF-8 with a BOM, `;` between cells, decimal commas without
thousands separator, dates DD/MM/YYYY. XLSX: real numbers and dates. Neither carries a currency
symbol. Given `totals`, a last row «Total» carries them under their columns, even when there is
no row (a list of nothing shows totals of zero); without `totals`, no such row.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal, get_args

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cabinet.core.money import CENT

ExportFormat = Literal["csv", "xlsx"]
"""The type of a list query's `format` field: `format: ExportFormat | None = None`."""
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
"""The `format` values a page's list answers with a download."""

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TOTAL_LABEL = "Total"
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0.00"

# OWASP's list: a spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CSV_FLUSH_ROWS = 1000


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column: `value(row)` gives the cell; `key` names it in `totals`."""

    key: str
    header: str
    value: Callable[[Any], Any]
    kind: Kind = Kind.TEXT
    width: float | None = None
    """XLSX width in characters; by default from the kind and the header."""


def export_response(
    fmt: ExportFormat,
    *,
    columns: Sequence[Column],
    rows: Iterable[Any],
    totals: Mapping[str, Decimal] | None = None,
    filename: str,
) -> HttpResponse:
    """The download of `rows` as `fmt`, "csv" or "xlsx"."""
    if fmt == "csv":
        return export_csv(columns=columns, rows=rows, totals=totals, filename=filename)
    if fmt == "xlsx":
        return export_xlsx(columns=columns, rows=rows, totals=totals, filename=filename)
    raise ValueError(f"Unknown export format: {fmt!r}")


def export_csv(
    *,
    columns: Sequence[Column],
    rows: Iterable[Any],
    totals: Mapping[str, Decimal] | None = None,
    filename: str,
) -> HttpResponse:
    """I5: the rows as a French CSV (BOM, `;`, «1234,56», DD/MM/YYYY), then their totals."""
    _check_totals(columns, totals)
    response = _attachment(CSV_CONTENT_TYPE, filename, "csv")
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_csv_text(column.header) for column in columns])
    for count, row in enumerate(rows, 1):
        writer.writerow([_csv_cell(column.kind, column.value(row)) for column in columns])
        if count % _CSV_FLUSH_ROWS == 0:
            _flush(buffer, response)
    if totals is not None:
        writer.writerow(_totals_row(columns, totals, _csv_cell))
    _flush(buffer, response)
    return response


def export_xlsx(
    *,
    columns: Sequence[Column],
    rows: Iterable[Any],
    totals: Mapping[str, Decimal] | None = None,
    filename: str,
) -> HttpResponse:
    """I5: the rows as one XLSX sheet (real dates and numbers), then their totals in bold."""
    _check_totals(columns, totals)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=ascii_filename(filename, "xlsx")[:-5][:31])
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(kind: Kind, value: Any, *, font: Font | None = None) -> Any:
        value = _xlsx_value(kind, value)
        if font is None and (value is None or kind is Kind.NUMBER or _plain_text(value)):
            return value  # a plain value is written as it is, and faster than a cell
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # never a formula nor an error code, whatever it starts with
        elif kind is Kind.DATE:
            written.number_format = DATE_FORMAT
        elif kind is Kind.MONEY:
            written.number_format = MONEY_FORMAT
        if font is not None:
            written.font = font
        return written

    sheet.append([cell(Kind.TEXT, column.header, font=bold) for column in columns])
    for row in rows:
        sheet.append([cell(column.kind, column.value(row)) for column in columns])
    if totals is not None:
        sheet.append(_totals_row(columns, totals, lambda kind, value: cell(kind, value, font=bold)))
    content = io.BytesIO()
    workbook.save(content)
    response = _attachment(XLSX_CONTENT_TYPE, filename, "xlsx")
    response.write(content.getbuffer())
    return response


def ascii_filename(filename: str, extension: str) -> str:
    """`Quittances été 2025` → `Quittances-ete-2025.csv`: ASCII letters, digits, `.-_` only."""
    stem = filename.removesuffix(f".{extension}")
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_") or "export"
    return f"{stem}.{extension}"


def _check_totals(columns: Sequence[Column], totals: Mapping[str, Decimal] | None) -> None:
    if not totals:
        return
    numeric = {column.key for column in columns[1:] if column.kind in (Kind.MONEY, Kind.NUMBER)}
    if not set(totals) <= numeric:
        raise ValueError(
            f"Totals must name money or number columns after the first: {sorted(totals)}"
        )


def _totals_row(
    columns: Sequence[Column], totals: Mapping[str, Decimal], render: Callable[[Kind, Any], Any]
) -> list:
    """«Total» in the first cell, each total under its column, the other cells empty."""
    return [render(Kind.TEXT, TOTAL_LABEL)] + [
        render(column.kind, totals.get(column.key)) for column in columns[1:]
    ]


def _attachment(content_type: str, filename: str, extension: str) -> HttpResponse:
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{ascii_filename(filename, extension)}"'
    )
    return response


def _flush(buffer: io.StringIO, response: HttpResponse) -> None:
    response.write(buffer.getvalue().encode("utf-8"))
    buffer.seek(0)
    buffer.truncate()


def _csv_cell(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind is Kind.DATE:
        return _as_date(value).strftime("%d/%m/%Y")
    if kind is Kind.MONEY:
        return _decimal_text(_as_decimal(value).quantize(CENT))
    if kind is Kind.NUMBER:
        return _decimal_text(_as_decimal(value))
    return _csv_text(str(value))


def _csv_text(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _decimal_text(value: Decimal) -> str:
    """«-1234,5»: no exponent, no thousands separator, a decimal comma, no «-0»."""
    if value.is_zero():
        value = abs(value)
    return format(value, "f").replace(".", ",")


def _xlsx_value(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    if kind is Kind.DATE:
        return _as_date(value)
    if kind is Kind.MONEY:
        return _as_decimal(value).quantize(CENT)
    if kind is Kind.NUMBER:
        return _as_decimal(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _plain_text(value: Any) -> bool:
    """Whether openpyxl writes `value` as a plain string, not as a formula or an error code."""
    return isinstance(value, str) and not value.startswith("=") and value not in ERROR_CODES


def _as_date(value: date) -> date:
    """A date as the firm reads it: an aware datetime in the local time zone."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def _as_decimal(value: Decimal | int | float) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _width(column: Column) -> float:
    if column.width is not None:
        return column.width
    by_kind = {Kind.TEXT: 24, Kind.DATE: 12, Kind.MONEY: 16, Kind.NUMBER: 10}[column.kind]
    return max(by_kind, len(column.header) + 4)
