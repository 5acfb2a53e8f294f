import { type DocumentCommon, type DocumentData, money, serviceLength, zhDate } from './data';

/**
 * Realistic sample data for the template preview: a made-up person (示例员工) in the caller's organization,
 * so HR sees how a template prints before anyone relies on it. No real person's data is used.
 */
export function sampleData(orgName: string, today: string): DocumentData {
  const common: DocumentCommon = {
    org: { name: orgName },
    today: zhDate(today),
    person: {
      name: '李明（示例）',
      employeeNo: 'E-0001',
      unit: '华东大区销售一部',
      position: '客户经理',
      hireDate: zhDate('2023-04-10'),
    },
  };
  const lastDay = '2026-12-31';
  return {
    improvement_plan: {
      ...common,
      manager: '王强',
      coach: '陈静',
      hasCoach: true,
      startDate: zhDate('2026-10-01'),
      endDate: zhDate('2026-12-31'),
      originalEndDate: zhDate('2026-11-30'),
      extended: true,
      goals: [
        { no: '1', name: '月度销售额', target: '70000', comparison: '不低于' },
        { no: '2', name: '客户投诉次数', target: '1', comparison: '不高于' },
      ],
      behaviours: [{ no: '3', text: '每周拜访客户不少于 5 次', measure: 'CRM 拜访记录' }],
      courses: [{ title: '大单推进与回款管理' }, { title: '顾问式销售' }],
      hasCourses: true,
      coursesText: '大单推进与回款管理；顾问式销售',
      checkIns: [{ date: zhDate('2026-10-15') }, { date: zhDate('2026-11-15') }, { date: zhDate('2026-12-15') }],
      checkInsText: [zhDate('2026-10-15'), zhDate('2026-11-15'), zhDate('2026-12-15')].join('、'),
      signed: true,
      refused: false,
      acknowledgedAt: `${zhDate('2026-10-01')} 10:00`,
      witnessNote: '',
    },
    transfer_notice: {
      ...common,
      changeKind: '调岗',
      from: { unit: '华东大区销售一部', position: '客户经理', manager: '王强' },
      to: { unit: '华南大区销售二部', position: '客户经理', manager: '赵敏' },
      effectiveDate: zhDate('2027-01-01'),
      reason: '华南大区业务拓展需要，结合本人意愿调整工作岗位。',
    },
    termination_notice: {
      ...common,
      groundArticle: '《中华人民共和国劳动合同法》第四十条第（二）项',
      groundText: '劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作',
      reason:
        '您在2026年10月1日至2026年12月31日的绩效改进期间内未达到改进目标；其间公司安排了培训并调整了工作岗位，您仍不能胜任工作',
      lastDay: zhDate(lastDay),
      noticeMode: '公司以额外支付一个月工资（代通知金）代替提前三十日书面通知',
      noticePay: money('12000'),
      hasNoticePay: true,
      severance: money('48000'),
      hasSeverance: true,
      handover: `请于${zhDate(lastDay)}前向直接上级王强移交客户资料、在办业务及公司财物。`,
    },
    mutual_termination_agreement: {
      ...common,
      contractStartDate: zhDate('2023-04-10'),
      lastDay: zhDate(lastDay),
      severance: money('48000'),
      paymentDeadline: zhDate('2027-01-15'),
      reason: '双方经协商一致，同意解除劳动合同',
    },
    termination_certificate: {
      ...common,
      contractStartDate: zhDate('2023-04-10'),
      contractEndDate: '无固定期限',
      lastDay: zhDate(lastDay),
      position: '客户经理',
      unit: '华东大区销售一部',
      serviceYears: serviceLength('2023-04-10', lastDay),
    },
  };
}
