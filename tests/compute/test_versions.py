"""A cluster must run the same Python and libraries as this computer; differences in words."""

from __future__ import annotations

from engine.compute.cluster import version_mismatches

HERE = {"python": "3.11.7.final.0", "scikit-learn": "1.9.1", "numpy": "2.4.6",
        "pandas": "3.1.1", "firstwin": "0.1.0"}


def report(**workers: dict) -> dict:
    return {"client": {"packages": HERE},
            "workers": {name: {"packages": {**HERE, **changes}} for name, changes in workers.items()}}


def test_the_same_versions_everywhere_match():
    assert version_mismatches(report(a={}, b={"python": "3.11.9.final.0"})) == []


def test_a_different_scikit_learn_or_python_minor_is_named_with_its_worker():
    found = version_mismatches(report(a={"scikit-learn": "1.5.2"}, b={"python": "3.12.1.final.0"}))
    assert found == ["scikit-learn 1.5.2 on a, 1.9.1 here", "Python 3.12 on b, 3.11 here"]


def test_firstwin_missing_on_a_worker_is_named():
    assert version_mismatches(report(a={"firstwin": None})) == ["firstwin is not installed on a"]


def test_a_worker_that_did_not_report_is_named():
    versions = report(a={})
    versions["workers"]["b"] = {"error": "timed out"}
    assert version_mismatches(versions) == ["worker b did not report its versions"]
