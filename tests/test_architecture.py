"""The layer rules of ARCHITECTURE.md hold by themselves: ui → engine → storage, no Qt below ui."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_are_kept():
    command = shutil.which("lint-imports")
    if command is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [command, "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_engine_and_storage_import_without_qt():
    code = (
        "import sys, engine.runner, engine.export, engine.registry, storage\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_top_level_holds_only_the_rooms_of_the_architecture():
    allowed = {
        "main.py", "ui", "engine", "storage", "tests", "resources", "pyproject.toml",
        "README.md", ".ci", "benchmarks", "docs", ".git", ".gitignore",
    }
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    top = {name.split("/")[0] for name in tracked}
    assert top <= allowed, sorted(top - allowed)
