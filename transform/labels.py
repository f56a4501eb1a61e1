"""Label normalisation: one spelling for every way a report prints a table label.

Real reports break labels over lines, mix full- and half-width brackets and digits, drop
or change ordinals, write Traditional characters on mirror sites and make typos
(其他法律行政止公开).  Matching is therefore on a normalised key: NFKC, no whitespace,
no punctuation, no leading ordinal, Simplified characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

# hk2s: Traditional to Simplified, Hong Kong variant characters included (衞生 → 卫生), which t2s
# leaves alone; on standard Traditional it is the same as t2s.
_T2S = OpenCC("hk2s")
# Mirrors converted with Taiwan phrasing (OpenCC s2twp and the like) also swap words: 信息 becomes
# 資訊, 文件 檔案, 项目 專案.  Reversed only in the phrases the report forms use, so that a real
# 档案局 keeps its name.
_TAIWAN_PHRASES = (("资讯", "信息"), ("规范性档案", "规范性文件"), ("专案数量", "项目数量"))

# Characters that occur in Traditional text but never in Simplified: enough of them in a
# document means the whole document is converted once, before anything else reads it.
_TRADITIONAL_MARKERS = frozenset("報資訊開處總計與數據請機關規許證單絡條務門區縣鎮會員統層擬廣覆審議復訴結維糾產確準徑導")

_WHITESPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[()（）\[\]【】〔〕《》<>“”\"'‘’、，,。.．:：;；!！?？·•\-—–_/／\\|「」『』…~～*#]")
_ORDINAL = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[)）]?[、.．]?|[（(]?\d{1,2}[)）]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十]+[、.．]?)"
)


def is_traditional(text: str, threshold: int = 5) -> bool:
    """True when ``text`` uses enough distinct Traditional-only characters to be a Traditional document."""
    return len(_TRADITIONAL_MARKERS.intersection(text)) >= threshold


def to_simplified(text: str) -> str:
    text = _T2S.convert(text)
    for taiwan, mainland in _TAIWAN_PHRASES:
        text = text.replace(taiwan, mainland)
    return text


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Matching key of a label: NFKC, no spaces or punctuation, leading ordinals removed."""
    key = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    # Ordinals can be stacked ("三、（一）"); strip them repeatedly.
    while True:
        stripped = _ORDINAL.sub("", key, count=1)
        if stripped == key or not stripped:
            break
        key = stripped
    return _PUNCT.sub("", key)
