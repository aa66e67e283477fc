"""The system libraries Qt's X11 platform plugin needs, checked before Qt is started.

When a library of the xcb plugin is missing, Qt aborts the process (SIGABRT, a core dump) with a
message that names ``xcb-cursor0`` whatever is really missing. So before the app creates its
QApplication on X11, the launcher asks the dynamic linker (``ldd`` on the plugin, or failing that
``ctypes.util.find_library`` on the known list) which libraries it cannot find, and says which ones and
the command that installs them on this distribution. No Qt is imported here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

FAMILIES = {  # family: (distributions it covers, install command)
    "debian": ("Debian/Ubuntu", "sudo apt install"),
    "fedora": ("Fedora/RHEL", "sudo dnf install"),
    "arch": ("Arch", "sudo pacman -S --needed"),
    "suse": ("openSUSE", "sudo zypper install"),
}

# The xcb plugin's libraries outside Qt, with the package holding each, per family (in FAMILIES order).
PACKAGES: dict[str, tuple[str, str, str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb", "libxcb1"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor", "libxcb-cursor0"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm", "libxcb-icccm4"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image", "libxcb-image0"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms", "libxcb-keysyms1"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb", "libxcb-randr0"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil",
                                "libxcb-render-util0"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb", "libxcb-render0"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb", "libxcb-shape0"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb", "libxcb-shm0"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb", "libxcb-sync1"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util", "libxcb-util1"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb", "libxcb-xfixes0"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb", "libxcb-xkb1"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon", "libxkbcommon0"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11",
                              "libxkbcommon-x11-0"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11", "libX11-xcb1"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd", "libEGL1"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig", "libfontconfig1"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus", "libdbus-1-3"),
}

MissingFinder = Callable[[], list[str]]


def xcb_expected(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will start its X11 (xcb) plugin: Linux, an X display, no platform chosen by hand, and
    not a Wayland session (there Qt tries its Wayland plugin first)."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM") or not environ.get("DISPLAY"):
        return False
    return not (environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland")


def xcb_plugin() -> Path | None:
    """PySide6's ``libqxcb.so``, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_by_ldd(plugin: Path) -> list[str] | None:
    """The libraries ``ldd`` reports as ``not found`` for the plugin; None if ldd cannot tell."""
    import subprocess  # here and below: only on X11, so other starts do not pay for the imports

    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        listing = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.findall(r"^\s*(\S+)\s*=>\s*not found", listing.stdout, flags=re.MULTILINE)
    return list(dict.fromkeys(found))


def missing_by_loader(names: list[str] | None = None) -> list[str]:
    """The known libraries the dynamic loader's cache does not have (when ldd cannot be asked)."""
    from ctypes.util import find_library

    missing = []
    for soname in names or list(PACKAGES):
        stem = soname.removeprefix("lib").split(".so")[0]
        if find_library(stem) is None:
            missing.append(soname)
    return missing


def missing_xcb_libraries() -> list[str]:
    plugin = xcb_plugin()
    found = missing_by_ldd(plugin) if plugin is not None else None
    return found if found is not None else missing_by_loader()


def distribution_family(os_release: str) -> str | None:
    """``debian``, ``fedora``, ``arch`` or ``suse`` from /etc/os-release's ID and ID_LIKE, or None."""
    fields = dict(re.findall(r'^(ID|ID_LIKE)="?([^"\n]*)"?$', os_release, flags=re.MULTILINE))
    ids = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".split()
    for name in ids:
        if name in ("debian", "ubuntu"):
            return "debian"
        if name in ("fedora", "rhel", "centos"):
            return "fedora"
        if name == "arch":
            return "arch"
        if name.startswith(("opensuse", "suse", "sles")):
            return "suse"
    return None


def install_command(missing: list[str], family: str) -> str:
    column = list(FAMILIES).index(family)
    packages = dict.fromkeys(PACKAGES[name][column] if name in PACKAGES else name for name in missing)
    return f"{FAMILIES[family][1]} {' '.join(packages)}"


def missing_libraries_report(missing: list[str], family: str | None) -> str:
    """What to tell the analyst: the missing libraries and how to install them here."""
    lines = [
        "annotator: the desktop app cannot start: Qt's X11 platform plugin (xcb) needs system libraries "
        "that are missing:",
        f"  {', '.join(missing)}",
    ]
    families = [family] if family else list(FAMILIES)
    lines.append("Install them with:" if family else "Install them with the command for your distribution:")
    lines += [f"  {install_command(missing, name)}" + ("" if family else f"   # {FAMILIES[name][0]}")
              for name in families]
    lines.append("The README lists every package the app needs (\"System packages on Linux\"). "
                 "The command-line verbs work without them: annotator --help")
    return "\n".join(lines)


def read_os_release(path: Path = Path("/etc/os-release")) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def xcb_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
                find_missing: MissingFinder = missing_xcb_libraries,
                os_release: str | None = None) -> str | None:
    """Why Qt would abort on X11 here (the report to print), or None when it can start."""
    if not xcb_expected(environ, platform):
        return None
    missing = find_missing()
    if not missing:
        return None
    release = read_os_release() if os_release is None else os_release
    return missing_libraries_report(missing, distribution_family(release))
