"""The statistics tables of the reports on 2008–2018, declared once: indicators, identities, crosswalk.

Before the 2019 trial form there was no national table in today's shape.  From the reports on
2014 onwards most agencies printed the national 《政府信息公开情况统计表》 (统计指标 / 单位 / 统计数,
sections 主动公开情况 … 政府信息公开会议和培训情况); before that, local tables (指标名称 / 计量单位 /
本年度 / 历年累计, or 本期实际 / 本年累计 with an indicator code column).  Every indicator of the
national list has a key here; an indicator only a local table prints is kept with its printed label
under the generic key ``local``, never forced onto a national key.

The list was checked against public copies of 2015–2018 reports (national form) and pre-2014
municipal tables; local forms renamed, split and added rows, so matching is by normalised label
(see ``gknb.transform.labels.normalise``) within the section the row stands in.

``CROSSWALK`` says which indicators mean (nearly) what a 2021 category means, with the caveat a
researcher must read before putting a 2016 number beside a 2022 one.
"""

from __future__ import annotations

from dataclasses import dataclass

from gknb.model.identity import PER_COLUMN, Identity

FORMAT_2014 = "2014"  # the national 政府信息公开情况统计表 (reports on 2014–2018)
FORMAT_LEGACY = "legacy"  # a local table before the national one
LEGACY_FORMATS = (FORMAT_2014, FORMAT_LEGACY)
LOCAL_KEY = "local"  # an indicator only a local table prints: its printed label is kept

CHECK_LEGACY_SUM = "legacy_sum"

S_ACTIVE = "一、主动公开情况"
S_RESPONSE = "二、回应解读情况"
S_REQUESTS = "三、依申请公开情况"
S_REVIEW = "四、行政复议数量"
S_LITIGATION = "五、行政诉讼数量"
S_COMPLAINTS = "六、举报投诉数量"
S_FEES = "七、依申请公开信息收取的费用"
S_CAPACITY = "八、机构建设和保障经费情况"
S_TRAINING = "九、政府信息公开会议和培训情况"


@dataclass(frozen=True)
class Indicator:
    """One row of a legacy statistics table.

    ``patterns`` are normalised substrings, any one of which names the row; ``section`` is where
    the national form prints it (rows such as 被依法纠错数 appear under both review and litigation
    and are told apart by it); ``national`` is False for rows only local tables print.
    """

    key: str
    label: str
    unit: str
    section: str
    description: str
    patterns: tuple[str, ...]
    national: bool = True


def _i(key: str, label: str, unit: str, section: str, description: str, *patterns: str,
       national: bool = True) -> Indicator:
    return Indicator(key, label, unit, section, description, patterns, national)


INDICATORS: tuple[Indicator, ...] = (
    _i("proactive_disclosed", "（一）主动公开政府信息数", "条", S_ACTIVE,
       "Government information disclosed proactively (one item however many channels carried it)",
       "主动公开政府信息数", "主动公开信息数", "主动公开政府信息条数"),
    _i("proactive_normative_documents", "其中：主动公开规范性文件数", "条", S_ACTIVE,
       "Of which: normative documents disclosed proactively", "主动公开规范性文件数"),
    _i("normative_documents_issued", "制发规范性文件总数", "件", S_ACTIVE,
       "Normative documents issued in the year", "制发规范性文件总数", "制发规范性文件数"),
    _i("disclosed_gazette", "1.政府公报公开政府信息数", "条", S_ACTIVE,
       "Items disclosed in the government gazette", "政府公报公开政府信息数", "政府公报公开"),
    _i("disclosed_website", "2.政府网站公开政府信息数", "条", S_ACTIVE,
       "Items disclosed on government websites", "政府网站公开政府信息数", "政府网站公开"),
    _i("disclosed_weibo", "3.政务微博公开政府信息数", "条", S_ACTIVE,
       "Items disclosed on government Weibo accounts", "政务微博公开政府信息数", "政务微博公开"),
    _i("disclosed_wechat", "4.政务微信公开政府信息数", "条", S_ACTIVE,
       "Items disclosed on government WeChat accounts", "政务微信公开政府信息数", "政务微信公开"),
    _i("disclosed_other_channels", "5.其他方式公开政府信息数", "条", S_ACTIVE,
       "Items disclosed by other channels", "其他方式公开政府信息数"),
    _i("responses_to_public_concerns", "（一）回应公众关注热点或重大舆情数", "次", S_RESPONSE,
       "Responses to public concerns or major opinion events", "回应公众关注热点或重大舆情数", "回应公众关注热点"),
    _i("press_conferences", "1.参加或举办新闻发布会总次数", "次", S_RESPONSE,
       "Press conferences held or attended", "参加或举办新闻发布会总次数", "举办新闻发布会"),
    _i("press_conferences_by_heads", "其中：主要负责同志参加新闻发布会次数", "次", S_RESPONSE,
       "Of which: attended by the agency's principal leaders", "主要负责同志参加新闻发布会次数"),
    _i("online_interviews", "2.政府网站在线访谈次数", "次", S_RESPONSE,
       "Online interviews on government websites", "政府网站在线访谈次数"),
    _i("online_interviews_by_heads", "其中：主要负责同志参加政府网站在线访谈次数", "次", S_RESPONSE,
       "Of which: with the agency's principal leaders", "主要负责同志参加政府网站在线访谈次数"),
    _i("policy_interpretations", "3.政策解读稿件发布数", "篇", S_RESPONSE,
       "Policy interpretation articles published", "政策解读稿件发布数", "政策解读稿件"),
    _i("social_media_responses", "4.微博微信回应事件数", "次", S_RESPONSE,
       "Events responded to on Weibo/WeChat", "微博微信回应事件数"),
    _i("other_responses", "5.其他方式回应事件数", "次", S_RESPONSE,
       "Events responded to by other means", "其他方式回应事件数"),
    _i("applications_received", "（一）收到申请数", "件", S_REQUESTS,
       "Requests for disclosure received in the year",
       "收到申请数", "申请总数", "受理依申请公开信息总数", "受理申请总数", "依申请公开申请数"),
    _i("received_in_person", "1.当面申请数", "件", S_REQUESTS, "Of which: made in person", "当面申请数", "当面申请"),
    _i("received_by_fax", "2.传真申请数", "件", S_REQUESTS, "Of which: by fax", "传真申请数", "传真申请"),
    _i("received_online", "3.网络申请数", "件", S_REQUESTS, "Of which: online (web forms, e-mail)",
       "网络申请数", "网上申请数", "网络申请", "网上申请"),
    _i("received_by_letter", "4.信函申请数", "件", S_REQUESTS, "Of which: by letter", "信函申请数", "信函申请"),
    _i("received_by_email", "电子邮件申请数", "件", S_REQUESTS, "Of which: by e-mail (local tables)",
       "电子邮件申请数", "电子邮件申请", national=False),
    _i("received_other_channels", "其他形式申请数", "件", S_REQUESTS, "Of which: other channels",
       "其他形式申请数", "其他形式申请", "其他方式申请数"),
    _i("applications_closed", "（二）申请办结数", "件", S_REQUESTS, "Requests closed", "申请办结数"),
    _i("closed_on_time", "1.按时办结数", "件", S_REQUESTS, "Of which: closed within the time limit", "按时办结数"),
    _i("closed_extended", "2.延期办结数", "件", S_REQUESTS, "Of which: closed after an extension", "延期办结数"),
    _i("replies", "（三）申请答复数", "件", S_REQUESTS, "Replies given",
       "申请答复数", "对申请的答复总数", "答复总数"),
    _i("reply_already_public", "1.属于已主动公开范围数", "件", S_REQUESTS,
       "Reply: the information was already public", "属于已主动公开范围数", "已主动公开范围"),
    _i("reply_granted", "2.同意公开答复数", "件", S_REQUESTS, "Reply: disclosure granted",
       "同意公开答复数", "同意公开数"),
    _i("reply_partially_granted", "3.同意部分公开答复数", "件", S_REQUESTS, "Reply: disclosure partially granted",
       "同意部分公开答复数", "同意部分公开数", "部分公开答复数"),
    _i("reply_denied", "4.不同意公开答复数", "件", S_REQUESTS, "Reply: disclosure denied",
       "不同意公开答复数", "不同意公开数", "不予公开答复数"),
    _i("denied_state_secret", "涉及国家秘密", "件", S_REQUESTS, "Denied: state secret", "涉及国家秘密"),
    _i("denied_commercial_secret", "涉及商业秘密", "件", S_REQUESTS, "Denied: commercial secret", "涉及商业秘密"),
    _i("denied_personal_privacy", "涉及个人隐私", "件", S_REQUESTS, "Denied: personal privacy", "涉及个人隐私"),
    _i("denied_security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "件", S_REQUESTS,
       "Denied: endangers national, public or economic security or social stability",
       "危及国家安全公共安全经济安全和社会稳定", "危及国家安全"),
    _i("denied_not_government_information", "不是《条例》所指政府信息", "件", S_REQUESTS,
       "Denied: not government information in the Regulations' sense", "不是条例所指政府信息", "非条例所指政府信息"),
    _i("denied_other_legal_grounds", "法律法规规定的其他情形", "件", S_REQUESTS,
       "Denied: other grounds in laws and regulations", "法律法规规定的其他情形"),
    _i("reply_not_this_agency", "5.不属于本行政机关公开数", "件", S_REQUESTS,
       "Reply: not for this agency to disclose", "不属于本行政机关公开数", "非本部门掌握", "不属于本机关公开"),
    _i("reply_not_exist", "6.申请信息不存在数", "件", S_REQUESTS, "Reply: the information does not exist",
       "申请信息不存在数", "信息不存在"),
    _i("reply_asked_to_amend", "7.告知作出更改补充数", "件", S_REQUESTS, "Reply: applicant asked to amend the request",
       "告知作出更改补充数", "告知作出更改补充", "申请内容不明确"),
    _i("reply_other_route", "8.告知通过其他途径办理数", "件", S_REQUESTS,
       "Reply: applicant referred to another procedure", "告知通过其他途径办理数", "告知通过其他途径办理"),
    _i("refused_total", "否决公开答复总数", "件", S_REQUESTS,
       "Replies refusing disclosure for any reason (local tables; includes non-existence and not-held)",
       "否决公开答复总数", "否决公开", national=False),
    _i("administrative_review", "四、行政复议数量", "件", S_REVIEW, "Administrative reviews over disclosure",
       "行政复议数量", "行政复议数", "行政复议"),
    _i("review_upheld", "（一）维持具体行政行为数", "件", S_REVIEW, "Reviews: the decision upheld",
       "维持具体行政行为数"),
    _i("review_corrected", "（二）被依法纠错数", "件", S_REVIEW, "Reviews: the decision corrected", "被依法纠错数"),
    _i("review_other", "（三）其他情形数", "件", S_REVIEW, "Reviews: other outcomes", "其他情形数"),
    _i("litigation", "五、行政诉讼数量", "件", S_LITIGATION, "Lawsuits over disclosure",
       "行政诉讼数量", "行政诉讼数", "行政诉讼"),
    _i("litigation_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件", S_LITIGATION,
       "Lawsuits: the decision upheld or the claim dismissed", "驳回原告诉讼请求数", "维持具体行政行为或者驳回"),
    _i("litigation_corrected", "（二）被依法纠错数", "件", S_LITIGATION, "Lawsuits: the decision corrected", "被依法纠错数"),
    _i("litigation_other", "（三）其他情形数", "件", S_LITIGATION, "Lawsuits: other outcomes", "其他情形数"),
    _i("complaints", "六、举报投诉数量", "件", S_COMPLAINTS, "Complaints and reports about disclosure",
       "举报投诉数量", "举报投诉数", "行政申诉数"),
    _i("fees_10k_yuan", "七、依申请公开信息收取的费用", "万元", S_FEES, "Fees charged for disclosure on request (10,000 yuan)",
       "依申请公开信息收取的费用", "收取的费用", "收取费用"),
    _i("dedicated_offices", "（一）政府信息公开工作专门机构数", "个", S_CAPACITY,
       "Offices dedicated to disclosure work", "政府信息公开工作专门机构数", "专门机构数"),
    _i("reading_points", "（二）设置政府信息公开查阅点数", "个", S_CAPACITY,
       "Public reading points for government information", "设置政府信息公开查阅点数", "查阅点数"),
    _i("staff", "（三）从事政府信息公开工作人员数", "人", S_CAPACITY, "Staff working on disclosure",
       "从事政府信息公开工作人员数", "工作人员数"),
    _i("staff_full_time", "1.专职人员数", "人", S_CAPACITY, "Of which: full-time", "专职人员数"),
    _i("staff_part_time", "2.兼职人员数", "人", S_CAPACITY, "Of which: part-time", "兼职人员数"),
    _i("budget_10k_yuan", "（四）政府信息公开专项经费", "万元", S_CAPACITY,
       "Dedicated disclosure budget (10,000 yuan)", "政府信息公开专项经费", "专项经费"),
    _i("meetings", "（一）召开政府信息公开工作会议或专题会议数", "次", S_TRAINING,
       "Meetings on disclosure work", "召开政府信息公开工作会议或专题会议数", "专题会议数"),
    _i("training_sessions", "（二）举办各类培训班数", "次", S_TRAINING, "Training courses held", "举办各类培训班数"),
    _i("trainees", "（三）接受培训人员数", "人次", S_TRAINING, "People trained", "接受培训人员数"),
)
BY_KEY = {i.key: i for i in INDICATORS}
SECTIONS = (S_ACTIVE, S_RESPONSE, S_REQUESTS, S_REVIEW, S_LITIGATION, S_COMPLAINTS, S_FEES, S_CAPACITY, S_TRAINING)
# Rows the 2014 national form has and local tables before it did not: one of them marks the form.
NATIONAL_MARKERS = ("applications_closed", "replies", "responses_to_public_concerns", "reply_already_public",
                    "disclosed_weibo", "dedicated_offices")


def _sum(name: str, total: str, parts: tuple[str, ...], required: tuple[str, ...]) -> Identity:
    """``total = sum(parts)`` in the one value column, checked where the total and ``required`` are
    printed (parts not printed are left out of the sum)."""
    return Identity(CHECK_LEGACY_SUM, "legacy_statistics", PER_COLUMN, (total,), parts, name=name, required=required)


IDENTITIES: tuple[Identity, ...] = (
    _sum("received_by_channel", "applications_received",
         ("received_in_person", "received_by_fax", "received_online", "received_by_letter", "received_by_email",
          "received_other_channels"),
         ("received_in_person", "received_by_fax", "received_online", "received_by_letter")),
    _sum("closed_by_timeliness", "applications_closed", ("closed_on_time", "closed_extended"),
         ("closed_on_time", "closed_extended")),
    _sum("replies_by_type", "replies",
         ("reply_already_public", "reply_granted", "reply_partially_granted", "reply_denied",
          "reply_not_this_agency", "reply_not_exist", "reply_asked_to_amend", "reply_other_route"),
         ("reply_granted", "reply_partially_granted", "reply_denied")),
    _sum("review_by_outcome", "administrative_review", ("review_upheld", "review_corrected", "review_other"),
         ("review_upheld", "review_corrected", "review_other")),
    _sum("litigation_by_outcome", "litigation", ("litigation_upheld", "litigation_corrected", "litigation_other"),
         ("litigation_upheld", "litigation_corrected", "litigation_other")),
    _sum("staff_by_kind", "staff", ("staff_full_time", "staff_part_time"), ("staff_full_time", "staff_part_time")),
)


@dataclass(frozen=True)
class Crosswalk:
    """A legacy indicator next to the 2021 cell that means (nearly) the same."""

    indicator: str
    table: str  # the 2021 fact table
    row: str  # category / proceeding key ('denied' = every denied_* category summed)
    column: str  # applicant type / outcome key
    comparable: str  # same | close | partial
    caveat: str


CROSSWALK: tuple[Crosswalk, ...] = (
    Crosswalk("applications_received", "fact_applications", "new_received", "total", "same",
              "Requests received in the year; before 2019 no carried-over requests were counted separately, "
              "so compare with new_received, not new_received + carried_over."),
    Crosswalk("reply_granted", "fact_applications", "granted", "total", "close",
              "2014–2018 counted 'already public' replies apart (reply_already_public); 2021 counts them under "
              "granted. Add reply_already_public for the 2021 meaning."),
    Crosswalk("reply_already_public", "fact_applications", "granted", "total", "partial",
              "Part of what 2021 counts as granted (the information was already public)."),
    Crosswalk("reply_partially_granted", "fact_applications", "partially_granted", "total", "same",
              "Partial disclosure; 2021 adds that a request partly disclosed is counted only here."),
    Crosswalk("reply_denied", "fact_applications", "denied", "total", "close",
              "Denials; the grounds differ (commercial secret and privacy became 'third-party rights', "
              "'not government information' moved to not-processed or unable), so compare totals only."),
    Crosswalk("reply_not_exist", "fact_applications", "unable_not_held", "total", "close",
              "'Does not exist' is one of the two ways 2021's 'agency does not hold it' arises; "
              "add reply_not_this_agency for the 2021 meaning."),
    Crosswalk("reply_not_this_agency", "fact_applications", "unable_not_held", "total", "partial",
              "'Not for this agency' is the other part of 2021's unable_not_held."),
    Crosswalk("reply_asked_to_amend", "fact_applications", "unable_still_unclear", "total", "partial",
              "2014–2018 counted every request sent back for amendment; 2021 counts only those still unclear "
              "after the amendment."),
    Crosswalk("administrative_review", "fact_review_litigation", "administrative_review", "total", "same",
              "Administrative reviews over disclosure (2021 adds pending cases to the total)."),
    Crosswalk("review_upheld", "fact_review_litigation", "administrative_review", "upheld", "same", "Upheld."),
    Crosswalk("review_corrected", "fact_review_litigation", "administrative_review", "corrected", "same",
              "Corrected."),
    Crosswalk("review_other", "fact_review_litigation", "administrative_review", "other", "close",
              "Other outcomes; 2021 counts pending cases apart."),
    Crosswalk("litigation", "fact_review_litigation", "litigation", "total", "close",
              "All lawsuits; 2021 splits them into litigation_without_review and litigation_after_review "
              "(sum both)."),
)


def crosswalk_view_sql() -> str:
    """``sql/views/legacy_crosswalk.sql``, generated from ``CROSSWALK`` (a test keeps them equal)."""
    rows = ",\n        ".join(
        "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in (c.indicator, c.table, c.row, c.column,
                                                                  c.comparable, c.caveat)) + ")"
        for c in CROSSWALK
    )
    return (
        "-- Legacy (2008–2018) indicators beside the 2021 cells that mean (nearly) the same, with the caveat\n"
        "-- to read first (primary reports only). Generated from model/legacy.py by `python -m gknb.model.legacy`; do not edit by hand.\n"
        "CREATE OR REPLACE VIEW legacy_crosswalk AS\n"
        "WITH crosswalk(indicator, target_table, target_row, target_column, comparable, caveat) AS (\n"
        f"    VALUES\n        {rows}\n)\n"
        "SELECT f.report_id, r.agency_id, f.agency, f.year, f.indicator, f.label, f.value,\n"
        "       c.target_table, c.target_row, c.target_column, c.comparable, c.caveat\n"
        "FROM fact_legacy_statistics f\n"
        "JOIN reports r USING (report_id)\n"
        "JOIN crosswalk c USING (indicator)\n"
        "WHERE r.is_primary;  -- one report per agency-year, as every view\n"
    )


def identities_text() -> str:
    """The legacy identities as a researcher reads them (DATA.md, the check declaration)."""
    return "; ".join(f"`{i.name}`: {i.formula} (run when {', '.join(i.needed)} are printed)" for i in IDENTITIES)


def crosswalk_markdown() -> list[str]:
    """The data dictionary's section on the reports before 2019: the indicators, identities and crosswalk."""
    out = ["## Reports on 2008–2018 (`fact_legacy_statistics`)", "",
           "`format_version` `2014` is the national 政府信息公开情况统计表 printed in the reports on 2014–2018; "
           "`legacy` a local table before it. Each printed indicator is one row; an indicator only a local "
           "table prints keeps its printed label under the key `local`. Checks (`legacy_sum`): "
           + identities_text() + ".", "",
           "| indicator | label | unit | section |", "|---|---|---|---|"]
    out += [f"| `{i.key}` | {i.label} | {i.unit} | {i.section}{'' if i.national else ' (local tables)'} |"
            for i in INDICATORS]
    out += ["", "### Crosswalk to the 2021 tables (view `legacy_crosswalk`)", "",
            "| indicator | 2021 cell | comparable | caveat |", "|---|---|---|---|"]
    out += [f"| `{c.indicator}` | `{c.table}`: {c.row} × {c.column} | {c.comparable} | {c.caveat} |" for c in CROSSWALK]
    return out + [""]


if __name__ == "__main__":  # python -m gknb.model.legacy > sql/views/legacy_crosswalk.sql
    print(crosswalk_view_sql(), end="")
