"""The issue log: every problem a document's reading ran into, as a declared code plus context.

Warnings used to be free text, and code found them again by substring.  An ``Issue`` carries a
code from the vocabulary below (what happened, its level, its meaning in English and Chinese),
``where`` it happened (so a maintainer can find it again: ``page 3``, ``applications/new_received``,
``metadata/year``) and ``detail``, the sentence a reader sees.  ``detail`` is the text the
report's ``warnings`` list has always held, so the published report keeps its strings and
gains the structured ``issues`` list beside them (zavod's issue log is the model).  One issue
is met after reading, at load: an agency that cannot be placed (``agency_unplaced``, logged by
``load/identity.py`` after the document's own issues, not among the report's warnings).  The
crawler's problems are its fetch outcomes (``gknb.model.fetch``: each problem declares its level),
issues of the same shape in the fetch log's ``crawl_issues`` view, not codes declared twice.

The vocabulary is data: ``codes_issues`` (gknb.model.codes) is generated from it, and the
``issues`` warehouse table holds only these codes (a test checks it); its column ``location``
holds ``where`` (WHERE is an SQL keyword a column name would have to be quoted for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gknb.model.report import STATUS_FAILED, STATUS_NEEDS_OCR, STATUS_NOT_REPORT

Level = Literal["info", "warning", "error"]
INFO: Level = "info"  # how the document was read (OCR, simplified script): nothing is lost
WARNING: Level = "warning"  # something was left null, guessed from context or may be wrong in the source
ERROR: Level = "error"  # the document could not be read: its status and reason (documents.reason)


@dataclass(frozen=True)
class Issue:
    """One problem met while reading one document."""

    code: str
    level: Level
    where: str  # document | page N … | a report table key (applications) or key/row | metadata/year | legacy/<label>
    #             | the agency name as printed (agency_unplaced)
    detail: str  # the sentence shown to readers; the report's ``warnings`` entry

    def __str__(self) -> str:
        return self.detail

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "level": self.level, "where": self.where, "detail": self.detail}


@dataclass(frozen=True)
class IssueCode:
    """A declared kind of issue: producers call it to make an Issue, so a code cannot be misspelt."""

    code: str
    level: Level
    meaning: str
    meaning_zh: str

    def __call__(self, where: str, detail: str) -> Issue:
        return Issue(self.code, self.level, where, detail)


# --- reading bytes and pages (extract) ----------------------------------------------------------
CHARSET_OVERRULED = IssueCode(
    "charset_overruled", WARNING,
    "The charset the HTTP header or <meta> declares does not decode the bytes; the detected one was used",
    "声明的字符集无法解码，改用检测到的字符集")
PAGE_UNREADABLE = IssueCode(
    "page_unreadable", WARNING,
    "A PDF page could not be read; the rest of the document was, and it counts as cut there",
    "PDF某页无法读取，其余页照常读取，文档视为不完整")
OCR_READ = IssueCode(
    "ocr_read", INFO, "Pages were read from images by OCR", "部分或全部页面经OCR识别")
OCR_DESKEWED = IssueCode(
    "ocr_deskewed", INFO, "A scanned page was straightened before OCR", "扫描页在识别前经过纠偏")
OCR_DIGITS_UNSURE = IssueCode(
    "ocr_digits_unsure", WARNING,
    "Digits OCR did not read surely or cleanly; the cell is left null, never guessed",
    "数字识别置信度不足或格式不符，单元格留空")
OCR_INK_UNREAD = IssueCode(
    "ocr_ink_unread", WARNING, "Ink in a cell that OCR read as nothing; left null", "单元格有墨迹但未识别出文字，留空")
OCR_TEXT_DROPPED = IssueCode(
    "ocr_text_dropped", WARNING, "Text OCR read with low confidence is dropped", "低置信度识别文字被舍弃")
OCR_PAGES_FAILED = IssueCode(
    "ocr_pages_failed", WARNING,
    "Pages that are images could not be read by OCR; the text layer alone was used",
    "图片页OCR失败，仅使用文字层")
TRADITIONAL_SCRIPT = IssueCode(
    "traditional_script", INFO, "Traditional Chinese text read as Simplified", "繁体中文按简体读取")

# --- metadata (transform/metadata.py) -----------------------------------------------------------
YEAR_PERIOD_SPANS = IssueCode(
    "year_period_spans", WARNING, "The statistics period spans two years", "统计期跨越两个年度")
YEAR_TITLE_DISAGREES = IssueCode(
    "year_title_disagrees", WARNING,
    "The title and the statistics period name different years; the title's is kept",
    "标题与统计期年份不一致，以标题为准")
YEAR_FROM_TEXT = IssueCode(
    "year_from_text", WARNING,
    "Neither the title nor a statistics period names the year; it was read from elsewhere in the text",
    "标题和统计期均未写明年度，从正文其他位置读取")
YEAR_FROM_DATE = IssueCode(
    "year_from_date", WARNING, "The year is not stated; inferred from the publication date", "未写明年度，由发布日期推断")
YEAR_OTHER_NAMED = IssueCode(
    "year_other_named", WARNING,
    "The text also names another year's report (a copied template?)", "正文还提到另一年度的报告（疑为套用模板）")

# --- the statistics tables (transform/matcher.py, parse.py) -------------------------------------
TABLE_NOT_FOUND = IssueCode(
    "table_not_found", WARNING, "A table's heading was located but none of its rows", "找到表头但未找到任何行")
TABLE_MISSING = IssueCode(
    "table_missing", WARNING, "A statistics table is not in the document's reading", "缺少统计表")
TABLE_INCOMPLETE = IssueCode(
    "table_incomplete", WARNING,
    "A table was found but not read whole (rows missing, too few cells, cut, undecided); left null",
    "统计表不完整（缺行、单元格不足、被截断或无法确定），整表留空")
# A row's cells (transform/solver.py): digits printed without separators, or fewer/more cells than columns.
ROW_GLUED_UNDECIDED = IssueCode(
    "row_glued_undecided", WARNING,
    "Glued digits in a row allow no single reading; the row is left null", "某行数字粘连且无唯一读法，留空")
ROW_CELLS_UNDECIDED = IssueCode(
    "row_cells_undecided", WARNING,
    "A row has more or fewer cells than columns and no single reading; the row is left null",
    "某行单元格数与列数不符且无唯一读法，留空")
ROW_GLUED_INFERRED = IssueCode(
    "row_glued_inferred", INFO,
    "Glued digits in a row were split by the table's own identities (one consistent reading)",
    "某行粘连数字按表内勾稽关系唯一拆分")
ROW_CELLS_INFERRED = IssueCode(
    "row_cells_inferred", INFO,
    "A row with a cell too many or too few was placed by the table's own identities (one consistent reading)",
    "某行多格或缺格，按表内勾稽关系唯一确定")
TABLE_PRINTED_EMPTY = IssueCode(
    "table_printed_empty", INFO,
    "Every label of a table and no value printed: every cell null", "统计表只有标签没有数值，全部为空")
TABLE_ALL_BLANK = IssueCode(
    "table_all_blank", WARNING, "Every cell of a table is blank (a template published empty?)", "统计表所有单元格为空（疑为空模板）")
FORMAT_FROM_YEAR = IssueCode(
    "format_from_year", INFO,
    "Only Table 4 was found; the form is the one in force for the year", "仅找到表四，按年度确定格式")
FORMAT_VARIANT = IssueCode(
    "format_variant", INFO,
    "The tables are a variant of their form declared in model/eras.py (e.g. 2021 tables with a single "
    "（六）其他处理 row); the detail names it", "表格为该版式的变体（如2021版表格仅有一行（六）其他处理），详见说明")
NO_STATISTICS_TABLE = IssueCode(
    "no_statistics_table", WARNING, "A report title but no statistics table in the document", "有报告标题但无统计表")
OCR_UNBALANCED = IssueCode(
    "ocr_unbalanced", WARNING,
    "A table read by OCR whose identities do not hold is left null (cells in partial_tables)",
    "OCR识别的统计表勾稽关系不成立，整表留空")

# --- the statistics tables of 2008–2018 (transform/legacy.py) ------------------------------------
LEGACY_NOT_A_NUMBER = IssueCode(
    "legacy_not_a_number", WARNING, "A legacy indicator's figure is not a number; left blank", "旧版统计指标的数值不是数字，留空")
LEGACY_PRINTED_TWICE = IssueCode(
    "legacy_printed_twice", WARNING,
    "A legacy indicator printed twice with different figures; the first is kept", "旧版统计指标重复出现且数值不同，保留第一个")
LEGACY_CELL_COUNT = IssueCode(
    "legacy_cell_count", WARNING,
    "A legacy row has another number of cells or figures than its columns; left blank",
    "旧版统计表某行单元格或数值个数与列数不符，留空")

# --- placing the report's agency at load (load/identity.py) -----------------------------------
AGENCY_UNPLACED = IssueCode(
    "agency_unplaced", WARNING,
    "The agency the report names cannot be placed in a jurisdiction; the report is loaded, never primary "
    "(check agency_identity); where: the name as printed",
    "报告机关无法确定所属辖区，报告照常载入但不作为主报告（见 agency_identity 检查）")

# --- a document not read (its status and reason; the report's ``error``, not one of its ``warnings``) --------
READ_FAILED = IssueCode(
    "read_failed", ERROR, "The document could not be read (truncated, corrupt, over a limit, a reader error)",
    "文档无法读取（截断、损坏、超出限制或读取程序错误）")
SCAN_UNREAD = IssueCode(
    "scan_unread", ERROR, "A scan without a text layer that OCR could not read", "无文字层的扫描件，OCR未能识别")
NOT_A_REPORT = IssueCode(
    "not_a_report", INFO, "No report title and no statistics table: not an annual report", "无报告标题且无统计表，非年度报告")
# The issue a document's status stands for when it was not read; the detail is its reason.
UNREAD_BY_STATUS: dict[str, IssueCode] = {
    STATUS_FAILED: READ_FAILED, STATUS_NEEDS_OCR: SCAN_UNREAD, STATUS_NOT_REPORT: NOT_A_REPORT,
}

ISSUE_CODES: tuple[IssueCode, ...] = (
    CHARSET_OVERRULED, PAGE_UNREADABLE, OCR_READ, OCR_DESKEWED, OCR_DIGITS_UNSURE, OCR_INK_UNREAD, OCR_TEXT_DROPPED,
    OCR_PAGES_FAILED, TRADITIONAL_SCRIPT,
    YEAR_PERIOD_SPANS, YEAR_TITLE_DISAGREES, YEAR_FROM_TEXT, YEAR_FROM_DATE, YEAR_OTHER_NAMED,
    TABLE_NOT_FOUND, TABLE_MISSING, TABLE_INCOMPLETE, ROW_GLUED_UNDECIDED, ROW_CELLS_UNDECIDED, ROW_GLUED_INFERRED,
    ROW_CELLS_INFERRED, TABLE_PRINTED_EMPTY,
    TABLE_ALL_BLANK, FORMAT_FROM_YEAR, FORMAT_VARIANT, NO_STATISTICS_TABLE, OCR_UNBALANCED,
    LEGACY_NOT_A_NUMBER, LEGACY_PRINTED_TWICE, LEGACY_CELL_COUNT,
    AGENCY_UNPLACED,
    READ_FAILED, SCAN_UNREAD, NOT_A_REPORT,
)
