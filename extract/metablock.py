"""The label/value metadata block printed above a report (索引号, 发布机构, 成文日期, 发布日期 …).

CMS families print it as a table, a list, spans or one line of text; in every case the
document's text has "label[:：] value" pairs in its first lines, so one reader of that text
serves all formats.
"""

from __future__ import annotations

import re
import unicodedata

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
_FIRST_CHARS = frozenset(k[0] for k in LABELS)
_PAIR = re.compile(rf"(?P<label>{_LABEL_RE})\s*[:：]?\s*(?P<value>.*?)(?=\s*(?:{_LABEL_RE})\s*[:：]|\t|\n|$)")


def parse_metadata_block(text: str, max_chars: int = 3000) -> dict[str, str]:
    """Label → value pairs from the head of a document's text (first occurrence wins)."""
    head = unicodedata.normalize("NFKC", text[:max_chars]).replace("\u3000", " ")
    found: dict[str, str] = {}
    for line in head.split("\n"):
        if not _FIRST_CHARS.intersection(line):
            continue  # most lines name no metadata label: skip the long alternation
        for m in _PAIR.finditer(line):
            label = LABELS[re.sub(r"\s+", "", m.group("label"))]
            value = m.group("value").strip(" \t:：")
            if value and len(value) <= 80 and label not in found:
                found[label] = value
    return found
