"""Text cells that mean something else: missing-value markers and numbers written as text.

The importer's cleaning pass calls :func:`clean_text_column` on every text column. Each
decision is made on a sample of the column first (a few thousand values), then applied to the
whole column at once with vectorised pandas string methods, so a 1M-row column costs a few
tens of milliseconds, never a Python loop over every cell.

Rules
-----
*Missing markers* are ``""`` (blank, including cells of only spaces or tabs), ``?``, ``NA``,
``N/A``, ``n/a``, ``null``, ``NULL``, ``None``, ``-``, ``--``, ``nan``, ``NaN``, ``#N/A`` and the
spreadsheet errors ``#DIV/0!``, ``#VALUE!``, ``#REF!``, ``#NAME?``, ``#NUM!``, ``#NULL!``.

- In a column whose other values are numbers, every marker becomes missing and the column
  becomes numeric.
- In a text column, a blank cell always becomes missing. Any other marker becomes missing
  unless the column has another value *shaped like it*: the same length and the same kind of
  character at every position (upper-case letter, lower-case letter, digit, space, other).
  Such a marker is probably a real category and stays a value, with a warning. So ``NA``
  stays a value in a column of two-letter codes (``US``, ``DE``, ``NA``), ``-`` stays in a
  column of ``+``/``-`` signs and ``None`` stays in ``Low``/``High``/``None``; but ``?``
  among ``Private``/``Self-emp`` and ``NA`` among ``Yes``/``No`` become missing.

*Numbers written as text* become numbers when at least half of the column's sampled
non-missing values read as numbers and, over the whole column, every value that is not a
missing marker does. Accepted forms: plain numbers (with the file's decimal mark),
thousands separators (``1,234,567.8`` when the decimal mark is ``.``; ``1.234.567,8`` when
it is ``,``; groups of exactly three digits), and a currency sign in front (``$ € £ ¥ ₹``,
a minus sign may come before it) or a currency sign or ``%`` at the end, only when *every*
value in the column carries the same sign. ``12%`` becomes ``12.0`` (percent points), and a
warning says so. A column that is mostly numbers but also holds words stays text, with a
warning naming the column and a few of the odd values.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MISSING_MARKERS: frozenset[str] = frozenset(
    {
        "",
        "?",
        "NA",
        "N/A",
        "n/a",
        "null",
        "NULL",
        "None",
        "-",
        "--",
        "nan",
        "NaN",
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
    }
)
# Whitespace-only cells are blank; these are the common ones, found without stripping a column.
_BLANK_VARIANTS: frozenset[str] = frozenset({"", " ", "  ", "   ", "\t", "\u00a0"})
_FIND_SET: list[str] = sorted(MISSING_MARKERS | _BLANK_VARIANTS)
_FIND_ARRAY = pa.array(_FIND_SET, type=pa.large_string())


CURRENCY_SIGNS = "$€£¥₹"
SAMPLE_SIZE = 2000
NUMERIC_SHARE = 0.5  # at least this share of sampled values must be numbers to try converting
_UNIQUE_CAP = 200_000  # distinct values looked at for the shape rule


def value_shape(text: str) -> str:
    """The kind of character at each position: 'A' upper, 'a' lower, '9' digit, ' ', '.' other."""
    out = []
    for ch in text:
        if ch.isupper():
            out.append("A")
        elif ch.islower():
            out.append("a")
        elif ch.isdigit():
            out.append("9")
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(".")
    return "".join(out)


@dataclass(frozen=True)
class NumberStyle:
    """How numbers are written in one text column."""

    decimal: str = "."
    thousands: bool = False
    prefix: str = ""  # a currency sign in front
    suffix: str = ""  # a currency sign or % at the end

    @property
    def plain(self) -> bool:
        return not (self.thousands or self.prefix or self.suffix)

    def describe(self) -> str:
        parts = []
        if self.thousands:
            parts.append("thousands separators")
        for sign in (self.prefix, self.suffix):
            if sign:
                parts.append(f"'{sign}' signs")
        return " and ".join(parts)


def _thousands_re(decimal: str) -> str:
    sep = r"\." if decimal == "," else ","
    dec = re.escape(decimal)
    return rf"[-+]?\d{{1,3}}(?:{sep}\d{{3}})+(?:{dec}\d*)?"


_NUMBER_RE = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"


def _arrow_strings(values: pd.Series) -> pa.ChunkedArray:
    """The column as an Arrow string array (zero-copy for pandas' pyarrow-backed str dtype)."""
    array = values.array
    if hasattr(array, "__arrow_array__"):
        arr = array.__arrow_array__()
        if isinstance(arr, pa.Array):
            arr = pa.chunked_array([arr])
        if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
            return arr
    return pa.chunked_array(
        [
            pa.array(
                values.astype("str").to_numpy(dtype=object),
                type=pa.large_string(),
                from_pandas=True,
            )
        ]
    )


def find_markers(col: pd.Series) -> pd.Series:
    """Boolean mask of cells that are a missing marker or blank (vectorised, Arrow is_in)."""
    arr = _arrow_strings(col)
    value_set = _FIND_ARRAY.cast(arr.type)
    mask = pc.fill_null(pc.is_in(arr, value_set=value_set), False)
    return pd.Series(mask.to_numpy(zero_copy_only=False), index=col.index)


def _flag(mask: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.fill_null(mask, False)


def to_numbers(values: pd.Series, style: NumberStyle) -> pd.Series:
    """Numbers from text written in ``style``; NaN where a value does not fit the style.

    Works on the Arrow buffers with vectorised compute kernels (no per-cell Python). Plain
    numbers take a fast path (one cast with the missing markers blanked out); anything else,
    or a column where that cast fails, is trimmed and checked value by value with a regular
    expression. Whole numbers without missing values come back as int64, the rest as float64.
    """
    raw = _arrow_strings(values)
    if style.plain and style.decimal == ".":
        markers = _flag(pc.is_in(raw, value_set=_FIND_ARRAY.cast(raw.type)))
        candidates = (
            pc.if_else(markers, pa.scalar(None, raw.type), raw) if pc.any(markers).as_py() else raw
        )
        try:
            return _numbers_series(candidates, values)
        except pa.ArrowInvalid:
            pass  # something odd in there: take the careful path below

    arr = pc.utf8_trim_whitespace(raw)
    bad = None

    def add_bad(mask: pa.ChunkedArray) -> None:
        nonlocal bad
        bad = mask if bad is None else pc.or_(bad, mask)

    if style.prefix:
        pattern = rf"^([-+]?)\s*{re.escape(style.prefix)}\s*"
        add_bad(pc.invert(_flag(pc.match_substring_regex(arr, pattern))))
        arr = pc.replace_substring_regex(arr, pattern, r"\1")
    if style.suffix:
        add_bad(pc.invert(_flag(pc.ends_with(arr, style.suffix))))
        arr = pc.replace_substring_regex(arr, rf"\s*{re.escape(style.suffix)}$", "")
    sep = "." if style.decimal == "," else ","
    if style.thousands:
        has = _flag(pc.match_substring(arr, sep))
        grouped = _flag(pc.match_substring_regex(arr, "^" + _thousands_re(style.decimal) + "$"))
        add_bad(pc.and_(has, pc.invert(grouped)))
        arr = pc.replace_substring(arr, sep, "")
    if style.decimal == ",":
        # With a decimal comma, a '.' left over is not part of any number we accept.
        add_bad(_flag(pc.match_substring(arr, ".")))
        arr = pc.replace_substring(arr, ",", ".")
    valid = _flag(pc.match_substring_regex(arr, _NUMBER_RE))
    if bad is not None:
        valid = pc.and_(valid, pc.invert(bad))
    if not pc.all(valid).as_py():
        arr = pc.if_else(valid, arr, pa.scalar(None, arr.type))
    return _numbers_series(arr, values)


def _numbers_series(arr: pa.ChunkedArray, like: pd.Series) -> pd.Series:
    """Cast number text (nulls allowed) to int64 when it is all whole numbers, else float64.

    Raises ArrowInvalid when a value is not a number."""
    result = None
    whole = (
        len(arr) > 0
        and arr.null_count == 0
        and not pc.any(pc.match_substring(arr, ".")).as_py()
        and not pc.any(pc.match_substring(arr, "e", ignore_case=True)).as_py()
    )
    if whole:
        try:
            result = pc.cast(arr, pa.int64()).to_numpy()
        except (pa.ArrowInvalid, OverflowError):
            result = None  # beyond int64, or not an integer at all: the float cast decides
    if result is None:
        result = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
    return pd.Series(result, index=like.index, name=like.name)


_MAYBE_NUMBER = re.compile(r"[-+]?\s*[$€£¥₹]?\s*[.,]?\d")


def detect_style(sample: list[str] | Counter[str], decimal: str) -> tuple[NumberStyle, float]:
    """The number style that reads the most sampled values, and the share it reads.

    ``sample`` is a list of stripped non-marker values or a Counter of them (value -> count).
    """
    counts = sample if isinstance(sample, Counter) else Counter(sample)
    total = sum(counts.values())
    if not total:
        return NumberStyle(decimal=decimal), 0.0
    # Cheap gate: most text columns have no value that even starts like a number.
    numberish = sum(c for v, c in counts.items() if _MAYBE_NUMBER.match(v))
    if numberish < NUMERIC_SHARE * total:
        return NumberStyle(decimal=decimal), numberish / total
    sep = "." if decimal == "," else ","
    candidates = [NumberStyle(decimal=decimal)]
    if any(sep in v for v in counts):
        candidates.append(NumberStyle(decimal=decimal, thousands=True))
    firsts: Counter[str] = Counter()
    lasts: Counter[str] = Counter()
    for v, c in counts.items():
        firsts[v.lstrip("-+").lstrip()[:1]] += c
        lasts[v[-1:]] += c
    sign, n = firsts.most_common(1)[0]
    if sign and sign in CURRENCY_SIGNS and n >= NUMERIC_SHARE * total:
        candidates += [
            NumberStyle(decimal=decimal, prefix=sign),
            NumberStyle(decimal=decimal, thousands=True, prefix=sign),
        ]
    sign, n = lasts.most_common(1)[0]
    if sign and sign in CURRENCY_SIGNS + "%" and n >= NUMERIC_SHARE * total:
        candidates += [
            NumberStyle(decimal=decimal, suffix=sign),
            NumberStyle(decimal=decimal, thousands=True, suffix=sign),
        ]
    uniques = pd.Series(list(counts), dtype="str")
    weights = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    best, best_share = candidates[0], -1.0
    for style in candidates:
        share = float(weights[to_numbers(uniques, style).notna().to_numpy()].sum()) / total
        if share > best_share + 1e-12:
            best, best_share = style, share
    return best, best_share


def sample_values(col: pd.Series, size: int = SAMPLE_SIZE) -> list[str]:
    """Up to ``size`` non-missing values: the first half from the top, the rest spread out."""
    n = len(col)
    if n <= size:
        picked = col
    else:
        half = size // 2
        idx = np.unique(
            np.concatenate([np.arange(half), np.linspace(half, n - 1, half).astype(np.int64)])
        )
        picked = col.iloc[idx]
    values = picked.dropna()
    if len(values) < min(50, size) and n > size:
        present = col.dropna()
        if len(present) > len(values):
            values = present.iloc[:size]
    out = values.tolist()
    return out if isinstance(col.dtype, pd.StringDtype) else [str(v) for v in out]


def _fmt_count(n: int) -> str:
    return f"{n:,}"


def _marker_label(marker: str) -> str:
    return "blank cells" if marker.strip() == "" else f"cells with '{marker}'"


def _missing_notes(counts: dict[str, int], name: str) -> list[str]:
    notes = []
    for marker, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if count == 1:
            label = "1 blank cell" if marker.strip() == "" else f"1 cell with '{marker}'"
            notes.append(f"{label} in {name} was read as missing")
        else:
            notes.append(
                f"{_fmt_count(count)} {_marker_label(marker)} in {name} were read as missing"
            )
    return notes


def _merge_blank_counts(counts: pd.Series) -> dict[str, int]:
    merged: dict[str, int] = {}
    for value, count in counts.items():
        key = "" if str(value).strip() == "" else str(value)
        merged[key] = merged.get(key, 0) + int(count)
    return merged


def _examples(values: pd.Series, k: int = 3) -> str:
    uniq = pd.unique(values.to_numpy(dtype=object))[:k]
    return ", ".join(repr(str(v)) for v in uniq)


def clean_text_column(col: pd.Series, name: str, decimal: str = ".") -> tuple[pd.Series, list[str]]:
    """Apply the marker and number rules to one text column (str dtype, missing allowed).

    Returns the new column (numeric, or text with markers turned into missing) and warnings.
    """
    notes: list[str] = []
    counts = Counter(sample_values(col))
    if any(v != v.strip() for v in counts):
        col = col.str.strip()
        stripped: Counter[str] = Counter()
        for v, c in counts.items():
            stripped[v.strip()] += c
        counts = stripped
    values = Counter({v: c for v, c in counts.items() if v not in MISSING_MARKERS})
    if values:
        style, share = detect_style(values, decimal)
        if share >= NUMERIC_SHARE:
            converted, odd = _try_numeric(col, name, style, notes)
            sep = "." if decimal == "," else ","
            if (
                converted is None
                and not style.thousands
                and odd.str.contains(sep, regex=False).any()
            ):
                # Thousands separators too rare to be in the sample (only on the big values).
                wider = NumberStyle(decimal, True, style.prefix, style.suffix)
                converted, odd = _try_numeric(col, name, wider, notes)
            if converted is not None:
                return converted, notes
            _note_odd(style, name, odd, notes)
    return _apply_text_markers(col, name, notes), notes


def _try_numeric(
    col: pd.Series, name: str, style: NumberStyle, notes: list[str]
) -> tuple[pd.Series | None, pd.Series]:
    """(numbers, no odd values) when every value but the markers reads in ``style``;
    (None, the odd values) otherwise. Appends notes only on success."""
    numbers = to_numbers(col, style)
    failed = numbers.isna() & col.notna()
    if not failed.any():
        _note_style(style, name, notes)
        return numbers, col.iloc[:0]
    failed_values = col[failed]
    marker = find_markers(failed_values)
    odd = failed_values[~marker]
    if len(odd):
        blank = odd.str.strip() == ""
        odd = odd[~blank]
    if len(odd):
        return None, odd
    counts = _merge_blank_counts(failed_values.value_counts())
    notes.extend(_missing_notes(counts, name))
    _note_style(style, name, notes)
    return numbers, odd


def _note_odd(style: NumberStyle, name: str, odd: pd.Series, notes: list[str]) -> None:
    if len(odd):
        count = f"{_fmt_count(len(odd))} value{'s' if len(odd) != 1 else ''}"
        sign = style.prefix or style.suffix
        if sign:
            notes.append(
                f"Column '{name}' has numbers written with '{sign}' but also {count} that "
                f"{'are' if len(odd) != 1 else 'is'} not, such as {_examples(odd)}; "
                "it was kept as text"
            )
        else:
            notes.append(
                f"Column '{name}' is mostly numbers but also holds {count} that "
                f"{'are' if len(odd) != 1 else 'is'} not, such as {_examples(odd)}; "
                "it was kept as text"
            )


def _note_style(style: NumberStyle, name: str, notes: list[str]) -> None:
    if style.plain:
        return
    text = f"Column '{name}' had numbers stored as text with {style.describe()}; read as numbers"
    if style.suffix == "%":
        text += " (12% became 12)"
    notes.append(text)


def _apply_text_markers(col: pd.Series, name: str, notes: list[str]) -> pd.Series:
    present = find_markers(col)
    if not present.any():
        return col
    counts = col[present].value_counts()
    # Only values as short as the longest marker can look like one: look at those alone.
    longest = max(len(str(m)) for m in counts.index)
    others = col[~present & (col.str.len() <= longest).fillna(False).astype(bool)]
    uniques = pd.Series(others.dropna().unique()[:_UNIQUE_CAP], dtype="str")
    lengths = uniques.str.len()
    to_missing: list[str] = []
    missing_counts: dict[str, int] = {}
    for raw_value, count in counts.items():
        marker = str(raw_value)
        if marker.strip() == "":
            to_missing.append(marker)
            missing_counts[""] = missing_counts.get("", 0) + int(count)
            continue
        same_len = uniques[lengths == len(marker)]
        shape = value_shape(marker)
        look_alike = next((v for v in same_len.tolist() if value_shape(v) == shape), None)
        if look_alike is None:
            to_missing.append(marker)
            missing_counts[marker] = int(count)
        else:
            notes.append(
                f"'{marker}' in {name} was kept as a value, not read as missing: the column has "
                f"other values like it (such as '{look_alike}')"
            )
    if to_missing:
        col = col.mask(col.isin(to_missing))
        notes.extend(_missing_notes(missing_counts, name))
    return col
