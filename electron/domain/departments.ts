// Which department is responsible for one service of a checklist (the A4 checklist prints it).
//
// The source document names lead departments per board and per measure, not per service: the
// center assigns each service by what its name says (税 → 县税务局, 公章 → 县公安局 …), else the
// bundle's lead department, else the center itself. This is the center's own guidance, like the
// bundles' `guidance` (printed with a note that the handling department is confirmed on intake).
// Department names follow the document where it uses them. Node-free.
/** Where a service line's responsible department came from. */
export type DepartmentSource = 'rule' | 'lead' | 'center';

/** The center: when a bundle names no lead department (e.g. 车联网), it coordinates itself. */
export const CENTER_DEPARTMENT = '县企业综合服务中心';

/** Ordered: the first rule whose pattern matches the service's name wins. */
export const DEPARTMENT_RULES: readonly { pattern: RegExp; department: string }[] = [
  { pattern: /医保/, department: '县医保局' },
  { pattern: /公积金/, department: '湖州市住房公积金管理中心德清分中心' },
  { pattern: /社保|参保|退休|劳动合同|劳动关系|就业|招聘|用工/, department: '县人力社保局' },
  { pattern: /公章|印章/, department: '县公安局' },
  { pattern: /发票|纳税|税费|税(（费）)?申报|退税|数电票|税务/, department: '县税务局' },
  {
    pattern: /设立登记|变更登记|注销登记|营业执照|食品经营许可|证照|个体工商户|知识产权|商标|专利/,
    department: '县市场监管局',
  },
  { pattern: /规划|用地|不动产|地名/, department: '县自然资源和规划局' },
  { pattern: /环境影响/, department: '市生态环境局德清分局' },
  { pattern: /水土保持|供水/, department: '县水利局' },
  { pattern: /施工|消防|竣工|人防|防空|建筑|节能|房屋租赁|租赁登记/, department: '县建设局' },
  { pattern: /招标|投标/, department: '县政务办（公共资源交易中心）' },
  { pattern: /政府采购/, department: '县财政局' },
  { pattern: /诉讼|立案|执行|破产|审判/, department: '县法院' },
  { pattern: /贷款|担保|融资|上市|创投|股权投资/, department: '县金融办' },
];

export function departmentFor(
  service: string,
  leadDepartments: readonly string[],
): { department: string; from: DepartmentSource } {
  for (const rule of DEPARTMENT_RULES)
    if (rule.pattern.test(service)) return { department: rule.department, from: 'rule' };
  if (leadDepartments.length > 0) return { department: leadDepartments.join('、'), from: 'lead' };
  return { department: CENTER_DEPARTMENT, from: 'center' };
}
