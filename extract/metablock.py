"""The label/value metadata block printed above a report (索引号, 发布机构, 成文日期, 发布日期 …).

CMS families print it as a table, a list, spans or one line of text; in every case the
document's text has "label[:：] value" pairs in its first lines, so one reader of that text
serves all formats.
"""

from __future__ import annotations

import re

from gknb.extract.halfwidth import half_width

LABELS = {
    "索引号": "索引号",
    "发布机构": "发布机构",
    "发布单位": "发布单位",
    "发文机关": "发文机关",
    "所属机构": "所属机构",
    "信息来源": "信息来源",
    "成文日期": "成文日期",
    "生成日期": "生成日期",
    "发布日期": "发布日期",
    "公开日期": "公开日期",
    "发文字号": "文号",
    "文号": "文号",
    "主题分类": "主题分类",
    "组配分类": "组配分类",
    "标题": "标题",
    "名称": "名称",
    "公开方式": "公开方式",
}
_LABEL_RE = "|".join(sorted((r"\s*".join(k) for k in LABELS), key=len, reverse=True))
_WS = re.compile(r"\s+")
_PAIR = re.compile(rf"(?P<label>{_LABEL_RE})\s*[:：]?\s*(?P<value>.*?)(?=\s*(?:{_LABEL_RE})\s*[:：]|\t|\n|$)")


def parse_metadata_block(text: str, max_chars: int = 3000) -> dict[str, str]:
    """Label → value pairs from the head of a document's text (first occurrence wins)."""
    head = half_width(text[:max_chars])
    found: dict[str, str] = {}
    for line in _label_lines(head):
        for m in _PAIR.finditer(line):
            label = LABELS[_WS.sub("", m.group("label"))]
            value = m.group("value").strip(" \t:：")
            if value and len(value) <= 80 and label not in found:
                found[label] = value
    return found


def _label_lines(head: str) -> list[str]:
    """The lines of ``head`` that name a metadata label, in order.  Found with str.find per
    label rather than a regex over every line: most of a report's head is prose."""
    spans: set[tuple[int, int]] = set()
    for label in LABELS:
        at = head.find(label)
        while at != -1:
            start = head.rfind("\n", 0, at) + 1
            end = head.find("\n", at)
            end = len(head) if end == -1 else end
            spans.add((start, end))
            at = head.find(label, end)
    if spans:
        return [head[a:b] for a, b in sorted(spans)]
    # Labels printed spaced out (发 布 机 构), if any: line by line.
    squashed_head = _WS.sub("", head)
    if not any(k in squashed_head for k in LABELS):
        return []
    lines = []
    for line in head.split("\n"):
        squashed = _WS.sub("", line)
        if any(k in squashed for k in LABELS):
            lines.append(line)
    return lines
