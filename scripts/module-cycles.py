#!/usr/bin/env python3
"""Reports import cycles between the files of core/src.

A module is a file (`mod.rs` stands for its folder). An edge goes from a file to the file that
defines what one of its `use` declarations names: `use crate::a::b::X`, `use super::x::Y`,
`use super::super::x` and `use self::x` (or, in a module's own file, `use child::Z`), resolved
to the longest path that is a file, then through re-exports: a name a folder's `mod.rs` (or
`lib.rs`) re-exports with `pub use` leads to the file that defines it. Such a re-export is the
folder's public face, not a dependency of `mod.rs` itself; a private `use`, and any `use` in
another file, is. `#[cfg(test)]` modules and items are left out (tests may reach anywhere).

Exit status 1 when there is a cycle, each one printed as a path of files.
Usage: scripts/module-cycles.py [SRC_DIR]   (default: core/src)
"""

import os
import re
import sys

FACES = ("mod.rs", "lib.rs", "main.rs")


def module_of(rel):
    """The module path of a file relative to the source root: lib.rs is the root."""
    parts = rel[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip_tests_and_comments(text):
    """The text without comments, string contents and items under a test-only `#[cfg(..)]`."""
    # Comments and strings first, so braces inside them do not count.
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif text[i] == '"' or re.match(r'r#*"', text[i:i + 8]):
            m = re.match(r'r(#*)"', text[i:i + 8])
            if m:
                end = '"' + m.group(1)
                j = text.find(end, i + len(m.group(0)))
                i = n if j < 0 else j + len(end)
            else:
                j = i + 1
                while j < n and text[j] != '"':
                    j += 2 if text[j] == "\\" else 1
                i = j + 1
            out.append('""')
        elif text[i] == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]):
            m = re.match(r"'(\\.|[^\\'])'", text[i:i + 4])
            out.append("' '")
            i += len(m.group(0))
        else:
            out.append(text[i])
            i += 1
    text = "".join(out)
    # Then every item under a test-only cfg: up to its `;` or its matching `}`.
    result, i = [], 0
    attr = re.compile(r"#\[cfg\((test|all\(test\b[^\]]*|all\([^\]]*\btest\b[^\]]*)\)\]")
    while True:
        m = attr.search(text, i)
        if not m:
            result.append(text[i:])
            break
        result.append(text[i:m.start()])
        j, depth = m.end(), 0
        while j < len(text):
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    j += 1
                    break
            elif c == ";" and depth == 0:
                j += 1
                break
            j += 1
        i = j
    return "".join(result)


def use_paths(tree):
    """Expands a use tree (`a::{b, c::{d, e}}`) into its paths, as lists of segments."""
    tree = tree.strip()
    brace = tree.find("{")
    if brace < 0:
        path = re.split(r"\s+as\s+", tree)[0].strip()
        return [[s.strip() for s in path.split("::") if s.strip()]]
    prefix = [s.strip() for s in tree[:brace].split("::") if s.strip()]
    inner = tree[brace + 1:tree.rfind("}")]
    parts, depth, start = [], 0, 0
    for k, c in enumerate(inner):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(inner[start:k])
            start = k + 1
    parts.append(inner[start:])
    paths = []
    for part in parts:
        if part.strip():
            for sub in use_paths(part):
                paths.append(prefix + (sub if sub != ["self"] else []))
    return paths


def absolute(path, module, files):
    """The absolute module path `path` names from `module`, or None for another crate's."""
    if not path:
        return None
    if path[0] == "crate":
        return tuple(path[1:])
    if path[0] in ("super", "self"):
        base, rest = module, list(path)
        while rest and rest[0] in ("super", "self"):
            if rest[0] == "super":
                base = base[:-1]
            rest = rest[1:]
        return base + tuple(rest)
    if module + (path[0],) in files:
        return module + tuple(path)
    return None  # std, der, ...


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "core", "src")
    root = os.path.normpath(root)
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                rel = os.path.relpath(os.path.join(folder, name), root)
                files[module_of(rel)] = rel
    use_re = re.compile(r"(?:^|[;{}\s])(pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", re.S)
    uses = {}  # module -> [(public, last segment, absolute path)]
    for module, rel in files.items():
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = strip_tests_and_comments(f.read())
        found = []
        for m in use_re.finditer(text):
            for path in use_paths(m.group(2)):
                target = absolute(path, module, files)
                if target is not None:
                    alias = re.search(r"\bas\s+(\w+)", m.group(2)) if "{" not in m.group(2) else None
                    found.append((bool(m.group(1)), alias.group(1) if alias else path[-1], target))
        uses[module] = found
    # What each folder's face re-exports: name -> absolute path.
    faces = {}
    for module, rel in files.items():
        if os.path.basename(rel) in FACES:
            faces[module] = {name: target for public, name, target in uses[module] if public}

    def resolve(target, seen=()):
        file = target
        while file not in files:
            file = file[:-1]
        rest = target[len(file):]
        face = faces.get(file, {})
        if rest and rest[0] in face and (file, rest[0]) not in seen:
            return resolve(face[rest[0]] + rest[1:], seen + ((file, rest[0]),))
        return file

    edges = {m: set() for m in files}
    for module, found in uses.items():
        for public, _, target in found:
            if public and module in faces:
                continue
            to = resolve(target)
            if to != module:
                edges[module].add(to)
    cycles = strongly_connected(edges)
    if "-v" in sys.argv:
        for m in sorted(edges):
            print(files[m], "->", ", ".join(sorted(files[t] for t in edges[m])))
    if not cycles:
        print(f"module-cycles: no cycle among the {len(files)} files of {root}")
        return 0
    for component in cycles:
        print("cycle among: " + ", ".join(sorted(files[m] for m in component)))
        print("  e.g. " + " -> ".join(files[m] for m in one_cycle(edges, component)))
    print(f"module-cycles: {len(cycles)} cycle(s)")
    return 1


def strongly_connected(edges):
    """Tarjan's algorithm, without recursion: the components of more than one file."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def enter(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)

    for root in sorted(edges):
        if root in index:
            continue
        enter(root)
        work = [(root, iter(sorted(edges[root])))]
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    enter(w)
                    work.append((w, iter(sorted(edges[w]))))
                    advanced = True
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == node:
                        break
                if len(component) > 1:
                    out.append(component)
    return out


def one_cycle(edges, component):
    """A shortest cycle through the component's first file (breadth-first)."""
    members = set(component)
    start = sorted(component)[0]
    parents, queue = {start: None}, [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges[v]):
            if w == start:
                path = [v]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return list(reversed(path)) + [start]
            if w in members and w not in parents:
                parents[w] = v
                queue.append(w)
    return [start]


if __name__ == "__main__":
    sys.exit(main())
