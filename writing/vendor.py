"""Making numpy importable inside Anki, which does not ship it.

The package carries numpy wheels unpacked per interpreter and platform under
`vendor/<python tag>-<platform tag>/` (built by tools/package.py). The order of preference:

1. a numpy that already imports (Anki's own runtime or another add-on put one on the path):
   two copies of numpy in one process clash, so an existing one always wins;
2. the vendored folder that fits this interpreter and platform;
3. none: grading stays off, the cards are self-graded, and `load_numpy()` says why, once.

At start-up `prepare()` only looks (importlib's `find_spec`, a directory listing) and at most
appends one folder to `sys.path`; numpy itself is imported by `load_numpy()`, when grading
first needs it. Nothing here raises into the caller.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "vendor"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Host:
    """What decides which wheel fits: the interpreter and the operating system."""

    python_tag: str  # "cp313"
    system: str  # sys.platform: "win32", "darwin", "linux"
    machine: str  # normalised: "x86_64", "arm64", "aarch64"
    macos: tuple[int, ...] | None = None  # (14, 5) on macOS
    glibc: tuple[int, ...] | None = None  # (2, 36) on glibc Linux, None on musl

    def describe(self) -> str:
        extra = ""
        if self.macos:
            extra = f" macOS {'.'.join(map(str, self.macos))}"
        elif self.system == "linux":
            extra = f" glibc {'.'.join(map(str, self.glibc))}" if self.glibc else " (not glibc)"
        return f"Python {self.python_tag} on {self.system} {self.machine}{extra}"


@dataclass(frozen=True)
class VendorChoice:
    folder: Path | None  # the vendored folder to use, or None
    reason: str  # why this folder, or why none fits
    numpy_found: bool = False  # a numpy was already findable, so no folder was needed


@dataclass(frozen=True)
class NumpyStatus:
    ok: bool
    source: str  # "existing", "vendored", or "" when not loaded
    version: str
    message: str  # one human line: where numpy came from, or why grading is off


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def current_host() -> Host:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "aarch64", "arm64": "arm64"}.get(machine, machine)
    if sys.platform == "darwin" and machine == "aarch64":
        machine = "arm64"
    implementation = "cp" if sys.implementation.name == "cpython" else sys.implementation.name
    macos = None
    glibc = None
    if sys.platform == "darwin":
        macos = _version_tuple(platform.mac_ver()[0]) or None
    elif sys.platform.startswith("linux"):
        try:
            libc = os.confstr("CS_GNU_LIBC_VERSION") or ""  # "glibc 2.36"; absent on musl
        except (ValueError, OSError, AttributeError):
            libc = ""
        glibc = _version_tuple(libc) if libc.startswith("glibc") else None
    return Host(
        python_tag=f"{implementation}{sys.version_info.major}{sys.version_info.minor}",
        system="linux" if sys.platform.startswith("linux") else sys.platform,
        machine=machine,
        macos=macos,
        glibc=glibc,
    )


# Legacy manylinux names and the glibc they stand for (PEP 600).
_LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


def platform_fits(platform_tag: str, host: Host) -> bool:
    """Whether a wheel platform tag (e.g. `macosx_14_0_arm64`) runs on `host`."""
    if platform_tag == "win_amd64":
        return host.system == "win32" and host.machine == "x86_64"
    if platform_tag == "win_arm64":
        return host.system == "win32" and host.machine == "arm64"
    mac = re.fullmatch(r"macosx_(\d+)_(\d+)_(\w+)", platform_tag)
    if mac:
        arch = mac.group(3)
        arch_ok = host.machine == arch or (arch == "universal2" and host.machine in ("arm64", "x86_64"))
        return host.system == "darwin" and arch_ok and host.macos is not None and host.macos >= (int(mac.group(1)), int(mac.group(2)))
    linux = re.fullmatch(r"(manylinux_(\d+)_(\d+)|manylinux1|manylinux2010|manylinux2014)_(\w+)", platform_tag)
    if linux:
        needed = (int(linux.group(2)), int(linux.group(3))) if linux.group(2) else _LEGACY_MANYLINUX[linux.group(1)]
        return host.system == "linux" and host.machine == linux.group(4) and host.glibc is not None and host.glibc >= needed
    return False


def choose_folder(folder_names: list[str], host: Host, vendor_dir: Path = VENDOR_DIR) -> VendorChoice:
    """The vendored folder (named `<python tag>-<platform tag>`) that fits `host`, or why none does."""
    if not folder_names:
        return VendorChoice(None, "this copy of the add-on carries no numpy (vendor/ is missing or empty)")
    fitting = []
    for name in sorted(folder_names):
        python_tag, _, platform_tag = name.partition("-")
        if python_tag == host.python_tag and platform_fits(platform_tag, host):
            fitting.append(name)
    if not fitting:
        return VendorChoice(
            None,
            f"none of the bundled numpy builds ({', '.join(sorted(folder_names))}) fits {host.describe()}",
        )
    # Several fit (e.g. macOS 11 and 14 builds): the one needing the newest OS is built for it.
    best = max(fitting, key=lambda name: _version_tuple(name.partition("-")[2]))
    return VendorChoice(vendor_dir / best, f"bundled numpy {best}")


def _vendored_folder_names(vendor_dir: Path) -> list[str]:
    try:
        return [entry.name for entry in vendor_dir.iterdir() if entry.is_dir() and "-" in entry.name]
    except OSError:
        return []


_choice: VendorChoice | None = None
_status: NumpyStatus | None = None


def prepare(vendor_dir: Path = VENDOR_DIR) -> VendorChoice:
    """Start-up step: if no numpy is findable, put the fitting vendored folder on `sys.path`.
    Cheap: imports nothing. Safe to call more than once."""
    global _choice
    if _choice is not None:
        return _choice
    try:
        found = "numpy" in sys.modules or importlib.util.find_spec("numpy") is not None
    except (ImportError, ValueError):
        found = False
    if found:
        _choice = VendorChoice(None, "numpy is already available", numpy_found=True)
        return _choice
    _choice = choose_folder(_vendored_folder_names(vendor_dir), current_host(), vendor_dir)
    if _choice.folder is not None and str(_choice.folder) not in sys.path:
        # Appended, not prepended: the folder holds only numpy, so it shadows nothing.
        sys.path.append(str(_choice.folder))
    return _choice


def _forget_numpy_modules() -> None:
    for name in [m for m in sys.modules if m == "numpy" or m.startswith("numpy.")]:
        del sys.modules[name]


def load_numpy(vendor_dir: Path = VENDOR_DIR) -> NumpyStatus:
    """Import numpy once (call this before importing `writing.grading`). Never raises.

    If a numpy found on the path fails to import (e.g. another add-on's build for another Python),
    the vendored one is tried instead. A failure is logged once; the caller shows `message` once
    and keeps the cards self-graded."""
    global _status
    if _status is None:
        _status = _import_numpy(prepare(vendor_dir), vendor_dir)
        if not _status.ok:
            log.warning("%s", _status.message)
    return _status


def loaded_status() -> NumpyStatus | None:
    """What `load_numpy()` found, or None if nothing has needed numpy yet."""
    return _status


def _try_import(source: str) -> NumpyStatus:
    try:
        numpy = importlib.import_module("numpy")
    except Exception as exc:  # a broken binary raises more than ImportError
        _forget_numpy_modules()
        return NumpyStatus(False, "", "", f"{type(exc).__name__}: {exc}")
    return NumpyStatus(True, source, numpy.__version__, f"grading uses numpy {numpy.__version__} ({source})")


def _import_numpy(choice: VendorChoice, vendor_dir: Path) -> NumpyStatus:
    attempt = _try_import("vendored" if choice.folder is not None else "existing")
    if attempt.ok:
        return attempt
    if choice.numpy_found:
        fallback = choose_folder(_vendored_folder_names(vendor_dir), current_host(), vendor_dir)
        if fallback.folder is None:
            why = f"the numpy on the path did not import ({attempt.message}), and {fallback.reason}"
        else:
            sys.path.insert(0, str(fallback.folder))  # ahead of the broken one
            retry = _try_import("vendored")
            if retry.ok:
                return NumpyStatus(True, retry.source, retry.version, f"{retry.message}; the numpy on the path did not import ({attempt.message})")
            why = f"neither the numpy on the path ({attempt.message}) nor the {fallback.reason} imports ({retry.message})"
    elif choice.folder is not None:
        why = f"the {choice.reason} did not import ({attempt.message})"
    else:
        why = choice.reason
    return NumpyStatus(False, "", "", f"Write Practice cannot load numpy, so writing cards are self-graded: {why}")
