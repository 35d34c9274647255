#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the Flatpak manifest matches the source tree, offline.

The manifest cannot be built here (flatpak-builder downloads the GNOME
runtime), so this checks what can go stale without anyone noticing:

- it is valid JSON, without duplicate keys;
- its id is the project's app id (meson.build), and the runtime is the
  GNOME one in a version whose GTK and libadwaita are at least those the
  project requires;
- its command is an executable the build installs, and the desktop file
  runs that same command;
- every -Dname=value in config-opts is an option of meson_options.txt (or a
  Meson built-in) with a valid value, and the app stays enabled;
- finish-args hold what Ferry needs: the network, Wayland with an X11
  fallback, IPC for X11, and the Secret Service (libsecret);
- every local `path` source exists, every remote one is pinned (sha256,
  or a git commit/tag);
- the desktop file, metainfo, settings schema and icons named by the
  manifest or the tree exist, and agree with each other (Icon=, launchable,
  <provides>, screenshots in docs/screenshots).

Usage:
  check-manifest.py --source-root DIR [--manifest FILE]
                    [--installed-exe PATH]... [--self-test]

--self-test also breaks the manifest in memory in several ways (a wrong
option name, a wrong id, …) and fails unless every break is caught.
"""

import argparse
import copy
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# GTK and libadwaita of each GNOME runtime (org.gnome.Platform branch).
GNOME_RUNTIMES = {
    "43": ((4, 8), (1, 2)),
    "44": ((4, 10), (1, 3)),
    "45": ((4, 12), (1, 4)),
    "46": ((4, 14), (1, 5)),
    "47": ((4, 16), (1, 6)),
    "48": ((4, 18), (1, 7)),
    "49": ((4, 20), (1, 8)),
}

# Meson built-in options a manifest may reasonably set, with their values
# (None: any value).
MESON_BUILTINS = {
    "buildtype": {"plain", "debug", "debugoptimized", "release", "minsize", "custom"},
    "optimization": {"plain", "0", "g", "1", "2", "3", "s"},
    "debug": {"true", "false"},
    "b_lto": {"true", "false"},
    "b_ndebug": {"true", "false", "if-release"},
    "b_pie": {"true", "false"},
    "strip": {"true", "false"},
    "werror": {"true", "false"},
    "warning_level": {"0", "1", "2", "3", "everything"},
    "c_std": None,
    "c_args": None,
    "c_link_args": None,
    "libdir": None,
    "datadir": None,
    "localedir": None,
}

REQUIRED_FINISH_ARGS = {
    "--share=network": "Ferry talks to the cloud portal",
    "--share=ipc": "X11 needs shared memory",
    "--socket=wayland": "the window is drawn on Wayland",
    "--socket=fallback-x11": "X11 when there is no Wayland",
    "--talk-name=org.freedesktop.secrets": "the cloud password is kept in the Secret Service (libsecret)",
}

SCREENSHOT_URL_PREFIX = "https://github.com/ferrysync/ferry/raw/main/docs/screenshots/"


class Tree:
    """What the source tree says, read once."""

    def __init__(self, root, installed_exes):
        self.root = root
        self.installed = {os.path.basename(p) for p in installed_exes}
        top = read(os.path.join(root, "meson.build"))
        m = re.search(r"^app_id\s*=\s*'([^']+)'", top, re.M)
        self.app_id = m.group(1) if m else None
        self.options = parse_meson_options(read(os.path.join(root, "meson_options.txt")))
        app_meson = read(os.path.join(root, "src", "app", "meson.build"))
        self.gtk_min = required_version(app_meson, "gtk4")
        self.adw_min = required_version(app_meson, "libadwaita-1")
        if not self.installed:
            # Without the build's word, the executables the meson files install.
            for sub in ("app", "cli", "cloud"):
                text = read(os.path.join(root, "src", sub, "meson.build"))
                for m in re.finditer(r"executable\(\s*'([^']+)'(.*?)\n\)", text, re.S):
                    if re.search(r"install\s*:\s*true", m.group(2)):
                        self.installed.add(m.group(1))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def parse_meson_options(text):
    """name → (type, choices or None, min, max)."""
    options = {}
    for m in re.finditer(r"option\s*\((.*?)\)\s*(?:\n|$)", text, re.S):
        body = m.group(1)
        name = re.match(r"\s*'([^']+)'", body)
        kind = re.search(r"type\s*:\s*'([^']+)'", body)
        if not name or not kind:
            continue
        choices = re.search(r"choices\s*:\s*\[(.*?)\]", body, re.S)
        choices = re.findall(r"'([^']*)'", choices.group(1)) if choices else None
        lo = re.search(r"min\s*:\s*(-?\d+)", body)
        hi = re.search(r"max\s*:\s*(-?\d+)", body)
        options[name.group(1)] = (kind.group(1), choices,
                                  int(lo.group(1)) if lo else None,
                                  int(hi.group(1)) if hi else None)
    return options


def required_version(meson_text, dep):
    m = re.search(r"dependency\(\s*'%s'\s*,\s*version\s*:\s*'>=\s*([\d.]+)'" % re.escape(dep), meson_text)
    return tuple(int(x) for x in m.group(1).split(".")[:2]) if m else None


def option_value_error(kind, choices, lo, hi, value):
    if kind == "boolean":
        return None if value in ("true", "false") else "a boolean is true or false"
    if kind == "feature":
        return None if value in ("enabled", "disabled", "auto") else "a feature is enabled, disabled or auto"
    if kind == "combo":
        return None if value in (choices or []) else "one of %s" % ", ".join(choices or [])
    if kind == "integer":
        try:
            n = int(value)
        except ValueError:
            return "an integer"
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            return "between %s and %s" % (lo, hi)
        return None
    return None  # string, array


def no_duplicate_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError("duplicate key %r" % key)
        seen[key] = value
    return seen


def all_modules(modules):
    for module in modules:
        if isinstance(module, str):
            yield module
            continue
        yield module
        yield from all_modules(module.get("modules", []))


def check(manifest, manifest_dir, tree):
    """Returns a list of errors; empty when the manifest is right."""
    errors = []
    err = errors.append

    # --- id, runtime, command
    if manifest.get("id") != tree.app_id:
        err("id is %r; the project's app id (meson.build) is %r" % (manifest.get("id"), tree.app_id))
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        err("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk (GTK 4 and libadwaita come from it)")
    branch = str(manifest.get("runtime-version", ""))
    if branch not in GNOME_RUNTIMES:
        err("runtime-version %r is not a GNOME runtime this check knows (%s)"
            % (branch, ", ".join(sorted(GNOME_RUNTIMES))))
    else:
        gtk, adw = GNOME_RUNTIMES[branch]
        if tree.gtk_min and gtk < tree.gtk_min:
            err("GNOME %s has GTK %d.%d; Ferry needs >= %d.%d" % ((branch,) + gtk + tree.gtk_min))
        if tree.adw_min and adw < tree.adw_min:
            err("GNOME %s has libadwaita %d.%d; Ferry needs >= %d.%d" % ((branch,) + adw + tree.adw_min))
    command = manifest.get("command")
    if command not in tree.installed:
        err("command %r is not an executable the build installs (%s)"
            % (command, ", ".join(sorted(tree.installed))))

    # --- finish-args
    finish = manifest.get("finish-args", [])
    if not isinstance(finish, list):
        err("finish-args must be a list")
        finish = []
    for arg, why in REQUIRED_FINISH_ARGS.items():
        if arg not in finish:
            err("finish-args lacks %s: %s" % (arg, why))
    if "--socket=x11" in finish:
        err("finish-args: use --socket=fallback-x11, not --socket=x11, next to --socket=wayland")
    dupes = sorted({a for a in finish if finish.count(a) > 1})
    if dupes:
        err("finish-args repeats %s" % ", ".join(dupes))

    # --- modules and sources
    modules = list(all_modules(manifest.get("modules", [])))
    if not modules:
        err("no modules")
    top = manifest.get("modules", [])
    app = top[-1] if top and isinstance(top[-1], dict) else {}
    if app.get("name") != "ferry" or app.get("buildsystem") != "meson":
        err("the last module must be Ferry itself: name 'ferry', buildsystem 'meson'")
    seen_opts = set()
    for opt in app.get("config-opts", []):
        m = re.fullmatch(r"-D([A-Za-z0-9_.:-]+)=(.*)", opt)
        if not m:
            if not re.fullmatch(r"--(buildtype|optimization|libdir)=\S+", opt):
                err("config-opts %r: not -Dname=value" % opt)
            continue
        name, value = m.groups()
        if name in seen_opts:
            err("config-opts sets %s twice" % name)
        seen_opts.add(name)
        if name in tree.options:
            why = option_value_error(*tree.options[name], value)
            if why:
                err("config-opts -D%s=%s: invalid value (%s)" % (name, value, why))
        elif name in MESON_BUILTINS:
            allowed = MESON_BUILTINS[name]
            if allowed is not None and value not in allowed:
                err("config-opts -D%s=%s: invalid value (one of %s)" % (name, value, ", ".join(sorted(allowed))))
        else:
            err("config-opts -D%s: no such option in meson_options.txt (%s) nor a Meson built-in"
                % (name, ", ".join(sorted(tree.options))))
        if name == "app" and value != "true":
            err("config-opts -Dapp=%s: the Flatpak is the application" % value)

    for module in modules:
        if isinstance(module, str):
            if not os.path.isfile(os.path.join(manifest_dir, module)):
                err("module file %s does not exist" % module)
            continue
        mname = module.get("name", "?")
        for source in module.get("sources", []):
            if isinstance(source, str):
                if not os.path.isfile(os.path.join(manifest_dir, source)):
                    err("module %s: source file %s does not exist" % (mname, source))
                continue
            kind = source.get("type")
            if "path" in source:
                path = os.path.normpath(os.path.join(manifest_dir, source["path"]))
                if kind == "dir" and not os.path.isdir(path):
                    err("module %s: dir source %s does not exist" % (mname, source["path"]))
                elif kind != "dir" and not os.path.isfile(path):
                    err("module %s: %s source %s does not exist" % (mname, kind, source["path"]))
                if kind == "dir" and mname == "ferry" and not os.path.isfile(os.path.join(path, "meson.build")):
                    err("module ferry: dir source %s is not the project's root" % source["path"])
            elif "url" in source:
                if kind == "git":
                    if not (source.get("commit") or source.get("tag")):
                        err("module %s: git source %s is not pinned (commit or tag)" % (mname, source["url"]))
                elif not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    err("module %s: source %s has no sha256" % (mname, source["url"]))
                if not source["url"].startswith("https://"):
                    err("module %s: source %s is not https" % (mname, source["url"]))

    # --- file names the manifest and the tree refer to
    data = os.path.join(tree.root, "data")
    app_id = tree.app_id or ""
    desktop_in = os.path.join(data, app_id + ".desktop.in")
    metainfo_in = os.path.join(data, app_id + ".metainfo.xml.in")
    for path in (desktop_in, metainfo_in,
                 os.path.join(data, app_id + ".gschema.xml"),
                 os.path.join(data, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
                 os.path.join(data, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg")):
        if not os.path.isfile(path):
            err("%s does not exist" % os.path.relpath(path, tree.root))
    for key, suffix in (("rename-desktop-file", ".desktop.in"), ("rename-appdata-file", ".metainfo.xml.in"),
                        ("rename-icon", ".svg")):
        for module in modules:
            if isinstance(module, dict) and key in module:
                name = module[key]
                if suffix == ".svg":
                    found = os.path.isfile(os.path.join(data, "icons", "hicolor", "scalable", "apps", name + suffix))
                else:
                    found = os.path.isfile(os.path.join(data, re.sub(r"\.(desktop|metainfo\.xml|appdata\.xml)$", "", name) + suffix))
                if not found:
                    err("module %s: %s %s names no file of data/" % (module.get("name", "?"), key, name))

    if os.path.isfile(desktop_in):
        entries = dict(re.findall(r"^([A-Za-z-]+)=(.*)$", read(desktop_in), re.M))
        exec_cmd = entries.get("Exec", "").split(" ")[0]
        if exec_cmd != command:
            err("desktop file Exec=%s, manifest command %s" % (exec_cmd, command))
        if entries.get("Icon") != app_id:
            err("desktop file Icon=%s; Flatpak exports only icons named after the app id %s"
                % (entries.get("Icon"), app_id))
    if os.path.isfile(metainfo_in):
        try:
            component = ET.parse(metainfo_in).getroot()
        except ET.ParseError as e:
            err("metainfo: %s" % e)
            component = None
        if component is not None:
            if component.findtext("id") != app_id:
                err("metainfo <id> %s is not %s" % (component.findtext("id"), app_id))
            launchables = [l.text for l in component.findall("launchable")]
            if app_id + ".desktop" not in launchables:
                err("metainfo has no <launchable type=\"desktop-id\">%s.desktop</launchable>" % app_id)
            binaries = [b.text for b in component.findall("provides/binary")]
            if command not in binaries:
                err("metainfo <provides> lacks <binary>%s</binary>" % command)
            shots = component.findall("screenshots/screenshot")
            if not shots:
                err("metainfo has no <screenshots>")
            for shot in shots:
                if not (shot.findtext("caption") or "").strip():
                    err("metainfo: a screenshot has no caption")
                url = (shot.findtext("image") or "").strip()
                if not url.startswith(SCREENSHOT_URL_PREFIX):
                    err("metainfo screenshot %s is not under %s" % (url, SCREENSHOT_URL_PREFIX))
                    continue
                png = os.path.join(tree.root, "docs", "screenshots", url[len(SCREENSHOT_URL_PREFIX):])
                if not os.path.isfile(png):
                    err("metainfo screenshot %s: %s does not exist (build-aux/screenshots.sh makes it)"
                        % (url, os.path.relpath(png, tree.root)))
    return errors


# Each break must be caught: the check can fail.
def mutations(manifest):
    def app(m):
        return m["modules"][-1]

    def opt(m, old, new):
        """Replaces the option named like `old` (or adds one) with `new`."""
        opts = [o for o in app(m).get("config-opts", []) if not o.startswith(old + "=")]
        app(m)["config-opts"] = opts + [new]

    yield "a wrong option name", lambda m: opt(m, "-Dtests", "-Dtestz=false")
    yield "a wrong option value", lambda m: opt(m, "-Dtests", "-Dtests=maybe")
    yield "the app disabled", lambda m: opt(m, "-Dapp", "-Dapp=false")
    yield "a wrong built-in value", lambda m: opt(m, "-Dbuildtype", "-Dbuildtype=fast")
    yield "a wrong id", lambda m: m.__setitem__("id", "io.github.ferrysync.Ferri")
    yield "a command not installed", lambda m: m.__setitem__("command", "ferry-gui")
    yield "an old runtime", lambda m: m.__setitem__("runtime-version", "42")
    yield "no Secret Service", lambda m: m["finish-args"].remove("--talk-name=org.freedesktop.secrets")
    yield "no network", lambda m: m["finish-args"].remove("--share=network")
    yield "a missing path", lambda m: app(m)["sources"].append({"type": "dir", "path": "no-such-dir"})
    yield "an unpinned archive", lambda m: m["modules"].insert(0, {
        "name": "x", "sources": [{"type": "archive", "url": "https://example.org/x.tar.xz"}]})
    yield "a missing icon", lambda m: app(m).__setitem__("rename-icon", "no-such-icon")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--manifest")
    parser.add_argument("--installed-exe", action="append", default=[])
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()

    root = os.path.abspath(args.source_root)
    path = args.manifest or os.path.join(root, "flatpak", "io.github.ferrysync.Ferry.json")
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f, object_pairs_hook=no_duplicate_keys)
    except (OSError, ValueError) as e:
        print("not ok: %s: %s" % (path, e))
        return 1
    tree = Tree(root, args.installed_exe)
    manifest_dir = os.path.dirname(os.path.abspath(path))

    errors = check(manifest, manifest_dir, tree)
    for e in errors:
        print("not ok: %s" % e)
    if not errors:
        print("ok: %s matches the tree (id %s, command %s, %d finish-args, %d modules)"
              % (os.path.relpath(path, root), tree.app_id, manifest.get("command"),
                 len(manifest.get("finish-args", [])), len(list(all_modules(manifest["modules"])))))
    status = 1 if errors else 0

    if args.self_test:
        for what, breaker in mutations(manifest):
            broken = copy.deepcopy(manifest)
            breaker(broken)
            caught = check(broken, manifest_dir, tree)
            if caught:
                print("ok: %s is caught: %s" % (what, caught[0]))
            else:
                print("not ok: %s is not caught" % what)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
