"""Which CMS family served a page, from its markup (research §6.2).

Detection reads the page rather than trusting the source's ``family``: portals migrate
CMS, and one portal often runs two (gkmlpt beside NFCMS).  A page with no family's
markers is walked by the generic 下一页 walker.
"""

from __future__ import annotations

from gknb.extract.discover import gkmlpt, govcn, hanweb, trs


def detect_family(url: str, text: str) -> str:
    if gkmlpt.is_gkmlpt(url, text):
        return "gkmlpt"
    if hanweb.is_hanweb(text):
        return "hanweb"
    if govcn.is_govcn(text):
        return "govcn"
    if trs.is_trs(text):
        return "trs"
    return "generic"
