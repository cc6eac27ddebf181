"""Every bad file is refused with a report, never a 500, on SQLite and PostgreSQL: both imports
(the staff list, the access log) × both ways in (the admin's upload, the management command) ×
each malformed file, each refused with its line named and nothing written (no staff, no
access-log file or look-up, no history row)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from audits.models import AccessLogFile, AccessRecord
from juki_admin.csvio import MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINE_CHARS
from juki_admin.models import Staff

pytestmark = pytest.mark.django_db

#: Each import: its header, a good row (line 2), the admin page, the command.
IMPORTS = {
    "staff": (
        "職員番号,氏名,ふりがな,所属コード,雇用区分,在籍状況,発効日",
        "100001,住基 太郎,ジュウキ タロウ,S02,正規,在職,",
        "admin:juki_admin_staff_import",
        "import_staff",
    ),
    "access_log": (
        "日時,端末機番号,カード番号,操作者ID,処理,件数",
        "2026-11-26T10:00:00+09:00,T-S02-01,C-OP1,,検索,1",
        "admin:audits_accesslogfile_import",
        "import_access_log",
    ),
}


def _cells(row: str) -> list[str]:
    return row.split(",")


def _file(header: str, *lines: str, encoding: str = "utf-8") -> bytes:
    return "".join(f"{line}\n" for line in (header, *lines)).encode(encoding)


def too_few(header, good):
    return _file(header, good, ",".join(_cells(good)[:-1])), 3, "見出し行の列数"


def too_many(header, good):
    return _file(header, good, good + ",余分"), 3, "見出し行の列数"


def nul_byte(header, good):
    data = _file(header, good) + good.replace(",", ",\x00", 1).encode() + b"\n"
    return data, 3, "NUL バイト"


def bad_utf8(header, good):
    return _file(header, good) + b"\xff" + good.encode() + b"\n", 3, "UTF-8 でも Shift_JIS"


def bad_cp932(header, good):
    """A byte pair that no CP932 character has (row 0x85 is unassigned)."""
    data = _file(header, good, encoding="cp932") + b"\x85\x40" + good.encode("cp932") + b"\n"
    return data, 3, "UTF-8 でも Shift_JIS"


def a_byte_python_reads_and_shift_jis_has_not(header, good):
    """0xA0: Python's CP932 reads it (as U+F8F0), PostgreSQL's SJIS refuses it; refused on
    both databases alike."""
    data = _file(header, good, encoding="cp932") + good.encode("cp932") + b"\xa0\n"
    return data, 3, "UTF-8 でも Shift_JIS"


def a_quote_inside_a_cell(header, good):
    """Python's CSV reader keeps it, PostgreSQL's COPY would open a quoted cell there."""
    cells = _cells(good)
    cells[1] = cells[1][:2] + '"' + cells[1][2:]
    return _file(header, good, ",".join(cells), good), 3, "セル全体を引用符で囲んでください"


def cell_over_128_kb(header, good):
    cells = _cells(good)
    cells[1] = "あ" * 140_000
    return _file(header, good, ",".join(cells)), 3, f"{MAX_LINE_CHARS:,} 文字"


def line_over_the_limit(header, good):
    """Every cell within its limit, the line over its own."""
    cells = ["x" * (MAX_CELL_CHARS - 24)] * len(_cells(good))
    assert len(",".join(cells)) > MAX_LINE_CHARS
    return _file(header, good, ",".join(cells)), 3, f"{MAX_LINE_CHARS:,} 文字"


def cell_over_the_limit(header, good):
    cells = _cells(good)
    cells[1] = "x" * (MAX_CELL_CHARS + 1)
    return _file(header, good, ",".join(cells)), 3, f"{MAX_CELL_CHARS:,} 文字"


def a_million_columns(header, good):
    return _file(header, good, "," * 999_999), 3, f"{MAX_LINE_CHARS:,} 文字"


def a_header_of_a_million_columns(header, good):
    return _file(header + "," * 999_999, good), 1, f"{MAX_LINE_CHARS:,} 文字"


def a_header_of_too_many_columns(header, good):
    wide = header + "".join(f",x{i}" for i in range(MAX_COLUMNS))
    return _file(wide, good), 1, f"{MAX_COLUMNS} 列まで"


def an_unclosed_quote(header, good):
    return _file(header, good, '"' + good, good), 3, "閉じられていません"


def an_empty_file(header, good):
    return b"", 1, "ファイルが空です"


def a_header_only(header, good):
    return _file(header), 2, "見出し行しかなく"


BAD_FILES = [
    too_few,
    too_many,
    nul_byte,
    bad_utf8,
    bad_cp932,
    a_byte_python_reads_and_shift_jis_has_not,
    a_quote_inside_a_cell,
    cell_over_128_kb,
    line_over_the_limit,
    cell_over_the_limit,
    a_million_columns,
    a_header_of_a_million_columns,
    a_header_of_too_many_columns,
    an_unclosed_quote,
    an_empty_file,
    a_header_only,
]


@pytest.fixture
def world(operator_user, terminal, sysadmin, set_today):
    """The office S02 with its operator (card C-OP1) and terminal T-S02-01: the good row of
    each import is good."""
    import datetime as dt

    set_today(dt.date(2026, 11, 30))
    return sysadmin


def _written() -> dict[str, int]:
    return {
        "staff": Staff.objects.count(),
        "staff history": Staff.history.count(),
        "access-log files": AccessLogFile.objects.count(),
        "access-log file history": AccessLogFile.history.count(),
        "look-ups": AccessRecord.objects.count(),
    }


@pytest.mark.parametrize("way", ["upload", "command"])
@pytest.mark.parametrize("kind", list(IMPORTS))
@pytest.mark.parametrize("bad_file", BAD_FILES, ids=lambda f: f.__name__.strip("_"))
def test_a_bad_file_is_refused_with_its_line_named_and_nothing_written(
    world, client, tmp_path, capsys, kind, way, bad_file
):
    header, good, page, command = IMPORTS[kind]
    data, line, reason = bad_file(header, good)
    before = _written()
    if way == "upload":
        client.force_login(world)
        response = client.post(reverse(page), {"file": SimpleUploadedFile("bad.csv", data)})
        assert response.status_code == 200
        report = response.content.decode()
    else:
        path = tmp_path / "bad.csv"
        path.write_bytes(data)
        with pytest.raises(CommandError, match="何も取り込んでいません|取り込めなかった"):
            call_command(command, str(path), "--actor", world.username)
        report = capsys.readouterr().err
    assert f"{line} 行目" in report, report[:2000]
    assert reason in report, report[:2000]
    assert _written() == before


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
@pytest.mark.parametrize("kind", list(IMPORTS))
def test_the_good_file_of_each_import_is_imported(world, client, kind, line_end):
    """The control of the test above: its good row alone is imported, with the line ends of
    Unix or of Excel (CRLF), in UTF-8 or CP932, a quoted cell holding a comma and a quote."""
    header, good, page, _command = IMPORTS[kind]
    cells = _cells(good)
    if kind == "access_log":
        cells[4] = '"検索, ""照会"""'
    else:
        cells[1] = f'"{cells[1]}"'
    quoted = ",".join(cells)
    data = _file(header, good, encoding="cp932") if line_end == "\n" else _file(header, quoted)
    client.force_login(world)
    before = _written()
    response = client.post(
        reverse(page),
        {"file": SimpleUploadedFile("good.csv", data.replace(b"\n", line_end.encode()))},
    )
    assert response.status_code == 200
    assert "行目" not in response.content.decode()
    what = "staff" if kind == "staff" else "look-ups"
    assert _written()[what] - before[what] == 1
    if kind == "access_log" and line_end == "\r\n":
        assert AccessRecord.objects.get().operation == '検索, "照会"'


@pytest.mark.postgres
def test_what_copy_alone_refuses_is_reported_with_its_line(world, monkeypatch):
    """The checks before COPY taken away, COPY's own refusal (a psycopg error, not one of
    Django's) is still a report naming the line, and nothing is written."""
    from audits.access_log import access_log_import
    from juki_admin.csvio import Records

    monkeypatch.setattr(Records, "check", lambda self, read=None: None)
    header, good, _page, _command = IMPORTS["access_log"]
    before = _written()
    report = access_log_import(
        stream=io.BytesIO(_file(header, good, good + ",余分", good)), name="x.csv", actor=world
    )
    assert [e.line for e in report.errors] == [3]
    assert "この行をCSVとして読み取れない" in report.errors[0].message
    assert _written() == before
