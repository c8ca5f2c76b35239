"""The contract a package ships turns categories into text per distinct value (fast on 100k+
rows); it must give exactly what the row-by-row definition gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.model_contract import MISSING, OTHER, _to_category_text


def row_by_row(values: pd.Series, categories: list[str] | None) -> pd.Series:
    """The definition: one value at a time."""
    def one(value) -> str:
        if pd.isna(value):
            return MISSING
        if pd.api.types.is_bool_dtype(values):
            text = "True" if value else "False"
        elif pd.api.types.is_numeric_dtype(values):
            number = float(value)
            text = str(int(round(number))) if np.isclose(number, round(number)) else str(number)
        else:
            text = str(value).strip()
        text = text or MISSING
        if categories is not None and text not in set(categories) | {MISSING}:
            return OTHER
        return text

    return pd.Series([one(v) for v in values], index=values.index, dtype=object)


texts = st.one_of(st.none(), st.sampled_from(["a", " a ", "", "  ", "b", "Yes", "1", "1.0"]))
numbers = st.one_of(st.none(), st.sampled_from([0.0, 1.0, 1.5, -2.0, 3.0000001, 1e6, 0.1]))


@settings(max_examples=60, deadline=None)
@given(
    column=st.one_of(
        st.lists(texts, min_size=1, max_size=30).map(lambda v: pd.Series(v, dtype=object)),
        st.lists(numbers, min_size=1, max_size=30).map(lambda v: pd.Series(v, dtype="float64")),
        st.lists(st.integers(-3, 3), min_size=1, max_size=30).map(pd.Series),
        st.lists(st.booleans(), min_size=1, max_size=30).map(pd.Series),
        st.lists(st.one_of(st.none(), st.integers(0, 2), st.sampled_from(["x", " y"])),
                 min_size=1, max_size=30).map(lambda v: pd.Series(v, dtype=object)),
    ),
    categories=st.one_of(st.none(), st.lists(st.sampled_from(["a", "b", "1", "0", "True", "x"]),
                                             max_size=3)),
)
def test_category_text_per_distinct_value_equals_the_row_by_row_definition(column, categories):
    pd.testing.assert_series_equal(_to_category_text(column, categories),
                                   row_by_row(column, categories))


def test_string_and_nullable_columns_keep_their_index_and_missing_values():
    values = pd.Series(["a", None, " b", ""], index=[5, 6, 7, 8], dtype="string")
    assert _to_category_text(values, ["a"]).to_dict() == {5: "a", 6: MISSING, 7: OTHER, 8: MISSING}
    flags = pd.Series([True, None, False], dtype="boolean")
    assert _to_category_text(flags).tolist() == ["True", MISSING, "False"]
