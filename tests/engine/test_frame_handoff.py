"""Tables handed to a child stage as Arrow files come back as the same DataFrames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.frame_handoff import FrameParking, ParkedFrame, unpark


def typed_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "text": pd.Series(["a", None, "c", "d"], dtype="str"),
        "category": pd.Categorical(["x", "y", "x", None]),
        "when": pd.to_datetime(["2020-01-01", None, "2021-06-30", "2022-02-02"]),
        "flag": [True, False, True, True],
        "flag_with_gaps": pd.Series([True, None, False, True], dtype=object),
        "count": pd.array([1, None, 3, 4], dtype="Int64"),
        "amount": [1.5, np.nan, 2.0, -3.25],
        "n": [1, 2, 3, 4],
    })


def test_a_parked_frame_comes_back_equal_with_its_dtypes_and_index():
    frame = typed_frame().iloc[1:]  # an index that does not start at 0
    parking = FrameParking()
    args = parking.park(("workspace", frame, 7))
    assert args[0] == "workspace" and args[2] == 7 and isinstance(args[1], ParkedFrame)
    back = unpark(args)[1]
    pd.testing.assert_frame_equal(back, frame)
    folder = parking.folder
    parking.close()
    assert not folder.exists()


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"mixed": pd.Series(["a", 1, None], dtype=object)}),
    pd.DataFrame([[1, 2]], columns=["same", "same"]),
    pd.DataFrame({0: [1.0], "b": [2.0]}),
], ids=["numbers and text in one column", "duplicate names", "a name that is not text"])
def test_a_frame_arrow_cannot_hold_is_left_to_be_pickled(frame):
    parking = FrameParking()
    args = parking.park((frame,))
    assert args[0] is frame
    assert parking.folder is None
    parking.close()


def test_closing_without_frames_is_harmless(tmp_path):
    parking = FrameParking()
    assert parking.park(("a", 1, Path("x"))) == ("a", 1, Path("x"))
    parking.close()
