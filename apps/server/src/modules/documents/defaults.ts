import type { DocumentKind } from '@stride/contracts';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { documentTitles } from './data';

/**
 * Stride's built-in templates: one DOCX per document kind, built with the `docx` library and holding
 * docxtemplater tags ({person.name}, {#goals}…{/goals}). Formal Chinese wording, 宋体 body and 黑体 headings,
 * lawful content, never an ID number. An organization downloads one, edits it in Word or WPS and uploads it.
 *
 * Each tag is written inside a single text run so Word keeps it whole; loop and condition tags that stand
 * alone in a paragraph vanish with it when rendered (paragraphLoop).
 */

const FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
const HEADING_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

const run = (t: string, o: { bold?: boolean; heading?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, bold: o.bold, font: o.heading ? HEADING_FONT : FONT, size: o.size ?? 24 });
const para = (t: string | TextRun[], o: { align?: Align; indent?: boolean; before?: number } = {}) =>
  new Paragraph({
    children: typeof t === 'string' ? [run(t)] : t,
    alignment: o.align ?? AlignmentType.BOTH,
    indent: o.indent ? { firstLine: 480 } : undefined,
    spacing: { line: 400, before: o.before ?? 0 },
  });
const body = (t: string) => para(t, { indent: true });
const title = (t: string) => para([run(t, { bold: true, heading: true, size: 36 })], { align: AlignmentType.CENTER });
const heading = (t: string) => para([run(t, { bold: true, heading: true })], { before: 200 });
const blank = () => para('');
/** A loop or condition around paragraphs: the opening and closing tags stand alone in their paragraphs. */
const section = (tag: string, children: Paragraph[], inverted = false) => [
  para(`{${inverted ? '^' : '#'}${tag}}`),
  ...children,
  para(`{/${tag}}`),
];
const right = (t: string, before = 0) => para(t, { align: AlignmentType.END, before });
const signLine = (who: string, before = 200) =>
  para(`${who}：________________        日期：______年____月____日`, { before });

function improvementPlan(): Paragraph[] {
  return [
    title('绩效改进计划书'),
    blank(),
    para('员工姓名：{person.name}        工号：{person.employeeNo}'),
    para('所在部门及岗位：{person.unit} {person.position}'),
    para('计划负责人（直接上级）：{manager}        辅导人：{#hasCoach}{coach}{/hasCoach}{^hasCoach}—{/hasCoach}'),
    para('改进期间：{startDate}至{endDate}{#extended}（原定至{originalEndDate}，经评估延期一次）{/extended}'),
    heading('一、改进目标'),
    ...section('goals', [body('{no}. 业绩指标：{name}，改进期间内月均{comparison} {target}。')]),
    ...section('behaviours', [body('{no}. 行为目标：{text}（衡量方式：{measure}）')]),
    heading('二、公司提供的支持'),
    body(
      '辅导：{#hasCoach}由{coach}担任辅导人，定期沟通并给予指导。{/hasCoach}{^hasCoach}由计划负责人定期沟通并给予指导。{/hasCoach}',
    ),
    body('培训：{coursesText}'),
    heading('三、面谈安排'),
    body('{checkInsText}'),
    heading('四、评估方式'),
    body(
      '改进期间过半时进行中期评估，期满时进行最终评估。业绩指标以系统记录的改进期间内各月实际数据的月均值与目标比较；' +
        '行为目标由计划负责人依据面谈记录及相关事实评价（达成 / 部分达成 / 未达成）。评估结果将与员工本人沟通。',
    ),
    heading('五、结果处理'),
    body(
      '改进期满后，公司根据评估结果确定“通过”“延期（仅限一次）”或“未通过”。未达到改进目标的，' +
        '按公司制度及法律规定处理。员工对评估结果有异议的，可按公司规定提出申诉。',
    ),
    blank(),
    right('{org.name}', 400),
    blank(),
    signLine('计划负责人签字', 400),
    signLine('辅导人签字'),
    signLine('员工签字确认'),
    ...section('signed', [para('员工已于{acknowledgedAt}在系统中确认本计划。', { before: 200 })]),
    ...section('refused', [
      para('员工拒绝签字确认，已于{acknowledgedAt}由人力资源部记录；见证说明：{witnessNote}', { before: 200 }),
    ]),
  ];
}

function transferNotice(): Paragraph[] {
  return [
    title('岗位调整通知书'),
    blank(),
    para('{person.name}（工号：{person.employeeNo}）：'),
    body('根据公司经营管理需要并结合您的工作情况，经公司研究决定，对您的工作岗位进行调整（{changeKind}），具体如下：'),
    body('原任职：{from.unit} {from.position}，直接上级：{from.manager}'),
    body('调整后：{to.unit} {to.position}，直接上级：{to.manager}'),
    body('生效日期：{effectiveDate}'),
    body('调整原因：{reason}'),
    body(
      '请您在生效日期前完成原岗位的工作交接，并于生效日期到新岗位报到。调整后的劳动报酬及其他劳动条件按公司薪酬制度及双方约定执行；' +
        '本次调整涉及变更劳动合同约定内容的，双方依照《中华人民共和国劳动合同法》第三十五条的规定以书面形式变更。',
    ),
    body('如您对本次调整有疑问或异议，请在收到本通知后及时以书面形式向人力资源部提出。'),
    blank(),
    right('{org.name}（盖章）', 400),
    right('{today}'),
    blank(),
    para('签收回执：本人已收到并知悉本通知书内容。', { before: 400 }),
    signLine('员工签字'),
  ];
}

function terminationNotice(): Paragraph[] {
  return [
    title('解除劳动合同通知书'),
    blank(),
    para('{person.name}（工号：{person.employeeNo}）：'),
    body('您于{person.hireDate}入职本公司，现任{person.unit} {person.position}。'),
    body('解除事实与理由：{reason}'),
    body(
      '依据{groundArticle}（{groundText}）的规定，公司决定与您解除劳动合同，' +
        '劳动合同解除日期（最后工作日）为{lastDay}。',
    ),
    body('提前通知：{noticeMode}'),
    ...section('hasNoticePay', [body('公司将向您额外支付一个月工资作为代通知金，计人民币{noticePay}元。')]),
    ...section('hasSeverance', [
      body(
        '公司将依照《中华人民共和国劳动合同法》第四十六条、第四十七条的规定向您支付经济补偿，计人民币{severance}元，' +
          '于您办结工作交接时支付。',
      ),
    ]),
    ...section('hasSeverance', [body('依照法律规定，本次解除劳动合同公司不支付经济补偿。')], true),
    body('您的工资结算至劳动合同解除之日，公司依法为您缴纳社会保险至解除当月。'),
    body('工作交接：{handover}'),
    body(
      '依照《中华人民共和国劳动合同法》第五十条的规定，公司将在解除劳动合同时为您出具解除劳动合同的证明，' +
        '并在十五日内为您办理档案和社会保险关系转移手续；您应当按照双方约定办理工作交接。',
    ),
    body('如对本决定有异议，您可以依法申请劳动争议调解或者仲裁。'),
    blank(),
    right('{org.name}（盖章）', 400),
    right('{today}'),
    blank(),
    para('签收回执：本人已于______年____月____日收到本通知书。', { before: 400 }),
    signLine('员工签字'),
  ];
}

function mutualTerminationAgreement(): Paragraph[] {
  return [
    title('协商解除劳动合同协议书'),
    blank(),
    para('甲方（用人单位）：{org.name}'),
    para('乙方（劳动者）：{person.name}        工号：{person.employeeNo}'),
    blank(),
    body(
      '乙方于{person.hireDate}入职甲方，双方劳动合同起始日期为{contractStartDate}，乙方现任{person.unit} {person.position}。' +
        '现经双方平等自愿、协商一致，依照《中华人民共和国劳动合同法》第三十六条的规定，就解除劳动合同事宜达成如下协议：',
    ),
    body('一、双方同意于{lastDay}解除劳动合同。协商解除事由：{reason}'),
    body(
      '二、甲方依照《中华人民共和国劳动合同法》第四十六条、第四十七条的规定向乙方支付经济补偿，计人民币{severance}元，' +
        '于{paymentDeadline}前一次性支付至乙方工资账户。',
    ),
    body('三、甲方将乙方工资结算至劳动合同解除之日，并依法为乙方缴纳社会保险至解除当月。'),
    body('四、乙方应于劳动合同解除日前按甲方要求办理工作交接，归还甲方财物及资料。'),
    body(
      '五、甲方依照《中华人民共和国劳动合同法》第五十条的规定，在解除劳动合同时为乙方出具解除劳动合同的证明，' +
        '并在十五日内为乙方办理档案和社会保险关系转移手续。',
    ),
    body('六、本协议一式两份，甲乙双方各执一份，自双方签字（盖章）之日起生效。'),
    blank(),
    para('甲方（盖章）：{org.name}', { before: 400 }),
    signLine('甲方代表签字'),
    blank(),
    signLine('乙方签字', 400),
  ];
}

function terminationCertificate(): Paragraph[] {
  return [
    title('解除（终止）劳动合同证明书'),
    blank(),
    body(
      '兹证明{person.name}（工号：{person.employeeNo}）与本单位订立的劳动合同自{contractStartDate}起，' +
        '合同期限至{contractEndDate}，双方已于{lastDay}解除（终止）劳动合同。',
    ),
    body('该员工在本单位的工作岗位为{unit} {position}，在本单位的工作年限为{serviceYears}。'),
    body('特此证明。'),
    blank(),
    right('{org.name}（盖章）', 600),
    right('{today}'),
  ];
}

const builders: Record<DocumentKind, () => Paragraph[]> = {
  improvement_plan: improvementPlan,
  transfer_notice: transferNotice,
  termination_notice: terminationNotice,
  mutual_termination_agreement: mutualTerminationAgreement,
  termination_certificate: terminationCertificate,
};

const cache = new Map<DocumentKind, Promise<Buffer>>();

/** The built-in template of a kind, as DOCX bytes (built once per process). */
export function defaultTemplate(kind: DocumentKind): Promise<Buffer> {
  let built = cache.get(kind);
  if (!built) {
    built = Packer.toBuffer(
      new Document({
        creator: 'Stride',
        title: documentTitles[kind],
        styles: { default: { document: { run: { font: FONT, size: 24 } } } },
        sections: [{ properties: {}, children: builders[kind]() }],
      }),
    );
    cache.set(kind, built);
    built.catch(() => cache.delete(kind));
  }
  return built;
}

export const defaultFileName = (kind: DocumentKind) => `${documentTitles[kind]}.docx`;
