#!/usr/bin/env python3
"""Lists the import circles among the crate's modules under src/: `python3 scripts/module-cycles.py`.

A module's edges are the paths its code names (`crate::a::b`, `super::x`, `self::y`, including
inside `use` groups), resolved to the deepest module that exists; a name lib.rs re-exports
(`crate::Client`) counts as the module it comes from, and a module that includes generated code
is read with the snapshot of that code under openapi/generated/. Doc comments and each file's
trailing `#[cfg(test)] mod tests` are left out: a doc link or a test does not make a layer
depend on another. Edges between a module and its own ancestors are left out too (a folder's
`mod.rs` declares and re-exports its children). Prints every strongly connected group of two or
more modules, with one path that closes each circle, and exits 1 when there is any.
"""

import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def module_of(path):
    rel = os.path.relpath(path, ROOT)[: -len(".rs")].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return tuple(rel)


def code_of(text):
    cut = re.search(r"^#\[cfg\(test\)\]\s*\n\s*mod tests\b", text, re.M)
    if cut:
        text = text[: cut.start()]
    lines = [l for l in text.splitlines() if not l.lstrip().startswith(("//", "/*", "*"))]
    return "\n".join(lines)


def expand_groups(code):
    """Turns `a::{b, c::{d, e}}` into `a::b a::c::d a::c::e` (enough for use trees)."""
    group = re.compile(r"((?:[A-Za-z_][A-Za-z0-9_]*::)+)\{([^{}]*)\}")
    while True:
        new = group.sub(
            lambda m: " ".join(m.group(1) + part.strip() for part in m.group(2).split(",") if part.strip()),
            code,
        )
        if new == code:
            return code
        code = new


def root_exports(modules):
    """Names lib.rs re-exports (`pub use a::b::{C, d}`), each to the module it comes from; a
    glob re-export answers for any other name, under the key `*`."""
    with open(os.path.join(ROOT, "lib.rs"), encoding="utf-8") as f:
        code = expand_groups(code_of(f.read()))
    exports = {}
    for group in re.findall(r"^pub use ([^;]*);", code, re.M):
        for path in group.split():
            parts = path.split("::")
            if len(parts) < 2:
                continue
            source = resolve((), "crate::" + "::".join(parts[:-1]), modules, {})
            if source:
                exports[parts[-1]] = source
    return exports


def resolve(module, path, modules, exports):
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = (), parts[1:]
        if rest and (rest[0],) not in modules and rest[0] != "prelude":
            source = exports.get(rest[0], exports.get("*"))
            if source:
                return source
    elif parts[0] in ("super", "self"):
        base = module
        while parts and parts[0] in ("super", "self"):
            if parts[0] == "super":
                base = base[:-1]
            parts = parts[1:]
        rest = parts
    else:
        return None
    best = None
    for i in range(len(rest) + 1):
        candidate = base + tuple(rest[:i])
        if candidate in modules:
            best = candidate
    return best


def main():
    files = {}
    for dirpath, _, names in os.walk(ROOT):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                files[module_of(path)] = path
    modules = set(files)
    exports = root_exports(modules)
    edges = {m: set() for m in modules}
    path_re = re.compile(r"\b(?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+")
    for module, path in files.items():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # Generated code is included from OUT_DIR; its snapshot under openapi/generated/ is
        # the same text with every category on.
        for included in re.findall(r'include!\(concat!\(env!\("OUT_DIR"\), "/([a-z_]+\.rs)"\)\)', text):
            snapshot = os.path.join(ROOT, "..", "openapi", "generated", included)
            if os.path.exists(snapshot):
                with open(snapshot, encoding="utf-8") as f:
                    text += "\n" + f.read()
        code = expand_groups(code_of(text))
        for found in path_re.findall(code):
            target = resolve(module, found, modules, exports)
            if target is None or target == module:
                continue
            if module[: len(target)] == target or target[: len(module)] == module:
                continue
            edges[module].add(target)

    # Tarjan's strongly connected components.
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(modules):
        if v not in index:
            visit(v)

    name = lambda m: "::".join(m) or "crate"
    for group in groups:
        members = set(group)
        start = group[0]
        # One circle through `start`, by breadth-first search back to it within the group.
        previous, queue, closing = {start: None}, [start], None
        while queue and closing is None:
            v = queue.pop(0)
            for w in sorted(edges[v] & members):
                if w == start:
                    closing = v
                    break
                if w not in previous:
                    previous[w] = v
                    queue.append(w)
        circle, v = [], closing
        while v is not None:
            circle.append(name(v))
            v = previous[v]
        circle.reverse()
        print(f"{len(group)} modules: {', '.join(name(m) for m in group)}")
        print(f"  e.g. {' -> '.join(circle + [name(start)])}")
    if not groups:
        print(f"no import circle among {len(modules)} modules")
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
