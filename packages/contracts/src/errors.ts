// Stable error codes with their HTTP status and a message in each supported language.
export const locales = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof locales)[number];

export const errorCatalog = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': '请求内容不符合要求，请检查标出的字段。',
    'en-US': 'The request is invalid; check the fields listed.',
  },
  MALFORMED_JSON: { status: 400, 'zh-CN': '请求体不是有效的 JSON。', 'en-US': 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, 'zh-CN': '不支持的内容类型。', 'en-US': 'Unsupported content type.' },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '请求体过大。', 'en-US': 'The request body is too large.' },
  AUTH_REQUIRED: { status: 401, 'zh-CN': '请先登录。', 'en-US': 'Please sign in.' },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': '用户名或密码错误，或账户因多次失败已被临时锁定。',
    'en-US': 'Wrong username or password, or the account is temporarily locked after repeated failures.',
  },
  AUTH_RATE_LIMITED: {
    status: 429,
    'zh-CN': '尝试次数过多，请稍后再试。',
    'en-US': 'Too many attempts; try again later.',
  },
  AUTH_WRONG_PASSWORD: { status: 400, 'zh-CN': '当前密码不正确。', 'en-US': 'The current password is wrong.' },
  CSRF_ORIGIN_MISMATCH: {
    status: 403,
    'zh-CN': '请求来源不被信任，已拒绝。',
    'en-US': 'The request origin is not trusted; refused.',
  },
  FORBIDDEN: { status: 403, 'zh-CN': '您没有执行此操作的权限。', 'en-US': 'You are not allowed to do this.' },
  NOT_FOUND: { status: 404, 'zh-CN': '请求的资源不存在。', 'en-US': 'The requested resource does not exist.' },
  EMPLOYEE_NOT_FOUND: {
    status: 404,
    'zh-CN': '员工不存在或您无权查看。',
    'en-US': 'The person does not exist or you may not see them.',
  },
  ORG_UNIT_NOT_FOUND: {
    status: 404,
    'zh-CN': '部门不存在或您无权查看。',
    'en-US': 'The unit does not exist or you may not see it.',
  },
  POSITION_NOT_FOUND: { status: 404, 'zh-CN': '岗位不存在。', 'en-US': 'The position does not exist.' },
  USER_NOT_FOUND: { status: 404, 'zh-CN': '用户不存在。', 'en-US': 'The user does not exist.' },
  EMPLOYEE_NO_TAKEN: { status: 409, 'zh-CN': '工号已被使用。', 'en-US': 'The employee number is already in use.' },
  USERNAME_TAKEN: { status: 409, 'zh-CN': '用户名已被使用。', 'en-US': 'The username is already in use.' },
  EMPLOYEE_ALREADY_BOUND: {
    status: 409,
    'zh-CN': '该员工已绑定其他用户。',
    'en-US': 'The person is already bound to another user.',
  },
  ORG_UNIT_CYCLE: {
    status: 422,
    'zh-CN': '不能把部门移动到它自己或其下级部门之下。',
    'en-US': 'A unit cannot be moved under itself or one of its descendants.',
  },
  ORG_UNIT_ROOT_EXISTS: {
    status: 422,
    'zh-CN': '组织已有根部门，请指定上级部门。',
    'en-US': 'The organization already has a root unit; choose a parent.',
  },
  ORG_UNIT_NOT_EMPTY: {
    status: 422,
    'zh-CN': '部门下仍有员工或下级部门，不能删除。',
    'en-US': 'The unit still has people or sub-units and cannot be deleted.',
  },
  REFERENCE_OUTSIDE_ORG: {
    status: 422,
    'zh-CN': '引用的记录不存在或不属于本组织。',
    'en-US': 'The referenced record does not exist in this organization.',
  },
  MANAGER_CYCLE: {
    status: 422,
    'zh-CN': '不能选择此人的下属（直接或间接）作为其上级。',
    'en-US': 'A person cannot report to someone who reports to them, directly or not.',
  },
  LAST_ADMIN: {
    status: 422,
    'zh-CN': '组织至少需要保留一位启用的管理员。',
    'en-US': 'The organization must keep at least one active admin.',
  },
  MANAGER_SELF: { status: 422, 'zh-CN': '员工不能是自己的上级。', 'en-US': 'A person cannot be their own manager.' },
  INVALID_ID_NUMBER: {
    status: 422,
    'zh-CN': '身份证号无效（长度、出生日期或校验位不正确）。',
    'en-US': 'Invalid ID number (length, birth date or check character is wrong).',
  },
  PROBATION_TOO_LONG: {
    status: 422,
    'zh-CN': '试用期超过劳动合同期限允许的上限（劳动合同法第十九条）。',
    'en-US': 'The probation is longer than the contract term allows (Labor Contract Law Art. 19).',
  },
  PROBATION_NOT_ALLOWED: {
    status: 422,
    'zh-CN': '此类劳动合同不得约定试用期（劳动合同法第十九条）。',
    'en-US': 'This kind of contract may not have a probation period (Labor Contract Law Art. 19).',
  },
  PROBATION_BEFORE_START: {
    status: 422,
    'zh-CN': '试用期结束日期早于合同开始日期。',
    'en-US': 'The probation end date is before the contract start date.',
  },
  PERSONAL_FIELD_UNAVAILABLE: {
    status: 404,
    'zh-CN': '该个人信息未填写。',
    'en-US': 'That personal field is not on file.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    'zh-CN': 'Idempotency-Key 必须是 1 到 200 个可见 ASCII 字符。',
    'en-US': 'Idempotency-Key must be 1 to 200 visible ASCII characters.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    'zh-CN': '同一个 Idempotency-Key 已用于另一个不同的请求。',
    'en-US': 'This Idempotency-Key was already used for a different request.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    'zh-CN': '使用同一 Idempotency-Key 的请求仍在处理中，请稍后重试。',
    'en-US': 'A request with this Idempotency-Key is still being processed; retry shortly.',
  },
  INVALID_CURSOR: {
    status: 400,
    'zh-CN': '分页游标无效，请从第一页重新开始。',
    'en-US': 'The page cursor is invalid; start again from the first page.',
  },
  DATE_OUT_OF_RANGE: {
    status: 400,
    'zh-CN': '日期超出允许范围（1900 至 2999 年）。',
    'en-US': 'The date is out of range (years 1900 to 2999).',
  },
  INTEGRATION_NOT_FOUND: { status: 404, 'zh-CN': '集成不存在。', 'en-US': 'The integration does not exist.' },
  INTEGRATION_KEY_NOT_FOUND: { status: 404, 'zh-CN': 'API 密钥不存在。', 'en-US': 'The API key does not exist.' },
  SOURCE_TAKEN: {
    status: 409,
    'zh-CN': '该来源标识已被其他集成使用。',
    'en-US': 'Another integration already uses this source name.',
  },
  API_KEY_INVALID: {
    status: 401,
    'zh-CN': 'API 密钥无效、已吊销或集成已停用。',
    'en-US': 'The API key is invalid or revoked, or the integration is disabled.',
  },
  API_KEY_SCOPE: {
    status: 403,
    'zh-CN': 'API 密钥没有此操作的权限范围。',
    'en-US': 'The API key lacks the scope for this operation.',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 401,
    'zh-CN': 'Webhook 签名无效或已过期（时间窗口 5 分钟），未存储任何数据。',
    'en-US': 'The webhook signature is invalid or expired (5-minute window); nothing was stored.',
  },
  IMPORT_NOT_FOUND: {
    status: 404,
    'zh-CN': '导入记录不存在或您无权查看。',
    'en-US': 'The import does not exist or you may not see it.',
  },
  IMPORT_TOO_MANY_ROWS: {
    status: 413,
    'zh-CN': '文件超过 200,000 行数据，请拆分后分批导入。',
    'en-US': 'The file has more than 200,000 data rows; split it and import the parts.',
  },
  IMPORT_FILE_UNREADABLE: {
    status: 422,
    'zh-CN': '无法读取文件，请上传 CSV 或 Excel（.xlsx）文件。',
    'en-US': 'The file cannot be read; upload a CSV or Excel (.xlsx) file.',
  },
  IMPORT_FILE_EMPTY: {
    status: 422,
    'zh-CN': '文件中没有找到表头下方的数据行。',
    'en-US': 'The file has no data rows below its header.',
  },
  IMPORT_MAPPING_INCOMPLETE: {
    status: 400,
    'zh-CN': '列对应关系不完整或有误，请检查标出的字段。',
    'en-US': 'The column mapping is incomplete or wrong; check the fields listed.',
  },
  IMPORT_NOT_VALIDATED: {
    status: 409,
    'zh-CN': '请先设置列对应关系并完成校验。',
    'en-US': 'Set the column mapping and check the rows first.',
  },
  IMPORT_ALREADY_COMMITTED: {
    status: 409,
    'zh-CN': '此导入已提交（或正在提交），不能再次提交或修改。',
    'en-US': 'This import has been committed (or is being committed); it cannot be committed or changed again.',
  },
  IMPORT_HAS_INVALID_ROWS: {
    status: 422,
    'zh-CN': '存在校验未通过的行，“全部成功才导入”模式已拒绝，未写入任何数据。',
    'en-US': 'Some rows are invalid, so the all-or-nothing import was refused; nothing was written.',
  },
  IMPORT_NO_VALID_ROWS: {
    status: 422,
    'zh-CN': '没有可以导入的有效行。',
    'en-US': 'There are no valid rows to import.',
  },
  METRIC_KEY_TAKEN: {
    status: 409,
    'zh-CN': '这个指标标识已被使用（含内置指标和已归档的指标）。',
    'en-US': 'This metric key is already in use (by a built-in, current or archived metric).',
  },
  METRIC_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '指标定义已被他人修改，请刷新后在最新版本上修改。',
    'en-US': 'Someone changed this metric in the meantime; reload and edit the latest version.',
  },
  METRIC_READONLY: {
    status: 409,
    'zh-CN': '内置指标不能修改或归档。',
    'en-US': 'Built-in metrics cannot be changed or archived.',
  },
  METRIC_IN_USE: {
    status: 409,
    'zh-CN': '还有其他指标基于这个指标计算，请先修改或归档它们。',
    'en-US': 'Other metrics are computed from this one; change or archive them first.',
  },
  METRIC_NOT_MANUAL: {
    status: 400,
    'zh-CN': '只有手工录入类指标可以录入数值。',
    'en-US': 'Values can only be entered for manual metrics.',
  },
  SELF_ENTRY_FORBIDDEN: {
    status: 403,
    'zh-CN': '不能为自己录入考核数值，请由上级或 HR 录入。',
    'en-US': 'You cannot enter values about yourself; your manager or HR enters them.',
  },
  ACTIVITY_TYPE_TAKEN: {
    status: 409,
    'zh-CN': '这个活动类型标识已被使用。',
    'en-US': 'This activity type key is already in use.',
  },
  ACTIVITY_TYPE_READONLY: {
    status: 409,
    'zh-CN': '内置活动类型不能修改或停用。',
    'en-US': 'Built-in activity types cannot be changed or deactivated.',
  },
  ACTIVITY_TYPE_IN_USE: {
    status: 409,
    'zh-CN': '有指标基于这个活动类型计算，停用前请先修改这些指标。',
    'en-US': 'Metrics are computed from this activity type; change them before deactivating it.',
  },
  SCORECARD_TEMPLATE_NOT_FOUND: {
    status: 404,
    'zh-CN': '考核方案不存在。',
    'en-US': 'The scorecard template does not exist.',
  },
  TEMPLATE_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '考核方案已被他人修改，请刷新后在最新版本上修改。',
    'en-US': 'Someone changed this scorecard template in the meantime; reload and edit the latest version.',
  },
  TEMPLATE_OVERLAP: {
    status: 409,
    'zh-CN': '已有启用的考核方案适用于相同的岗位和阶段，一个人只能适用一个方案。',
    'en-US': 'Another active template already applies to the same position and stage; a person can have only one.',
  },
  NO_APPLICABLE_TEMPLATE: {
    status: 404,
    'zh-CN': '没有适用于此人岗位和阶段的启用考核方案。',
    'en-US': 'No active scorecard template applies to this person’s position and stage.',
  },
  GRADE_SCALE_NOT_FOUND: { status: 404, 'zh-CN': '等级标准不存在。', 'en-US': 'The grade scale does not exist.' },
  TARGET_NOT_FOUND: {
    status: 404,
    'zh-CN': '目标不存在或您无权查看。',
    'en-US': 'The target does not exist or you may not see it.',
  },
  TARGET_EXISTS: {
    status: 409,
    'zh-CN': '该对象在这个指标和周期已有目标，请修改或确认已有的目标。',
    'en-US': 'There is already a target for this metric and period; change or agree the existing one.',
  },
  TARGET_LOCKED: {
    status: 409,
    'zh-CN': '目标所在周期已开始，目标已锁定；如需调整，请由 HR 修改并说明原因。',
    'en-US': 'The target’s period has started, so it is locked; HR can change it, with a reason.',
  },
  TARGET_NOT_PROPOSED: {
    status: 409,
    'zh-CN': '这个目标已确认，没有待确认的建议值。',
    'en-US': 'This target is already agreed; there is no proposal to answer.',
  },
  TARGET_OWN_PROPOSAL: {
    status: 409,
    'zh-CN': '这是您自己提出的值，需由对方确认或还价。',
    'en-US': 'You proposed this value yourself; the other side agrees or counters it.',
  },
  TARGET_SELF_SET: {
    status: 403,
    'zh-CN': '不能为自己设定目标，请提交建议值，由上级确认。',
    'en-US': 'You cannot set your own target; propose a value for your manager to agree.',
  },
  TARGET_NOT_TEAM: {
    status: 422,
    'zh-CN': '只有已确认的团队目标可以拆分到个人。',
    'en-US': 'Only an agreed team target can be split into people’s targets.',
  },
  TARGET_SPLIT_MISMATCH: {
    status: 422,
    'zh-CN': '分配给个人的目标合计与团队目标不一致；请调整，或明确允许不一致。',
    'en-US': 'The people’s targets do not add up to the team target; adjust them or allow the difference.',
  },
  REVIEW_CYCLE_NOT_FOUND: { status: 404, 'zh-CN': '考核周期不存在。', 'en-US': 'The review cycle does not exist.' },
  REVIEW_CYCLE_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '考核周期已被他人更新，请刷新后再操作。',
    'en-US': 'Someone else changed the review cycle; reload it and try again.',
  },
  REVIEW_CYCLE_NOT_DRAFT: {
    status: 409,
    'zh-CN': '考核周期已发起，不能再修改范围或删除。',
    'en-US': 'The review cycle has been launched; its population can no longer be changed and it cannot be deleted.',
  },
  REVIEW_CYCLE_EMPTY: {
    status: 422,
    'zh-CN': '考核范围内没有可考核的人员（所选部门、岗位、状态下无人，或没有适用的考核模板）。',
    'en-US':
      'The cycle has nobody to review: no one matches the units, positions and statuses, or no scorecard template applies to them.',
  },
  REVIEW_CYCLE_CLOSED: {
    status: 409,
    'zh-CN': '考核周期已结束，不能再推进。',
    'en-US': 'The review cycle is closed; it has no further stage.',
  },
  REVIEW_APPEALS_OPEN: {
    status: 409,
    'zh-CN': '还有未处理的申诉，请先处理完再结束考核周期。',
    'en-US': 'Appeals are still open; decide them before closing the cycle.',
  },
  REVIEW_STAGE_CLOSED: {
    status: 409,
    'zh-CN': '该环节未开放或已结束，不能再执行此操作。',
    'en-US': 'This stage is not open (not yet, or no longer); the action is not possible now.',
  },
  REVIEW_FORM_NOT_FOUND: { status: 404, 'zh-CN': '考核表不存在。', 'en-US': 'The review form does not exist.' },
  REVIEW_PARTICIPANT_NOT_FOUND: {
    status: 404,
    'zh-CN': '考核结果不存在。',
    'en-US': 'The review result does not exist.',
  },
  REVIEW_PARTICIPANT_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '该考核结果已被他人调整，请刷新后再操作。',
    'en-US': 'Someone else changed this result; reload it and try again.',
  },
  REVIEW_SELF_CALIBRATION: {
    status: 403,
    'zh-CN': '不能调整自己的考核等级。',
    'en-US': 'You cannot change your own grade.',
  },
  REVIEW_NOT_YOURS: {
    status: 403,
    'zh-CN': '只有本人可以确认或申诉自己的考核结果。',
    'en-US': 'Only the person reviewed can acknowledge or appeal their result.',
  },
  REVIEW_ALREADY_ACKNOWLEDGED: {
    status: 409,
    'zh-CN': '考核结果已确认，不能再申诉或重复确认。',
    'en-US': 'The result has already been acknowledged; it cannot be appealed or acknowledged again.',
  },
  REVIEW_APPEAL_EXISTS: {
    status: 409,
    'zh-CN': '已对该考核结果提出过申诉。',
    'en-US': 'This result has already been appealed.',
  },
  NOTIFICATION_NOT_FOUND: { status: 404, 'zh-CN': '通知不存在。', 'en-US': 'The notification does not exist.' },
  IM_CHANNEL_NOT_FOUND: {
    status: 404,
    'zh-CN': '群机器人不存在。',
    'en-US': 'The IM group bot does not exist.',
  },
  IM_CHANNEL_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '该群机器人已被他人修改，请刷新后再操作。',
    'en-US': 'Someone else changed this group bot; reload it and try again.',
  },
  IM_CHANNEL_INVALID: {
    status: 422,
    'zh-CN': '群机器人设置有误，请检查标出的字段。',
    'en-US': 'The group bot settings are not usable; check the fields listed.',
  },
  REVIEW_APPEAL_NOT_FOUND: { status: 404, 'zh-CN': '申诉不存在。', 'en-US': 'The appeal does not exist.' },
  REVIEW_APPEAL_DECIDED: {
    status: 409,
    'zh-CN': '该申诉已处理。',
    'en-US': 'The appeal has already been decided.',
  },
  PROBATION_REVIEW_NOT_FOUND: {
    status: 404,
    'zh-CN': '转正考核不存在或您无权查看。',
    'en-US': 'The probation review does not exist or you may not see it.',
  },
  NOT_IN_PROBATION: {
    status: 422,
    'zh-CN': '该员工不在试用期（或没有试用期结束日期），不能发起转正考核。',
    'en-US': 'The person is not in probation (or has no probation end date); no probation review can be opened.',
  },
  PROBATION_REVIEW_EXISTS: {
    status: 409,
    'zh-CN': '该员工本次试用期已有转正考核。',
    'en-US': 'The person already has a probation review for this probation end date.',
  },
  PROBATION_REVIEW_CLOSED: {
    status: 409,
    'zh-CN': '该转正考核已有结论，不能再次处理。',
    'en-US': 'The probation review has already been decided.',
  },
  PROBATION_ENDED: {
    status: 422,
    'zh-CN':
      '试用期已经结束：用人单位不能再以“在试用期间被证明不符合录用条件”为由解除劳动合同（《劳动合同法》第二十一条、第三十九条第（一）项），该员工依法已转为正式员工。请办理转正。',
    'en-US':
      'The probation has ended: the employer can no longer terminate for not meeting the hiring conditions during probation (Labor Contract Law Art. 21, 39(1)), and by law the person is now a regular employee. Regularize them instead.',
  },
  PROBATION_NOTICE_UNAVAILABLE: {
    status: 409,
    'zh-CN': '只有“不通过”的转正考核才有不符合录用条件通知书。',
    'en-US': 'Only a probation review that was not passed has a notice.',
  },
  // Improvement plans (绩效改进计划)
  PLAN_NOT_FOUND: {
    status: 404,
    'zh-CN': '改进计划不存在或您无权查看。',
    'en-US': 'The improvement plan does not exist or you may not see it.',
  },
  PLAN_STATE_CONFLICT: {
    status: 409,
    'zh-CN': '改进计划当前状态不允许此操作，请刷新后查看。',
    'en-US': 'The improvement plan’s current status does not allow this; refresh to see it.',
  },
  PLAN_ALREADY_EXTENDED: {
    status: 409,
    'zh-CN': '改进计划只能延期一次，本计划已延期过。请记录“通过”或“未通过”。',
    'en-US': 'An improvement plan can be extended only once and this one already was; record passed or failed.',
  },
  PLAN_ACTIVE_EXISTS: {
    status: 409,
    'zh-CN': '该员工已有进行中的改进计划。',
    'en-US': 'The person already has an improvement plan in progress.',
  },
  PLAN_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '其他人已修改了该改进计划，请刷新后再操作。',
    'en-US': 'Someone changed this improvement plan in the meantime; reload and try again.',
  },
  PLAN_INVALID: {
    status: 422,
    'zh-CN': '改进计划内容有误，请检查标出的字段。',
    'en-US': 'The improvement plan is not valid; check the fields listed.',
  },
  // Employment actions (人事异动) and approval chains
  EMPLOYMENT_ACTION_NOT_FOUND: {
    status: 404,
    'zh-CN': '人事异动不存在或您无权查看。',
    'en-US': 'The employment action does not exist or you may not see it.',
  },
  EMPLOYMENT_ACTION_INVALID: {
    status: 422,
    'zh-CN': '人事异动内容有误，请检查标出的字段。',
    'en-US': 'The employment action is not valid; check the fields listed.',
  },
  EMPLOYMENT_ACTION_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '其他人已修改了该人事异动，请刷新后再操作。',
    'en-US': 'Someone changed this employment action in the meantime; reload and try again.',
  },
  EMPLOYMENT_ACTION_STATE_CONFLICT: {
    status: 409,
    'zh-CN': '人事异动当前状态不允许此操作，请刷新后查看。',
    'en-US': 'The employment action’s current status does not allow this; refresh to see it.',
  },
  EMPLOYMENT_ACTION_ABOUT_SELF: {
    status: 403,
    'zh-CN': '不能为自己发起人事异动，请由其他人力资源同事或管理员办理。',
    'en-US': 'Nobody starts an employment action about themselves; another HR user or an admin does.',
  },
  EMPLOYMENT_PERSON_EXITED: {
    status: 409,
    'zh-CN': '该员工已离职，不能再发起人事异动。',
    'en-US': 'The person has left the organization; no employment action can be started for them.',
  },
  EMPLOYMENT_NO_JOB_CHANGE: {
    status: 422,
    'zh-CN': '新的部门、岗位和直接上级与生效日的任职完全相同，没有需要变更的内容。',
    'en-US': 'The new unit, position and manager are all the same as the job on the effective date: nothing changes.',
  },
  JOB_CHANGE_OPEN_EXISTS: {
    status: 409,
    'zh-CN': '该员工已有未完结的调岗/晋升/降职/轮岗申请（草稿、审批中或已批准待生效），请先处理或取消。',
    'en-US':
      'The person already has an open job change (draft, pending, or approved and waiting for its date); finish or cancel it first.',
  },
  TERMINATION_OPEN_EXISTS: {
    status: 409,
    'zh-CN': '该员工已有未完结的解除劳动合同申请（草稿、审批中或已批准），请先处理或取消。',
    'en-US': 'The person already has an open termination (draft, pending or approved); finish or cancel it first.',
  },
  APPROVAL_WRONG_ROLE: {
    status: 403,
    'zh-CN': '当前审批环节不由您审批。',
    'en-US': 'The current approval step is not yours to decide.',
  },
  APPROVAL_OWN_ACTION: {
    status: 403,
    'zh-CN': '不能审批关于您本人的人事异动。',
    'en-US': 'You cannot decide an employment action about yourself.',
  },
  APPROVAL_SAME_DECIDER: {
    status: 403,
    'zh-CN': '您已审批过本异动的其他环节，同一人不能审批两个环节。',
    'en-US': 'You already decided another step of this action; one person cannot decide two steps.',
  },
  APPROVAL_CHAIN_INVALID: {
    status: 422,
    'zh-CN': '审批流程设置有误，请检查标出的字段。',
    'en-US': 'The approval chain is not valid; check the fields listed.',
  },
  EMPLOYMENT_DOCUMENT_NOT_AVAILABLE: {
    status: 409,
    'zh-CN': '此人事异动当前不能生成该文书（如需审批通过或生效后才能出具）。',
    'en-US': 'This document cannot be produced for the action now (it may need approval or the effective date first).',
  },
  EMPLOYMENT_FILE_NOT_FOUND: {
    status: 404,
    'zh-CN': '附件不存在或您无权查看。',
    'en-US': 'The file does not exist or you may not see it.',
  },
  // Terminations: the evidence chain, the Art. 42 checklist, the Art. 43 union notice
  TERMINATION_CHAIN_INCOMPLETE: {
    status: 422,
    'zh-CN': '终止劳动合同的证据链不完整，尚缺：下列各项。',
    'en-US': 'The evidence chain for ending the employment contract is incomplete; still missing: the items listed.',
  },
  TERMINATION_NOT_A_TERMINATION: {
    status: 422,
    'zh-CN': '此人事异动不是解除劳动合同，没有证据链。',
    'en-US': 'This employment action is not a termination; it has no evidence chain.',
  },
  TERMINATION_ART42_NOT_APPLICABLE: {
    status: 422,
    'zh-CN': '第四十二条确认清单只用于第四十条第（二）项（不能胜任工作）的解除。',
    'en-US': 'The Art. 42 checklist applies only to an Art. 40(2) termination (incompetence).',
  },
  TERMINATION_UNION_NOT_APPLICABLE: {
    status: 422,
    'zh-CN': '协商解除（第三十六条）不是单方解除，无需通知工会（第四十三条）。',
    'en-US': 'A mutual termination (Art. 36) is not unilateral; no union notice (Art. 43) is needed.',
  },
  TERMINATION_ART42_INVALID: {
    status: 422,
    'zh-CN': '第四十二条确认清单须对每一项各回答一次，请检查标出的项目。',
    'en-US': 'The Art. 42 checklist must answer every item exactly once; check the items listed.',
  },
  TERMINATION_UNION_NOTICE_INVALID: {
    status: 422,
    'zh-CN': '工会通知记录有误，请检查标出的字段。',
    'en-US': 'The union notice is not valid; check the fields listed.',
  },
  // Severance calculator and the per-city average wages
  SEVERANCE_END_BEFORE_START: {
    status: 422,
    'zh-CN': '解除或终止日期早于入职日期，无法计算工作年限。',
    'en-US': 'The termination date is before the start date; no length of service can be computed.',
  },
  CITY_WAGE_UNKNOWN: {
    status: 422,
    'zh-CN':
      '没有该城市所需年度（解除日期的上一年度）的职工月平均工资。请在“社平工资”中补录本组织的数据，或直接填写平均工资。',
    'en-US':
      'There is no average monthly wage for that city and year (the year before the termination). Add your organization’s figure under city average wages, or enter the average directly.',
  },
  CITY_WAGE_NOT_FOUND: {
    status: 404,
    'zh-CN': '社平工资记录不存在或不属于本组织。',
    'en-US': 'The city wage figure does not exist in this organization.',
  },
  CITY_WAGE_SHIPPED: {
    status: 409,
    'zh-CN': '系统内置的社平工资不能删除；请为同一城市和年度录入本组织的数据以覆盖它。',
    'en-US':
      'Figures shipped with Stride cannot be deleted; add your organization’s figure for the same city and year to override it.',
  },
  POOL_NOT_FOUND: {
    status: 404,
    'zh-CN': '低绩效人员池不存在或您无权查看。',
    'en-US': 'The low-performer pool does not exist or you may not see it.',
  },
  POOL_ENTRY_NOT_FOUND: {
    status: 404,
    'zh-CN': '人员池中的这条记录不存在或您无权查看。',
    'en-US': 'The pool entry does not exist or you may not see it.',
  },
  POOL_PERIOD_NOT_CLOSED: {
    status: 422,
    'zh-CN': '该周期尚未结束，只能为已结束的周期生成低绩效人员池。',
    'en-US': 'This period has not ended yet; a low-performer pool is built only for a closed period.',
  },
  POOL_ENTRY_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '这条记录已被他人更新（或人员池已重新生成），请刷新后再记录决定。',
    'en-US': 'Someone else changed this entry (or the pool was rebuilt); reload it and record the decision again.',
  },
  POOL_EXIT_REVIEW_NOT_ALLOWED: {
    status: 422,
    'zh-CN':
      '只有系统建议为“调岗或解除审查”（改进计划未通过后），或已列入优化清单的人员，才能选择“解除审查”。排名末位本身不等于不能胜任工作，不能作为解除劳动合同的理由（最高人民法院指导案例18号，末位淘汰）；请先选择辅导、培训或绩效改进计划。',
    'en-US':
      'Exit review can be chosen only when Stride suggests transfer or exit review (after a failed improvement plan) or the person is on the optimization list. Ranking last is not incompetence and is never a ground for termination (Supreme People’s Court Guiding Case 18); choose coaching, training or an improvement plan first.',
  },
  POOL_SELF_DECISION: {
    status: 403,
    'zh-CN': '不能为自己的人员池记录作出决定。',
    'en-US': 'You cannot decide on your own pool entry.',
  },
  // Talent review (人才盘点)
  TALENT_REVIEW_NOT_FOUND: {
    status: 404,
    'zh-CN': '人才盘点不存在或您无权查看。',
    'en-US': 'The talent review does not exist or you may not see it.',
  },
  TALENT_PLACEMENT_NOT_FOUND: {
    status: 404,
    'zh-CN': '此人不在该人才盘点中，或您无权查看。',
    'en-US': 'This person is not in the talent review, or you may not see them.',
  },
  TALENT_CYCLE_NOT_PUBLISHED: {
    status: 422,
    'zh-CN': '只能基于已发布的考核周期进行人才盘点。',
    'en-US': 'A talent review is based on a published review cycle only.',
  },
  TALENT_REVIEW_FINALIZED: {
    status: 409,
    'zh-CN': '人才盘点已定稿，不能再修改评分或位置。',
    'en-US': 'The talent review is finalized; ratings and placements can no longer change.',
  },
  TALENT_REVIEW_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '人才盘点已被他人更新，请刷新后再操作。',
    'en-US': 'Someone else changed the talent review; reload and try again.',
  },
  TALENT_PLACEMENT_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '此人的评分或位置已被他人更新，请刷新后再操作。',
    'en-US': 'Someone else changed this person’s ratings or placement; reload and try again.',
  },
  TALENT_REASON_REQUIRED: {
    status: 400,
    'zh-CN': '请填写原因：校准调整位置和标记离职风险都需要写明理由。',
    'en-US': 'Give a reason: moving a person in calibration and flagging a flight risk both need one.',
  },
  TALENT_SELF_RATING: {
    status: 403,
    'zh-CN': '不能为自己评定潜力或调整自己的位置。',
    'en-US': 'You cannot rate your own potential or move yourself.',
  },
  KEY_POSITION_NOT_FOUND: {
    status: 404,
    'zh-CN': '关键岗位不存在或您无权查看。',
    'en-US': 'The key position does not exist or you may not see it.',
  },
  KEY_POSITION_EXISTS: {
    status: 409,
    'zh-CN': '该部门的这个岗位已标记为关键岗位。',
    'en-US': 'This position is already a key position of the unit.',
  },
  SUCCESSION_CANDIDATE_NOT_FOUND: {
    status: 404,
    'zh-CN': '继任候选人不存在或您无权查看。',
    'en-US': 'The succession candidate does not exist or you may not see them.',
  },
  SUCCESSION_CANDIDATE_EXISTS: {
    status: 409,
    'zh-CN': '此人已在该岗位的继任名单中。',
    'en-US': 'This person is already on the slate of this position.',
  },
  SUCCESSION_CANDIDATE_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '继任候选人已被他人更新，请刷新后再操作。',
    'en-US': 'Someone else changed the candidate; reload and try again.',
  },
  // Incentives
  COMMISSION_PLAN_NOT_FOUND: {
    status: 404,
    'zh-CN': '提成方案不存在或您无权查看。',
    'en-US': 'The commission plan does not exist or you may not see it.',
  },
  COMMISSION_PLAN_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '提成方案已被他人修改，请刷新后再编辑。',
    'en-US': 'Someone else changed the commission plan; reload and edit again.',
  },
  COMMISSION_TIERS_INVALID: {
    status: 422,
    'zh-CN': '提成档位表有误（断档、重叠、未递增、末档未开放或费率超出 0–100%），未作任何保存。请检查标出的档位。',
    'en-US':
      'The commission tier table is invalid (a gap, an overlap, not ascending, the last tier not open-ended or a rate outside 0–100%); nothing was saved. Check the tiers listed.',
  },
  BONUS_SCHEME_NOT_FOUND: {
    status: 404,
    'zh-CN': '奖金方案不存在或您无权查看。',
    'en-US': 'The bonus scheme does not exist or you may not see it.',
  },
  BONUS_SCHEME_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '奖金方案已被他人修改，请刷新后再编辑。',
    'en-US': 'Someone else changed the bonus scheme; reload and edit again.',
  },
  BONUS_SCHEME_INVALID: {
    status: 422,
    'zh-CN': '奖金方案有误（绩效系数或达成率系数档位），未作任何保存。请检查标出的字段。',
    'en-US':
      'The bonus scheme is invalid (grade coefficients or attainment bands); nothing was saved. Check the fields listed.',
  },
  BONUS_SCHEME_GRADES_MISMATCH: {
    status: 422,
    'zh-CN': '奖金方案的绩效系数没有覆盖该考核周期等级标准中的全部等级，请先补全系数。',
    'en-US': 'The scheme has no coefficient for some grades of the cycle’s grade scale; add them first.',
  },
  BONUS_CYCLE_NOT_PUBLISHED: {
    status: 422,
    'zh-CN': '只能对已发布或已关闭的考核周期计算奖金。',
    'en-US': 'Bonuses are computed only for a published or closed review cycle.',
  },
  BONUS_RUN_NOT_FOUND: {
    status: 404,
    'zh-CN': '奖金计算结果不存在或您无权查看。',
    'en-US': 'The bonus run does not exist or you may not see it.',
  },
  BONUS_RUN_APPROVED: {
    status: 409,
    'zh-CN': '该奖金计算结果已审批，不能再修改或重新计算。',
    'en-US': 'This bonus run is approved; it cannot be changed or re-run.',
  },
  BONUS_RUN_NOT_APPROVED: {
    status: 409,
    'zh-CN': '奖金计算结果尚未审批，审批后才能导出给薪酬发放。',
    'en-US': 'The bonus run is not approved yet; only approved results are exported to payroll.',
  },
  BONUS_RUN_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '奖金计算结果已被他人更新（或重新计算），请刷新后再审批。',
    'en-US': 'Someone else changed (or re-ran) the bonus run; reload and approve again.',
  },
  INTERNAL_ERROR: {
    status: 500,
    'zh-CN': '服务器内部错误，请稍后重试。',
    'en-US': 'Internal server error; please try again later.',
  },
  SERVICE_UNAVAILABLE: { status: 503, 'zh-CN': '服务暂不可用。', 'en-US': 'The service is unavailable.' },
  // Early warning
  ALERT_RULE_NOT_FOUND: { status: 404, 'zh-CN': '预警规则不存在。', 'en-US': 'The alert rule does not exist.' },
  ALERT_RULE_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '规则已被他人修改，请刷新后再编辑。',
    'en-US': 'Someone else changed the rule; reload and edit again.',
  },
  ALERT_RULE_IN_USE: {
    status: 409,
    'zh-CN': '此规则已产生过预警，不能删除（预警需保留证据）；可以停用它。',
    'en-US': 'This rule has raised alerts and cannot be deleted (their evidence is kept); disable it instead.',
  },
  ALERT_NOT_FOUND: { status: 404, 'zh-CN': '预警不存在。', 'en-US': 'The alert does not exist.' },
  ALERT_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '预警已被他人处理，请刷新后再操作。',
    'en-US': 'Someone else acted on the alert; reload and try again.',
  },
  ALERT_CLOSED: {
    status: 409,
    'zh-CN': '预警已关闭，不能再确认或关联措施。',
    'en-US': 'The alert is closed; it cannot be acknowledged or linked to actions any more.',
  },
  ALERT_MASK_NOT_FOUND: { status: 404, 'zh-CN': '屏蔽期不存在。', 'en-US': 'The masked period does not exist.' },
  TRAINING_COURSE_NOT_FOUND: {
    status: 404,
    'zh-CN': '培训课程不存在。',
    'en-US': 'The training course does not exist.',
  },
  // Document templates (文书模板)
  DOCUMENT_TEMPLATE_NOT_DOCX: {
    status: 422,
    'zh-CN': '上传的文件不是 Word 文档（.docx）。请在 Word 或 WPS 中另存为 .docx 格式后再上传。',
    'en-US': 'The file is not a Word document (.docx). Save it as .docx in Word or WPS and upload it again.',
  },
  DOCUMENT_TEMPLATE_INVALID: {
    status: 422,
    'zh-CN': '模板中的占位符格式有误，未保存。请按下列各项修改后重新上传。',
    'en-US': 'The template’s placeholders are malformed; nothing was saved. Fix the items listed and upload again.',
  },
  DOCUMENT_TEMPLATE_UNKNOWN_PLACEHOLDER: {
    status: 422,
    'zh-CN': '模板使用了此类文书没有的占位符，未保存。请对照占位符说明修改下列各项。',
    'en-US':
      'The template uses placeholders this kind of document does not offer; nothing was saved. Check the list of placeholders.',
  },
  DOCUMENT_TEMPLATE_VERSION_CONFLICT: {
    status: 409,
    'zh-CN': '其他人已修改了该文书模板，请刷新后再操作。',
    'en-US': 'Someone changed this document template in the meantime; reload and try again.',
  },
  DOCUMENT_TEMPLATE_RENDER_FAILED: {
    status: 422,
    'zh-CN': '无法用当前文书模板生成文档，请检查模板或恢复默认模板。',
    'en-US': 'The document could not be produced from the current template; check it or restore the built-in one.',
  },
} as const satisfies Record<string, { status: number } & Record<Locale, string>>;

export type ErrorCode = keyof typeof errorCatalog;

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorCatalog[code][locale];
}

/** Picks a supported locale from an Accept-Language header; zh-CN when nothing matches. */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

/** RFC 9457 problem details as Stride sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; code: string; message: string }[];
}
