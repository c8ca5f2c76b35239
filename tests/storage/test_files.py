"""Content-addressed, atomic file storage."""

from __future__ import annotations

import hashlib
import os

import pytest

from storage import StoredFile, StoreError


def temp_files(store):
    return [
        p for kind in ("datasets", "artifacts") for p in (store.workspace / kind).glob(".tmp-*")
    ]


def test_put_file_copies_under_its_sha256_with_the_suffix(store, tmp_path):
    src = tmp_path / "data.csv"
    src.write_bytes(b"a,b\n1,2\n")
    stored = store.put_file(src, "datasets", ".csv")
    digest = hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert stored == StoredFile(path=f"datasets/{digest}.csv", sha256=digest, size=8)
    assert store.path_of(stored.path).read_bytes() == b"a,b\n1,2\n"
    assert src.exists()


def test_put_file_accepts_a_string_path_and_large_files(store, tmp_path):
    data = os.urandom(3 * (1 << 20) + 17)  # more than one copy chunk
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    stored = store.put_file(str(src), "artifacts")
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.path == f"artifacts/{stored.sha256}"


def test_same_content_twice_is_one_file_and_no_temp_is_left(store, tmp_path):
    src = tmp_path / "data.csv"
    src.write_bytes(b"x\n1\n")
    first = store.put_file(src, "datasets", ".csv")
    second = store.put_bytes(b"x\n1\n", "datasets", ".csv")
    assert first == second
    assert [p.name for p in (store.workspace / "datasets").iterdir()] == [f"{first.sha256}.csv"]
    assert temp_files(store) == []


def test_put_bytes_stores_in_memory_data(store):
    stored = store.put_bytes(b"model bytes", "artifacts", ".skops")
    assert store.path_of(stored.path).read_bytes() == b"model bytes"
    assert stored.size == len(b"model bytes")


def test_put_bytes_of_nothing_is_the_empty_file(store):
    stored = store.put_bytes(b"", "artifacts")
    assert stored.sha256 == hashlib.sha256(b"").hexdigest()
    assert store.path_of(stored.path).read_bytes() == b""


def test_a_write_that_fails_leaves_neither_temp_nor_final_file(store, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        store.put_bytes(b"never lands", "artifacts", ".skops")
    assert list((store.workspace / "artifacts").iterdir()) == []


@pytest.mark.parametrize("kind", ["models", "", "../datasets"])
def test_an_unknown_kind_is_refused(store, kind):
    with pytest.raises(StoreError, match="datasets or artifacts"):
        store.put_bytes(b"x", kind)


@pytest.mark.parametrize("suffix", ["csv", "/../x", ".a/b", ". csv"])
def test_a_suffix_that_is_not_a_plain_extension_is_refused(store, suffix):
    with pytest.raises(StoreError, match="not a file suffix"):
        store.put_bytes(b"x", "datasets", suffix)


def test_a_multi_part_suffix_is_kept(store):
    assert store.put_bytes(b"x", "artifacts", ".tar.gz").path.endswith(".tar.gz")


def test_put_file_of_a_missing_source_raises_store_error(store, tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        store.put_file(tmp_path / "missing.csv", "datasets")


def test_path_of_resolves_inside_the_workspace_and_refuses_escapes(store):
    assert store.path_of("datasets/abc.csv") == store.workspace / "datasets" / "abc.csv"
    with pytest.raises(StoreError, match="outside the workspace"):
        store.path_of("../secrets.txt")
    with pytest.raises(StoreError, match="outside the workspace"):
        store.path_of("/etc/passwd")
