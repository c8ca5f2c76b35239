"""Class names that are spellings of one another: "Yes", "yes", "Y ", "YES." are one class.

``near_duplicate_classes`` proposes merges; nothing is changed until the user accepts one
(``merge_annotations`` turns an accepted proposal into annotations). Spellings are grouped when
they differ only in upper/lower case, surrounding spaces, trailing punctuation or separators
("no_churn", "No churn"), when they are common spellings of yes or no ("Y", "true", "1"),
or, for names of five letters or more, by one typing slip among letters ("Chruned"), and
only when the slip is rare next to the name it resembles. Classes that merely look alike,
such as "Male" and "Female" or "<=50K" and ">50K", are not merged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

YES = frozenset({"yes", "y", "true", "t", "1"})
NO = frozenset({"no", "n", "false", "f", "0"})
TYPO_MIN_LENGTH = 5
TYPO_MAX_SHARE = 0.2  # a typing slip has at most this many rows per row of the right name
_TRAILING = re.compile(r"[\s.,;:!?]+$")
_SEPARATORS = re.compile(r"[\s_\-]+")


def near_duplicate_classes(labels: Iterable) -> list[dict]:
    """Proposed merges, largest first: ``{"into", "merge", "rows", "reason"}``.

    ``labels`` are raw target values (a column, a list); missing values are ignored. ``into``
    is the most frequent spelling of its group (on a tie, the cleanest), ``merge`` the other
    spellings (most frequent first) and ``rows`` how many rows would change.
    """
    counts = _counts(labels)
    groups: dict[str, list[str]] = {}
    for label in counts:
        groups.setdefault(_key(label), []).append(label)
    merged = _join_typos(list(groups.values()), counts)
    proposals = [_proposal(group, counts) for group in merged if len(group) > 1]
    return sorted(proposals, key=lambda p: (-p["rows"], p["into"]))


def merge_annotations(frame: pd.DataFrame, target: str, proposal: dict) -> list[dict]:
    """Annotations that carry out one proposal: every row spelled as in ``merge`` gets ``into``."""
    spelled = frame[target].map(lambda v: None if _missing(v) else str(v))
    hits = spelled.isin(set(proposal["merge"])).to_numpy().nonzero()[0]
    return [{"row": int(i), "label": proposal["into"]} for i in hits]


def _counts(labels: Iterable) -> Counter:
    """How often each spelling occurs, missing values left out (counted by pandas: a Python
    loop over a 50,000-row column took 100 ms on the GUI thread)."""
    values = labels if isinstance(labels, pd.Series) else pd.Series(list(labels), dtype=object)
    spelled = values[values.notna()].astype(str).value_counts(sort=False)
    return Counter({str(label): int(n) for label, n in spelled.items()})


def _missing(value) -> bool:
    return value is None or bool(pd.isna(value))


def _plain(label: str) -> str:
    """Lower case, no surrounding spaces or trailing punctuation, one space between words."""
    text = _TRAILING.sub("", label.strip().lower())
    return _SEPARATORS.sub(" ", text).strip()


def _key(label: str) -> str:
    plain = _number_text(_plain(label))
    if plain in YES:
        return "\0yes"
    if plain in NO:
        return "\0no"
    return plain


def _number_text(plain: str) -> str:
    """ "1.0" and "1" are one number; other text is left alone."""
    try:
        number = float(plain)
    except ValueError:
        return plain
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else plain


def _join_typos(groups: list[list[str]], counts: Counter) -> list[list[str]]:
    """Join a rare group into a much larger one when their names are one letter slip apart."""
    groups = sorted(groups, key=lambda g: -_rows(g, counts))
    for small in reversed(range(len(groups))):
        for large in range(small):
            if _is_typo_of(groups[small], groups[large], counts):
                groups[large].extend(groups[small])
                del groups[small]
                break
    return groups


def _rows(group: list[str], counts: Counter) -> int:
    return sum(counts[label] for label in group)


def _is_typo_of(rare: list[str], common: list[str], counts: Counter) -> bool:
    if _rows(rare, counts) > TYPO_MAX_SHARE * _rows(common, counts):
        return False
    a, b = _plain(rare[0]), _plain(common[0])
    if min(len(a), len(b)) < TYPO_MIN_LENGTH or a.startswith("\0") or b.startswith("\0"):
        return False
    return _one_letter_slip(a, b)


def _one_letter_slip(a: str, b: str) -> bool:
    """True if one letter was added, dropped, changed or swapped with its neighbour."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        tail_a, tail_b = a[i + 1:], b[i + 1:]
        if tail_a == tail_b:
            return a[i].isalpha() and b[i].isalpha() and not _lone_letter(a, i)
        swapped = a[i + 1:i + 2] == b[i:i + 1] and a[i:i + 1] == b[i + 1:i + 2]
        return swapped and a[i + 2:] == b[i + 2:] and a[i].isalpha() and b[i].isalpha()
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:] and longer[i].isalpha() and not _lone_letter(longer, i)


def _lone_letter(text: str, i: int) -> bool:
    """True if the letter at ``i`` is a word on its own ("type a" and "type b" differ)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _proposal(group: list[str], counts: Counter) -> dict:
    # Ties go to a clean spelling (no stray spaces or punctuation), then the fuller one ("Yes"
    # before "Y"), then capitals first.
    ordered = sorted(group, key=lambda label: (
        -counts[label], _TRAILING.sub("", label.strip()) != label, -len(label), label))
    into, merge = ordered[0], ordered[1:]
    return {
        "into": into,
        "merge": merge,
        "rows": sum(counts[label] for label in merge),
        "reason": _reason(into, merge),
    }


def _reason(into: str, merge: list[str]) -> str:
    names = [repr(label) for label in merge]
    shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    verb = "looks like another spelling" if len(names) == 1 else "look like other spellings"
    why = [_difference(into, label) for label in merge]
    kinds = sorted(set(why), key=why.index)
    return f"{shown} {verb} of {into!r}: {'; '.join(kinds)}."


def _difference(into: str, other: str) -> str:
    if _plain(into) == _plain(other):
        return "only capitals, spaces, separators or trailing punctuation differ"
    if _number_text(_plain(into)) == _number_text(_plain(other)):
        return "the same number written differently"
    if _key(into) in ("\0yes", "\0no"):
        return "common ways to write " + ("yes" if _key(into) == "\0yes" else "no")
    return "one letter apart and rare, probably a typing slip"
