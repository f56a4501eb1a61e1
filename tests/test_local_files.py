"""One intake of local files (``flows.documents.from_paths``) for ``gknb ingest`` and the flows' ``paths``."""

from __future__ import annotations

import os

from gknb.flows.documents import from_paths


def _tree(root):  # noqa: ANN001, ANN202
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    for name in ("b.html", "a.pdf", ".DS_Store", "sub/c.txt", "sub/.c.txt.swp", "sub/deeper/d.docx", ".git/HEAD"):
        (root / name).write_bytes(name.encode())
    return root


def test_folders_give_their_visible_files_sorted_and_descend_only_when_asked(tmp_path) -> None:  # noqa: ANN001
    root = _tree(tmp_path / "docs")
    flat = from_paths([root], recursive=False)
    assert [p.relative_to(root).as_posix() for p in flat.files] == ["a.pdf", "b.html"]
    deep = from_paths([root], recursive=True)
    assert [p.relative_to(root).as_posix() for p in deep.files] == ["a.pdf", "b.html", "sub/c.txt", "sub/deeper/d.docx"]
    assert not deep.unreadable and [r.file_name for r in deep.records] == ["a.pdf", "b.html", "c.txt", "d.docx"]


def test_a_named_file_is_taken_as_it_is_and_named_by_its_resolved_path(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    root = _tree(tmp_path / "docs")
    monkeypatch.chdir(root)
    found = from_paths([".DS_Store", "sub/../a.pdf", os.path.join(root, "a.pdf")], recursive=False)
    assert [r.source for r in found.records] == [str(root / ".DS_Store"), str(root / "a.pdf"), str(root / "a.pdf")]
    assert found.records[1].sha256 == found.records[2].sha256  # one document, however it was named


def test_a_file_that_cannot_be_read_is_listed_with_its_reason_and_the_rest_go_on(tmp_path) -> None:  # noqa: ANN001
    root = _tree(tmp_path / "docs")
    found = from_paths([root / "gone.pdf", root / "a.pdf"], recursive=False)
    assert [r.file_name for r in found.records] == ["a.pdf"] and len(found.files) == 2
    assert len(found.unreadable) == 1 and found.unreadable[0].startswith(f"{root / 'gone.pdf'}: cannot read: ")
