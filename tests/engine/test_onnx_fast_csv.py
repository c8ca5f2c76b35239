"""predict.py --engine onnx reads CSVs without pandas (firstwin_fast_csv). Whatever the file,
it writes exactly the bytes the pandas path writes, or declines and lets that path run."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.export import export_model
from storage import Store
from tests.engine.ship_support import by_name, load_package_module, train

HEADER = ["tenure", "charges", "contract", "plan", "paperless", "Churn"]


def training_frame(rows: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    tenure = rng.integers(0, 72, rows)
    contract = rng.choice(["Month-to-month", "One year", "Two year"], rows)
    churn = (rng.random(rows) < np.where(contract == "Month-to-month", 0.5, 0.1)) | (tenure < 6)
    return pd.DataFrame({
        "tenure": tenure,
        "charges": rng.normal(60, 20, rows).round(2),
        "contract": contract,
        "plan": rng.choice([1, 2, 3], rows),  # numbers that the profile calls categories
        "paperless": rng.choice([True, False], rows),
        "Churn": np.where(churn, "Yes", "No"),
    })


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast_csv")
    with Store.open(folder / "ws") as store:
        model = train(store, training_frame(), candidates=("linear",))[0]
        exported = export_model(store, model, folder / "pkg")
    assert exported.onnx, exported.notes
    return load_package_module(exported.folder)


def both_paths(predict, path) -> tuple[bytes | None, bytes]:
    """(fast path's CSV bytes or None if it declined, pandas path's CSV bytes)."""
    fast = predict.score_csv_fast(path)
    fast_bytes = None
    if fast is not None:
        predict.write_csv(fast, path.with_suffix(".fast.out"))
        fast_bytes = path.with_suffix(".fast.out").read_bytes()
    slow = predict.score(predict.read_input(path), engine="onnx")
    predict.write_csv(slow, path.with_suffix(".slow.out"))
    return fast_bytes, path.with_suffix(".slow.out").read_bytes()


def test_a_plain_file_takes_the_fast_path_and_matches_byte_for_byte(package, tmp_path):
    path = tmp_path / "plain.csv"
    training_frame(3000).drop(columns="Churn").to_csv(path, index=False)
    fast, slow = both_paths(package, path)
    assert fast is not None, "the fast path declined a plain file"
    assert fast == slow
    assert len(fast.splitlines()) == 3001


TRICKY = {
    "spaces and missing markers": "tenure,charges,contract,plan,paperless\n"
                                  " 5 , 70.5,  One year ,NA,True\n12,,n/a, 2 ,\n,NULL, ,3.0,FALSE\n",
    "thousands separators in a text number column": "tenure,charges,contract,plan,paperless\n"
                                                    "1,\"1,234.5\",Two year,1,true\n2,abc,Two year,2,false\n",
    "unknown categories and numbers as text": "tenure,charges,contract,plan,paperless\n"
                                              "3,10,Weekly,7,maybe\n4,20,One year,1.5,True\n",
    "semicolons": "tenure;charges;contract;plan;paperless\n3;10;One year;1;True\n4;20;Two year;2;False\n",
    "infinity": "tenure,charges,contract,plan,paperless\n3,inf,One year,1,True\n",
    "a quote after spaces": 'tenure,charges,contract,plan,paperless\n3,10, "One year",1,True\n',
    "duplicate headers": "tenure,charges,contract,plan,paperless,plan\n3,10,One year,1,True,2\n",
    "a ragged row": "tenure,charges,contract,plan,paperless\n3,10,One year,1,True\n4,20\n",
    "extra columns and an empty file body": "id,tenure,charges,contract,plan,paperless\n",
    "leading zeros and exponents": "tenure,charges,contract,plan,paperless\n007,1e2,One year,01,True\n",
    "latin-1 text": "tenure,charges,contract,plan,paperless\n3,10,Caf\xe9 year,1,True\n",
}


# Where pandas might read a file differently (infinity, quotes after spaces, renamed headers,
# short rows), the fast path declines.
DECLINED = {"infinity", "a quote after spaces", "duplicate headers", "a ragged row"}


@pytest.mark.parametrize("name", list(TRICKY))
def test_a_tricky_file_gives_the_same_bytes_or_the_pandas_path(package, tmp_path, name):
    path = tmp_path / "tricky.csv"
    text = TRICKY[name]
    path.write_bytes(text.encode("latin-1" if name == "latin-1 text" else "utf-8"))
    fast, slow = both_paths(package, path)
    assert (fast is None) == (name in DECLINED)
    assert fast is None or fast == slow


CELLS = {
    "tenure": ["1", "72", " 5", "5 ", "", "NA", "1,000", "abc", "1e1", "-3", "+4", "0.5", "inf"],
    "charges": ["70.25", ".5", "5.", "", "n/a", "None", "1,234.5", "x", " 12", "-0", "+.5",
                "1e+5", "12abc"],
    "contract": ["One year", " Two year", "Month-to-month ", "", "NA", "1", "1.0", "True", "Été",
                 "1st-4th", "7\t", "1_000", "٣", "Inf"],
    "plan": ["1", "2", "3", "1.0", "2.5", "", "null", "one", " 3"],
    "paperless": ["True", "False", "TRUE", "false", "", "yes", "1"],
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in CELLS.items()}),
                min_size=1, max_size=25))
def test_random_cells_give_the_same_bytes_or_the_pandas_path(package, tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CELLS))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "random.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    fast, slow = both_paths(package, path)
    assert fast is None or fast == slow


def test_a_regression_model_takes_the_fast_path_too(tmp_path):
    frame = training_frame().drop(columns="Churn")
    with Store.open(tmp_path / "ws") as store:
        models = train(store, frame, project="Charges", target="charges", candidates=("linear",))
        model = by_name(models, "Linear model")
        exported = export_model(store, model, tmp_path / "pkg")
    assert exported.onnx, exported.notes
    predict = load_package_module(exported.folder)
    path = tmp_path / "rows.csv"
    frame.drop(columns="charges").to_csv(path, index=False)
    fast, slow = both_paths(predict, path)
    assert fast is not None and fast == slow
