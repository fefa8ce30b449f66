#!/usr/bin/env python3
"""The concept folders of core/, training/ and app/gui/ and who may include whom.

design.md §2 says which library may link which; this test checks the finer rule inside each
library: every source file sits in a concept folder, and a folder includes only the folders
listed for it below (so the graph has no cycles: base <- config <- motion <- ...). Run from
anywhere: python3 tests/e2e/layout_rules_test.py [repo-root]."""
import collections
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")

# folder -> folders it may include (besides itself). One line per concept folder.
CORE = {
    "base": [],
    "config": ["base"],
    "media": ["base"],
    "motion": ["base", "config", "media"],
    "masks": ["base", "motion"],
    "stats": ["base", "media"],
    "figures": ["base", "media"],
    "datasets": ["base", "config", "media", "motion"],
    "runs": ["base", "config", "media"],
    "experiments": ["base", "config", "datasets", "figures", "media", "motion", "runs", "stats"],
}
TRAINING = {
    "model": [],
    "data": ["model"],
    "formats": ["model"],
    "pretrain": ["model", "data", "formats"],
    "evaluate": ["model", "data", "formats", "pretrain"],
    "bench": ["model", "data", "formats", "pretrain"],
}
GUI = {
    "imgui_qt": [],
    "source": ["imgui_qt"],
    "shaders": ["imgui_qt"],
    "viewport": ["imgui_qt", "source", "shaders"],
    "runs": [],
    "experiments": ["runs"],
    "shell": ["imgui_qt", "source", "shaders", "viewport", "runs", "experiments"],
}
# Libraries a library may never include (on top of design.md's link rule).
FORBIDDEN = {
    "core": ["pmg/render/", "pmg/training/", "Q", "torch/", "ATen/", "GL/", "EGL/", "imgui"],
    "render": ["pmg/training/", "torch/", "Q"],
    "app/gui": ["pmg/training/", "torch/", "ATen/"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
failures = []


def sources(top):
    for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
        for n in names:
            if n.endswith((".h", ".cpp")):
                yield os.path.relpath(os.path.join(dirpath, n), ROOT)


def includes(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def check_folders(name, rules, trees, include_concept, top_level_ok=()):
    """Every file of `trees` lies in a folder of `rules`; each include obeys the table."""
    edges = collections.defaultdict(set)
    for tree in trees:
        for path in sources(tree):
            rel = os.path.relpath(path, tree)
            parts = rel.split(os.sep)
            if len(parts) < 2:
                if rel not in top_level_ok:
                    failures.append(f"{path}: not in a concept folder of {name} ({', '.join(rules)})")
                continue
            concept = parts[0]
            if concept not in rules:
                failures.append(f"{path}: folder '{concept}' is not a {name} concept ({', '.join(rules)})")
                continue
            for inc in includes(path):
                other = include_concept(inc)
                if other is None or other == concept:
                    continue
                edges[concept].add(other)
                if other not in rules[concept]:
                    failures.append(f"{path}: {name}/{concept} may not include {inc} ({name}/{other})")
    for c in sorted(edges):
        print(f"ok   {name}/{c} -> {', '.join(sorted(edges[c])) or '-'}")


def prefixed(prefix, concepts):
    def concept(inc):
        if not inc.startswith(prefix):
            return None
        head = inc[len(prefix):].split("/")[0]
        return head if head in concepts else None
    return concept


check_folders("core", CORE, ["core/include/pmg", "core/src"], prefixed("pmg/", CORE))
training_private = prefixed("", TRAINING)
training_public = prefixed("pmg/training/", TRAINING)
check_folders("training", TRAINING, ["training/include/pmg/training", "training/src"],
              lambda inc: training_public(inc) or training_private(inc))
check_folders("app/gui", GUI, ["app/gui"], prefixed("", GUI), top_level_ok=("main.cpp",))

for lib, banned in FORBIDDEN.items():
    n, bad = 0, 0
    for path in sources(lib):
        for inc in includes(path):
            n += 1
            for b in banned:
                if inc.startswith(b):
                    bad += 1
                    failures.append(f"{path}: {lib} may not include {inc}")
    if not bad:
        print(f"ok   {lib}: {n} includes, none of {' '.join(banned)}")

# Core's namespaces match its folders: core/include/pmg/motion/x.h declares pmg::motion (an inline
# namespace, so pmg::X still names it and the old spelling keeps working).
for top in ("core/include/pmg", "core/src"):
    for path in sources(top):
        rel = os.path.relpath(path, top).split(os.sep)
        if len(rel) != 2:
            continue
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        if "namespace pmg {" in text and f"inline namespace {rel[0]} {{" not in text:
            failures.append(f"{path}: declares nothing in pmg::{rel[0]} (its folder's namespace)")

# The tests mirror the folders they test.
for tree, rules in (("tests/core", CORE), ("tests/training", TRAINING), ("tests/gui", GUI)):
    for path in sources(tree):
        rel = os.path.relpath(path, tree).split(os.sep)
        if len(rel) == 2 and rel[0] not in rules:
            failures.append(f"{path}: tests folder '{rel[0]}' matches no concept")
        if len(rel) == 1 and path.endswith("_test.cpp"):
            failures.append(f"{path}: a test outside a concept folder")

for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
