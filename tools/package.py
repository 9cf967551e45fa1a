"""Build the installable add-on: dist/write_practice.ankiaddon.

    python tools/package.py [--platform NAME ...] [--out FILE] [--vendor-dir DIR] [--wheel-cache DIR] [--source DIR]

NAME is one of: all (default: the four platforms of current Anki), windows-x64, macos-arm64,
macos-x64, linux-x64, local (the interpreter running this script; used by the tests), none (no
numpy: the add-on then keeps its cards self-graded and says why).

Steps: download the pinned numpy wheels from PyPI (cached in --wheel-cache; the four release wheels
are checked against pinned SHA-256 sums), unpack each into `<vendor-dir>/<python tag>-<platform
tag>/` without numpy's tests, f2py, type stubs and build-time files (the fresh vendor dir replaces
the old one), then zip the add-on's runtime files with the files at the zip root. Prints the size
of each part against the goals (package ≤ 50 MB with four platforms, stroke data ≤ 12 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

NUMPY_PIN = "2.4.6"
# Current Anki (25.07+) runs CPython 3.13 from its launcher on these platforms. macOS arm64 takes
# numpy's macOS 14 build (Apple Accelerate, 3 MB) rather than the macOS 11 one (OpenBLAS, 12 MB):
# with the latter the package would miss its 50 MB goal. Older macOS on Apple silicon then gets
# self-graded cards with a message naming the reason; docs/packaging.md says how to add the build.
ANKI_PYTHON = "3.13"
PLATFORMS: dict[str, str] = {
    "windows-x64": "win_amd64",
    "macos-arm64": "macosx_14_0_arm64",
    "macos-x64": "macosx_10_13_x86_64",
    "linux-x64": "manylinux_2_28_x86_64",
}
WHEEL_SHA256 = {
    "numpy-2.4.6-cp313-cp313-win_amd64.whl": "c4fc99836233ea196540b17ab0983aff60ed07941751930f5f4d05bc3b3b7359",
    "numpy-2.4.6-cp313-cp313-macosx_14_0_arm64.whl": "043191bfa8eab18c776647b62723ac9dddece59743b13f49b2016094129c2b3f",
    "numpy-2.4.6-cp313-cp313-macosx_10_13_x86_64.whl": "511dbaf848decaaaf4b4ca48032619fb3138710c4bf7da7617765edad1ef96b0",
    "numpy-2.4.6-cp313-cp313-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl": "a7830bab239b79cda9c08c2da014761cafb48da6150e1da17ac06283f43b6089",
}

# What the add-on needs at run time, relative to the repo root (which is the add-on folder).
RUNTIME_FILES = ("__init__.py", "manifest.json", "config.json", "config.md", "LICENSE", "user_files/README.txt")
RUNTIME_DIRS = ("writing", "web")
LEFT_OUT_NAMES = {"__pycache__", ".DS_Store", "meta.json"}
LEFT_OUT_SUFFIXES = (".pyc", ".pyo")

PACKAGE_GOAL_MB = 50
STROKE_DATA_GOAL_MB = 12
STROKE_DATA_DIR = "writing/data/"


class PackageError(Exception):
    """A step failed; the message says which and why."""


@dataclass(frozen=True)
class Wheel:
    path: Path
    python_tag: str
    platform_tags: tuple[str, ...]

    @property
    def folder_name(self) -> str:
        # The first tag is the least demanding (manylinux_2_27 before manylinux_2_28): writing/vendor.py
        # compares the running system against it.
        return f"{self.python_tag}-{self.platform_tags[0]}"


def parse_wheel_name(path: Path) -> Wheel:
    # name-version-pythontag-abitag-platformtags.whl (no build tag in numpy's wheels)
    parts = path.name[: -len(".whl")].split("-")
    if len(parts) != 5:
        raise PackageError(f"unexpected wheel file name {path.name}")
    return Wheel(path, parts[2], tuple(parts[4].split(".")))


def download_wheel(platform_name: str, cache: Path) -> Wheel:
    """The pinned numpy wheel for `platform_name` ("local" = this interpreter), from the cache or PyPI."""
    target = cache / platform_name
    target.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
           "--only-binary=:all:", "--no-deps", "--dest", str(target), f"numpy=={NUMPY_PIN}"]
    if platform_name != "local":
        cmd += ["--platform", PLATFORMS[platform_name], "--python-version", ANKI_PYTHON, "--implementation", "cp"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(target.glob(f"numpy-{NUMPY_PIN}-*.whl"))
    if proc.returncode != 0 or len(wheels) != 1:
        detail = "\n".join(line for line in proc.stderr.splitlines() if "is ignored" not in line)[-2000:]
        raise PackageError(f"could not download numpy {NUMPY_PIN} for {platform_name} (pip exit {proc.returncode}):\n{detail}")
    wheel = wheels[0]
    expected = WHEEL_SHA256.get(wheel.name)
    if platform_name != "local":
        actual = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if expected != actual:
            wheel.unlink()
            raise PackageError(f"{wheel.name}: SHA-256 {actual} does not match the pinned {expected}; deleted it")
    return parse_wheel_name(wheel)


def keep_from_wheel(name: str) -> bool:
    """Whether a file of the numpy wheel goes into the add-on: run-time code, libraries, licences."""
    path = PurePosixPath(name)
    parts = path.parts
    if name.endswith("/") or ".data" in parts[0]:
        return False  # folders; console scripts (f2py)
    if parts[0].endswith(".dist-info"):
        return path.name != "RECORD"  # RECORD would list files we leave out
    if "tests" in parts[:-1] or path.suffix in (".pyi", ".pxd") or path.name in ("py.typed", "conftest.py"):
        return False
    build_time_only = ("numpy/f2py/", "numpy/_pyinstaller/", "numpy/_core/include/", "numpy/_core/lib/",
                       "numpy/random/lib/", "numpy/random/_examples/")
    return not name.startswith(build_time_only)


def unpack_wheel(wheel: Wheel, vendor_dir: Path) -> Path:
    folder = vendor_dir / wheel.folder_name
    with zipfile.ZipFile(wheel.path) as archive:
        for info in archive.infolist():
            if keep_from_wheel(info.filename):
                archive.extract(info, folder)
    return folder


def smoke_test(folder: Path) -> None:
    """Import the unpacked numpy in an interpreter that sees no site-packages (`-S`): proves the
    stripping kept everything an import and the grader's kind of maths need."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import numpy as np; "
        "assert np.__file__.startswith(sys.argv[1]), np.__file__; "
        "a = np.linspace(0, 1, 30).reshape(10, 3); np.linalg.svd(a); np.linalg.lstsq(a, np.ones(10), rcond=None); "
        "print(np.__version__)"
    )
    proc = subprocess.run([sys.executable, "-S", "-B", "-c", code, str(folder)], capture_output=True, text=True)
    if proc.returncode != 0 or proc.stdout.strip() != NUMPY_PIN:
        raise PackageError(f"the unpacked numpy in {folder} does not import:\n{proc.stderr[-2000:]}")


def build_vendor(platform_names: list[str], vendor_dir: Path, cache: Path) -> list[Path]:
    if vendor_dir.exists():
        shutil.rmtree(vendor_dir)
    folders = []
    for name in platform_names:
        wheel = download_wheel(name, cache)
        folder = unpack_wheel(wheel, vendor_dir)
        if name == "local":
            smoke_test(folder)
        folders.append(folder)
    if folders:
        (vendor_dir / "README.txt").write_text(
            f"numpy {NUMPY_PIN} from PyPI (BSD-3-Clause; its licence and those of the libraries it bundles are in\n"
            f"each <folder>/numpy-{NUMPY_PIN}.dist-info/licenses/). One folder per Python and platform:\n"
            "writing/vendor.py puts the fitting one on sys.path when Anki has no numpy of its own.\n",
            encoding="utf-8",
        )
    return folders


def runtime_files(root: Path) -> list[tuple[Path, str]]:
    """(file, name in the zip) for everything the add-on needs at run time, sorted."""
    found: list[tuple[Path, str]] = []
    for name in RUNTIME_FILES:
        if (root / name).is_file():
            found.append((root / name, name))
    for top in RUNTIME_DIRS:
        for path in (root / top).rglob("*"):
            rel = path.relative_to(root)
            if path.is_file() and not (LEFT_OUT_NAMES & set(rel.parts)) and path.suffix not in LEFT_OUT_SUFFIXES:
                found.append((path, rel.as_posix()))
    return sorted(found, key=lambda item: item[1])


def copy_runtime_tree(dest: Path, root: Path = ROOT) -> Path:
    """The add-on's runtime files copied to `dest` (a folder Anki can load, like an installed copy;
    tests use it where the add-on writes into its own folder, e.g. meta.json)."""
    for path, name in runtime_files(root):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


def set_enabled(addon_folder: Path, enabled: bool) -> None:
    """Anki's own on/off switch for an installed add-on (its meta.json "disabled"), as the
    Add-ons window's Toggle Enabled leaves it; read at the next start."""
    meta_path = addon_folder / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    meta["disabled"] = not enabled
    meta_path.write_text(json.dumps(meta), encoding="utf-8")


def write_zip(out: Path, entries: list[tuple[Path, str]]) -> None:
    """Deterministic zip (fixed timestamps and order), files at the root as Anki expects."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(out.suffix + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, name in entries:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    partial.replace(out)


def size_report(out: Path, vendor_folders: list[Path]) -> list[str]:
    with zipfile.ZipFile(out) as archive:
        infos = archive.infolist()
    mb = 1024 * 1024

    def compressed(prefix: str) -> float:
        return sum(i.compress_size for i in infos if i.filename.startswith(prefix)) / mb

    total = out.stat().st_size / mb
    strokes = compressed(STROKE_DATA_DIR)
    lines = [f"  numpy {NUMPY_PIN} {f.name}: {compressed(f'vendor/{f.name}/'):.1f} MB" for f in vendor_folders]
    lines.append(f"  stroke data ({STROKE_DATA_DIR}): {strokes:.1f} MB (goal ≤ {STROKE_DATA_GOAL_MB} MB)"
                 + ("" if strokes <= STROKE_DATA_GOAL_MB else "  OVER GOAL"))
    lines.append(f"  add-on code and web files: {total - strokes - compressed('vendor/'):.1f} MB")
    four = len(vendor_folders) >= len(PLATFORMS)
    goal = f" (goal ≤ {PACKAGE_GOAL_MB} MB with the four platforms)" if four else ""
    over = "  OVER GOAL" if four and total > PACKAGE_GOAL_MB else ""
    lines.insert(0, f"wrote {out}: {total:.1f} MB, {len(infos)} files{goal}{over}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", action="append", choices=[*PLATFORMS, "all", "local", "none"],
                        help="numpy build(s) to bundle (repeatable; default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "write_practice.ankiaddon")
    parser.add_argument("--vendor-dir", type=Path, default=ROOT / "vendor", help="where numpy is unpacked (replaced)")
    parser.add_argument("--wheel-cache", type=Path, default=ROOT / ".cache" / "wheels")
    parser.add_argument("--source", type=Path, default=ROOT, help="add-on folder to package (default: this checkout)")
    opts = parser.parse_args(argv)
    chosen = opts.platform or ["all"]
    names = [p for c in chosen for p in (PLATFORMS if c == "all" else [] if c == "none" else [c])]
    names = list(dict.fromkeys(names))
    try:
        vendor_folders = build_vendor(names, opts.vendor_dir, opts.wheel_cache)
        entries = runtime_files(opts.source)
        if vendor_folders:
            entries += sorted(
                ((p, "vendor/" + p.relative_to(opts.vendor_dir).as_posix()) for p in opts.vendor_dir.rglob("*")
                 if p.is_file() and not LEFT_OUT_NAMES & set(p.parts) and p.suffix not in LEFT_OUT_SUFFIXES),
                key=lambda item: item[1],
            )
        write_zip(opts.out, entries)
    except (PackageError, OSError) as exc:
        print(f"package: {exc}", file=sys.stderr)
        return 1
    print("\n".join(size_report(opts.out, vendor_folders)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
