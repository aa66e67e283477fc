"""The launcher's check of the X11 plugin's system libraries, with a fake list of missing libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.platform_check import (
    FAMILIES,
    PACKAGES,
    distribution_family,
    missing_by_loader,
    xcb_expected,
    xcb_problem,
)

X11 = {"DISPLAY": ":0"}
MISSING = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
UBUNTU = "ID=ubuntu\nID_LIKE=debian\n"
FEDORA = 'ID=fedora\nVERSION_ID=40\n'
ROCKY = 'ID="rocky"\nID_LIKE="rhel centos fedora"\n'
ARCH = "ID=arch\n"
MANJARO = "ID=manjaro\nID_LIKE=arch\n"
TUMBLEWEED = 'ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n'


@pytest.mark.parametrize(("environ", "platform", "expected"), [
    (X11, "linux", True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "linux", False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux", False),
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, "linux", True),
    (X11, "darwin", False),
    (X11, "win32", False),
])
def test_the_check_runs_only_where_qt_will_start_its_x11_plugin(environ, platform, expected) -> None:
    assert xcb_expected(environ, platform) is expected


@pytest.mark.parametrize(("release", "family"), [
    (DEBIAN, "debian"), (UBUNTU, "debian"), (FEDORA, "fedora"), (ROCKY, "fedora"), (ARCH, "arch"),
    (MANJARO, "arch"), (TUMBLEWEED, "suse"), ("ID=gentoo\n", None), ("", None),
])
def test_the_distribution_family_comes_from_os_release(release, family) -> None:
    assert distribution_family(release) == family


@pytest.mark.parametrize(("release", "command"), [
    (DEBIAN, "sudo apt install libxcb-icccm4 libxcb-keysyms1"),
    (FEDORA, "sudo dnf install xcb-util-wm xcb-util-keysyms"),
    (ARCH, "sudo pacman -S --needed xcb-util-wm xcb-util-keysyms"),
    (TUMBLEWEED, "sudo zypper install libxcb-icccm4 libxcb-keysyms1"),
])
def test_missing_libraries_are_named_with_this_distributions_install_command(release, command) -> None:
    report = xcb_problem(X11, "linux", find_missing=lambda: MISSING, os_release=release)
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in report
    assert command in report.splitlines()[3]
    assert "xcb-cursor" not in report, "only what is really missing is named"


def test_an_unknown_distribution_gets_every_command() -> None:
    report = xcb_problem(X11, "linux", find_missing=lambda: MISSING, os_release="ID=gentoo\n")
    for _, install in FAMILIES.values():
        assert install in report


def test_nothing_missing_or_no_x11_means_no_problem() -> None:
    assert xcb_problem(X11, "linux", find_missing=list, os_release=DEBIAN) is None
    assert xcb_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, "linux",
                       find_missing=lambda: MISSING) is None


def test_the_loader_fallback_asks_for_each_known_library() -> None:
    missing = missing_by_loader(["libc.so.6", "libno-such-library-here.so.1"])
    assert missing == ["libno-such-library-here.so.1"]
    assert all(len(packages) == len(FAMILIES) for packages in PACKAGES.values())


def test_the_launcher_exits_1_with_the_report_before_qt_starts(tmp_path: Path) -> None:
    """A real ``run_gui`` in a child process, the missing list faked: exit code 1, not SIGABRT."""
    program = (
        "import functools, sys\n"
        "import annotator.app as app\n"
        "from annotator.platform_check import xcb_problem\n"
        f"app.xcb_problem = functools.partial(xcb_problem, find_missing=lambda: {MISSING!r}, "
        f"os_release={DEBIAN!r})\n"
        "code = app.run_gui(None)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "assert QApplication.instance() is None, 'Qt was not started'\n"
        "sys.exit(code)\n"
    )
    environ = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    environ.update(DISPLAY=":99", ANNOTATOR_DATA_DIR=str(tmp_path), XDG_SESSION_TYPE="x11")
    done = subprocess.run([sys.executable, "-c", program], env=environ, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in done.stderr


def test_the_readme_lists_every_package_per_distribution() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for column, (family, (_, install)) in enumerate(FAMILIES.items()):
        wanted = set(dict.fromkeys(packages[column] for packages in PACKAGES.values()))
        row = next(line for line in readme.splitlines() if f"`{install} " in line)
        listed = set(row.split(f"`{install} ")[1].split("`")[0].split())
        assert listed == wanted, family
