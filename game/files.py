"""Reading files that come from elsewhere (scenarios, saves, strategy scripts, settings): only
regular files, never blocking on a pipe or device, never more than a limit; and saying what
went wrong with a file or folder in words a student understands."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from game.i18n import N_

#: Folders whose files are made up by the system as they are read: never read one.
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


class NotRegular(OSError):
    """The path names a folder, pipe, device or system file, not a regular file."""


class TooLarge(OSError):
    """The file is larger than the limit it is read with."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"the file is {size} bytes; the limit is {limit}")
        self.size = size
        self.limit = limit


def is_system_file(path: str | Path) -> bool:
    """Whether `path` (once links are followed) lies in /proc, /sys or /dev."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return True
    return any(real == f or real.startswith(f + os.sep) for f in SYSTEM_FOLDERS)


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. NotRegular for anything else
    (checked on the open file, so a file swapped for a pipe meanwhile cannot block),
    TooLarge when it is larger, or the OSError of opening or reading it."""
    if is_system_file(path):
        raise NotRegular(errno.EINVAL, "a system file, not a regular file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except ValueError as exc:  # a NUL in the name
        raise NotRegular(errno.EINVAL, str(exc)) from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(len(raw), limit)
    return raw


def is_regular_file(path: str | Path) -> bool:
    """Whether `path` is an existing regular file outside the system folders (False for any
    error: a name too long, a folder that cannot be entered, a loop of links)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode) and not is_system_file(path)
    except (OSError, ValueError):
        return False


_REASONS = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.ENOTDIR: N_("a file stands where a folder should be"),
    errno.EEXIST: N_("a file stands where a folder should be"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ENOENT: N_("it does not exist"),
    errno.EISDIR: N_("it is a folder"),
    errno.ELOOP: N_("its links go round in a circle"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = N_("the disk is full")


def reason(exc: OSError) -> str:
    """Why an operation on a file failed, in plain English (translate it with `t`)."""
    if isinstance(exc, (NotRegular, TooLarge)):
        return exc.strerror or str(exc)
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(path: object) -> str:
    """A file name as it can be printed anywhere: bytes that are not UTF-8 (a Latin-1 name
    from an unzipped Windows archive) and control characters (which a terminal would obey)
    become the replacement character �."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROLS.sub("\ufffd", text)


def shown(path: object, limit: int = 80) -> str:
    """A file name as a message shows it: printable, at most `limit` characters (the end,
    which names the file)."""
    text = printable(path)
    return text if len(text) <= limit else "…" + text[-limit:]
