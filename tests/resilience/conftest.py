"""Resilience tests: the ``slow`` marker, for long variants that run only with FIRSTWIN_SLOW=1."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a long variant, run only when FIRSTWIN_SLOW=1")
