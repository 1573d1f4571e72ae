"""I5: lists export to CSV and XLSX exactly what they show — their rows, then their totals
(`cabinet/core/exports.py`). Each file is read back as a spreadsheet would read it."""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cabinet.core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    Kind,
    ascii_filename,
    export_csv,
    export_response,
    export_xlsx,
)


@dataclass
class Receipt:
    number: str
    client: str
    due: date | datetime | None
    amount: Decimal | None
    days: int | None


COLUMNS = [
    Column("number", "Numéro", lambda r: r.number),
    Column("client", "Client", lambda r: r.client),
    Column("due", "Échéance", lambda r: r.due, Kind.DATE),
    Column("amount", "Montant TTC", lambda r: r.amount, Kind.MONEY),
    Column("days", "Jours", lambda r: r.days, Kind.NUMBER),
]

RECEIPTS = [
    Receipt("Q-001", "Société Générale d'Assurances", date(2025, 1, 31), Decimal("1234.56"), 30),
    Receipt("Q-002", 'Dupont; Durand & "fils"\nà Lyon', date(2025, 12, 1), Decimal("-12.5"), 0),
    Receipt("Q-003", "Martin", None, None, None),
    # 23:30 UTC on 31 March is 1 April in Paris: the date the firm reads.
    Receipt("Q-004", "Bernard", datetime(2025, 3, 31, 23, 30, tzinfo=UTC), Decimal("0"), 365),
]
TOTALS = {"amount": Decimal("1222.06")}

INJECTIONS = ['=HYPERLINK("http://x")', "+33 1 23", "-2+3", "@SUM(A1)", "#N/A"]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def response_text(response) -> str:
    return response.content.decode("utf-8-sig")


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.content)).active


def export(kind, rows=RECEIPTS, totals=TOTALS, columns=COLUMNS):
    return kind(columns=columns, rows=iter(rows), totals=totals, filename="quittances")


def test_i5_csv_export_reads_back_equal_to_the_rows():
    """I5: the CSV is the header, each row as shown (decimal commas, DD/MM/YYYY), the totals."""
    response = export(export_csv)

    assert read_csv(response) == [
        ["Numéro", "Client", "Échéance", "Montant TTC", "Jours"],
        ["Q-001", "Société Générale d'Assurances", "31/01/2025", "1234,56", "30"],
        ["Q-002", 'Dupont; Durand & "fils"\nà Lyon', "01/12/2025", "-12,50", "0"],
        ["Q-003", "Martin", "", "", ""],
        ["Q-004", "Bernard", "01/04/2025", "0,00", "365"],
        ["Total", "", "", "1222,06", ""],
    ]


def test_i5_csv_export_is_utf8_with_a_bom_and_an_attachment():
    """I5: `text/csv; charset=utf-8`, a BOM for the spreadsheets, a download named in ASCII."""
    response = export(export_csv)

    assert response["Content-Type"] == CSV_CONTENT_TYPE == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfNum\xc3\xa9ro;")
    assert response["Content-Disposition"] == 'attachment; filename="quittances.csv"'


def test_i5_xlsx_export_reads_back_equal_to_the_rows():
    """I5: the XLSX holds real dates and numbers, the same rows, then the totals."""
    response = export(export_xlsx)

    assert [list(row) for row in read_xlsx(response).iter_rows(values_only=True)] == [
        ["Numéro", "Client", "Échéance", "Montant TTC", "Jours"],
        ["Q-001", "Société Générale d'Assurances", datetime(2025, 1, 31), 1234.56, 30],
        ["Q-002", 'Dupont; Durand & "fils"\nà Lyon', datetime(2025, 12, 1), -12.5, 0],
        ["Q-003", "Martin", None, None, None],
        ["Q-004", "Bernard", datetime(2025, 4, 1), 0, 365],
        ["Total", None, None, 1222.06, None],
    ]


def test_i5_xlsx_export_is_formatted_for_reading():
    """I5: bold header and totals, frozen header, DD/MM/YYYY dates, money as #,##0.00."""
    response = export(export_xlsx)
    sheet = read_xlsx(response)

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="quittances.xlsx"'
    assert sheet.title == "quittances"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["A6"].font.bold and sheet["D6"].font.bold
    assert not sheet["A2"].font.bold
    assert sheet["C2"].is_date and sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet["D2"].number_format == sheet["D6"].number_format == "#,##0.00"
    assert sheet.column_dimensions["B"].width >= 20


def test_i5_exports_carry_no_currency_symbol():
    """I5: amounts are plain numbers, without «€» nor thousands separator."""
    assert "€" not in response_text(export(export_csv))
    assert all(
        not isinstance(value, str) or "€" not in value
        for row in read_xlsx(export(export_xlsx)).iter_rows(values_only=True)
        for value in row
    )


def test_i5_csv_export_neutralises_formulas_in_text_but_not_negative_amounts():
    """I5: a text starting with = + - @ is prefixed with «'»; a negative amount stays a number."""
    rows = [Receipt(text, text, None, Decimal("-12.50"), -3) for text in INJECTIONS]

    lines = read_csv(export(export_csv, rows=rows, totals={"amount": Decimal("-62.50")}))

    assert [line[1] for line in lines[1:-1]] == [
        '\'=HYPERLINK("http://x")',
        "'+33 1 23",
        "'-2+3",
        "'@SUM(A1)",
        "#N/A",
    ]
    assert {(line[3], line[4]) for line in lines[1:-1]} == {("-12,50", "-3")}
    assert lines[-1] == ["Total", "", "", "-62,50", ""]


def test_i5_xlsx_export_writes_formula_like_text_as_plain_strings():
    """I5: in XLSX a text is never a formula nor an error code, whatever it starts with."""
    rows = [Receipt(text, text, None, Decimal("-12.50"), -3) for text in INJECTIONS]

    sheet = read_xlsx(export(export_xlsx, rows=rows, totals={"amount": Decimal("-62.50")}))

    for index, text in enumerate(INJECTIONS, 2):
        assert sheet.cell(index, 2).value == text
        assert sheet.cell(index, 2).data_type == "s"
        assert sheet.cell(index, 4).value == -12.5
        assert sheet.cell(index, 5).value == -3


def test_i5_empty_list_exports_its_header_and_the_totals_it_shows():
    """I5: a list of nothing exports its header, and its totals row when it shows one (zero)."""
    zero = {"amount": Decimal("0")}

    assert read_csv(export(export_csv, rows=[], totals=zero)) == [
        ["Numéro", "Client", "Échéance", "Montant TTC", "Jours"],
        ["Total", "", "", "0,00", ""],
    ]
    assert list(read_xlsx(export(export_xlsx, rows=[], totals=zero)).values) == [
        ("Numéro", "Client", "Échéance", "Montant TTC", "Jours"),
        ("Total", None, None, 0, None),
    ]


def test_i5_list_without_totals_exports_no_totals_row():
    """I5: without totals, the export is the header and the rows only."""
    assert read_csv(export(export_csv, rows=[], totals=None)) == [
        ["Numéro", "Client", "Échéance", "Montant TTC", "Jours"],
    ]
    assert read_xlsx(export(export_xlsx, rows=RECEIPTS[:1], totals=None)).max_row == 2


def test_i5_rows_may_be_dicts_and_a_single_pass_iterator():
    """I5: a row is whatever the columns read — here dicts from a generator, read once."""
    columns = [
        Column("label", "Libellé", lambda r: r["label"]),
        Column("premium", "Prime annuelle", lambda r: r["premium"], Kind.MONEY),
    ]
    rows = ({"label": f"Contrat {i}", "premium": Decimal(i) / 4} for i in range(1, 1001))

    lines = read_csv(
        export_response("csv", columns=columns, rows=rows, totals=None, filename="contrats")
    )

    assert len(lines) == 1001
    assert lines[1] == ["Contrat 1", "0,25"]
    assert lines[-1] == ["Contrat 1000", "250,00"]


def test_i5_export_response_chooses_the_format():
    """I5: `format=csv` or `format=xlsx` picks the exporter; another format is refused."""
    csv_response = export_response("csv", columns=COLUMNS, rows=[], filename="x")
    xlsx_response = export_response("xlsx", columns=COLUMNS, rows=[], filename="x")

    assert csv_response["Content-Type"] == CSV_CONTENT_TYPE
    assert xlsx_response["Content-Type"] == XLSX_CONTENT_TYPE
    with pytest.raises(ValueError):
        export_response("pdf", columns=COLUMNS, rows=[], filename="x")


def test_i5_totals_name_money_or_number_columns_after_the_first():
    """I5: the first cell of the totals row says «Total»; a total goes under a number column."""
    for totals in ({"client": Decimal(1)}, {"number": Decimal(1)}, {"unknown": Decimal(1)}):
        with pytest.raises(ValueError):
            export(export_csv, totals=totals)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("quittances", "quittances.csv"),
        ("quittances.csv", "quittances.csv"),
        ("Quittances été 2025", "Quittances-ete-2025.csv"),
        ('Sinistres "Dupont"; /etc/passwd', "Sinistres-Dupont-etc-passwd.csv"),
        ("«»", "export.csv"),
    ],
)
def test_i5_export_filenames_are_ascii_without_quotes(given, expected):
    """I5: the download's name is ASCII letters, digits, «.», «-» and «_» only."""
    assert ascii_filename(given, "csv") == expected
