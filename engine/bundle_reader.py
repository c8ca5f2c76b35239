"""Read a ``.firstwin`` bundle from someone else, trusting nothing in it.

Every member is checked before anything reaches the workspace: names (no absolute paths, no
``..``, no backslashes: nothing can land outside the target), kinds (no symlinks, no
directories, no encrypted members), sizes (declared and actually read, per member and in
total, and the compression ratio: zip bombs), the manifest (present, well-formed, listing
exactly the members), every sha256, and every file's content: Parquet starts as Parquet, models
are skops with FirstWin's trusted types (pickles refused), evaluations are UTF-8 JSON objects of
bounded size (data, never code), out-of-fold outputs are numeric .npy arrays that load with
``allow_pickle=False``. Members are extracted under numbered names in a scratch folder, never under
their own names. Any failure raises ``BundleRefused``, which says what was wrong.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from engine.bundle import FORMAT, FORMAT_VERSION, MANIFEST, ROWS
from engine.errors import UserError
from storage.migrations import MIGRATIONS

MAX_TOTAL = 2 << 30  # bytes, all members together
MAX_MEMBERS = 10_000
MAX_MANIFEST = 16 << 20
MAX_JSON = 64 << 20  # bytes, one evaluation
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1 << 20
_MEMBER = re.compile(
    r"rows\.json|datasets/[0-9a-f]{64}\.parquet|artifacts/[0-9a-f]{64}\.(skops|json|npy|parquet)"
)
_PICKLE = re.compile(r"\.(pkl|pickle|joblib|dill|pt|pth|sav)$", re.IGNORECASE)
_HINT = "Ask for the bundle again, exported by FirstWin; this file was not opened."


class BundleRefused(UserError):
    """The bundle is not safe or not well-formed; nothing was imported."""

    def __init__(self, message: str, hint: str = _HINT) -> None:
        super().__init__(message, hint)


@dataclass
class OpenedBundle:
    """A checked bundle: its manifest, its rows, and its members extracted to scratch files."""

    manifest: dict
    rows: dict
    files: dict[str, Path]  # member name -> verified scratch copy (rows.json excluded)


def read_bundle(path: str | Path, scratch: Path) -> OpenedBundle:
    """Check the bundle at ``path`` and extract it into ``scratch`` (an empty folder)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise UserError(f"{path} does not exist.", "Give the path of a .firstwin file.")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _check_listing(archive.infolist())
            manifest = _read_manifest(archive, infos)
            listed = manifest["files"]
            for name in sorted(set(infos) - {MANIFEST} - set(listed)):
                raise BundleRefused(f"The bundle holds {name!r}, which its manifest does not list.")
            for name in sorted(set(listed) - set(infos)):
                raise BundleRefused(f"The manifest lists {name!r}, which is not in the bundle.")
            extracted = {
                name: _extract(archive, infos[name], listed[name], scratch / f"member-{i}")
                for i, name in enumerate(sorted(listed))
            }
    except zipfile.BadZipFile as error:
        raise BundleRefused(f"{path.name} is not a readable FirstWin bundle (zip): {error}.") from None
    rows = _read_rows(extracted.pop(ROWS))
    for name, file in extracted.items():
        _check_content(name, file)
    return OpenedBundle(manifest, rows, extracted)


def _check_listing(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > MAX_MEMBERS:
        raise BundleRefused(f"The bundle has {len(infos):,} members; at most {MAX_MEMBERS:,} are allowed.")
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BundleRefused(f"The bundle member {name!r} is a symbolic link; links are refused.")
        if info.is_dir():
            raise BundleRefused(f"The bundle member {name!r} is a folder; bundles hold files only.")
        if info.flag_bits & 0x1:
            raise BundleRefused(f"The bundle member {name!r} is encrypted.")
        if name in by_name:
            raise BundleRefused(f"The bundle holds {name!r} twice.")
        total += info.file_size
        if info.file_size > MAX_TOTAL or total > MAX_TOTAL:
            raise BundleRefused(f"The bundle unpacks to more than {MAX_TOTAL:,} bytes; refused as "
                                "too large (or a zip bomb).")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleRefused(f"The bundle member {name!r} expands {info.file_size // max(info.compress_size, 1):,} "
                                "times; refused as a zip bomb.")
        by_name[name] = info
    return by_name


def _check_name(name: str) -> None:
    posix = PurePosixPath(name)
    if (not name or "\\" in name or "\x00" in name or posix.is_absolute()
            or re.match(r"^[A-Za-z]:", name) or ".." in posix.parts):
        raise BundleRefused(f"The bundle member {name!r} points outside the folder it would be "
                            "unpacked into (absolute path or '..'); refused.")
    if _PICKLE.search(name):
        raise BundleRefused(f"The bundle holds {name!r}, a pickle: pickles can run code when "
                            "loaded, so FirstWin refuses them.")


def _read_manifest(archive: zipfile.ZipFile, infos: dict) -> dict:
    if MANIFEST not in infos:
        raise BundleRefused(f"The bundle has no {MANIFEST}; it was not made by FirstWin.")
    if infos[MANIFEST].file_size > MAX_MANIFEST:
        raise BundleRefused(f"The bundle's {MANIFEST} is too large.")
    try:
        with archive.open(MANIFEST) as handle:
            manifest = json.loads(handle.read(MAX_MANIFEST + 1))
    except (ValueError, UnicodeDecodeError) as error:
        raise BundleRefused(f"The bundle's {MANIFEST} is not valid JSON: {error}.") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if (not isinstance(files, dict) or manifest.get("format") != FORMAT
            or not isinstance(manifest.get("version"), int)
            or not isinstance(manifest.get("schema_version"), int)):
        raise BundleRefused(f"The bundle's {MANIFEST} is not a FirstWin manifest.")
    if manifest["version"] > FORMAT_VERSION or manifest["schema_version"] > len(MIGRATIONS):
        raise UserError("The bundle was made by a newer FirstWin.", "Update FirstWin to open it.")
    for name, entry in files.items():
        if (not isinstance(entry, dict) or not isinstance(entry.get("size"), int)
                or not re.fullmatch(r"[0-9a-f]{64}", str(entry.get("sha256")))):
            raise BundleRefused(f"The manifest entry for {name!r} is malformed.")
        _check_name(name)
        if not _MEMBER.fullmatch(name):
            raise BundleRefused(f"The bundle holds {name!r}, which is not a file FirstWin bundles.")
    if ROWS not in files:
        raise BundleRefused(f"The bundle has no {ROWS}.")
    return manifest


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict, target: Path) -> Path:
    """Copy one member to ``target``, counting and hashing; refuse any surprise."""
    limit = min(info.file_size, entry["size"])
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise BundleRefused(f"The bundle member {info.filename!r} is larger than declared; "
                                    "refused (possible zip bomb).")
            digest.update(chunk)
            out.write(chunk)
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise BundleRefused(f"The bundle member {info.filename!r} does not match the sha256 in "
                            "its manifest: it was changed or damaged after the bundle was made.")
    stem = PurePosixPath(info.filename).stem
    if info.filename != ROWS and stem != entry["sha256"]:
        raise BundleRefused(f"The bundle member {info.filename!r} is named for other content.")
    return target


def _read_rows(path: Path) -> dict:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BundleRefused(f"The bundle's {ROWS} is not valid JSON: {error}.") from None
    if not isinstance(rows, dict):
        raise BundleRefused(f"The bundle's {ROWS} is not a set of tables.")
    return rows


def _check_content(name: str, file: Path) -> None:
    head = _head(file)
    if name.endswith(".parquet"):
        if head != b"PAR1":
            raise BundleRefused(f"The bundle member {name!r} is not a Parquet file.")
        return
    if name.endswith(".json"):
        _check_json(name, file)
        return
    if name.endswith(".npy"):
        _check_npy(name, file)
        return
    if head[:1] == b"\x80":
        raise BundleRefused(f"The bundle member {name!r} is a pickle, not a skops model: pickles "
                            "can run code when loaded, so FirstWin refuses them.")
    from engine.model_io import UntrustedModel, check_model_file  # skops: only when needed

    try:
        check_model_file(file)
    except UntrustedModel as error:
        raise BundleRefused(f"The bundle member {name!r} was refused: {error.message}") from None


def _check_json(name: str, file: Path) -> None:
    """An evaluation: a JSON object, read as data only."""
    if file.stat().st_size > MAX_JSON:
        raise BundleRefused(f"The bundle member {name!r} is larger than {MAX_JSON:,} bytes; "
                            "refused as too large for an evaluation.")
    try:
        value = json.loads(file.read_bytes().decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise BundleRefused(f"The bundle member {name!r} is not valid JSON: {error}.") from None
    if not isinstance(value, dict):
        raise BundleRefused(f"The bundle member {name!r} is not a JSON object.")


def _check_npy(name: str, file: Path) -> None:
    """Out-of-fold outputs: a numeric array; numpy refuses pickled content with allow_pickle=False."""
    import numpy as np  # only when needed

    try:
        array = np.load(file, allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise BundleRefused(f"The bundle member {name!r} is not a plain .npy array (pickled or "
                            f"damaged content is refused): {error}.") from None
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "biuf":
        raise BundleRefused(f"The bundle member {name!r} is not a numeric .npy array.")


def _head(file: Path) -> bytes:
    with file.open("rb") as handle:
        return handle.read(4)
