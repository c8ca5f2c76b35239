"""Bad input gets a clear message and exit code 2, never a traceback, and never touches the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ui.cli import main as cli_main

GOOD_ROWS = "\n".join(f"{i},{'a' if i % 2 else 'b'},{i % 3}" for i in range(40))


def _write(path: Path, content: bytes | str) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


CASES = {
    "empty file": (b"", "Churn", "empty"),
    "header only": ("x,Churn\n", "Churn", "no data rows|no rows|header"),
    "binary file": (bytes(range(256)) * 20, "Churn", "binary|not a text|cannot read"),
    "duplicate column names": ("x,x,Churn\n" + "\n".join(f"{i},{i},a" for i in range(30)), "Churn", "duplicate|more than once"),
    "target does not exist": ("x,y,churn_flag\n" + GOOD_ROWS, "Churn", "Churn"),
    "one-class target": ("x,Churn\n" + "\n".join(f"{i},Yes" for i in range(30)), "Churn", "one class|only one"),
    "all target values missing": ("x,Churn\n" + "\n".join(f"{i}," for i in range(30)), "Churn", "missing|no .*value"),
    "one-row file": ("x,Churn\n1,Yes\n", "Churn", "rows|one class|only one"),
    "undecodable bytes": (b"x,Churn\n" + b"\n".join(b"\xff\xfe\x00\x81%d,\x00a" % i for i in range(30)), "Churn", "."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_a_clear_error_and_leaves_the_store_untouched(case, tmp_path, workspace, capsys):
    content, target, pattern = CASES[case]
    data = _write(tmp_path / "data.csv", content)
    code = cli_main(["train", str(data), "--target", target, "--workspace", str(workspace),
                     "--budget", "quick"])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "Traceback" not in captured.err
    assert "\nerror: " in "\n" + captured.err
    import re

    assert re.search(pattern, captured.err, re.IGNORECASE), captured.err
    _assert_store_is_empty(workspace)


def test_regression_on_a_text_target_says_to_choose_classification(tmp_path, workspace, capsys):
    rows = "\n".join(f"{i},{'abc' if i % 2 else 'def'}" for i in range(30))
    data = _write(tmp_path / "data.csv", "x,amount\n" + rows)
    code = cli_main(["train", str(data), "--target", "amount", "--task", "regression",
                     "--workspace", str(workspace)])
    err = capsys.readouterr().err
    assert code == 2 and "text" in err.lower() and "Traceback" not in err
    _assert_store_is_empty(workspace)


def test_mixed_types_in_a_column_still_train_with_a_warning(tmp_path, workspace, capsys):
    rows = [f"{i if i % 10 else 'unknown'},{'Yes' if i % 3 == 0 else 'No'},{i % 4}" for i in range(120)]
    data = _write(tmp_path / "data.csv", "amount,Churn,group\n" + "\n".join(rows))
    code = cli_main(["train", str(data), "--target", "Churn", "--budget", "quick",
                     "--workspace", str(workspace), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "amount" in captured.err  # the warning names the odd column


def test_missing_file_is_a_clear_error(tmp_path, workspace, capsys):
    code = cli_main(["train", str(tmp_path / "nope.csv"), "--target", "y", "--workspace", str(workspace)])
    err = capsys.readouterr().err
    assert code == 2 and "nope.csv" in err and "Traceback" not in err


def test_a_failed_start_does_not_damage_an_existing_project(tmp_path, workspace, capsys, sample_csv):
    good = _write(tmp_path / "good.csv", "x,Churn\n" + "\n".join(f"{i % 7},{'Yes' if i % 3 else 'No'}" for i in range(60)))
    assert cli_main(["train", str(good), "--target", "Churn", "--budget", "quick", "--project", "P",
                     "--workspace", str(workspace)]) == 0
    before = _dump(workspace)
    bad = _write(tmp_path / "bad.csv", "x,Churn\n")
    assert cli_main(["train", str(bad), "--target", "Churn", "--project", "P",
                     "--workspace", str(workspace)]) == 2
    assert _dump(workspace) == before
    capsys.readouterr()


def _dump(workspace: Path) -> dict:
    with sqlite3.connect(workspace / "firstwin.db") as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        return {t: db.execute(f"select * from [{t}]").fetchall() for t in tables}


def _assert_store_is_empty(workspace: Path) -> None:
    dump = _dump(workspace)
    for table in ("projects", "runs", "dataset_versions", "model_versions"):
        assert dump.get(table, []) == [], f"{table} was written to"
    assert not any((workspace / "datasets").iterdir())
    assert not any((workspace / "artifacts").iterdir())
