"""Print the README's quality-vs-peers tables from benchmarks/results/train_vs_peers_*.json.

    python -m benchmarks.peer_tables

One holdout table per budget that has a result file (test score next to the best peer, wall
time next to PyCaret's, FLAML's own run if the file has one), then one 5-fold CV table: the
best model's CV mean ± std per budget, taken from the budget's ``_cv5`` file where there is
one, else from its plain file where that run already used 5 folds.
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BUDGETS = ("quick", "standard", "thorough")
METRIC_WORDS = {"roc_auc": "ROC-AUC", "r2": "R²", "balanced_accuracy": "bal. accuracy"}


def load(budget: str, suffix: str = "") -> dict | None:
    path = RESULTS / f"train_vs_peers_{budget}{suffix}.json"
    return json.loads(path.read_text()) if path.exists() else None


def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.4f}".replace("-", "−")


def holdout_table(result: dict) -> list[str]:
    with_flaml = any(row.get("flaml") for row in result["rows"])
    head = ("| dataset | metric | FirstWin | best peer | gap | FirstWin train s | PyCaret s | ratio |"
            + (" FLAML 60 s (here) | FLAML s |" if with_flaml else ""))
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for row in result["rows"]:
        peer = "—" if row["best_peer"] is None else (
            f"{row['best_peer']:.3f} ({', '.join(row['best_peer_names'])})")
        cells = [row["dataset"], METRIC_WORDS[row["metric"]], f"{row['score']:.4f}", peer,
                 signed(row["gap_to_best_peer"]), f"{row['train_seconds']:.1f}",
                 "—" if row["pycaret_seconds"] is None else str(row["pycaret_seconds"]),
                 "—" if row["time_vs_pycaret"] is None else f"{row['time_vs_pycaret']:.2f}"]
        if with_flaml:
            flaml = row.get("flaml") or {}
            cells += ["—" if flaml.get("score") is None else f"{flaml['score']:.4f}",
                      "—" if flaml.get("seconds") is None else f"{flaml['seconds']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def cv5_rows(budget: str) -> dict[str, dict]:
    """Per dataset, the budget's 5-fold run: the ``_cv5`` file first, else a plain 5-fold run."""
    rows: dict[str, dict] = {}
    for suffix in ("", "_cv5"):
        result = load(budget, suffix)
        for row in (result or {}).get("rows", []):
            if row.get("folds") == 5:
                rows[row["dataset"]] = row
    return rows


def cv_table() -> list[str]:
    by_budget = {b: cv5_rows(b) for b in BUDGETS}
    budgets = [b for b in BUDGETS if by_budget[b]]
    names = list(dict.fromkeys(n for b in budgets for n in by_budget[b]))
    head = "| dataset | metric | " + " | ".join(f"{b} (5-fold)" for b in budgets) + " | peers' CV |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name in names:
        metric = next(by_budget[b][name]["metric"] for b in budgets if name in by_budget[b])
        cells = [name, METRIC_WORDS[metric]]
        for budget in budgets:
            row = by_budget[budget].get(name)
            cells.append("—" if row is None else f"{row['cv_score']:.4f} ± {row['cv_std']:.4f}")
        cells.append("—")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    for budget in BUDGETS:
        result = load(budget)
        if result is None:
            continue
        machine = result["machine"]
        load_avg = (f"; load {machine['loadavg_start'][0]:.2f} → {machine['loadavg_end'][0]:.2f}"
                    if machine.get("loadavg_end") else "")
        if result.get("complete") is False:
            load_avg += "; unfinished: the datasets below only"
        print(f"### {budget.capitalize()} budget vs peers (`train_vs_peers_{budget}.json`{load_avg})\n")
        print("\n".join(holdout_table(result)) + "\n")
        print("best models: " + "; ".join(f"{r['dataset']} {r['best_model']}" for r in result["rows"])
              + "\n")
    print("### 5-fold CV (the run's own folds; best model, mean ± std over the folds)\n")
    print("\n".join(cv_table()))


if __name__ == "__main__":
    main()
