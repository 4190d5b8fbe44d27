"""Writing data files: whole or not at all (every writer of data/ goes through `write_atomic`).

The content goes to a temporary file beside the target, is flushed to disk, and is then put in
place in one step: a reader sees the old file or the new one, never half of one. With
`exclusive=True` the target must not exist: the temporary file is hard-linked to the target's
name, which fails if another writer got there first (a check with exists() then a write would
let two writers clobber each other).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: str | bytes, *, exclusive: bool = False) -> Path:
    """Write `data` (text is written as UTF-8) to `path` atomically; FileExistsError when
    `exclusive` and the file exists."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() and not exclusive else 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if exclusive:
            _link_exclusive(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def _link_exclusive(tmp: Path, path: Path) -> None:
    """Give the finished file its name only if the name is free (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: claim the name exclusively, then replace it whole
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        os.replace(tmp, path)
