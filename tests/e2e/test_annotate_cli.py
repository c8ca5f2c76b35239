"""The headless Annotate loop: suspects → label --apply → label --undo, and clear refusals."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from engine.annotate.record import read_version
from storage import Store
from tests.engine.annotate.conftest import store_frame, with_unlabelled
from tests.engine.helpers import churn_like
from ui.cli import main


@pytest.fixture
def data(tmp_path):
    frame = with_unlabelled(churn_like(300, seed=1), "Churn", [3, 10, 50])
    path = tmp_path / "churn.csv"
    frame.to_csv(path, index=False)
    return frame, path


@pytest.fixture
def workspace(tmp_path, data):
    """A workspace whose project "churn" has the data stored and a run naming its target."""
    folder = tmp_path / "ws"
    with Store.open(folder) as store:
        version = store_frame(store, data[0])
        store.start_run(version.project_id, {"target": "Churn"}, dataset_version_id=version.id)
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_labels(path, text: str):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_suspects_json_lists_the_top_rows_most_doubtful_first(capsys, workspace, data):
    code, out, _ = run(capsys, "suspects", str(data[1]), "--target", "Churn", "--top", "5",
                       "--json", "--workspace", str(workspace))

    assert code == 0 and out.count("\n") == 1
    result = json.loads(out)
    rows = result["suspects"]
    assert len(rows) == 5 and set(rows[0]) == {"row", "given", "suggested", "suspicion", "confidence"}
    assert [r["suspicion"] for r in rows] == sorted((r["suspicion"] for r in rows), reverse=True)
    assert result["duplicate_classes"] == []


def test_suspects_prints_a_table_and_how_to_correct(capsys, workspace, data):
    code, out, err = run(capsys, "suspects", str(data[1]), "--target", "Churn", "--top", "3",
                         "--workspace", str(workspace))
    assert code == 0 and out.splitlines()[0].split() == ["row", "given", "suggested", "suspicion"]
    assert len(out.splitlines()) == 4 and "label PROJECT --apply" in err


def test_suspects_refuses_a_regression_target_in_words(capsys, workspace, data):
    code, _, err = run(capsys, "suspects", str(data[1]), "--target", "MonthlyCharges",
                       "--workspace", str(workspace))
    assert code == 2 and "needs classes" in err and "regression" in err


def test_label_apply_stores_a_new_version_and_undo_brings_the_old_one_back(
        capsys, tmp_path, workspace):
    labels = write_labels(tmp_path / "labels.csv", "row,label\n3,Yes\n10,No\n0,\n50,Maybe\n")

    code, out, err = run(capsys, "label", "churn", "--apply", labels, "--user", "ana",
                         "--note", "first pass", "--json", "--workspace", str(workspace))

    assert code == 0
    result = json.loads(out)
    assert {k: result[k] for k in ("changed", "labelled", "removed", "unlabelled_left")} == {
        "changed": 4, "labelled": 3, "removed": 1, "unlabelled_left": 1}
    assert "'Maybe' is not among the existing classes" in err
    with Store.open(workspace) as store:
        new = store.dataset_version(result["dataset_version_id"])
        assert new.parent_id == result["from_version_id"]
        assert read_version(store, new).loc[50, "Churn"] == "Maybe"
        assert {a.user for a in store.annotations_into(new.id)} == {"ana"}
        before = read_version(store, store.dataset_version(new.parent_id))

    code, out, _ = run(capsys, "label", "churn", "--undo", "--json", "--workspace", str(workspace))

    assert code == 0 and json.loads(out) == {"project": "churn", "undone_version_id": new.id,
                                             "dataset_version_id": new.parent_id, "undone": 4}
    with Store.open(workspace) as store:
        current = store.current_dataset_version(new.project_id)
        assert current.id == new.parent_id
        pd.testing.assert_frame_equal(read_version(store, current), before)


def test_label_refuses_unknown_rows_and_stores_nothing(capsys, tmp_path, workspace):
    labels = write_labels(tmp_path / "labels.csv", "row,label\n3,Yes\n300,No\n")

    code, _, err = run(capsys, "label", "churn", "--apply", labels, "--workspace", str(workspace))

    assert code == 2 and "names row 300, but the data has rows 0 to 299" in err
    with Store.open(workspace) as store:
        assert len(store.dataset_versions(store.project_by_name("churn").id)) == 1


@pytest.mark.parametrize("text, words", [
    ("line,label\n3,Yes\n", "has no column 'row'"),
    ("row,label\nthree,Yes\n", "Line 2: row 'three' is not a whole number"),
])
def test_label_refuses_a_malformed_file_in_words(capsys, tmp_path, workspace, text, words):
    labels = write_labels(tmp_path / "labels.csv", text)
    code, _, err = run(capsys, "label", "churn", "--apply", labels, "--workspace", str(workspace))
    assert code == 2 and words in err


def test_label_undo_with_nothing_to_undo_says_so(capsys, workspace):
    code, _, err = run(capsys, "label", "churn", "--undo", "--workspace", str(workspace))
    assert code == 2 and "nothing to undo" in err
