#!/usr/bin/env python3
"""The layer rule of player/README.md, checked on the #include lines.

Each folder of player/ is a layer with a rank; a file may include headers of
its own folder or of a folder of a lower rank, never of a higher or an equal
rank's other folder. Modules (name.c + name.h) must not depend on each other
in a circle, even across files of one folder. No source file is longer than
MAX_LINES. Exits 1 and prints one line per breach.

    check-layers.py [PLAYER_DIR]     check a tree (default: player/ beside tests/)
    check-layers.py --self-test      prove that each rule catches a breach
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Bottom to top. Folders of one rank are siblings that may not use each other.
RANKS = {
    "base": 0,
    "config": 1,
    "schedule": 2,
    "media": 3,
    "screen": 4,
    "ledger": 5,
    "lineup": 6,
    "fleet": 7,
    "alerts": 7,
    "kiosk": 7,
    "device": 7,
    "loop": 8,
    "cli": 9,
}
MAX_LINES = 700
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(root):
    for folder in sorted(os.listdir(root)):
        path = os.path.join(root, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if name.endswith((".c", ".h")):
                yield folder, name


def module_of(root, folder, name):
    """A module is name.c with name.h; files named name_part.c or name_part.h
    beside a name.h are parts of module name (report_read.c, playlist_item.c)."""
    stem = name.rsplit(".", 1)[0]
    if "_" in stem:
        prefix = stem.split("_", 1)[0]
        if os.path.exists(os.path.join(root, folder, prefix + ".h")):
            stem = prefix
    return f"{folder}/{stem}"


def check(root):
    errors = []
    deps = {}  # module -> modules it includes
    for folder in sorted(os.listdir(root)):
        if os.path.isdir(os.path.join(root, folder)) and folder not in RANKS:
            errors.append(f"{folder}/: a folder with no layer; add it to RANKS in {sys.argv[0]} "
                          "and to player/README.md")
    for folder, name in sources(root):
        rel = f"{folder}/{name}"
        module = module_of(root, folder, name)
        deps.setdefault(module, set())
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
        if len(lines) > MAX_LINES:
            errors.append(f"{rel}: {len(lines)} lines, more than {MAX_LINES}: split it by job")
        for n, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            if "/" not in target:
                errors.append(f"{rel}:{n}: #include \"{target}\" must name its folder "
                              f"(\"layer/{target}\")")
                continue
            tfolder = target.split("/", 1)[0]
            if not os.path.exists(os.path.join(root, target)):
                errors.append(f"{rel}:{n}: #include \"{target}\": no such header")
                continue
            tmodule = module_of(root, tfolder, target.split("/", 1)[1])
            if tmodule != module:
                deps[module].add(tmodule)
            if tfolder == folder or tfolder not in RANKS or folder not in RANKS:
                continue
            if RANKS[tfolder] >= RANKS[folder]:
                errors.append(f"{rel}:{n}: #include \"{target}\": {folder} (layer "
                              f"{RANKS[folder]}) may not use {tfolder} (layer {RANKS[tfolder]})")
    errors += cycles(deps)
    return errors


def cycles(deps):
    """Tarjan's strongly connected components; each of more than one module is a circle."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(deps.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append("modules that use each other in a circle: " + ", ".join(sorted(comp)))

    sys.setrecursionlimit(10000)
    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out


def self_test(root):
    """Each breach, put into a copy of the tree, must be caught."""
    breaches = {
        "an include up a layer": ("base/util.c", '#include "loop/app.h"\n'),
        "an include of a sibling of the same rank": ("alerts/cap.c", '#include "fleet/x.h"\n'),
        "a circle of modules": ("base/log.c", '#include "base/util.h"\n'),
        "an include without its folder": ("media/media.c", '#include "log.h"\n'),
        "a file over the limit": ("base/log.c", "/* a line */\n" * MAX_LINES),
    }
    ok = True
    if check(root):
        print("self-test: the tree itself does not pass")
        return False
    for what, (rel, text) in breaches.items():
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "player")
            shutil.copytree(root, copy)
            for sibling in ("fleet", "alerts"):
                os.makedirs(os.path.join(copy, sibling), exist_ok=True)
            open(os.path.join(copy, "fleet", "x.h"), "a").close()
            with open(os.path.join(copy, rel), "a") as f:
                f.write(text)
            if what == "a circle of modules":  # util must use log for a circle
                with open(os.path.join(copy, "base/util.c"), "a") as f:
                    f.write('#include "base/log.h"\n')
            found = check(copy)
            print(f"self-test: {what} in {rel}: {'caught' if found else 'MISSED'}")
            for e in found:
                print("    " + e)
            ok &= bool(found)
    return ok


def main():
    args = sys.argv[1:]
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "player")
    if args and args[0] == "--self-test":
        sys.exit(0 if self_test(args[1] if len(args) > 1 else default) else 1)
    root = args[0] if args else default
    errors = check(root)
    for e in errors:
        print(e)
    n = sum(1 for _ in sources(root))
    print(f"check-layers: {n} files, {len(errors)} problem{'s' if len(errors) != 1 else ''}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
