"""The .ankiaddon package (tools/package.py) and the numpy it carries (writing/vendor.py).

The vendored numpy is checked for real: the package is built for this interpreter, unpacked, and
imported by an interpreter started with `-S` (no site-packages, so no numpy but the bundled one),
the way Anki's own runtime, which has no numpy, would import it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import package
from writing import vendor

pytestmark = pytest.mark.anki_independent

ROOT = Path(__file__).resolve().parent.parent
WHEEL_CACHE = ROOT / ".cache" / "wheels"


def _build(tmp: Path, *platforms: str) -> tuple[Path, Path, str]:
    out = tmp / "write_practice.ankiaddon"
    args = [f"--platform={p}" for p in platforms]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "package.py"), *args, "--out", str(out),
         "--vendor-dir", str(tmp / "vendor"), "--wheel-cache", str(WHEEL_CACHE)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return out, tmp / "vendor", proc.stdout


def _build_unpacked(tmp: Path, platform: str):
    """The package for `platform`, also unpacked as Anki would: (file, folder, build output)."""
    out, _, stdout = _build(tmp, platform)
    unpacked = tmp / "addon"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(unpacked)
    return out, unpacked, stdout


@pytest.fixture(scope="module")
def local_package(tmp_path_factory):
    return _build_unpacked(tmp_path_factory.mktemp("local-package"), "local")


@pytest.fixture(scope="module")
def numpyless_package(tmp_path_factory):
    return _build_unpacked(tmp_path_factory.mktemp("no-numpy-package"), "none")


def _run_without_site_packages(addon_root: Path, code: str, extra_path: Path | None = None) -> dict:
    """Run `code` (which sets `result`) with only the stdlib, the add-on and `extra_path` importable."""
    prelude = (
        "import sys, json\n"
        f"sys.path.insert(0, {str(addon_root)!r})\n"
        + (f"sys.path.insert(0, {str(extra_path)!r})\n" if extra_path else "")
        + "from writing import vendor\n"
    )
    proc = subprocess.run([sys.executable, "-S", "-B", "-c", prelude + code + "\nprint(json.dumps(result))"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ the package's contents


def test_package_has_the_addon_at_the_zip_root(local_package):
    out, _, _ = local_package
    names = zipfile.ZipFile(out).namelist()
    for required in ("__init__.py", "manifest.json", "config.json", "config.md", "LICENSE",
                     "writing/strokes.py", "writing/vendor.py", "writing/data/ja.strokes", "writing/data/zh.strokes",
                     "writing/data/licenses/KanjiVG-CC-BY-SA-3.0.txt", "writing/data/licenses/MakeMeAHanzi-ARPHICPL.txt",
                     "web/write_practice.js", "web/write_practice.css", "vendor/README.txt"):
        assert required in names, required
    assert json.loads(zipfile.ZipFile(out).read("manifest.json"))["package"] == "write_practice"


def test_package_leaves_out_dev_files(local_package):
    out, _, _ = local_package
    names = zipfile.ZipFile(out).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops <= {"__init__.py", "manifest.json", "config.json", "config.md", "LICENSE", "user_files", "writing", "web", "vendor"}
    offenders = [n for n in names if "__pycache__" in n or n.endswith((".pyc", "meta.json"))]
    assert offenders == []
    assert [n for n in names if n.startswith("user_files/")] == ["user_files/README.txt"]


def test_vendored_numpy_is_stripped_but_licensed(local_package):
    out, _, _ = local_package
    names = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("vendor/")]
    folder = f"vendor/{vendor.current_host().python_tag}-"
    assert any(n.startswith(folder) for n in names), names[:5]
    assert [n for n in names if "/tests/" in n or "/f2py/" in n or n.endswith((".pyi", ".pxd"))] == []
    assert any(n.endswith(f"numpy-{package.NUMPY_PIN}.dist-info/licenses/LICENSE.txt") for n in names)
    assert any("numpy/_core/_multiarray_umath." in n for n in names)  # the compiled core is there


def test_package_prints_its_size(local_package):
    _, _, stdout = local_package
    assert "write_practice.ankiaddon:" in stdout and " MB" in stdout
    assert "stroke data (writing/data/):" in stdout


@pytest.mark.parametrize(
    "name, kept",
    [
        ("numpy/_core/_multiarray_umath.cpython-313-x86_64-linux-gnu.so", True),
        ("numpy/linalg/_linalg.py", True),
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", True),
        ("numpy-2.4.6.dist-info/licenses/LICENSE.txt", True),
        ("numpy-2.4.6.dist-info/RECORD", False),
        ("numpy/_core/tests/test_umath.py", False),
        ("numpy/f2py/crackfortran.py", False),
        ("numpy/__init__.pyi", False),
        ("numpy/py.typed", False),
        ("numpy/random/_bounded_integers.pxd", False),
        ("numpy/_core/include/numpy/ndarraytypes.h", False),
        ("numpy/_pyinstaller/hook-numpy.py", False),
        ("numpy-2.4.6.data/scripts/f2py", False),
    ],
    ids=["extension", "module", "bundled-blas", "licence", "record", "tests", "f2py", "stub", "typed-marker",
         "cython-decl", "c-headers", "pyinstaller-hook", "console-script"],
)
def test_what_of_a_wheel_is_kept(name, kept):
    assert package.keep_from_wheel(name) is kept


def test_unknown_platform_is_refused():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "package.py"), "--platform", "amiga"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "invalid choice: 'amiga'" in proc.stderr


def test_the_four_platform_package_meets_its_size_goals(tmp_path):
    out, vendor_dir, stdout = _build(tmp_path, "all")
    folders = sorted(p.name for p in vendor_dir.iterdir() if p.is_dir())
    assert folders == ["cp313-macosx_10_13_x86_64", "cp313-macosx_14_0_arm64", "cp313-manylinux_2_27_x86_64", "cp313-win_amd64"]
    infos = zipfile.ZipFile(out).infolist()
    strokes = sum(i.compress_size for i in infos if i.filename.startswith("writing/data/"))
    assert out.stat().st_size <= 50 * 1024 * 1024, stdout
    assert strokes <= 12 * 1024 * 1024, stdout
    assert "OVER GOAL" not in stdout


def test_package_build_is_reproducible(tmp_path):
    first, _, _ = _build(tmp_path / "a", "none")
    second, _, _ = _build(tmp_path / "b", "none")
    assert first.read_bytes() == second.read_bytes()


# ------------------------------------------------------------------ choosing the vendored folder

HOSTS = {
    "windows": vendor.Host("cp313", "win32", "x86_64"),
    "mac-arm-15": vendor.Host("cp313", "darwin", "arm64", macos=(15, 1)),
    "mac-arm-13": vendor.Host("cp313", "darwin", "arm64", macos=(13, 6)),
    "mac-intel-12": vendor.Host("cp313", "darwin", "x86_64", macos=(12, 7)),
    "linux-glibc-2.36": vendor.Host("cp313", "linux", "x86_64", glibc=(2, 36)),
    "linux-glibc-2.17": vendor.Host("cp313", "linux", "x86_64", glibc=(2, 17)),
    "linux-musl": vendor.Host("cp313", "linux", "x86_64", glibc=None),
    "linux-arm": vendor.Host("cp313", "linux", "aarch64", glibc=(2, 36)),
    "python-3.12": vendor.Host("cp312", "linux", "x86_64", glibc=(2, 36)),
}
RELEASE_FOLDERS = ["cp313-win_amd64", "cp313-macosx_14_0_arm64", "cp313-macosx_10_13_x86_64", "cp313-manylinux_2_27_x86_64"]


@pytest.mark.parametrize(
    "host, expected",
    [
        ("windows", "cp313-win_amd64"),
        ("mac-arm-15", "cp313-macosx_14_0_arm64"),
        ("mac-arm-13", None),
        ("mac-intel-12", "cp313-macosx_10_13_x86_64"),
        ("linux-glibc-2.36", "cp313-manylinux_2_27_x86_64"),
        ("linux-glibc-2.17", None),
        ("linux-musl", None),
        ("linux-arm", None),
        ("python-3.12", None),
    ],
    ids=list(HOSTS),
)
def test_the_release_folder_for_each_host(host, expected, tmp_path):
    choice = vendor.choose_folder(RELEASE_FOLDERS, HOSTS[host], tmp_path)
    assert (choice.folder.name if choice.folder else None) == expected
    if expected is None:
        assert HOSTS[host].describe() in choice.reason  # the message names what did not fit


@pytest.mark.parametrize(
    "host, expected",
    [("mac-arm-15", "cp313-macosx_14_0_arm64"), ("mac-arm-13", "cp313-macosx_11_0_arm64")],
    ids=["newest-build-the-os-allows", "older-os-gets-older-build"],
)
def test_with_two_macos_builds_the_newest_that_runs_wins(host, expected, tmp_path):
    choice = vendor.choose_folder(["cp313-macosx_11_0_arm64", "cp313-macosx_14_0_arm64"], HOSTS[host], tmp_path)
    assert choice.folder == tmp_path / expected


@pytest.mark.parametrize("tag", ["manylinux2014_x86_64", "manylinux_2_17_x86_64"], ids=["legacy-name", "pep600-name"])
def test_legacy_manylinux_names_mean_their_glibc(tag):
    assert vendor.platform_fits(tag, HOSTS["linux-glibc-2.17"])
    assert not vendor.platform_fits(tag.replace("2014", "_2_28").replace("_2_17", "_2_28"), HOSTS["linux-glibc-2.17"])


def test_this_machine_is_described_and_fits_its_own_wheel():
    host = vendor.current_host()
    assert host.python_tag == f"cp{sys.version_info.major}{sys.version_info.minor}"
    if sys.platform.startswith("linux") and host.glibc:
        assert vendor.platform_fits("manylinux_2_17_x86_64", host) == (host.machine == "x86_64")


# ------------------------------------------------------------------ loading it, for real


def test_vendored_numpy_loads_where_there_is_no_numpy(local_package):
    _, addon_root, _ = local_package
    result = _run_without_site_packages(addon_root, (
        "choice = vendor.prepare()\n"
        "imported_at_prepare = 'numpy' in sys.modules\n"
        "status = vendor.load_numpy()\n"
        "import numpy\n"
        "result = {'folder': str(choice.folder), 'imported_at_prepare': imported_at_prepare, 'ok': status.ok,\n"
        "          'source': status.source, 'file': numpy.__file__, 'sum': float(numpy.arange(4).sum())}\n"
    ))
    assert result["folder"].startswith(str(addon_root / "vendor"))
    assert not result["imported_at_prepare"], "prepare() must not import numpy (start-up cost)"
    assert result["ok"] and result["source"] == "vendored"
    assert result["file"].startswith(str(addon_root / "vendor")) and result["sum"] == 6.0


def test_an_existing_numpy_wins_over_the_vendored_one(local_package):
    """Anki's or another add-on's numpy is used: the vendored folder is not even put on the path."""
    _, addon_root, _ = local_package
    other_addon = Path(__import__("numpy").__file__).parent.parent  # this venv's numpy stands in for it
    result = _run_without_site_packages(addon_root, (
        "choice = vendor.prepare(); status = vendor.load_numpy(); import numpy\n"
        "result = {'folder': choice.folder and str(choice.folder), 'source': status.source, 'file': numpy.__file__,\n"
        "          'vendor_on_path': any('vendor' in p for p in sys.path)}\n"
    ), extra_path=other_addon)
    assert result["folder"] is None and result["source"] == "existing"
    assert result["file"].startswith(str(other_addon)) and not result["vendor_on_path"]


def test_a_broken_numpy_on_the_path_falls_back_to_the_vendored_one(local_package, tmp_path):
    _, addon_root, _ = local_package
    broken = tmp_path / "other_addon_libs"
    (broken / "numpy").mkdir(parents=True)
    (broken / "numpy" / "__init__.py").write_text("raise ImportError('built for another Python')\n")
    result = _run_without_site_packages(addon_root, (
        "status = vendor.load_numpy(); import numpy\n"
        "result = {'ok': status.ok, 'source': status.source, 'message': status.message, 'file': numpy.__file__}\n"
    ), extra_path=broken)
    assert result["ok"] and result["source"] == "vendored"
    assert "did not import" in result["message"] and "built for another Python" in result["message"]
    assert result["file"].startswith(str(addon_root / "vendor"))


def test_without_any_numpy_it_says_why_once_and_does_not_raise(numpyless_package):
    _, addon_root, _ = numpyless_package
    result = _run_without_site_packages(addon_root, (
        "import logging, io\n"
        "stream = io.StringIO(); logging.basicConfig(stream=stream, level=logging.WARNING)\n"
        "first = vendor.load_numpy(); second = vendor.load_numpy()\n"
        "result = {'ok': first.ok, 'message': first.message, 'same': first is second, 'log': stream.getvalue()}\n"
    ))
    assert not result["ok"] and result["same"]
    assert result["message"].startswith("Write Practice cannot load numpy, so writing cards are self-graded:")
    assert "carries no numpy" in result["message"]
    assert result["log"].count("cannot load numpy") == 1


def test_a_vendored_build_for_another_python_is_named_in_the_message(local_package, tmp_path):
    _, addon_root, _ = local_package
    foreign = tmp_path / "addon"
    (foreign / "vendor" / "cp399-manylinux_2_17_x86_64").mkdir(parents=True)
    shutil.copytree(addon_root / "writing", foreign / "writing")
    result = _run_without_site_packages(foreign, "status = vendor.load_numpy()\nresult = {'ok': status.ok, 'message': status.message}\n")
    assert not result["ok"]
    assert "cp399-manylinux_2_17_x86_64" in result["message"] and "fits Python cp3" in result["message"]
