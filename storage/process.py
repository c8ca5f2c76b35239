"""Whether a process id names a live process, without harming it."""

from __future__ import annotations

import os


def pid_alive(pid: int | None) -> bool:
    """True if a process with this id is running (a reused pid also counts as alive)."""
    if not pid or pid < 0:
        return False
    if os.name == "nt":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        # It exists but belongs to another user.
        return True
    return True


def _pid_alive_windows(pid: int) -> bool:
    # On Windows os.kill(pid, 0) calls TerminateProcess: it would kill the process it asks about.
    import ctypes

    process_query_limited_information = 0x1000
    still_active = 259
    error_access_denied = 5
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return kernel32.GetLastError() == error_access_denied
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
