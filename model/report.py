"""The canonical report model of ../shared/spec/report-model.md, declared once.

Every key the parser emits, the warehouse stores and the exports publish comes from
here: rows, columns and measures of the three statistics tables in the 2021 and 2019
formats, with their official Chinese labels.  The label *patterns* used to recognise
rows in real documents live beside them so that a new spelling is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"


@dataclass(frozen=True, eq=False)
class RowSpec:
    """One row of a statistics table (compared and hashed by identity: every row is declared once
    here, and the matcher's caches key on rows millions of times).

    ``patterns`` are normalised substrings (see transform.labels.normalise) any one of
    which identifies the row; ``generic`` rows (其他, 总计) have labels too common to
    trust anywhere but right where the template expects them.
    """

    key: str
    label: str
    patterns: tuple[str, ...]
    group: str = ""
    generic: bool = False
    measures: tuple[str, ...] = ()  # Table 2 only: measure keys of this item, in order


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str


@dataclass(frozen=True)
class TableSpec:
    key: str  # report JSON key: active_disclosure | applications | review_litigation
    number: int  # 2, 3 or 4 as printed in the report
    title: str
    rows: tuple[RowSpec, ...]
    columns: tuple[ColumnSpec, ...] = ()  # Tables 3 and 4: value columns, in order
    heading_patterns: tuple[str, ...] = field(default=())

    def row(self, key: str) -> RowSpec:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def measures_of(self, row: RowSpec) -> tuple[str, ...]:
        return row.measures or self.column_keys

    @cached_property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @cached_property
    def column_labels(self) -> dict[str, str]:
        """Label of every measure and column key this table can hold."""
        return {**{c.key: c.label for c in self.columns}, **MEASURE_LABELS}


# --- Table 2: active disclosure -------------------------------------------------------

MEASURES_2021_DOCS = ("issued", "repealed", "in_force")
MEASURES_2019_DOCS = ("newly_made", "newly_published", "total_published")
MEASURES_2019_ITEMS = ("previous_year_items", "change", "decisions")

MEASURE_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "fees_10k_yuan": "本年收费金额（单位：万元）",
    "newly_made": "本年新制作数量",
    "newly_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "previous_year_items": "上一年项目数量",
    "change": "本年增/减",
    "procurement_items": "采购项目数量",
    "procurement_amount_yuan": "采购总金额",
}

TABLE2_2021 = TableSpec(
    key="active_disclosure",
    number=2,
    title="主动公开政府信息情况",
    heading_patterns=("主动公开政府信息情况",),
    rows=(
        RowSpec("rules", "规章", ("规章",), measures=MEASURES_2021_DOCS),
        RowSpec("normative_documents", "行政规范性文件", ("规范性文件",), measures=MEASURES_2021_DOCS),
        RowSpec("administrative_licensing", "行政许可", ("行政许可",), measures=("decisions",)),
        RowSpec("administrative_punishment", "行政处罚", ("行政处罚",), measures=("decisions",)),
        RowSpec("administrative_coercion", "行政强制", ("行政强制",), measures=("decisions",)),
        RowSpec("administrative_fees", "行政事业性收费", ("事业性收费",), measures=("fees_10k_yuan",)),
    ),
)

TABLE2_2019 = TableSpec(
    key="active_disclosure",
    number=2,
    title="主动公开政府信息情况",
    heading_patterns=("主动公开政府信息情况",),
    rows=(
        RowSpec("rules", "规章", ("规章",), measures=MEASURES_2019_DOCS),
        RowSpec("normative_documents", "规范性文件", ("规范性文件",), measures=MEASURES_2019_DOCS),
        RowSpec("administrative_licensing", "行政许可", ("行政许可",), measures=MEASURES_2019_ITEMS),
        RowSpec(
            "other_external_services", "其他对外管理服务事项", ("其他对外管理服务", "对外管理服务事项"),
            measures=MEASURES_2019_ITEMS,
        ),
        RowSpec("administrative_punishment", "行政处罚", ("行政处罚",), measures=MEASURES_2019_ITEMS),
        RowSpec("administrative_coercion", "行政强制", ("行政强制",), measures=MEASURES_2019_ITEMS),
        RowSpec(
            "administrative_fees", "行政事业性收费", ("事业性收费",),
            measures=("previous_year_items", "change"),
        ),
        RowSpec(
            "government_procurement", "政府集中采购", ("集中采购", "政府采购"),
            measures=("procurement_items", "procurement_amount_yuan"),
        ),
    ),
)

# --- Table 3: requests received and handled --------------------------------------------

APPLICANT_COLUMNS = (
    ColumnSpec("natural_person", "自然人"),
    ColumnSpec("commercial_enterprise", "法人或其他组织/商业企业"),
    ColumnSpec("research_institution", "法人或其他组织/科研机构"),
    ColumnSpec("social_welfare_org", "法人或其他组织/社会公益组织"),
    ColumnSpec("legal_service_org", "法人或其他组织/法律服务机构"),
    ColumnSpec("other_org", "法人或其他组织/其他"),
    ColumnSpec("total", "总计"),
)
APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS)
APPLICANT_TOTAL = "total"
APPLICANT_PARTS = tuple(k for k in APPLICANT_KEYS if k != APPLICANT_TOTAL)

G3 = "三、本年度办理结果"
G_DENIED = "（三）不予公开"
G_UNABLE = "（四）无法提供"
G_NOT_PROCESSED = "（五）不予处理"
G_OTHER = "（六）其他处理"

# Table 3 in named row sets (the forms differ only in （六）其他处理): what came in, how it was
# handled (the outcome rows), and what was handled and carried on.
_T3_RECEIVED = (
    RowSpec("new_received", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请")),
    RowSpec("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转", "上年度结转")),
)
_T3_OUTCOMES = (
    RowSpec("granted", "（一）予以公开", ("予以公开",), G3),
    RowSpec("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",), G3),
    RowSpec("denied_state_secret", "1.属于国家秘密", ("国家秘密",), G_DENIED),
    RowSpec(
        "denied_prohibited_by_law", "2.其他法律行政法规禁止公开",
        ("法律行政法规禁止", "行政法规禁止公开", "法律行政止公开", "其他法律行政", "法规禁止公开"), G_DENIED,
    ),
    RowSpec("denied_security_stability", "3.危及“三安全一稳定”", ("三安全一稳定", "危及三安全", "三安全"), G_DENIED),
    RowSpec("denied_third_party_rights", "4.保护第三方合法权益", ("第三方合法权益", "保护第三方"), G_DENIED),
    RowSpec("denied_internal_affairs", "5.属于三类内部事务信息", ("内部事务信息", "三类内部事务", "内部事务"), G_DENIED),
    RowSpec("denied_process_information", "6.属于四类过程性信息", ("过程性信息", "四类过程性"), G_DENIED),
    RowSpec("denied_law_enforcement_files", "7.属于行政执法案卷", ("行政执法案卷", "执法案卷"), G_DENIED),
    RowSpec("denied_administrative_inquiry", "8.属于行政查询事项", ("行政查询事项", "行政查询"), G_DENIED),
    RowSpec("unable_not_held", "1.本机关不掌握相关政府信息", ("不掌握相关政府信息", "本机关不掌握", "不掌握"), G_UNABLE),
    RowSpec("unable_needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "没有现成信息"), G_UNABLE),
    RowSpec("unable_still_unclear", "3.补正后申请内容仍不明确", ("仍不明确", "补正后申请内容"), G_UNABLE),
    RowSpec("not_processed_petition", "1.信访举报投诉类申请", ("信访举报投诉", "信访举报"), G_NOT_PROCESSED),
    RowSpec("not_processed_repeated", "2.重复申请", ("重复申请",), G_NOT_PROCESSED),
    RowSpec("not_processed_publication", "3.要求提供公开出版物", ("公开出版物",), G_NOT_PROCESSED),
    RowSpec(
        "not_processed_mass_repeated", "4.无正当理由大量反复申请", ("大量反复申请", "无正当理由大量", "大量反复"),
        G_NOT_PROCESSED,
    ),
    RowSpec(
        "not_processed_confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息",
        ("确认或重新出具", "要求行政机关确认", "重新出具已获取"), G_NOT_PROCESSED,
    ),
)
_T3_OTHER_2021 = (
    RowSpec(
        "other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "无正当理由逾期"), G_OTHER,
    ),
    RowSpec(
        "other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("收费通知", "缴纳费用"), G_OTHER,
    ),
    RowSpec("other_other", "3.其他", ("其他",), G_OTHER, generic=True),
)
OTHER_PROCESSING = RowSpec("other_processing", "（六）其他处理", ("其他处理",), G3)
_T3_DISPOSED = (
    RowSpec("total_processed", "（七）总计", ("总计",), G3, generic=True),
    RowSpec("carried_forward", "四、结转下年度继续办理", ("结转下年度", "转下年度继续办理", "结转下一年度")),
)
T3_RECEIVED_ROWS = tuple(r.key for r in _T3_RECEIVED)  # new_received, carried_over
T3_DISPOSED_ROWS = tuple(r.key for r in _T3_DISPOSED)  # total_processed, carried_forward
T3_TOTAL_PROCESSED = "total_processed"

TABLE3_2021 = TableSpec(
    key="applications",
    number=3,
    title="收到和处理政府信息公开申请情况",
    heading_patterns=("收到和处理政府信息公开申请情况",),
    rows=_T3_RECEIVED + _T3_OUTCOMES + _T3_OTHER_2021 + _T3_DISPOSED,
    columns=APPLICANT_COLUMNS,
)
TABLE3_2019 = TableSpec(
    key="applications",
    number=3,
    title="收到和处理政府信息公开申请情况",
    heading_patterns=TABLE3_2021.heading_patterns,
    rows=_T3_RECEIVED + _T3_OUTCOMES + (OTHER_PROCESSING,) + _T3_DISPOSED,
    columns=APPLICANT_COLUMNS,
)

OUTCOME_ROWS = tuple(r.key for r in _T3_OUTCOMES + _T3_OTHER_2021)  # granted .. other_other (21 rows)
OUTCOME_ROWS_SINGLE_OTHER = tuple(r.key for r in _T3_OUTCOMES + (OTHER_PROCESSING,))  # .. other_processing (19 rows)

# --- Table 4: administrative review and litigation -------------------------------------

OUTCOME_COLUMNS = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计"),
)
OUTCOME_KEYS = tuple(c.key for c in OUTCOME_COLUMNS)
OUTCOME_TOTAL = "total"
OUTCOME_PARTS = tuple(k for k in OUTCOME_KEYS if k != OUTCOME_TOTAL)

TABLE4 = TableSpec(
    key="review_litigation",
    number=4,
    title="政府信息公开行政复议、行政诉讼情况",
    # The 2019 form's wording too: 因政府信息公开工作被申请行政复议、提起行政诉讼（的）情况.
    heading_patterns=("行政复议行政诉讼情况", "行政复议、行政诉讼情况", "政府信息公开行政复议", "被申请行政复议", "提起行政诉讼"),
    rows=(
        RowSpec("administrative_review", "行政复议", ("行政复议",)),
        RowSpec("litigation_without_review", "行政诉讼/未经复议直接起诉", ("未经复议直接起诉", "未经复议")),
        RowSpec("litigation_after_review", "行政诉讼/复议后起诉", ("复议后起诉",)),
    ),
    columns=OUTCOME_COLUMNS,
)
PROCEEDING_KEYS = tuple(r.key for r in TABLE4.rows)

TABLE_KEYS = ("active_disclosure", "applications", "review_litigation")


# --- Report status values ----------------------------------------------------------------

STATUS_PARSED = "parsed"
STATUS_PARTIAL = "partial"
STATUS_NOT_REPORT = "not_report"
STATUS_NEEDS_OCR = "needs_ocr"
STATUS_FAILED = "failed"

CHECK_T3_BALANCE = "t3_balance"
CHECK_T3_OUTCOMES_SUM = "t3_outcomes_sum"
CHECK_T3_APPLICANT_SUM = "t3_applicant_sum"
CHECK_T4_OUTCOME_SUM = "t4_outcome_sum"
CHECK_CROSS_YEAR_CARRY = "cross_year_carry"
CHECK_AGENCY_IDENTITY = "agency_identity"  # a report whose printed name could not be placed (load/identity.py)
