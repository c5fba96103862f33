"""The guard that keeps unit tests hermetic: nothing outside tmp_path that the default
settings name (the repository's cache/, ../shared's real boundaries and postcodes) is
opened, listed or written while a unit test runs. tests/unit/conftest.py switches it on."""

from __future__ import annotations

import os
import sys

from geoapp.config import PROJECT_ROOT, Settings

#: Where the default settings point outside tmp_path: the repository's cache/ and
#: ../shared (the real boundaries and postcodes). Both spellings of each (as written and
#: with links resolved) so a path cannot slip past the guard through a symbolic link.
FORBIDDEN = tuple(
    sorted(
        {
            spelling
            for folder in (Settings().cache_dir, PROJECT_ROOT.parent / "shared")
            for spelling in (os.path.abspath(folder), os.path.realpath(folder))
        }
    )
)

#: Audit events that read, list or change a file, and where their path is in the arguments.
WATCHED_EVENTS = {
    "open": (0,),
    "os.listdir": (0,),
    "os.scandir": (0,),
    "os.mkdir": (0,),
    "os.rename": (0, 1),  # os.replace too
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.truncate": (0,),
    "os.utime": (0,),
    "os.chmod": (0,),
    "shutil.rmtree": (0,),
    "shutil.copyfile": (0, 1),
    "glob.glob": (0,),
}


class HermeticityError(RuntimeError):
    """A unit test reached outside tmp_path, into the repository's cache/ or ../shared."""


class HermeticGuard:
    """An audit hook (sys.addaudithook) that refuses, while a unit test runs, every file
    event under FORBIDDEN, and remembers each so the test fails even if the code under
    test swallowed the error. Audit hooks cannot be removed: it is switched on and off."""

    def __init__(self) -> None:
        self.active = False
        self.touched: list[str] = []
        sys.addaudithook(self.audit)

    def audit(self, event: str, args: tuple) -> None:
        """Raise HermeticityError if ``event`` touches a forbidden path while active."""
        if not self.active or event not in WATCHED_EVENTS:
            return
        for position in WATCHED_EVENTS[event]:
            if position < len(args) and isinstance(args[position], str | bytes | os.PathLike):
                path = os.path.abspath(os.fsdecode(args[position]))
                if any(path == root or path.startswith(root + os.sep) for root in FORBIDDEN):
                    self.touched.append(f"{event} {path}")
                    raise HermeticityError(f"a unit test touched {path} ({event})")


GUARD = HermeticGuard()
