"""Models load only through skops with an explicit trusted-type list; pickles are refused."""

import io
import pickle  # noqa: TID251 - the test writes a pickle to prove it is refused

import numpy as np
import pytest
import skops.io as sio
from sklearn.ensemble import VotingClassifier

from engine.candidates import CANDIDATES
from engine.model_io import UntrustedModel, load_model, model_to_bytes
from engine.reporter import RecordingReporter
from tests.engine.helpers import churn_like, prepared


@pytest.mark.parametrize("key", sorted(CANDIDATES))
def test_every_candidate_round_trips_through_skops_with_identical_output(key, tmp_path):
    frame = churn_like(200)
    frame["signed"] = "2024-01-0" + (frame.index % 9 + 1).astype(str)
    features, y, classes, schema, recipe = prepared(frame.drop(columns=["signed"]), "Churn", "binary")
    model = CANDIDATES[key].build(schema, recipe, "binary", len(features), 0).fit(features, y)
    path = tmp_path / "model.skops"
    path.write_bytes(model_to_bytes(model))
    loaded = load_model(path)
    # Forests sum trees in thread order, so allow for the last bit of float rounding.
    np.testing.assert_allclose(loaded.predict_proba(features), model.predict_proba(features),
                               rtol=0, atol=1e-12)


def test_a_blend_round_trips_too(tmp_path):
    features, y, classes, schema, recipe = prepared(churn_like(200), "Churn", "binary")
    members = [(k, CANDIDATES[k].build(schema, recipe, "binary", 200, 0)) for k in ("linear", "boosting")]
    blend = VotingClassifier(members, voting="soft").fit(features, y)
    path = tmp_path / "blend.skops"
    path.write_bytes(model_to_bytes(blend))
    assert (load_model(path).predict(features) == blend.predict(features)).all()


def test_a_pickle_from_outside_is_refused(tmp_path):
    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps({"not": "a model"}))
    with pytest.raises(UntrustedModel, match="not a FirstWin model file"):
        load_model(path)


def test_a_skops_file_with_untrusted_types_is_refused(tmp_path):
    path = tmp_path / "model.skops"
    path.write_bytes(sio.dumps({"reporter": RecordingReporter}))
    with pytest.raises(UntrustedModel, match="does not trust"):
        load_model(path)


def test_garbage_bytes_are_refused_with_words(tmp_path):
    path = tmp_path / "model.skops"
    path.write_bytes(io.BytesIO(b"\x00garbage" * 10).getvalue())
    with pytest.raises(UntrustedModel):
        load_model(path)
