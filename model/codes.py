"""One ``codes_*`` table per vocabulary (PUDL's coding tables), generated from the declarations.

Every key a fact table holds — a Table 3 category, an applicant type, a legacy indicator, a
status, a check — is a row of a small table with its official Chinese label, so a researcher can
join labels in SQL instead of copying them from documentation, and a data test can check that no
fact holds a key the model does not declare.  ``sql/codes.sql`` is generated from here
(``python -m gknb.model.codes > sql/codes.sql``; a test keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass

from gknb.model import fetch, legacy, media
from gknb.model.issues import ISSUE_CODES
from gknb.model import report as model
from gknb.model.checks import CHECKS
from gknb.model.eras import table_forms


@dataclass(frozen=True)
class Vocabulary:
    table: str  # codes_<name>
    description: str
    fact_columns: tuple[tuple[str, str], ...]  # (fact table, column) whose values are these codes
    rows: tuple[tuple[str, str, str], ...]  # (code, label_zh, note)
    held_elsewhere: str = ""  # where the codes are held outside the warehouse (no fact column to check)

    @property
    def used_by(self) -> str:
        """What holds these codes, as the exports' data dictionary says it."""
        return ", ".join([f"{table}.{column}" for table, column in self.fact_columns]
                         + ([self.held_elsewhere] if self.held_elsewhere else []))


def _rows_of(*specs: model.TableSpec) -> tuple[tuple[str, str, str], ...]:
    """Every row key of the forms of one table, labelled as the first form given (the latest) prints it."""
    seen: dict[str, tuple[str, str, str]] = {}
    for spec in specs:
        for row in spec.rows:
            seen.setdefault(row.key, (row.key, row.label, row.group))
    return tuple(seen.values())


VOCABULARIES: tuple[Vocabulary, ...] = (
    Vocabulary("codes_categories", "Rows of Table 3 (收到和处理政府信息公开申请情况), both forms; note: the group printed above",
               (("fact_applications", "category"),),
               _rows_of(*reversed(table_forms("applications")))),
    Vocabulary("codes_applicant_types", "Columns of Table 3 (applicant types)",
               (("fact_applications", "applicant_type"),),
               tuple((c.key, c.label, "") for c in model.APPLICANT_COLUMNS)),
    Vocabulary("codes_items", "Rows of Table 2 (主动公开政府信息情况), both forms",
               (("fact_active_disclosure", "item"),),
               _rows_of(*reversed(table_forms("active_disclosure")))),
    Vocabulary("codes_measures", "Measures of Table 2 items; the unit is in the key (fees_10k_yuan: 万元)",
               (("fact_active_disclosure", "measure"),),
               tuple((key, label, "") for key, label in model.MEASURE_LABELS.items())),
    Vocabulary("codes_proceedings", "Rows of Table 4 (行政复议、行政诉讼)",
               (("fact_review_litigation", "proceeding"),),
               tuple((r.key, r.label, "") for r in model.TABLE4.rows)),
    Vocabulary("codes_outcomes", "Columns of Table 4 (outcomes)",
               (("fact_review_litigation", "outcome"),),
               tuple((c.key, c.label, "") for c in model.OUTCOME_COLUMNS)),
    Vocabulary("codes_legacy_indicators", "Indicators of the 2008–2018 statistics tables; note: the section",
               (("fact_legacy_statistics", "indicator"),),
               (*((i.key, i.label, i.section) for i in legacy.INDICATORS),
                (legacy.LOCAL_KEY, "地方统计表特有指标", "meaning: the printed label"))),
    Vocabulary("codes_media_types", "Media types (model/media.py): the formats a document is read as, and the "
               "crawler's guesses in the fetch log (media_hint); note: what it is",
               (("documents", "media_type"),),
               tuple((m.key, m.label_zh, m.description) for m in media.MEDIA_TYPES)),
    Vocabulary("codes_fetch_outcomes", "Fetch outcomes (model/fetch.py) in the crawler's fetch log, a DuckDB file "
               "of its own, not the warehouse; note: where it is held, the meaning, then the issue level of a problem "
               "(the fetch log's crawl_issues)",
               (),
               tuple((o.code, o.label_zh, f"{o.held_in}: {o.meaning}" + (f" (issue: {o.level})" if o.level else ""))
                     for o in fetch.OUTCOMES),
               held_elsewhere="fetch_log.outcome (the fetch log, GKNB_FETCHLOG)"),
    Vocabulary("codes_statuses", "What became of a document",
               (("reports", "status"),),
               ((model.STATUS_PARSED, "已解析", "all tables whole"),
                (model.STATUS_PARTIAL, "部分解析", "some table missing or incomplete"),
                (model.STATUS_NOT_REPORT, "非年报", "not an annual report"),
                (model.STATUS_NEEDS_OCR, "需识别", "a scan without a text layer that OCR could not read"),
                (model.STATUS_FAILED, "失败", "unreadable; the reason is in the error"))),
    Vocabulary("codes_checks", "Consistency checks (report-model.md)",
               (("check_results", "check_name"),),
               tuple((c.name, c.label_zh, c.summary) for c in CHECKS)),
    Vocabulary("codes_issues", "Issue codes (model/issues.py); note: the level, then the meaning",
               (("issues", "code"),),
               tuple((c.code, c.meaning_zh, f"{c.level}: {c.meaning}") for c in ISSUE_CODES)),
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def codes_sql() -> str:
    out = ["-- The codes_* tables: every vocabulary of the model with its Chinese labels.",
           "-- Generated from model/codes.py by `python -m gknb.model.codes > sql/codes.sql`; do not edit by hand."]
    for vocab in VOCABULARIES:
        values = ",\n    ".join(f"({', '.join(_quote(v) for v in row)})" for row in vocab.rows)
        out.append(f"-- {vocab.description}")
        out.append(f"CREATE OR REPLACE TABLE {vocab.table} (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, "
                   f"note VARCHAR);\nINSERT INTO {vocab.table} VALUES\n    {values};")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(codes_sql(), end="")
