"""Versions of the libraries a model depends on, recorded with it and pinned in its package."""

from __future__ import annotations

import platform
from importlib import metadata

PACKAGE_LIBRARIES = ("scikit-learn", "skops", "pandas", "numpy", "scipy")


def library_versions() -> dict[str, str]:
    """Python and the installed version of each library a model package needs."""
    versions = {"python": platform.python_version()}
    for name in PACKAGE_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions
