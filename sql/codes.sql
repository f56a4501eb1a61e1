-- The codes_* tables: every vocabulary of the model with its Chinese labels.
-- Generated from model/codes.py by `python -m gknb.model.codes > sql/codes.sql`; do not edit by hand.
-- Rows of Table 3 (收到和处理政府信息公开申请情况), both forms; note: the group printed above
CREATE OR REPLACE TABLE codes_categories (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_categories VALUES
    ('new_received', '一、本年新收政府信息公开申请数量', ''),
    ('carried_over', '二、上年结转政府信息公开申请数量', ''),
    ('granted', '（一）予以公开', '三、本年度办理结果'),
    ('partially_granted', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '三、本年度办理结果'),
    ('denied_state_secret', '1.属于国家秘密', '（三）不予公开'),
    ('denied_prohibited_by_law', '2.其他法律行政法规禁止公开', '（三）不予公开'),
    ('denied_security_stability', '3.危及“三安全一稳定”', '（三）不予公开'),
    ('denied_third_party_rights', '4.保护第三方合法权益', '（三）不予公开'),
    ('denied_internal_affairs', '5.属于三类内部事务信息', '（三）不予公开'),
    ('denied_process_information', '6.属于四类过程性信息', '（三）不予公开'),
    ('denied_law_enforcement_files', '7.属于行政执法案卷', '（三）不予公开'),
    ('denied_administrative_inquiry', '8.属于行政查询事项', '（三）不予公开'),
    ('unable_not_held', '1.本机关不掌握相关政府信息', '（四）无法提供'),
    ('unable_needs_creation', '2.没有现成信息需要另行制作', '（四）无法提供'),
    ('unable_still_unclear', '3.补正后申请内容仍不明确', '（四）无法提供'),
    ('not_processed_petition', '1.信访举报投诉类申请', '（五）不予处理'),
    ('not_processed_repeated', '2.重复申请', '（五）不予处理'),
    ('not_processed_publication', '3.要求提供公开出版物', '（五）不予处理'),
    ('not_processed_mass_repeated', '4.无正当理由大量反复申请', '（五）不予处理'),
    ('not_processed_confirm_or_reissue', '5.要求行政机关确认或重新出具已获取信息', '（五）不予处理'),
    ('other_no_correction', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '（六）其他处理'),
    ('other_unpaid_fee', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '（六）其他处理'),
    ('other_other', '3.其他', '（六）其他处理'),
    ('total_processed', '（七）总计', '三、本年度办理结果'),
    ('carried_forward', '四、结转下年度继续办理', ''),
    ('other_processing', '（六）其他处理', '三、本年度办理结果');
-- Columns of Table 3 (applicant types)
CREATE OR REPLACE TABLE codes_applicant_types (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_applicant_types VALUES
    ('natural_person', '自然人', ''),
    ('commercial_enterprise', '法人或其他组织/商业企业', ''),
    ('research_institution', '法人或其他组织/科研机构', ''),
    ('social_welfare_org', '法人或其他组织/社会公益组织', ''),
    ('legal_service_org', '法人或其他组织/法律服务机构', ''),
    ('other_org', '法人或其他组织/其他', ''),
    ('total', '总计', '');
-- Rows of Table 2 (主动公开政府信息情况), both forms
CREATE OR REPLACE TABLE codes_items (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_items VALUES
    ('rules', '规章', ''),
    ('normative_documents', '行政规范性文件', ''),
    ('administrative_licensing', '行政许可', ''),
    ('administrative_punishment', '行政处罚', ''),
    ('administrative_coercion', '行政强制', ''),
    ('administrative_fees', '行政事业性收费', ''),
    ('other_external_services', '其他对外管理服务事项', ''),
    ('government_procurement', '政府集中采购', '');
-- Measures of Table 2 items; the unit is in the key (fees_10k_yuan: 万元)
CREATE OR REPLACE TABLE codes_measures (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_measures VALUES
    ('issued', '本年制发件数', ''),
    ('repealed', '本年废止件数', ''),
    ('in_force', '现行有效件数', ''),
    ('decisions', '本年处理决定数量', ''),
    ('fees_10k_yuan', '本年收费金额（单位：万元）', ''),
    ('newly_made', '本年新制作数量', ''),
    ('newly_published', '本年新公开数量', ''),
    ('total_published', '对外公开总数量', ''),
    ('previous_year_items', '上一年项目数量', ''),
    ('change', '本年增/减', ''),
    ('procurement_items', '采购项目数量', ''),
    ('procurement_amount_yuan', '采购总金额', '');
-- Rows of Table 4 (行政复议、行政诉讼)
CREATE OR REPLACE TABLE codes_proceedings (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_proceedings VALUES
    ('administrative_review', '行政复议', ''),
    ('litigation_without_review', '行政诉讼/未经复议直接起诉', ''),
    ('litigation_after_review', '行政诉讼/复议后起诉', '');
-- Columns of Table 4 (outcomes)
CREATE OR REPLACE TABLE codes_outcomes (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_outcomes VALUES
    ('upheld', '结果维持', ''),
    ('corrected', '结果纠正', ''),
    ('other', '其他结果', ''),
    ('pending', '尚未审结', ''),
    ('total', '总计', '');
-- Indicators of the 2008–2018 statistics tables; note: the section
CREATE OR REPLACE TABLE codes_legacy_indicators (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_legacy_indicators VALUES
    ('proactive_disclosed', '（一）主动公开政府信息数', '一、主动公开情况'),
    ('proactive_normative_documents', '其中：主动公开规范性文件数', '一、主动公开情况'),
    ('normative_documents_issued', '制发规范性文件总数', '一、主动公开情况'),
    ('disclosed_gazette', '1.政府公报公开政府信息数', '一、主动公开情况'),
    ('disclosed_website', '2.政府网站公开政府信息数', '一、主动公开情况'),
    ('disclosed_weibo', '3.政务微博公开政府信息数', '一、主动公开情况'),
    ('disclosed_wechat', '4.政务微信公开政府信息数', '一、主动公开情况'),
    ('disclosed_other_channels', '5.其他方式公开政府信息数', '一、主动公开情况'),
    ('responses_to_public_concerns', '（一）回应公众关注热点或重大舆情数', '二、回应解读情况'),
    ('press_conferences', '1.参加或举办新闻发布会总次数', '二、回应解读情况'),
    ('press_conferences_by_heads', '其中：主要负责同志参加新闻发布会次数', '二、回应解读情况'),
    ('online_interviews', '2.政府网站在线访谈次数', '二、回应解读情况'),
    ('online_interviews_by_heads', '其中：主要负责同志参加政府网站在线访谈次数', '二、回应解读情况'),
    ('policy_interpretations', '3.政策解读稿件发布数', '二、回应解读情况'),
    ('social_media_responses', '4.微博微信回应事件数', '二、回应解读情况'),
    ('other_responses', '5.其他方式回应事件数', '二、回应解读情况'),
    ('applications_received', '（一）收到申请数', '三、依申请公开情况'),
    ('received_in_person', '1.当面申请数', '三、依申请公开情况'),
    ('received_by_fax', '2.传真申请数', '三、依申请公开情况'),
    ('received_online', '3.网络申请数', '三、依申请公开情况'),
    ('received_by_letter', '4.信函申请数', '三、依申请公开情况'),
    ('received_by_email', '电子邮件申请数', '三、依申请公开情况'),
    ('received_other_channels', '其他形式申请数', '三、依申请公开情况'),
    ('applications_closed', '（二）申请办结数', '三、依申请公开情况'),
    ('closed_on_time', '1.按时办结数', '三、依申请公开情况'),
    ('closed_extended', '2.延期办结数', '三、依申请公开情况'),
    ('replies', '（三）申请答复数', '三、依申请公开情况'),
    ('reply_already_public', '1.属于已主动公开范围数', '三、依申请公开情况'),
    ('reply_granted', '2.同意公开答复数', '三、依申请公开情况'),
    ('reply_partially_granted', '3.同意部分公开答复数', '三、依申请公开情况'),
    ('reply_denied', '4.不同意公开答复数', '三、依申请公开情况'),
    ('denied_state_secret', '涉及国家秘密', '三、依申请公开情况'),
    ('denied_commercial_secret', '涉及商业秘密', '三、依申请公开情况'),
    ('denied_personal_privacy', '涉及个人隐私', '三、依申请公开情况'),
    ('denied_security_stability', '危及国家安全、公共安全、经济安全和社会稳定', '三、依申请公开情况'),
    ('denied_not_government_information', '不是《条例》所指政府信息', '三、依申请公开情况'),
    ('denied_other_legal_grounds', '法律法规规定的其他情形', '三、依申请公开情况'),
    ('reply_not_this_agency', '5.不属于本行政机关公开数', '三、依申请公开情况'),
    ('reply_not_exist', '6.申请信息不存在数', '三、依申请公开情况'),
    ('reply_asked_to_amend', '7.告知作出更改补充数', '三、依申请公开情况'),
    ('reply_other_route', '8.告知通过其他途径办理数', '三、依申请公开情况'),
    ('refused_total', '否决公开答复总数', '三、依申请公开情况'),
    ('administrative_review', '四、行政复议数量', '四、行政复议数量'),
    ('review_upheld', '（一）维持具体行政行为数', '四、行政复议数量'),
    ('review_corrected', '（二）被依法纠错数', '四、行政复议数量'),
    ('review_other', '（三）其他情形数', '四、行政复议数量'),
    ('litigation', '五、行政诉讼数量', '五、行政诉讼数量'),
    ('litigation_upheld', '（一）维持具体行政行为或者驳回原告诉讼请求数', '五、行政诉讼数量'),
    ('litigation_corrected', '（二）被依法纠错数', '五、行政诉讼数量'),
    ('litigation_other', '（三）其他情形数', '五、行政诉讼数量'),
    ('complaints', '六、举报投诉数量', '六、举报投诉数量'),
    ('fees_10k_yuan', '七、依申请公开信息收取的费用', '七、依申请公开信息收取的费用'),
    ('dedicated_offices', '（一）政府信息公开工作专门机构数', '八、机构建设和保障经费情况'),
    ('reading_points', '（二）设置政府信息公开查阅点数', '八、机构建设和保障经费情况'),
    ('staff', '（三）从事政府信息公开工作人员数', '八、机构建设和保障经费情况'),
    ('staff_full_time', '1.专职人员数', '八、机构建设和保障经费情况'),
    ('staff_part_time', '2.兼职人员数', '八、机构建设和保障经费情况'),
    ('budget_10k_yuan', '（四）政府信息公开专项经费', '八、机构建设和保障经费情况'),
    ('meetings', '（一）召开政府信息公开工作会议或专题会议数', '九、政府信息公开会议和培训情况'),
    ('training_sessions', '（二）举办各类培训班数', '九、政府信息公开会议和培训情况'),
    ('trainees', '（三）接受培训人员数', '九、政府信息公开会议和培训情况'),
    ('local', '地方统计表特有指标', 'meaning: the printed label');
-- Media types (model/media.py): the formats a document is read as, and the crawler's guesses in the fetch log (media_hint); note: what it is
CREATE OR REPLACE TABLE codes_media_types (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_media_types VALUES
    ('pdf', 'PDF 文档', 'PDF, with a text layer or scanned (OCR)'),
    ('docx', 'Word 文档（docx）', 'Word 2007+ document (Office Open XML)'),
    ('doc', 'Word 文档（doc）', 'Word 97–2003 document (OLE)'),
    ('wps', 'WPS 文字文档', 'WPS Writer document; read as a Word 97 file, which it is'),
    ('xlsx', 'Excel 工作簿（xlsx）', 'Excel 2007+ workbook (Office Open XML)'),
    ('xls', 'Excel 工作簿（xls）', 'Excel 97–2003 workbook (BIFF8)'),
    ('html', '网页', 'HTML page'),
    ('text', '纯文本', 'plain text, its tables drawn with characters'),
    ('json', 'JSON', 'JSON answer of a portal''s search API; links are read from it'),
    ('xml', 'XML', 'XML answer of a portal''s search API; links are read from it'),
    ('image', '图片', 'picture (JPEG, PNG, TIFF) of a report''s pages, read by OCR'),
    ('rtf', 'RTF 文档', 'Rich Text Format file, archived but not read'),
    ('ofd', 'OFD 版式文档', 'OFD (China''s fixed-layout format), archived but not read'),
    ('zip', '压缩包', 'zip archive, archived but not read'),
    ('et', 'WPS 表格', 'WPS spreadsheet, archived but not read'),
    ('unknown', '未知', 'the crawler''s guess for a URL whose suffix names no type above');
-- Fetch outcomes (model/fetch.py) in the crawler's fetch log, a DuckDB file of its own, not the warehouse; note: where it is held, the meaning, then the issue level of a problem (the fetch log's crawl_issues)
CREATE OR REPLACE TABLE codes_fetch_outcomes (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_fetch_outcomes VALUES
    ('ok', '成功', 'fetch_log.outcome: the answer''s body was archived'),
    ('not_modified', '未修改', 'fetch_log.outcome: 304: the archived copy stands'),
    ('skipped:list_unchanged', '列表未变', 'fetch_log.outcome: no request: the list''s entry page was unchanged, the archived copy stands'),
    ('skipped:blocked_recently', '近期被拦截', 'fetch_log.outcome: no request: the portal blocked this request recently (issue: warning)'),
    ('skipped:robots_cached', '沿用 robots.txt', 'fetch_log.outcome: no request: robots.txt fetched recently is reused'),
    ('blocked:js_challenge', '反爬验证', 'fetch_log.outcome: the answer was an anti-bot JavaScript challenge (issue: error)'),
    ('blocked:forbidden', '拒绝访问', 'fetch_log.outcome: the portal answered 403 or a block page (issue: error)'),
    ('soft_404', '软 404', 'fetch_log.outcome: a 200 answer saying the page does not exist (issue: warning)'),
    ('timeout', '超时', 'fetch_log.outcome: no whole answer within the time allowed (issue: error)'),
    ('connect_error', '连接失败', 'fetch_log.outcome: the host could not be connected to (issue: error)'),
    ('transport_error', '传输错误', 'fetch_log.outcome: the connection broke (the reason names the error) (issue: error)'),
    ('too_large', '过大', 'fetch_log.outcome: the body exceeded the size limit (issue: error)'),
    ('http_error', 'HTTP 错误', 'fetch_log.outcome: an HTTP error status (the reason holds it) (issue: error)'),
    ('too_many_redirects', '重定向过多', 'fetch_log.outcome: the redirect chain exceeded the limit (issue: error)'),
    ('deferred:rate_limited', '限流推迟', 'fetch_log.outcome: the portal asked to wait (Retry-After) longer than allowed: left for a later run (issue: warning)'),
    ('deferred:daily_cap', '达到日上限', 'fetch_log.outcome: the host''s requests for the day are spent (issue: warning)'),
    ('tls_error', '证书错误', 'fetch_log.outcome: the certificate was refused and no fallback worked (issue: error)'),
    ('refused:bad_url', '地址无效', 'fetch_log.outcome: not fetched: the URL cannot be requested (issue: error)'),
    ('refused:host_not_allowed', '主机不在范围', 'fetch_log.outcome: not fetched: the host is not the source''s (issue: error)'),
    ('refused:private_address', '内网地址', 'fetch_log.outcome: not fetched: the host resolves to a private address (issue: error)'),
    ('refused:unmapped_host', '主机未映射', 'fetch_log.outcome: not fetched: the host has no address in the host map (issue: error)'),
    ('refused:dns_error', '域名解析失败', 'fetch_log.outcome: not fetched: the host name did not resolve (issue: error)'),
    ('robots_disallowed', 'robots 禁止', 'fetch_log.outcome: not fetched: robots.txt disallows the path (issue: warning)'),
    ('robots_forbidden', 'robots 拒绝', 'fetch_log.outcome: robots.txt answered 401/403: the host is not crawled (issue: error)'),
    ('robots_unavailable', 'robots 不可用', 'fetch_log.outcome: robots.txt gave no usable answer (none, 429, 5xx, any other non-200, non-4xx status): the host is not crawled (issue: error)'),
    ('host_blocked', '主机已拦截', 'fetch_log.outcome: not fetched: the host blocked too many requests this run (issue: error)'),
    ('new', '新增', 'source_health_log (counted per source): content not archived for this URL before'),
    ('updated', '已更新', 'source_health_log (counted per source): content that differs from the URL''s archived copy'),
    ('unchanged', '未变', 'source_health_log (counted per source): the URL''s archived content again'),
    ('tls_unverified', '未验证证书', 'fetch_log.reason: fetched over TLS without verifying the host''s broken certificate (issue: info)'),
    ('https_to_http', '降级 HTTP', 'fetch_log.reason: fetched over plain HTTP: no TLS to the host worked (issue: info)');
-- What became of a document
CREATE OR REPLACE TABLE codes_statuses (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_statuses VALUES
    ('parsed', '已解析', 'all tables whole'),
    ('partial', '部分解析', 'some table missing or incomplete'),
    ('not_report', '非年报', 'not an annual report'),
    ('needs_ocr', '需识别', 'a scan without a text layer that OCR could not read'),
    ('failed', '失败', 'unreadable; the reason is in the error');
-- Consistency checks (report-model.md)
CREATE OR REPLACE TABLE codes_checks (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_checks VALUES
    ('t3_balance', '收支平衡', 'new_received + carried_over = total_processed + carried_forward'),
    ('t3_outcomes_sum', '办理结果合计', 'total_processed = sum of the outcome rows'),
    ('t3_applicant_sum', '申请人合计', 'total = sum of the applicant columns'),
    ('t4_outcome_sum', '复议诉讼合计', 'total = upheld + corrected + other + pending'),
    ('cross_year_carry', '跨年度结转', 'carried_forward of year Y = carried_over of year Y+1'),
    ('agency_identity', '机关定位', 'the printed name placed in a region (fail: no agency_id)'),
    ('legacy_sum', '2008—2018统计表合计', 'a legacy identity (model/legacy.py)');
-- Issue codes (model/issues.py); note: the level, then the meaning
CREATE OR REPLACE TABLE codes_issues (code VARCHAR PRIMARY KEY, label_zh VARCHAR NOT NULL, note VARCHAR);
INSERT INTO codes_issues VALUES
    ('charset_overruled', '声明的字符集无法解码，改用检测到的字符集', 'warning: The charset the HTTP header or <meta> declares does not decode the bytes; the detected one was used'),
    ('page_unreadable', 'PDF某页无法读取，其余页照常读取，文档视为不完整', 'warning: A PDF page could not be read; the rest of the document was, and it counts as cut there'),
    ('ocr_read', '部分或全部页面经OCR识别', 'info: Pages were read from images by OCR'),
    ('ocr_deskewed', '扫描页在识别前经过纠偏', 'info: A scanned page was straightened before OCR'),
    ('ocr_digits_unsure', '数字识别置信度不足或格式不符，单元格留空', 'warning: Digits OCR did not read surely or cleanly; the cell is left null, never guessed'),
    ('ocr_ink_unread', '单元格有墨迹但未识别出文字，留空', 'warning: Ink in a cell that OCR read as nothing; left null'),
    ('ocr_text_dropped', '低置信度识别文字被舍弃', 'warning: Text OCR read with low confidence is dropped'),
    ('ocr_pages_failed', '图片页OCR失败，仅使用文字层', 'warning: Pages that are images could not be read by OCR; the text layer alone was used'),
    ('traditional_script', '繁体中文按简体读取', 'info: Traditional Chinese text read as Simplified'),
    ('year_period_spans', '统计期跨越两个年度', 'warning: The statistics period spans two years'),
    ('year_title_disagrees', '标题与统计期年份不一致，以标题为准', 'warning: The title and the statistics period name different years; the title''s is kept'),
    ('year_from_text', '标题和统计期均未写明年度，从正文其他位置读取', 'warning: Neither the title nor a statistics period names the year; it was read from elsewhere in the text'),
    ('year_from_date', '未写明年度，由发布日期推断', 'warning: The year is not stated; inferred from the publication date'),
    ('year_other_named', '正文还提到另一年度的报告（疑为套用模板）', 'warning: The text also names another year''s report (a copied template?)'),
    ('table_not_found', '找到表头但未找到任何行', 'warning: A table''s heading was located but none of its rows'),
    ('table_missing', '缺少统计表', 'warning: A statistics table is not in the document''s reading'),
    ('table_incomplete', '统计表不完整（缺行、单元格不足、被截断或无法确定），整表留空', 'warning: A table was found but not read whole (rows missing, too few cells, cut, undecided); left null'),
    ('row_glued_undecided', '某行数字粘连且无唯一读法，留空', 'warning: Glued digits in a row allow no single reading; the row is left null'),
    ('row_cells_undecided', '某行单元格数与列数不符且无唯一读法，留空', 'warning: A row has more or fewer cells than columns and no single reading; the row is left null'),
    ('row_glued_inferred', '某行粘连数字按表内勾稽关系唯一拆分', 'info: Glued digits in a row were split by the table''s own identities (one consistent reading)'),
    ('row_cells_inferred', '某行多格或缺格，按表内勾稽关系唯一确定', 'info: A row with a cell too many or too few was placed by the table''s own identities (one consistent reading)'),
    ('table_printed_empty', '统计表只有标签没有数值，全部为空', 'info: Every label of a table and no value printed: every cell null'),
    ('table_all_blank', '统计表所有单元格为空（疑为空模板）', 'warning: Every cell of a table is blank (a template published empty?)'),
    ('format_from_year', '仅找到表四，按年度确定格式', 'info: Only Table 4 was found; the form is the one in force for the year'),
    ('format_variant', '表格为该版式的变体（如2021版表格仅有一行（六）其他处理），详见说明', 'info: The tables are a variant of their form declared in model/eras.py (e.g. 2021 tables with a single （六）其他处理 row); the detail names it'),
    ('no_statistics_table', '有报告标题但无统计表', 'warning: A report title but no statistics table in the document'),
    ('ocr_unbalanced', 'OCR识别的统计表勾稽关系不成立，整表留空', 'warning: A table read by OCR whose identities do not hold is left null (cells in partial_tables)'),
    ('legacy_not_a_number', '旧版统计指标的数值不是数字，留空', 'warning: A legacy indicator''s figure is not a number; left blank'),
    ('legacy_printed_twice', '旧版统计指标重复出现且数值不同，保留第一个', 'warning: A legacy indicator printed twice with different figures; the first is kept'),
    ('legacy_cell_count', '旧版统计表某行单元格或数值个数与列数不符，留空', 'warning: A legacy row has another number of cells or figures than its columns; left blank'),
    ('agency_unplaced', '报告机关无法确定所属辖区，报告照常载入但不作为主报告（见 agency_identity 检查）', 'warning: The agency the report names cannot be placed in a jurisdiction; the report is loaded, never primary (check agency_identity); where: the name as printed'),
    ('read_failed', '文档无法读取（截断、损坏、超出限制或读取程序错误）', 'error: The document could not be read (truncated, corrupt, over a limit, a reader error)'),
    ('scan_unread', '无文字层的扫描件，OCR未能识别', 'error: A scan without a text layer that OCR could not read'),
    ('not_a_report', '无报告标题且无统计表，非年度报告', 'info: No report title and no statistics table: not an annual report');
