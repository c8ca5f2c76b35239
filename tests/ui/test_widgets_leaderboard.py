"""LeaderboardModel: fills in fold by fold, baselines pinned on top, best contender highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.widgets.leaderboard_model import LeaderboardModel


def texts(model: LeaderboardModel) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def live_model() -> LeaderboardModel:
    model = LeaderboardModel()
    model.names = {"baseline": "No ML: always 'No'", "one_rule": "One-feature rule",
                   "linear": "Linear model", "boosting": "Gradient boosting"}
    model.clear(total_folds=3)
    for key, scores in (("baseline", [0.5, 0.5, 0.5]), ("one_rule", [0.70, 0.72, 0.74]),
                        ("linear", [0.84, 0.85]), ("boosting", [0.86])):
        for fold, score in enumerate(scores):
            model.add_metric(f"cv/{key}/roc_auc", score, fold)
    return model


def test_rows_fill_in_fold_by_fold(qapp):
    rows = texts(live_model())
    by_name = {r[0]: r for r in rows}
    assert by_name["Linear model"][1:3] == ["0.845 ± 0.005", "2 of 3"]
    assert by_name["Gradient boosting"][1:3] == ["0.860", "1 of 3"]
    assert by_name["One-feature rule"][3:] == ["–", "–"]


def test_baselines_are_pinned_on_top_and_the_rest_ranked(qapp):
    names = [r[0] for r in texts(live_model())]
    assert names == ["No ML: always 'No'", "One-feature rule", "Gradient boosting", "Linear model"]


def test_the_best_contender_is_highlighted_never_a_baseline(qapp):
    model = live_model()
    model.add_metric("cv/baseline/roc_auc", 0.99, 3)  # even a high baseline is not "best"
    best = model.best_row()
    assert best.name == "Gradient boosting"
    row = [r.name for r in model.rows()].index("Gradient boosting")
    assert model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(row, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_holdout_and_fit_seconds_arrive_as_metrics(qapp):
    model = live_model()
    model.add_metric("holdout/linear/roc_auc", 0.851, 0)
    model.add_metric("fit_seconds/linear", 0.42, 0)
    model.add_metric("something/else", 1.0, 0)  # ignored
    row = next(r for r in texts(model) if r[0] == "Linear model")
    assert row[3:] == ["0.851", "0.42"]


def test_the_final_leaderboard_replaces_the_live_rows(qapp):
    model = live_model()
    final = [
        {"model_id": 7, "name": "Blend of Linear model + Gradient boosting", "cv_score": 0.87,
         "cv_std": 0.01, "holdout_score": 0.86, "fit_seconds": 1.2, "is_baseline": False},
        {"model_id": 8, "name": "Linear model", "cv_score": 0.845, "cv_std": 0.005,
         "holdout_score": 0.85, "fit_seconds": 0.4, "is_baseline": False},
        {"model_id": 9, "name": "No ML: always 'No'", "cv_score": 0.5, "cv_std": 0.0,
         "holdout_score": 0.5, "fit_seconds": 0.1, "is_baseline": True},
    ]
    model.set_final(final, 3, {7: "blend", 8: "linear", 9: "baseline"})
    rows = texts(model)
    assert [r[0] for r in rows] == ["No ML: always 'No'", "Blend of Linear model + Gradient boosting",
                                    "Linear model"]
    assert rows[1][1:] == ["0.870 ± 0.010", "3 of 3", "0.860", "1.20"]
    assert rows[2][2] == "2 of 3"  # folds seen live are kept
    assert model.best_row().model_id == 7
