"""Opening a bundle refuses anything unsafe or malformed, says why, and writes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import pickle  # noqa: TID251 - the tests write pickles to prove they are refused
import stat
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from engine import bundle_reader
from engine.analysis.record import evaluate_model_version
from engine.bundle import find_project, write_bundle
from engine.bundle_import import open_bundle
from engine.bundle_reader import BundleRefused
from engine.reporter import RecordingReporter
from storage import Store
from tests.engine.ship_support import train


@pytest.fixture(scope="module")
def members(tmp_path_factory) -> dict[str, bytes]:
    """The members of a good bundle, by name."""
    folder = tmp_path_factory.mktemp("good")
    with Store.open(folder / "workspace") as store:
        models = train(store, project="Churn")
        evaluate_model_version(store, models[0])
        path = write_bundle(store, find_project(store, "Churn"), folder / "good.firstwin").path
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "target") as opened:
        yield opened


def build(path: Path, members: dict[str, bytes], *, manifest: bool = True,
          links: tuple[str, ...] = ()) -> Path:
    """Write a bundle of ``members``; with ``manifest``, list them all with their real hashes."""
    files = {n: b for n, b in members.items() if n != "manifest.json"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
        if manifest:
            listing = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                       for n, b in files.items()}
            header = json.loads(members["manifest.json"])
            archive.writestr("manifest.json", json.dumps({**header, "files": listing}))
        elif "manifest.json" in members:
            archive.writestr("manifest.json", members["manifest.json"])
    return path


def artifact(members: dict[str, bytes], suffix: str = ".skops") -> str:
    return next(n for n in members if n.startswith("artifacts/") and n.endswith(suffix))


def swap_member(members: dict[str, bytes], old: str, data: bytes) -> dict[str, bytes]:
    """Replace member ``old`` with ``data`` under its content hash, re-pointing the rows."""
    new = f"artifacts/{hashlib.sha256(data).hexdigest()}{Path(old).suffix}"
    changed = {n: b for n, b in members.items() if n != old}
    changed[new] = data
    changed["rows.json"] = members["rows.json"].replace(old.encode(), new.encode())
    return changed


def extra(members: dict[str, bytes], data: bytes, suffix: str) -> dict[str, bytes]:
    """``members`` with one more artifact, named for its content."""
    return {**members, f"artifacts/{hashlib.sha256(data).hexdigest()}{suffix}": data}


def npy(array: np.ndarray, **options) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, **options)
    return buffer.getvalue()


def swap_model(members: dict[str, bytes], data: bytes) -> dict[str, bytes]:
    """Replace one model file with ``data``, renamed and re-pointed so only its content is wrong."""
    return swap_member(members, artifact(members), data)


def assert_refused(store: Store, path: Path, words: str) -> None:
    with pytest.raises(BundleRefused, match=words):
        open_bundle(store, path)
    assert store.projects() == [] and store.events() == []
    for kind in ("datasets", "artifacts"):
        assert list((store.workspace / kind).iterdir()) == []


def test_a_good_bundle_opens(members, store, tmp_path):
    assert {".skops", ".json", ".npy"} <= {Path(n).suffix for n in members}
    assert open_bundle(store, build(tmp_path / "ok.firstwin", members)).created


@pytest.mark.parametrize("data, words", [
    (b"{not json", "not valid JSON"),
    (b'{"text": "\xff\xfe"}', "not valid JSON"),
    (b"[1, 2, 3]", "not a JSON object"),
])
def test_an_evaluation_that_is_not_a_json_object_is_refused(members, store, tmp_path, data, words):
    bundle = build(tmp_path / "b.firstwin", swap_member(members, artifact(members, ".json"), data))
    assert_refused(store, bundle, words)


def test_an_evaluation_larger_than_the_cap_is_refused(members, store, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_reader, "MAX_JSON", 10)
    assert_refused(store, build(tmp_path / "b.firstwin", members), "too large for an evaluation")


def test_an_npy_holding_a_pickled_object_is_refused(members, store, tmp_path):
    pickled = npy(np.array([{"run": "code"}], dtype=object), allow_pickle=True)
    bundle = build(tmp_path / "b.firstwin", swap_member(members, artifact(members, ".npy"), pickled))
    assert_refused(store, bundle, "not a plain .npy array")


def test_a_pickle_named_like_an_npy_file_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", extra(members, pickle.dumps([1.0, 2.0]), ".npy"))
    assert_refused(store, bundle, "not a plain .npy array")


def test_an_npy_of_text_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", extra(members, npy(np.array(["a", "b"])), ".npy"))
    assert_refused(store, bundle, "not a numeric .npy array")


@pytest.mark.parametrize("suffix", [".py", ".txt", ".npz", ".JSON"])
def test_an_artifact_with_an_unexpected_suffix_is_refused(members, store, tmp_path, suffix):
    bundle = build(tmp_path / "b.firstwin", extra(members, b"print('hello')", suffix))
    assert_refused(store, bundle, "not a file FirstWin bundles")


def test_a_batch_artifact_that_is_not_parquet_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", extra(members, b"not parquet", ".parquet"))
    assert_refused(store, bundle, "not a Parquet file")


def test_rows_pointing_an_evaluation_at_a_model_file_are_refused(members, store, tmp_path):
    rows = json.loads(members["rows.json"])
    rows["evaluations"][0]["artifact_path"] = artifact(members)
    bundle = build(tmp_path / "b.firstwin", {**members, "rows.json": json.dumps(rows).encode()})
    assert_refused(store, bundle, "not a .json file")


def test_a_path_escaping_the_target_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", {**members, "../evil.parquet": b"PAR1"})
    assert_refused(store, bundle, "points outside")


def test_an_absolute_path_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", {**members, "/tmp/evil.parquet": b"PAR1"})
    assert_refused(store, bundle, "points outside")


def test_a_windows_path_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", {**members, "..\\evil.parquet": b"PAR1"})
    assert_refused(store, bundle, "points outside")


def test_a_symlink_member_is_refused(members, store, tmp_path):
    name = artifact(members)
    bundle = build(tmp_path / "b.firstwin", members, links=(name,))
    assert_refused(store, bundle, "symbolic link")


def test_a_member_whose_sha256_does_not_match_the_manifest_is_refused(members, store, tmp_path):
    good = build(tmp_path / "good.firstwin", members)
    with zipfile.ZipFile(good) as archive:
        manifest = archive.read("manifest.json")
    dataset = next(n for n in members if n.startswith("datasets/"))
    tampered = {**members, dataset: members[dataset][:-9] + b"x" + members[dataset][-8:],
                "manifest.json": manifest}
    assert_refused(store, build(tmp_path / "b.firstwin", tampered, manifest=False),
                   "does not match the sha256")


def test_a_pickle_member_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", {**members, "artifacts/model.pkl": pickle.dumps(1)})
    assert_refused(store, bundle, "a pickle")


def test_a_pickle_named_like_a_skops_model_is_refused(members, store, tmp_path):
    bundle = build(tmp_path / "b.firstwin", swap_model(members, pickle.dumps({"not": "skops"})))
    assert_refused(store, bundle, "is a pickle, not a skops model")


def test_a_skops_model_with_untrusted_types_is_refused(members, store, tmp_path):
    untrusted = sio.dumps({"reporter": RecordingReporter})
    bundle = build(tmp_path / "b.firstwin", swap_model(members, untrusted))
    assert_refused(store, bundle, "does not trust")


def test_a_zip_bomb_member_is_refused(members, store, tmp_path):
    zeros = b"\0" * (8 << 20)
    name = f"datasets/{hashlib.sha256(zeros).hexdigest()}.parquet"
    bundle = build(tmp_path / "b.firstwin", {**members, name: zeros})
    assert_refused(store, bundle, "zip bomb")


def test_a_bundle_larger_than_the_total_cap_is_refused(members, store, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_reader, "MAX_TOTAL", 10_000)
    assert_refused(store, build(tmp_path / "b.firstwin", members), "too large")


def test_a_member_larger_than_its_manifest_says_is_refused(members, store, tmp_path):
    listing = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
               for n, b in members.items() if n != "manifest.json"}
    listing["rows.json"]["size"] = 10
    manifest = json.dumps({**json.loads(members["manifest.json"]), "files": listing}).encode()
    bundle = build(tmp_path / "b.firstwin", {**members, "manifest.json": manifest}, manifest=False)
    assert_refused(store, bundle, "larger than declared")


def test_a_missing_manifest_is_refused(members, store, tmp_path):
    without = {n: b for n, b in members.items() if n != "manifest.json"}
    assert_refused(store, build(tmp_path / "b.firstwin", without, manifest=False), "no manifest")


@pytest.mark.parametrize("manifest, words", [
    (b"{not json", "not valid JSON"),
    (b'{"format": "something else", "files": {}}', "not a FirstWin manifest"),
    (b'{"format": "firstwin-bundle", "version": 1, "schema_version": 2, "files": {"rows.json": "x"}}',
     "malformed"),
])
def test_a_malformed_manifest_is_refused(members, store, tmp_path, manifest, words):
    bundle = build(tmp_path / "b.firstwin", {**members, "manifest.json": manifest}, manifest=False)
    assert_refused(store, bundle, words)


def test_a_member_the_manifest_does_not_list_is_refused(members, store, tmp_path):
    extra = {**members, "datasets/" + "0" * 64 + ".parquet": b"PAR1"}
    bundle = build(tmp_path / "b.firstwin", extra, manifest=False)
    assert_refused(store, bundle, "does not list")


def test_a_listed_member_that_is_missing_is_refused(members, store, tmp_path):
    name = artifact(members)
    listing = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
               for n, b in members.items() if n != "manifest.json"}
    manifest = json.dumps({**json.loads(members["manifest.json"]), "files": listing}).encode()
    without = {n: b for n, b in members.items() if n != name}
    bundle = build(tmp_path / "b.firstwin", {**without, "manifest.json": manifest}, manifest=False)
    assert_refused(store, bundle, "not in the bundle")


def test_malformed_rows_are_refused(members, store, tmp_path):
    rows = json.loads(members["rows.json"])
    del rows["events"]
    bundle = build(tmp_path / "b.firstwin", {**members, "rows.json": json.dumps(rows).encode()})
    assert_refused(store, bundle, "rows are malformed")


def test_a_file_that_is_not_a_zip_is_refused(store, tmp_path):
    (tmp_path / "b.firstwin").write_bytes(b"hello, not a zip")
    assert_refused(store, tmp_path / "b.firstwin", "not a readable FirstWin bundle")
