"""The spec is plain data: it round-trips through JSON and rejects what cannot run."""

import pytest

from engine.spec import ColumnStep, DataSource, Recipe, RunSpec, SpecError


def test_spec_round_trips_through_json_with_its_recipe():
    spec = RunSpec(project="P", data=DataSource(path="x.csv", delimiter=";"), target="y",
                   task="binary", recipe=Recipe([ColumnStep("a", kind="categorical", encode="onehot")]))
    again = RunSpec.from_json(spec.to_json())
    assert again == spec


def test_unknown_keys_are_rejected_so_typos_do_not_pass_silently():
    with pytest.raises(SpecError, match="budgte"):
        RunSpec.from_dict({"target": "y", "budgte": "quick"})


@pytest.mark.parametrize("raw, field", [
    ({"task": "clustering"}, "task"),
    ({"budget": "huge"}, "budget"),
    ({"validation": {"folds": 1}}, "folds"),
    ({"validation": {"scheme": "group"}}, "group_column"),
])
def test_invalid_values_name_the_field_to_fix(raw, field):
    with pytest.raises(SpecError, match=field):
        RunSpec.from_dict(raw)
