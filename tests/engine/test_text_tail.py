"""Bytes at the very end of a text file that are not text are left out, with a note; a
Windows-1252 letter at the end of a file is not mistaken for a cut UTF-8 character."""

from __future__ import annotations

import pytest

from engine.importer import read_table
from engine.spec import DataSource
from engine.text_tail import cut_utf8_length

ROWS = "".join(f"Zoë {i},{i}\n" for i in range(3000))  # ~30 KB: more than one sample for big ones


@pytest.mark.parametrize(("data", "cut"), [
    (b"abc", 0), ("é".encode(), 0), ("é".encode()[:1], 1), ("€".encode()[:2], 2),
    ("😀".encode()[:3], 3), (b"abc\xe9", 1), (b"", 0),
])
def test_a_cut_utf8_character_is_measured_from_its_lead_byte(data, cut):
    assert cut_utf8_length(data) == cut


@pytest.mark.parametrize("copies", [1, 5])  # within the first sample, and well past it
def test_a_utf8_file_cut_inside_its_last_character_keeps_every_accent(tmp_path, copies):
    data = ("name,n\n" + ROWS * copies + "Ñandú,1\n").encode("utf-8")
    path = tmp_path / "cut.csv"
    path.write_bytes(data[: data.rindex("ú".encode()) + 1])
    table = read_table(DataSource(path=str(path)))
    assert table.source.encoding == "utf-8"
    assert table.frame["name"].iloc[0] == "Zoë 0"
    assert table.frame["name"].iloc[-1] == "Ñand"
    assert any("middle of a character" in note for note in table.warnings)


def test_a_windows_1252_letter_ending_an_ascii_file_is_kept(tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("name,n\nplain,1\nCafé".encode("cp1252"))
    table = read_table(DataSource(path=str(path)))
    assert table.frame["name"].iloc[-1] == "Café"
    assert not any("middle of a character" in note for note in table.warnings)


def test_a_dos_end_of_file_mark_is_not_a_row(tmp_path):
    path = tmp_path / "dos.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n3,4\r\n\x1a")
    table = read_table(DataSource(path=str(path)))
    assert table.frame.shape == (2, 2) and str(table.frame["a"].dtype) == "int64"
    assert any("Ctrl-Z" in note for note in table.warnings)
