// Words for the severance calculator's lines, in each supported language. Every explanation cites its article
// (LCL = 劳动合同法 / Labor Contract Law; Reg. = 劳动合同法实施条例 / its Implementing Regulations).
import type { Locale, SeveranceLineView } from '@stride/contracts';
import type { SeveranceGround, SeveranceLine, SeveranceResult } from '@stride/domain';

export interface AverageUsed {
  value: string;
  origin: 'input' | 'org' | 'shipped';
  city: string | null;
  year: number | null;
  source: string | null;
}

/** 12345.6 → "12,345.60" without going through a float. */
export function formatMoney(value: string): string {
  const [int, frac = ''] = value.split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac.padEnd(2, '0').slice(0, 2)}`;
}

type Text = Record<Locale, string>;

const groundName: Record<SeveranceGround, Text> = {
  art36_mutual: {
    'zh-CN': '用人单位提出、双方协商一致解除（第三十六条）',
    'en-US': 'mutual termination proposed by the employer (LCL Art. 36)',
  },
  art38: {
    'zh-CN': '劳动者因用人单位过错解除（第三十八条）',
    'en-US': 'the employee terminates for the employer’s fault (LCL Art. 38)',
  },
  art40_1: {
    'zh-CN': '医疗期满不能从事原工作及另行安排的工作（第四十条第（一）项）',
    'en-US': 'illness or non-work injury: unable to work after the medical treatment period (LCL Art. 40(1))',
  },
  art40_2: {
    'zh-CN': '不能胜任工作，经培训或调岗仍不能胜任（第四十条第（二）项）',
    'en-US': 'incompetent, still after training or a transfer (LCL Art. 40(2))',
  },
  art40_3: {
    'zh-CN': '客观情况发生重大变化，未能就变更合同达成协议（第四十条第（三）项）',
    'en-US': 'a major change of objective circumstances, no agreement on amending the contract (LCL Art. 40(3))',
  },
  art41: { 'zh-CN': '经济性裁员（第四十一条）', 'en-US': 'economic layoff (LCL Art. 41)' },
  contract_expiry: {
    'zh-CN': '劳动合同期满终止（第四十四条第（一）项）',
    'en-US': 'the fixed-term contract expires (LCL Art. 44(1))',
  },
  art39: { 'zh-CN': '因劳动者过错解除（第三十九条）', 'en-US': 'dismissal for the employee’s fault (LCL Art. 39)' },
  art21_probation: {
    'zh-CN': '试用期内被证明不符合录用条件（第二十一条、第三十九条第（一）项）',
    'en-US': 'not meeting the hiring conditions during probation (LCL Art. 21, 39(1))',
  },
  employee_resignation: {
    'zh-CN': '劳动者提前通知辞职（第三十七条）',
    'en-US': 'the employee resigns with notice (LCL Art. 37)',
  },
};

/** The item of Art. 46 that makes a ground pay severance. */
const art46Item: Partial<Record<SeveranceGround, Text>> = {
  art38: { 'zh-CN': '第四十六条第（一）项', 'en-US': 'Art. 46(1)' },
  art36_mutual: { 'zh-CN': '第四十六条第（二）项', 'en-US': 'Art. 46(2)' },
  art40_1: { 'zh-CN': '第四十六条第（三）项', 'en-US': 'Art. 46(3)' },
  art40_2: { 'zh-CN': '第四十六条第（三）项', 'en-US': 'Art. 46(3)' },
  art40_3: { 'zh-CN': '第四十六条第（三）项', 'en-US': 'Art. 46(3)' },
  art41: { 'zh-CN': '第四十六条第（四）项', 'en-US': 'Art. 46(4)' },
  contract_expiry: { 'zh-CN': '第四十六条第（五）项', 'en-US': 'Art. 46(5)' },
};

const noSeveranceReason: Partial<Record<SeveranceGround, Text>> = {
  art39: {
    'zh-CN': '因劳动者过错解除，用人单位无需支付经济补偿，也无需提前通知（第三十九条、第四十六条）。',
    'en-US': 'A dismissal for the employee’s fault owes no severance and no notice (LCL Art. 39, 46).',
  },
  art21_probation: {
    'zh-CN':
      '试用期内以不符合录用条件解除，无需支付经济补偿，也无需提前通知；须在试用期内作出并说明理由（第二十一条、第三十九条第（一）项）。',
    'en-US':
      'A probation termination for not meeting the hiring conditions owes no severance and no notice; it must happen within the probation, with written reasons (LCL Art. 21, 39(1)).',
  },
  employee_resignation: {
    'zh-CN': '劳动者主动辞职（或由劳动者提出协商解除），用人单位无需支付经济补偿（第三十七条、第四十六条）。',
    'en-US': 'When the employee resigns (or proposes the mutual termination), no severance is owed (LCL Art. 37, 46).',
  },
  contract_expiry: {
    'zh-CN':
      '用人单位维持或者提高劳动合同约定条件续订，劳动者不同意续订的，期满终止无需支付经济补偿（第四十六条第（五）项）。',
    'en-US':
      'The employer offered renewal on the same or better terms and the employee refused: expiry owes no severance (LCL Art. 46(5)).',
  },
};

const labels: Record<SeveranceLine['key'], Text> = {
  service: { 'zh-CN': '工作年限', 'en-US': 'Length of service' },
  pre2008: { 'zh-CN': '2008 年以前的工作年限', 'en-US': 'Service before 2008' },
  fullYears: { 'zh-CN': '满整年数', 'en-US': 'Full years' },
  remainder: { 'zh-CN': '不满一年的部分（半月规则）', 'en-US': 'Remainder under a year (half-month rule)' },
  minimumWage: { 'zh-CN': '当地最低工资标准', 'en-US': 'Local minimum wage' },
  localAverage: { 'zh-CN': '上年度职工月平均工资', 'en-US': 'Local average monthly wage, previous year' },
  wageCap: { 'zh-CN': '三倍封顶线', 'en-US': '3x cap' },
  base: { 'zh-CN': '计算基数（月工资）', 'en-US': 'Monthly wage used' },
  monthsOfPay: { 'zh-CN': '经济补偿月数 N', 'en-US': 'Months of pay (N)' },
  severance: { 'zh-CN': '经济补偿', 'en-US': 'Severance' },
  noticePay: { 'zh-CN': '代通知金', 'en-US': 'Pay in lieu of notice' },
  lawfulTotal: { 'zh-CN': '合法解除应付合计', 'en-US': 'Total for a lawful termination' },
  unlawfulDamages: { 'zh-CN': '违法解除赔偿金（对比）', 'en-US': 'Damages if unlawful (for comparison)' },
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function serviceWords(s: { years: number; months: number; days: number }, locale: Locale): string {
  if (locale === 'zh-CN') return `${s.years} 年 ${s.months} 个月 ${s.days} 天`;
  return `${plural(s.years, 'year')} ${plural(s.months, 'month')} ${plural(s.days, 'day')}`;
}

function explain(line: SeveranceLine, r: SeveranceResult, avg: AverageUsed, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const f = line.facts;
  const m = (v: unknown) => formatMoney(String(v));
  const lineValue = (key: SeveranceLine['key']) => r.lines.find((l) => l.key === key)?.value ?? '';
  switch (line.key) {
    case 'service':
      return zh
        ? `自 ${f.startDate} 入职至 ${f.endDate} 解除或终止（含当日），按入职日的周年、周月计算。经济补偿按劳动者在本单位的工作年限计算（《劳动合同法》第四十七条第一款）。`
        : `From ${f.startDate} to ${f.endDate}, both days included, counted by anniversaries of the start date. Severance follows the years worked for this employer (Labor Contract Law Art. 47 para. 1).`;
    case 'pre2008':
      return zh
        ? '入职早于 2008-01-01（《劳动合同法》施行之日）。依第九十七条，施行前的年限按当时的规定计算（例如期满终止时施行前的年限不计经济补偿；三倍封顶和十二年上限只适用于施行后的年限）。本计算按现行规则计算全部年限，请核实。'
        : 'Started before 2008-01-01, when the Labor Contract Law took effect. Under Art. 97 the earlier years follow the rules of that time (e.g. no severance for them on expiry; the 3x cap and 12-year limit apply only to later years). This calculation applies the current rules to all years: verify it.';
    case 'fullYears':
      return zh
        ? `每满一年支付一个月工资：${f.years} 个整年 → ${f.years} 个月（第四十七条第一款）。`
        : `One month’s wage for each full year: ${f.years} full years → ${f.years} months (Art. 47 para. 1).`;
    case 'remainder': {
      const rest = zh
        ? `${f.months} 个月 ${f.days} 天`
        : `${plural(Number(f.months), 'month')} ${plural(Number(f.days), 'day')}`;
      if (f.remainder === '1')
        return zh
          ? `不满一年的部分为 ${rest}，六个月以上的按一年计算 → 1 个月（第四十七条第一款）。`
          : `The remainder is ${rest}: six months or more count as a year → 1 month (Art. 47 para. 1).`;
      if (f.remainder === '0.5')
        return zh
          ? `不满一年的部分为 ${rest}，不满六个月的支付半个月工资 → 0.5 个月（第四十七条第一款）。`
          : `The remainder is ${rest}: less than six months is half a month’s wage → 0.5 month (Art. 47 para. 1).`;
      return zh
        ? '工作年限恰为整年，没有不满一年的部分 → 0（第四十七条第一款）。'
        : 'The service is whole years; no remainder → 0 (Art. 47 para. 1).';
    }
    case 'minimumWage':
      return f.raised
        ? zh
          ? `前十二个月平均工资 ${m(f.wage)} 低于当地最低工资标准，按最低工资标准 ${m(line.value)} 计算（《劳动合同法实施条例》第二十七条）。`
          : `The 12-month average ${m(f.wage)} is below the local minimum wage; the minimum ${m(line.value)} is used (Implementing Regulations Art. 27).`
        : zh
          ? `前十二个月平均工资 ${m(f.wage)} 不低于当地最低工资标准，无需调整（实施条例第二十七条）。`
          : `The 12-month average ${m(f.wage)} is not below the local minimum wage; unchanged (Implementing Regulations Art. 27).`;
    case 'localAverage': {
      const rule = zh
        ? '封顶比较的是解除或终止前一年度的当地职工月平均工资（第四十七条第二款）。'
        : 'The cap compares with the local average monthly wage of the year before the termination (Art. 47 para. 2).';
      const source = avg.source ? (zh ? `来源：${avg.source}。` : `Source: ${avg.source}.`) : '';
      if (avg.origin === 'input') return zh ? `由计算人填写。${rule}` : `As entered. ${rule}`;
      const who =
        avg.origin === 'org'
          ? zh
            ? '本组织录入的数据'
            : 'your organization’s figure'
          : zh
            ? 'Stride 内置数据'
            : 'the figure shipped with Stride';
      const city = cityName(avg.city ?? '', locale);
      return zh
        ? `${city} ${avg.year} 年度，${who}。${source}${rule}`
        : [`${city}, ${avg.year}: ${who}.`, source, rule].filter(Boolean).join(' ');
    }
    case 'wageCap':
      return f.isCapped
        ? zh
          ? `月工资 ${m(f.wage)} 高于上年度职工月平均工资的三倍 ${m(line.value)}：按三倍的数额支付，支付年限最高不超过十二年（第四十七条第二款）。`
          : `The monthly wage ${m(f.wage)} is above 3x the local average, ${m(line.value)}: severance is paid on 3x the average for at most 12 years (Art. 47 para. 2).`
        : zh
          ? `月工资 ${m(f.wage)} 未高于三倍线 ${m(line.value)}，不封顶（第四十七条第二款）。`
          : `The monthly wage ${m(f.wage)} is not above the 3x line ${m(line.value)}: no cap (Art. 47 para. 2).`;
    case 'base':
      return zh
        ? `月工资指劳动合同解除或者终止前十二个月的平均工资（第四十七条第三款）${f.isCapped ? '，超过三倍线的按三倍线计算' : ''}。`
        : `The monthly wage is the average of the 12 months before the termination (Art. 47 para. 3)${f.isCapped ? ', capped at the 3x line' : ''}.`;
    case 'monthsOfPay': {
      const sum = `${lineValue('fullYears')} + ${lineValue('remainder')} = ${f.uncapped}`;
      if (f.yearsCapped)
        return zh
          ? `${sum} 个月；月工资封顶时支付年限最高不超过十二年 → ${line.value} 个月（第四十七条第二款）。`
          : `${sum} months; with a capped wage at most 12 years are paid → ${line.value} months (Art. 47 para. 2).`;
      return zh ? `${sum} 个月（第四十七条）。` : `${sum} months (Art. 47).`;
    }
    case 'severance': {
      const ground = f.ground as SeveranceGround;
      if (!f.isEntitled) return noSeveranceReason[ground]?.[locale] ?? '';
      const item = art46Item[ground]?.[locale] ?? '';
      const sum = `${m(f.base)} × ${f.months} = ${m(line.value)}`;
      return zh
        ? `${groundName[ground][locale]}：用人单位应支付经济补偿（${item}）。${sum}（第四十七条）。`
        : `${capitalize(groundName[ground][locale])}: severance is owed (LCL ${item}). ${sum} (Art. 47).`;
    }
    case 'noticePay':
      if (!f.isArt40)
        return zh
          ? '代通知金只适用于依第四十条解除且未提前三十日书面通知的情形；本情形不适用。'
          : 'Pay in lieu of notice applies only to an Art. 40 termination without 30 days’ written notice; not here.';
      return f.noticeGiven
        ? zh
          ? '已提前三十日以书面形式通知劳动者本人，无需支付代通知金（第四十条）。'
          : 'Thirty days’ written notice was given: no pay in lieu (LCL Art. 40).'
        : zh
          ? `依第四十条解除而未提前三十日书面通知的，额外支付一个月工资；按劳动者上一个月的工资标准确定：${m(line.value)}（第四十条、《实施条例》第二十条）。不适用三倍封顶。`
          : `An Art. 40 termination without 30 days’ written notice pays one extra month’s wage, at the previous month’s wage: ${m(line.value)} (LCL Art. 40; Implementing Regulations Art. 20). The 3x cap does not apply.`;
    case 'lawfulTotal':
      return zh
        ? `经济补偿 ${m(r.severance)}（第四十六条、第四十七条）+ 代通知金 ${m(r.noticePay)}（第四十条）= ${m(line.value)}。`
        : `Severance ${m(r.severance)} (LCL Art. 46, 47) + pay in lieu of notice ${m(r.noticePay)} (Art. 40) = ${m(line.value)}.`;
    case 'unlawfulDamages':
      return zh
        ? `若解除或终止被认定违法、劳动者不要求继续履行，用人单位按经济补偿标准的二倍支付赔偿金：2 × ${m(f.standard)} = ${m(line.value)}（第四十八条、第八十七条）。支付赔偿金的不再支付经济补偿，年限自用工之日起计算（《实施条例》第二十五条）。`
        : `If the termination were held unlawful and the employee did not ask to be reinstated, damages are twice the severance standard: 2 × ${m(f.standard)} = ${m(line.value)} (LCL Art. 48, 87). No severance is paid on top; years count from the start of employment (Implementing Regulations Art. 25).`;
  }
}

const cityNames: Record<string, Text> = {
  shanghai: { 'zh-CN': '上海', 'en-US': 'Shanghai' },
  beijing: { 'zh-CN': '北京', 'en-US': 'Beijing' },
  shenzhen: { 'zh-CN': '深圳', 'en-US': 'Shenzhen' },
  guangzhou: { 'zh-CN': '广州', 'en-US': 'Guangzhou' },
  hangzhou: { 'zh-CN': '杭州', 'en-US': 'Hangzhou' },
};

/** A known city's name; other codes as they are. */
export function cityName(code: string, locale: Locale): string {
  return cityNames[code]?.[locale] ?? code;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The calculation's lines with label, value and explanation in the caller's language. */
export function presentLines(r: SeveranceResult, avg: AverageUsed, locale: Locale): SeveranceLineView[] {
  return r.lines.map((line) => ({
    key: line.key,
    label: labels[line.key][locale],
    value: line.unit === 'service' ? serviceWords(r.service, locale) : line.value,
    unit: line.unit,
    explanation: explain(line, r, avg, locale),
  }));
}
