"""The leaderboard: one row per candidate, the no-ML baselines pinned on top.

It fills in live from the engine's metrics (``cv/<key>/<metric>`` per fold,
``holdout/<key>/<metric>``, ``fit_seconds/<key>``) and is replaced by the final, stored
leaderboard when the run ends. The best row that is not a baseline is highlighted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication

HEADERS = ("Model", "CV score", "Folds", "Holdout", "Fit (s)")
# "No ML" first, then the one-feature rule: the plainest reference on top.
BASELINE_ORDER = ("baseline", "one_rule")
HIGHLIGHT = QColor(0, 114, 178, 40)  # the Okabe–Ito blue of the charts, faint
_Index = QModelIndex | QPersistentModelIndex


@dataclass
class LeaderRow:
    """One candidate's numbers so far."""

    key: str
    name: str
    is_baseline: bool
    fold_scores: dict[int, float] = field(default_factory=dict)
    holdout: float | None = None
    fit_seconds: float | None = None
    cv_score: float | None = None  # set by the final leaderboard; else the mean of folds
    cv_std: float | None = None
    model_id: int | None = None
    final_folds: int | None = None  # folds of the stored result, when no live folds were seen

    def folds_done(self) -> int:
        return len(self.fold_scores) if self.fold_scores else (self.final_folds or 0)

    def score(self) -> float | None:
        if self.cv_score is not None:
            return self.cv_score
        finite = [s for s in self.fold_scores.values() if math.isfinite(s)]
        return sum(finite) / len(finite) if finite else None

    def std(self) -> float | None:
        if self.cv_std is not None:
            return self.cv_std
        finite = [s for s in self.fold_scores.values() if math.isfinite(s)]
        if len(finite) < 2:
            return None
        mean = sum(finite) / len(finite)
        return math.sqrt(sum((s - mean) ** 2 for s in finite) / len(finite))


class LeaderboardModel(QAbstractTableModel):
    """Candidates as rows: baselines first (in arrival order), then best CV score first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[LeaderRow] = []
        self._by_key: dict[str, LeaderRow] = {}
        self.total_folds = 0
        self.names: dict[str, str] = {}  # key -> display name, for rows that appear live
        self.baseline_keys: set[str] = {"baseline", "one_rule"}

    # --- live updates --------------------------------------------------------------------
    def clear(self, total_folds: int = 0) -> None:
        self.beginResetModel()
        self._rows, self._by_key = [], {}
        self.total_folds = total_folds
        self.endResetModel()

    def add_metric(self, key: str, value: float, step: int) -> None:
        """Fold in one engine metric; keys that are not per-candidate are ignored."""
        parts = key.split("/")
        if parts[0] == "cv" and len(parts) == 3:
            self._row(parts[1]).fold_scores[step] = value
        elif parts[0] == "holdout" and len(parts) == 3:
            self._row(parts[1]).holdout = value
        elif parts[0] == "fit_seconds" and len(parts) == 2:
            self._row(parts[1]).fit_seconds = value
        else:
            return
        self._resort()

    def set_final(self, leaderboard: list[dict], total_folds: int | None = None,
                  keys: dict[int, str] | None = None) -> None:
        """Replace everything by the stored leaderboard (``RunOutcome.leaderboard()``).

        ``keys`` maps model ids to candidate keys, so fold scores seen live are kept.
        """
        live = self._by_key
        self.beginResetModel()
        self._rows, self._by_key = [], {}
        if total_folds is not None:
            self.total_folds = total_folds
        for entry in leaderboard:
            key = (keys or {}).get(entry.get("model_id"), "") or f"model-{entry.get('model_id')}"
            previous = live.get(key)
            row = LeaderRow(
                key=key, name=entry["name"], is_baseline=bool(entry["is_baseline"]),
                fold_scores=dict(previous.fold_scores) if previous else {},
                holdout=entry.get("holdout_score"), fit_seconds=entry.get("fit_seconds"),
                cv_score=entry.get("cv_score"), cv_std=entry.get("cv_std"),
                model_id=entry.get("model_id"),
            )
            if not row.fold_scores and row.cv_score is not None:
                row.final_folds = self.total_folds
            self._rows.append(row)
            self._by_key[key] = row
        self._rows = _ordered(self._rows)
        self.endResetModel()

    def rows(self) -> list[LeaderRow]:
        return list(self._rows)

    def best_row(self) -> LeaderRow | None:
        """The best candidate that is not a baseline (None if none has a score yet)."""
        scored = [r for r in self._rows if not r.is_baseline and r.score() is not None]
        return max(scored, key=lambda r: r.score()) if scored else None

    # --- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        best = self.best_row()
        if role == Qt.ItemDataRole.BackgroundRole and best is row:
            return QBrush(HIGHLIGHT)
        if role == Qt.ItemDataRole.FontRole and (best is row or row.is_baseline):
            font = QFont(QApplication.font())
            font.setBold(best is row)
            font.setItalic(row.is_baseline)  # baselines read as reference lines, not contenders
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            if row.is_baseline:
                return "A no-ML baseline: every model is measured against it."
            return "The best model so far." if best is row else None
        return None

    def _text(self, row: LeaderRow, column: int) -> str:
        if column == 0:
            return row.name
        if column == 1:
            score, std = row.score(), row.std()
            if score is None:
                return "…"
            return f"{score:.3f} ± {std:.3f}" if std is not None else f"{score:.3f}"
        if column == 2:
            total = self.total_folds or row.folds_done()
            return f"{row.folds_done()} of {total}" if total else "–"
        if column == 3:
            return "–" if row.holdout is None or not math.isfinite(row.holdout) else f"{row.holdout:.3f}"
        return "–" if row.fit_seconds is None else f"{row.fit_seconds:.2f}"

    # --- helpers --------------------------------------------------------------------------------
    def _row(self, key: str) -> LeaderRow:
        row = self._by_key.get(key)
        if row is None:
            name = self.names.get(key) or ("Blend of the best models" if key == "blend" else key)
            row = LeaderRow(key, name, key in self.baseline_keys)
            self._by_key[key] = row
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
            self._rows.append(row)
            self.endInsertRows()
        return row

    def _resort(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._rows = _ordered(self._rows)
        self.layoutChanged.emit()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))


def _ordered(rows: list[LeaderRow]) -> list[LeaderRow]:
    """Baselines on top ("No ML" first); the rest by score, unscored last (stable)."""
    order = {key: i for i, key in enumerate(BASELINE_ORDER)}
    baselines = sorted((r for r in rows if r.is_baseline), key=lambda r: order.get(r.key, len(order)))
    others = [r for r in rows if not r.is_baseline]
    others.sort(key=lambda r: -(r.score() if r.score() is not None else -math.inf))
    return baselines + others


_HEADER_TIPS = (
    "The candidate model; no-ML baselines are pinned on top.",
    "Average score over the cross-validation folds ± how much it varied (higher is better).",
    "Cross-validation folds finished.",
    "Score on rows held back from training until the end (higher is better).",
    "Seconds to fit the final model.",
)
