import { type ErrorCode, errorCatalog, type Locale, type Problem } from '@stride/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { incentiveFieldText } from '../modules/incentives/incentive-errors';
import { scoringFieldText } from '../modules/scorecards/scoring-errors';
import { AppError, type FieldError } from './errors';

const validationText: Record<string, Record<Locale, string>> = {
  // The scoring engine's codes (templates, grade scales, guidelines): one table beside the module.
  ...scoringFieldText,
  ...incentiveFieldText,
  invalid_type: { 'zh-CN': '类型不正确或缺少此字段', 'en-US': 'Wrong type or missing' },
  too_small: { 'zh-CN': '太短或太小', 'en-US': 'Too short or too small' },
  too_big: { 'zh-CN': '太长或太大', 'en-US': 'Too long or too large' },
  invalid_format: { 'zh-CN': '格式不正确', 'en-US': 'Wrong format' },
  invalid_value: { 'zh-CN': '不是允许的取值', 'en-US': 'Not one of the allowed values' },
  unrecognized_keys: { 'zh-CN': '包含不认识的字段', 'en-US': 'Contains unknown fields' },
  custom: { 'zh-CN': '取值无效', 'en-US': 'Invalid value' },
  // Review cycles and forms
  REVIEW_INDICATOR_UNKNOWN: { 'zh-CN': '此考核表没有这个指标', 'en-US': 'This form has no such indicator' },
  RATING_MISSING: { 'zh-CN': '提交前请为此指标评分', 'en-US': 'Rate this indicator before submitting' },
  GRADE_NOT_IN_SCALE: { 'zh-CN': '不是本周期等级标准中的等级', 'en-US': 'Not a grade of the cycle’s scale' },
  GRADE_UNCHANGED: { 'zh-CN': '与当前等级相同，无需调整', 'en-US': 'This is already the grade; nothing to change' },
  PERIOD_START_NOT_ALIGNED: {
    'zh-CN': '必须是所选周期类型的第一天（如月初、季初、年初）',
    'en-US': 'Must be the first day of a period of the chosen type (month, quarter or year start)',
  },
  REQUIRED: { 'zh-CN': '此字段必填', 'en-US': 'This field is required' },
  // Alert rules
  Z_THRESHOLD_NOT_NEGATIVE: {
    'zh-CN': 'z 值阈值必须为负数（低于同组中位数的程度）',
    'en-US': 'The z threshold must be negative (how far below the cohort median)',
  },
  WINDOW_SHORTER_THAN_PERSISTENCE: {
    'zh-CN': '要求的期数不能多于观察窗口的期数（N 必须 ≤ M）',
    'en-US': 'The periods required cannot exceed the window (N must be ≤ M)',
  },
  PERIOD_TYPE_FOR_KIND: {
    'zh-CN': '此类规则只能用这种周期：活动量下降按周，无活动按天，其余按月或季度',
    'en-US': 'Not a period for this kind: activity drop is weekly, no activity daily, the others monthly or quarterly',
  },
  MIN_PERIODS_BELOW_BASELINE: {
    'zh-CN': '最少数据期数不能少于基线期数',
    'en-US': 'The minimum data cannot be fewer periods than the baseline',
  },
  // Combined slowdown rule (combined_decline)
  DUPLICATE_METRIC: {
    'zh-CN': '指标重复：每个指标只能出现一次（也不能与规则的主指标相同）',
    'en-US': 'A metric is repeated: each may appear once (and not again beside the rule’s own metric)',
  },
  MIN_BASELINE_ABOVE_BASELINE: {
    'zh-CN': '最少基线期数不能多于基线期数',
    'en-US': 'The minimum baseline cannot be longer than the baseline',
  },
  BEFORE_START: { 'zh-CN': '结束日期早于开始日期', 'en-US': 'Ends before it starts' },
  BEFORE_HIRE: { 'zh-CN': '早于入职日期', 'en-US': 'Before the hire date' },
  // Talent review
  GRADE_MAP_UNKNOWN_GRADE: { 'zh-CN': '不是该考核周期等级标准中的等级', 'en-US': 'Not a grade of the cycle’s scale' },
  COMPETENCY_UNKNOWN: { 'zh-CN': '不是本次盘点的能力项', 'en-US': 'Not a competency of this review' },
  COMPETENCY_MISSING: { 'zh-CN': '请为每个能力项评分', 'en-US': 'Rate every competency' },
  THRESHOLDS_ORDER: {
    'zh-CN': '“高”的阈值不能低于“中”的阈值',
    'en-US': 'The high threshold cannot be below the medium one',
  },
  EMPLOYEE_OUT_OF_SCOPE: { 'zh-CN': '此人不在您的管理范围内', 'en-US': 'This person is outside your scope' },
  // Probation reviews
  AFTER_PROBATION_END: {
    'zh-CN': '转正日期不能晚于试用期结束日的次日（试用期届满即为正式员工）',
    'en-US': 'The regularization date cannot be after the day following the probation end (the person is regular then)',
  },
  JOB_CHANGE_IN_FUTURE: { 'zh-CN': '生效日期不能晚于今天', 'en-US': 'The effective date cannot be after today' },
  JOB_CHANGE_BEFORE_CURRENT: {
    'zh-CN': '生效日期不能早于当前任职的开始日期',
    'en-US': 'The effective date cannot precede the start of the current assignment',
  },
  JOB_CHANGE_AFTER_EXIT: { 'zh-CN': '生效日期晚于离职日期', 'en-US': 'The effective date is after the exit date' },
  HIRE_AFTER_JOB_CHANGE: {
    'zh-CN': '入职日期不能晚于之后的调动生效日期',
    'en-US': 'The hire date cannot be after a later job change',
  },
  AMOUNT_INVALID: {
    'zh-CN': '金额须为非负数，最多两位小数',
    'en-US': 'The amount must not be negative and has at most two decimals',
  },
  INVALID_DATETIME: {
    'zh-CN': '须为带时区偏移的 ISO 8601 时间（且日期真实存在），如 2026-03-06T09:00:00+08:00 或 2026-03-06T01:00:00Z',
    'en-US':
      'Expected an ISO 8601 timestamp of a real date with a UTC offset, e.g. 2026-03-06T09:00:00+08:00 or 2026-03-06T01:00:00Z',
  },
  BATCH_TOO_LARGE: {
    'zh-CN':
      '一个 JSON 批次最多 10,000 条；请分批发送，或以 NDJSON 流（Content-Type: application/x-ndjson）发送，不限条数',
    'en-US':
      'A JSON batch holds at most 10,000 activities; split it, or send an NDJSON stream (Content-Type: application/x-ndjson), which has no limit',
  },
  COUNT_INVALID: { 'zh-CN': '须为整数', 'en-US': 'Must be a whole number' },
  NEGATIVE_COUNT: { 'zh-CN': '不能为负数', 'en-US': 'Must not be negative' },
  UNKNOWN_ACTIVITY_TYPE: { 'zh-CN': '未知的活动类型', 'en-US': 'Unknown activity type' },
  CURRENCY_NOT_SUPPORTED: {
    'zh-CN': '金额须为人民币（CNY）：Stride 按人民币汇总业绩，外币金额请在来源系统换算为 CNY 后发送',
    'en-US': 'Amounts must be in CNY: Stride adds them up in yuan; convert foreign amounts to CNY in the source system',
  },
  CURRENCY_INVALID: {
    'zh-CN': '币种须为三位字母代码，如 CNY',
    'en-US': 'Currency must be a 3-letter code such as CNY',
  },
  PERSON_REQUIRED: {
    'zh-CN': '需要工号、邮箱或外部用户 ID 之一',
    'en-US': 'An employee number, email or external user id is needed',
  },
  UNKNOWN_METRIC: { 'zh-CN': '指标库中没有这个指标', 'en-US': 'No such metric in the library' },
  METRIC_NEEDS_PERIOD: {
    'zh-CN': '该指标与上一周期比较：明细须按一个完整周期查询（from–to 为一周、一个月、一个季度或一年）',
    'en-US':
      'This metric compares a period with the one before: ask for one whole period (from–to a week, month, quarter or year)',
  },
  DUPLICATE_IN_BATCH: {
    'zh-CN': '与本批次前面的条目重复（externalId 相同）',
    'en-US': 'Repeats an earlier item of this batch (same externalId)',
  },
  SOURCE_INVALID: {
    'zh-CN': '来源标识须以小写字母开头，2–40 位小写字母、数字、- 或 _',
    'en-US': 'The source name starts with a lower-case letter: 2–40 lower-case letters, digits, - or _',
  },
  KEY_FORMAT: {
    'zh-CN': '标识须以小写字母开头，只含小写字母、数字和下划线（指标 3–40 位，活动类型 2–40 位）',
    'en-US':
      'Keys start with a lower-case letter and hold only lower-case letters, digits and _ (metrics 3–40, activity types 2–40)',
  },
  ATTRIBUTE_KEY_FORMAT: {
    'zh-CN': '属性名只能包含字母、数字、. _ -，最多 64 位',
    'en-US': 'Attribute names hold letters, digits, . _ - only, up to 64',
  },
  METRIC_OPERAND_KIND: {
    'zh-CN': '不能基于这种指标计算（比率只能用汇总/内置/手工指标，增长率不能基于增长率）',
    'en-US':
      'Cannot be built on this kind of metric (ratios take built-in, aggregate or manual metrics; growth not on growth)',
  },
  METRIC_CYCLE: {
    'zh-CN': '会形成循环引用：那个指标本身就基于当前指标计算',
    'en-US': 'Would form a cycle: that metric is itself computed from this one',
  },
  METRIC_FIELD_NOT_ALLOWED: { 'zh-CN': '此计算方式不需要这个字段', 'en-US': 'Not used by this aggregate' },
  METRIC_FIELD_DISTINCT: {
    'zh-CN': '去重计数须选择“客户”或某个属性',
    'en-US': 'A distinct count counts customers or an attribute',
  },
  METRIC_FIELD_NUMERIC: {
    'zh-CN': '求和、平均、最小、最大须选择金额、数量或数值属性',
    'en-US': 'Sum, average, min and max read the amount, the quantity or a numeric attribute',
  },
  METRIC_UNIT_RATIO: {
    'zh-CN': '比率和增长率指标的单位须为“比率”（比率也可为“得分”）',
    'en-US': 'Ratio and growth metrics use the unit "ratio" (a ratio may also be a "score")',
  },
  VALUE_INVALID: {
    'zh-CN': '须为数字，最多四位小数',
    'en-US': 'Must be a number with at most four decimals',
  },
  PERIOD_START_INVALID: {
    'zh-CN': '须为周期的第一天：周一，或月/季/年的第一天',
    'en-US': 'Must be the first day of the period: a Monday, or the 1st of the month / quarter / year',
  },
  NOT_IN_SCOPE: { 'zh-CN': '不在你的管理范围内', 'en-US': 'Not within your scope' },
  TARGET_VALUE_INVALID: {
    'zh-CN': '目标值须为大于零的数字，最多四位小数',
    'en-US': 'A target is a number greater than zero, with at most four decimals',
  },
  TARGET_SUBJECT_ONE: {
    'zh-CN': '须指定一个员工或一个部门（只能二选一）',
    'en-US': 'Give either a person or a unit, not both',
  },
  TARGET_NOT_IN_UNIT: {
    'zh-CN': '此人不在该团队（含下级部门）中',
    'en-US': 'This person is not in the team (or its sub-units)',
  },
  TARGET_DUPLICATE_PERSON: { 'zh-CN': '同一人出现了多次', 'en-US': 'The same person appears more than once' },
  // Severance calculator and city average wages
  AVERAGE_OR_CITY: {
    'zh-CN': '请填写上年度职工月平均工资，或选择城市（二选一）',
    'en-US': 'Give either the local average monthly wage or a city, not both',
  },
  CITY_INVALID: {
    'zh-CN': '城市代码须为小写拼音，如 shanghai',
    'en-US': 'A city code is lower-case pinyin, e.g. shanghai',
  },
  AMOUNT_NOT_POSITIVE: { 'zh-CN': '须大于 0', 'en-US': 'Must be greater than 0' },
  // IM group bots (notifications)
  IM_WEBHOOK_INVALID: { 'zh-CN': '不是有效的网址', 'en-US': 'Not a valid URL' },
  IM_WEBHOOK_HTTPS: { 'zh-CN': 'Webhook 地址须以 https:// 开头', 'en-US': 'The webhook must start with https://' },
  IM_WEBHOOK_HOST: {
    'zh-CN':
      '不是该平台机器人的地址（钉钉 oapi.dingtalk.com，企业微信 qyapi.weixin.qq.com，飞书 open.feishu.cn / open.larksuite.com）',
    'en-US':
      'Not a bot address of this provider (DingTalk oapi.dingtalk.com, WeCom qyapi.weixin.qq.com, Feishu open.feishu.cn / open.larksuite.com)',
  },
  IM_WEBHOOK_TOKEN: {
    'zh-CN': '地址不完整：缺少机器人的令牌（钉钉 access_token，企业微信 key，飞书 /hook/ 后的部分）',
    'en-US': 'Incomplete: the bot token is missing (DingTalk access_token, WeCom key, Feishu the part after /hook/)',
  },
  IM_SECRET_UNSUPPORTED: {
    'zh-CN': '企业微信群机器人没有签名密钥，请留空',
    'en-US': 'WeCom group bots have no signing secret; leave it empty',
  },
  IM_KINDS_REQUIRED: {
    'zh-CN': '请至少选择一种通知类型，或选择“全部类型”',
    'en-US': 'Choose at least one kind of notification, or all kinds',
  },
  NOTIFICATION_KIND_FORMAT: {
    'zh-CN': '通知类型须为小写字母开头，只含小写字母、数字、. _ -',
    'en-US': 'A notification kind starts with a lower-case letter and holds lower-case letters, digits, . _ - only',
  },
  PREFERENCES_EMPTY: { 'zh-CN': '没有要修改的设置', 'en-US': 'Nothing to change' },
  // Pool policy and alert thresholds (packages/contracts/src/alerts.ts)
  NOT_POSITIVE: { 'zh-CN': '须大于 0', 'en-US': 'Must be greater than 0' },
  NOT_NEGATIVE: { 'zh-CN': '不能为负数', 'en-US': 'Must not be negative' },
  NUL_CHARACTER: { 'zh-CN': '包含不允许的空字符', 'en-US': 'Contains a NUL character, which is not allowed' },
  // Improvement plans
  PLAN_SOURCE_REQUIRED: {
    'zh-CN': '来源为预警或低绩效人员池时，须指明对应的预警或条目',
    'en-US': 'A plan from an alert or a pool entry must name it',
  },
  PLAN_SOURCE_OTHER_PERSON: {
    'zh-CN': '该预警或池条目不属于此员工',
    'en-US': 'That alert or pool entry is not about this person',
  },
  PLAN_COACH_IS_PERSON: { 'zh-CN': '辅导人不能是员工本人', 'en-US': 'The coach cannot be the person themselves' },
  PLAN_DATE_OUTSIDE: {
    'zh-CN': '日期须在改进计划期间内',
    'en-US': 'The date must be within the plan’s period',
  },
  PLAN_NOT_BEHAVIOUR_GOAL: {
    'zh-CN': '不是本计划的行为目标',
    'en-US': 'Not a behaviour goal of this plan',
  },
  PLAN_NEW_END_REQUIRED: {
    'zh-CN': '延期须填写新的结束日期，且晚于当前结束日期',
    'en-US': 'An extension needs a new end date after the current one',
  },
  PLAN_OWNER_NOT_MANAGER: {
    'zh-CN': '负责人须是能管理该员工的经理（不能是员工本人）',
    'en-US': 'The owner must be a manager over the person (not the person themselves)',
  },
  // Employment actions and approval chains
  EFFECTIVE_BEFORE_HIRE: {
    'zh-CN': '生效日期早于员工的入职日期',
    'en-US': 'The effective date is before the hire date',
  },
  EFFECTIVE_AFTER_EXIT: { 'zh-CN': '生效日期晚于员工的离职日期', 'en-US': 'The effective date is after the exit date' },
  JOB_UNCHANGED: {
    'zh-CN': '须至少变更部门、岗位或直接上级中的一项',
    'en-US': 'Change at least one of unit, position or manager',
  },
  NOTICE_MODE_REQUIRED: {
    'zh-CN': '依第四十条第（二）项解除须选择提前三十日书面通知或支付代通知金',
    'en-US': 'An Art. 40(2) termination needs 30 days’ written notice or a month’s wage in lieu',
  },
  NOTICE_MODE_NOT_APPLICABLE: {
    'zh-CN': '只有依第四十条第（二）项解除才有提前通知方式',
    'en-US': 'Only an Art. 40(2) termination has a notice mode',
  },
  MISCONDUCT_REQUIRED: {
    'zh-CN': '依第三十九条解除须写明违反的规章制度条款、事实和发生日期',
    'en-US': 'An Art. 39 termination needs the rule broken, the facts and the date',
  },
  MISCONDUCT_NOT_APPLICABLE: {
    'zh-CN': '只有依第三十九条解除才需填写违纪事实',
    'en-US': 'Only an Art. 39 termination carries misconduct facts',
  },
  SEVERANCE_CITY_NO_FIGURE: {
    'zh-CN': '没有该城市在解除日期前一年度的职工月平均工资，请先在补偿金计算器中录入',
    'en-US':
      'No average monthly wage of this city for the year before the last day; enter it in the severance calculator first',
  },
  SEVERANCE_FIGURES_REQUIRED: {
    'zh-CN': '须先填写月平均工资并确定补偿封顶城市，通知书才能写明经济补偿金额',
    'en-US': 'Enter the monthly wage and the city of the severance cap first, so the notice can state the severance',
  },
  TERMINATION_IN_PAST: {
    'zh-CN': '解除日期（最后工作日）不能早于今天',
    'en-US': 'The last day of employment cannot be before today',
  },
  EMPLOYMENT_ACTION_ABOUT_SELF: {
    'zh-CN': '不能为自己发起人事异动',
    'en-US': 'Nobody starts an employment action about themselves',
  },
  MISCONDUCT_AFTER_EFFECTIVE: {
    'zh-CN': '违纪发生日期不能晚于解除日期',
    'en-US': 'The misconduct cannot be dated after the termination date',
  },
  TRAINING_COURSE_OR_TITLE: {
    'zh-CN': '请选择培训课程或填写培训名称（二选一）',
    'en-US': 'Choose a course of the catalog or give a title (one of the two)',
  },
  LINK_OTHER_PERSON: {
    'zh-CN': '关联的计划、预警或池条目不属于此员工',
    'en-US': 'The linked plan, alert or pool entry is not about this person',
  },
  FIELD_NOT_FOR_KIND: {
    'zh-CN': '此类人事异动没有这个字段',
    'en-US': 'This kind of employment action has no such field',
  },
  REJECT_COMMENT_REQUIRED: { 'zh-CN': '驳回时请填写意见', 'en-US': 'Give a comment when rejecting' },
  APPROVAL_CHAIN_DUPLICATE_ROLE: {
    'zh-CN': '同一角色在审批流程中只能出现一次',
    'en-US': 'Each role may appear only once in the chain',
  },
  APPROVAL_CHAIN_RECORD_KIND: {
    'zh-CN': '辅导和培训记录无需审批，审批流程须为空',
    'en-US': 'Coaching and training records need no approval; their chain must be empty',
  },
  FILE_NAME_REQUIRED: {
    'zh-CN': '请在 X-File-Name 请求头中提供文件名（URL 编码，最多 200 字符）',
    'en-US': 'Give the file name in the X-File-Name header (URL-encoded, at most 200 characters)',
  },
  FILE_EMPTY: { 'zh-CN': '文件为空', 'en-US': 'The file is empty' },
  FILE_CONTENT_MISMATCH: {
    'zh-CN': '文件内容与声明的类型不符',
    'en-US': 'The file’s content does not match its declared type',
  },
  // Terminations: Art. 42 checklist and Art. 43 union notice
  ART42_ITEM_DUPLICATE: {
    'zh-CN': '此项已回答过，每项只能回答一次',
    'en-US': 'This item is answered twice; answer each once',
  },
  ART42_ITEM_MISSING: { 'zh-CN': '此项未回答，每项都须确认', 'en-US': 'This item is not answered; confirm every item' },
  UNION_NOTICE_IN_FUTURE: {
    'zh-CN': '通知工会的日期不能晚于今天，请在实际通知后记录',
    'en-US': 'The union notice date cannot be after today; record it once the union has been notified',
  },
  UNION_NOTICE_NOT_BEFORE_END: {
    'zh-CN': '须在解除日（最后工作日）之前通知工会',
    'en-US': 'The union must be notified before the last day of employment',
  },
  UNION_FILE_NOT_OF_ACTION: {
    'zh-CN': '不是本人事异动已上传的附件',
    'en-US': 'Not a file uploaded to this employment action',
  },
  UNION_FILE_WRONG_PURPOSE: {
    'zh-CN': '该附件的用途不是“工会通知”',
    'en-US': 'That file’s purpose is not “union notice”',
  },
};

/** A field error in the caller's language: Stride error codes first, then zod's generic codes. */
export function localizeFieldError(e: FieldError, locale: Locale): { field: string; code: string; message: string } {
  const catalog = (errorCatalog as Record<string, Record<Locale, string> | undefined>)[e.code];
  const text = catalog?.[locale] ?? validationText[e.code]?.[locale] ?? e.message ?? validationText.custom[locale];
  return { field: e.field, code: e.code, message: text };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, fieldErrors: FieldError[] = []) {
  const entry = errorCatalog[code];
  const locale = req.locale ?? 'zh-CN';
  const body: Problem = {
    type: `https://stride.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: entry['en-US'],
    status: entry.status,
    code,
    detail: entry[locale],
    instance: req.url.split('?')[0],
    requestId: req.id,
  };
  if (fieldErrors.length) body.errors = fieldErrors.map((e) => localizeFieldError(e, locale));
  return reply.code(entry.status).header('content-language', locale).type('application/problem+json').send(body);
}

/** Unique indexes that stand behind a check in a service: a race that slips past the check gets the same answer. */
const uniqueConstraints: Record<string, { code: ErrorCode; field: string }> = {
  employees_org_no_uq: { code: 'EMPLOYEE_NO_TAKEN', field: 'employeeNo' },
  users_username_uq: { code: 'USERNAME_TAKEN', field: 'username' },
  users_org_employee_uq: { code: 'EMPLOYEE_ALREADY_BOUND', field: 'employeeId' },
  targets_subject_period_uq: { code: 'TARGET_EXISTS', field: 'periodStart' },
  probation_reviews_one_per_end_uq: { code: 'PROBATION_REVIEW_EXISTS', field: 'employeeId' },
};

function uniqueViolation(error: unknown): { code: ErrorCode; field: string } | undefined {
  for (
    let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    if (e.code === '23505' && e.constraint) return uniqueConstraints[e.constraint];
  }
  return undefined;
}

/** Turns every error into RFC 9457 problem details; 5xx never leak internals. */
export function errorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(req, reply, error.code, error.fieldErrors);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: FieldError[] = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      // Refinements carry a Stride code (e.g. INVALID_ID_NUMBER, PROBATION_TOO_LONG) as their message.
      const isCode = typeof v.message === 'string' && /^[A-Z][A-Z_]+$/.test(v.message);
      return {
        field: path || '(body)',
        code: isCode ? v.message! : v.keyword,
        message: isCode ? undefined : v.message,
      };
    });
    return sendProblem(req, reply, 'VALIDATION_FAILED', fields);
  }
  if (isResponseSerializationError(error)) {
    req.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    return sendProblem(req, reply, 'INTERNAL_ERROR');
  }
  const conflict = uniqueViolation(error);
  if (conflict) return sendProblem(req, reply, conflict.code, [{ field: conflict.field, code: conflict.code }]);
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return sendProblem(req, reply, 'MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(req, reply, 'PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendProblem(req, reply, 'UNSUPPORTED_MEDIA_TYPE');
  }
  if (error.statusCode === 429) return sendProblem(req, reply, 'AUTH_RATE_LIMITED');
  if (error instanceof SyntaxError && error.statusCode === 400) return sendProblem(req, reply, 'MALFORMED_JSON');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    req.log.info({ err: error }, 'client error');
    return sendProblem(req, reply, 'VALIDATION_FAILED', [{ field: '(request)', code: error.code ?? 'BAD_REQUEST' }]);
  }
  req.log.error({ err: error }, 'unhandled error');
  return sendProblem(req, reply, 'INTERNAL_ERROR');
}
