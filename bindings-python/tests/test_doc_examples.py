"""The Python examples of the README, docs/ and this package's README run as written.

Each file's ```python blocks run in order in one namespace (a later block uses what an earlier one
made), from a scratch folder holding a link to the repository's test-vectors/, as a reader in the
repository's root would run them. Placeholders belong in ```text blocks, which nothing runs.
"""

import re

import pytest

from conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "bindings-python" / "README.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def blocks(doc):
    """Each block's code and the line it starts on."""
    text = doc.read_text(encoding="utf-8")
    return [(m.group(1), text.count("\n", 0, m.start(1)) + 1) for m in BLOCK.finditer(text)]


def test_the_readme_and_the_python_guide_have_examples():
    assert blocks(REPO / "README.md") and blocks(REPO / "docs" / "python.md")


@pytest.mark.parametrize("doc", [d for d in DOCS if blocks(d)], ids=lambda d: str(d.relative_to(REPO)))
def test_examples_run(doc, tmp_path, monkeypatch):
    (tmp_path / "test-vectors").symlink_to(REPO / "test-vectors")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__main__"}
    for code, line in blocks(doc):
        # Padded so that a traceback names the markdown file's own line.
        exec(compile("\n" * (line - 1) + code, str(doc), "exec"), namespace)
