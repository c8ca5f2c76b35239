"""Score a CSV with ``model.onnx`` without pandas: pyarrow reads, numpy prepares, ONNX Runtime
predicts, pyarrow writes.

``predict.py --engine onnx`` spends half its time importing pandas. This path gives exactly
the table the pandas path (``prepare_features`` + ``prediction_table``) gives, or declines
(returns None) so that path runs instead. It declines whenever pandas might read the file
differently from the plain reading done here: a datetime column, "inf" (a number to pandas),
text with digits in a numeric column, a quote after leading spaces, duplicate or blank header
names, ragged rows, anything pyarrow cannot parse.

Each column is read as text; its distinct values are worked out once (like
``prepare_features``) and spread to the rows. A column is numeric when every non-missing value
is a plain number (as pandas' C parser decides), boolean when every one is true/false.

This file is copied verbatim into every exported package that ships ``model.onnx`` (as
``firstwin_fast_csv.py``). Keep it self-contained: the standard library, numpy and pyarrow.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

MISSING = "(missing)"  # as engine/model_contract.py
OTHER = "(other)"
# pandas' default missing-value markers (pandas._libs.parsers.STR_NA_VALUES)
NA_TOKENS = frozenset({
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
})
TRUE_TOKENS = frozenset({"True", "TRUE", "true"})
FALSE_TOKENS = frozenset({"False", "FALSE", "false"})
# What pandas' C parser reads as a number, once ASCII whitespace around it is stripped
# (checked against pandas 3.1: "1.", "+.5", "1e+5", " 1 " and "7\t" are numbers; "1st",
# "1_000", "1,5", "0x10", "1d5" and non-ASCII digits are text).
NUMBER = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?")
C_SPACE = " \t\n\v\f\r"
MAX_DIGITS = 15  # beyond this, parsers may round differently in the last place
INFINITY = re.compile(r"[+-]?inf(inity)?", re.IGNORECASE)  # numbers to pandas: declined


class Declined(Exception):
    """This file needs the pandas path."""


def score_csv(path: Path, schema: dict, model, encoding: str, delimiter: str, header: list[str]):
    """The prediction table as a pyarrow Table, or None when the pandas path must run.

    ``header`` is the file's first row as the csv module splits it (to check the names the
    way pandas will see them); ``encoding`` and ``delimiter`` are what predict.py detected.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:
        return None
    needed = [column["name"] for column in schema["columns"]]
    if any(column["kind"] == "datetime" for column in schema["columns"]):
        return None
    if len(set(header)) != len(header) or any(n != n.lstrip(" ") or not n for n in header):
        return None  # pandas renames duplicate and blank headers, and strips leading spaces
    if not set(needed) <= set(header):
        return None  # the pandas path names the missing columns, in words
    try:
        table = pa_csv.read_csv(
            str(path),
            read_options=pa_csv.ReadOptions(encoding=_arrow_encoding(encoding)),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in needed}, include_columns=needed,
                strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[],
                check_utf8=True,
            ),
        )
        features = _features(table, schema)
    except (Declined, pa.ArrowException, OSError, ValueError):
        return None
    return _prediction_table(model, features, schema, len(table), pa)


def _arrow_encoding(encoding: str) -> str:
    return "utf8" if encoding.replace("-", "").lower() in ("utf8sig", "utf8") else encoding


def _features(table, schema: dict) -> dict[str, np.ndarray]:
    features: dict[str, np.ndarray] = {}
    for column in schema["columns"]:
        name = column["name"]
        encoded = table.column(name).combine_chunks().dictionary_encode()
        uniques = [_skip_initial_space(u) for u in encoded.dictionary.to_pylist()]
        codes = _codes(encoded.indices)
        if column["kind"] == "numeric":
            per_unique = np.asarray(_numbers(uniques), dtype=np.float64)
        else:
            per_unique = np.asarray(_labels(uniques, column.get("categories")), dtype=object)
        features[name] = per_unique[codes] if len(codes) else per_unique[:0]
    return features


def _skip_initial_space(value: str) -> str:
    stripped = value.lstrip(" ")  # read_csv(skipinitialspace=True) skips spaces only
    if stripped[:1] == '"':
        raise Declined("a quoted field after spaces: pandas unquotes it, pyarrow does not")
    return stripped


def _kind(uniques: list[str]) -> str:
    """How pandas' C parser types the column: "number", "bool" or "text"."""
    present = [u for u in uniques if u not in NA_TOKENS]
    if present and all(_plain_number(u) for u in present):
        return "number"
    if present and all(u in TRUE_TOKENS or u in FALSE_TOKENS for u in present):
        return "bool"
    if any(INFINITY.fullmatch(u.strip(C_SPACE)) for u in present):
        raise Declined("infinity: a number to pandas")
    return "text"


def _plain_number(value: str) -> bool:
    text = value.strip(C_SPACE)
    if not NUMBER.fullmatch(text):
        return False
    if sum(c.isdigit() for c in text.split("e")[0].split("E")[0]) > MAX_DIGITS:
        raise Declined("too many digits to be sure both parsers agree")
    return True


def _numbers(uniques: list[str]) -> list[float]:
    """``_to_number`` of engine/model_contract.py, per distinct value."""
    kind = _kind(uniques)
    if kind == "bool":
        raise Declined("true/false in a numeric column")
    numbers = []
    for value in uniques:
        if value in NA_TOKENS:
            numbers.append(np.nan)
        elif kind == "number":
            numbers.append(float(value.strip(C_SPACE)))
        else:  # text: strip, drop thousands separators, anything else is missing
            text = value.strip().replace(",", "")
            if NUMBER.fullmatch(text):
                numbers.append(float(text))
            elif any(c.isdigit() for c in text) or INFINITY.fullmatch(text):
                raise Declined("a value pandas.to_numeric may read otherwise")
            else:
                numbers.append(np.nan)
    return numbers


def _labels(uniques: list[str], categories: list[str] | None) -> list[str]:
    """``_to_category_text`` of engine/model_contract.py, per distinct value."""
    kind = _kind(uniques)
    labels = []
    for value in uniques:
        if value in NA_TOKENS:
            label = MISSING
        elif kind == "number":
            number = float(value.strip(C_SPACE))
            label = str(int(round(number))) if np.isclose(number, np.round(number)) else str(number)
        elif kind == "bool":
            label = "True" if value in TRUE_TOKENS else "False"
        else:
            label = value.strip() or MISSING
        if categories is not None and label != MISSING and label not in categories:
            label = OTHER
        labels.append(label)
    return labels


def _codes(indices) -> np.ndarray:
    """A dictionary array's indices as numpy, read from its buffer: ``to_numpy`` would import
    pandas, which is what this path avoids."""
    dtype = {"int32": np.int32, "int64": np.int64}.get(str(indices.type))
    if dtype is None or indices.null_count:
        raise Declined(f"unexpected dictionary indices: {indices.type}")
    return np.frombuffer(indices.buffers()[1], dtype=dtype, count=len(indices),
                         offset=indices.offset * np.dtype(dtype).itemsize)


def _prediction_table(model, features: dict[str, np.ndarray], schema: dict, rows: int, pa):
    """``prediction_table`` of engine/model_contract.py, as a pyarrow Table (built from
    buffers: ``pa.array`` and ``pa.table`` would import pandas)."""
    if schema["task"] == "regression":
        return pa.Table.from_arrays([_numbers_array(pa, model.predict(features))], ["prediction"])
    classes = [str(c) for c in schema["classes"]]
    proba = np.asarray(model.predict_proba(features), dtype=float)
    fitted = [str(c) for c in model.classes_]
    labels, codes = _decide(proba, fitted, classes, schema.get("threshold"))
    columns, names = [_strings_array(pa, labels, codes)], ["prediction"]
    for label in classes:
        values = proba[:, fitted.index(label)] if label in fitted else np.zeros(rows)
        columns.append(_numbers_array(pa, values))
        names.append(f"proba_{label}")
    return pa.Table.from_arrays(columns, names)


def _decide(proba: np.ndarray, fitted: list[str], classes: list[str], threshold):
    """Each row's answer as (labels, one code per row into labels)."""
    if threshold is None or len(classes) != 2 or sorted(fitted) != sorted(classes):
        return fitted, proba.argmax(axis=1)
    no, yes = classes
    return [no, yes], (proba[:, fitted.index(yes)] >= float(threshold)).astype(np.int64)


def _numbers_array(pa, values) -> object:
    values = np.ascontiguousarray(values)
    kind = {np.dtype(np.float64): pa.float64(), np.dtype(np.float32): pa.float32()}.get(values.dtype)
    if kind is None:
        values, kind = values.astype(np.float64), pa.float64()
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def _strings_array(pa, labels: list[str], codes: np.ndarray) -> object:
    encoded = [label.encode("utf-8") for label in labels]
    lengths = np.asarray([len(b) for b in encoded], dtype=np.int64)[codes]
    offsets = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    data = b"".join(encoded[code] for code in codes.tolist())
    return pa.Array.from_buffers(pa.large_string(), len(codes),
                                 [None, pa.py_buffer(offsets), pa.py_buffer(data)])
