// Writes the eligibility facets (electron/domain/facets.ts) into seeds/measures.json,
// seeds/stations.json and seeds/bundles.json from the hand-made table below, and refuses to write
// if any justifying phrase is not in the record's words. The seeds are the source of truth once
// written (the kiosk validates them at every start); this script is the record of how they were
// first derived, read measure by measure from 附件3, 附件6 and 附件7. Re-run it after changing the
// table: `node scripts/derive-facets.mjs` (or `--check` to compare without writing).
//
// Table notation, one entry per record:
//   t  targets   "id:words|id@field:words"      (field: where the words are; default the text)
//   s  stages    same notation
//   d  delivery  "no-application:words" | "application:words" | "service:words"
//   x  not offered "internal:words" | "enforcement:words" | "other-party:words"
//   all          every target must match (default: any one)
//   note         why a borderline call went the way it did
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');

// ---- 附件3: the 175 measures --------------------------------------------------------------------
const MEASURES = {
  1: { s: 'operation:纳税人', d: 'service:精准推送服务' },
  2: { s: 'operation:办税', d: 'no-application:免申即享' },
  3: { s: 'operation:涉税诉求', d: 'service:税费服务热线' },
  4: { s: 'operation:准确申报', d: 'service:提醒企业准确申报' },
  5: { x: 'internal:严查内错' },
  6: { s: 'expansion:民间投资', d: 'service@serviceMode:窗口服务' },
  7: { s: 'expansion:产业基金', d: 'service:专项客服服务热线' },
  8: {
    s: 'expansion:产业链集群',
    d: 'service:补贴、税收优惠、低利率贷款',
    note: 'Policy-making, but the enterprise can ask about the subsidies, tax preferences and loans it names.',
  },
  9: { x: 'internal:提升团队专业性' },
  10: { x: 'internal:争取省级重大产业项目预支奖励指标' },
  11: { s: 'construction:供地', d: 'application:弹性年期出让、先租后让、长期租赁' },
  12: {
    t: 'manufacturing:低效工业企业',
    s: 'expansion:自主改造',
    d: 'application:自主改造、联合开发',
  },
  13: {
    t: 'manufacturing:工业用地',
    s: 'expansion:新建、扩建生产性用房',
    d: 'application:新建、扩建生产性用房',
    note: '不增收土地价款 comes with building on one’s own land, which needs planning approval: an application, not 免申即享.',
  },
  14: { t: 'manufacturing:工业用地', s: 'expansion:技改', d: 'application:“零土地”技改' },
  15: { s: 'construction:保障性租赁住房', d: 'application:保障性租赁住房审批' },
  16: { x: 'internal:定期调度' },
  17: { t: 'manufacturing:工业增加值', s: 'construction:项目', d: 'application:节能审查绿色通道' },
  18: { s: 'construction:开工建设', d: 'application:节能审查手续' },
  19: { s: 'construction:项目申报', d: 'service:节能审查培训' },
  20: { x: 'internal:按月调度' },
  21: { d: 'application:节能审查' },
  22: { s: 'construction:项目前期工作', d: 'service:主动指导' },
  23: { x: 'enforcement:节能监察执法' },
  24: { t: 'listing:企业上市', s: 'expansion:上市', d: 'application:奖励' },
  25: { t: 'listing:上市', s: 'expansion:登陆资本市场', d: 'service:现场指导服务' },
  26: { t: 'listing:上市公司', s: 'expansion:扩大直接融资规模', d: 'service:直接融资' },
  27: { t: 'specialized:专精特新', s: 'expansion:挂牌', d: 'application:挂牌' },
  28: { s: 'operation:信贷', d: 'service:信贷保障' },
  29: { x: 'other-party:金融机构考核办法' },
  30: { s: 'operation:增信', d: 'application:政府性担保增信' },
  31: { s: 'operation:培养', d: 'service:企业新型学徒制' },
  32: {
    t: 'homestay:民宿管家|geo:地理信息',
    s: 'operation:技能人才',
    d: 'service:特色职业技能培训',
  },
  33: { s: 'operation:技能人才', d: 'application:职业技能等级认定' },
  34: {
    t: 'platform:平台企业',
    s: 'operation:新就业形态劳动者',
    d: 'application:单险种参加工伤保险',
  },
  35: {
    s: 'operation:失业保险',
    d: 'no-application:降低失业保险费率',
    note: 'A cut in a statutory rate, applied to every payer without an application: 免申即享.',
  },
  36: { d: 'service:劳动保障权益' },
  37: { t: 'talent:高层次人才', s: 'opening:创业启动资金', d: 'application:创业启动资金' },
  38: { t: 'geo:地理信息', s: 'operation:人才评价', d: 'application:职称评审权限下放' },
  39: { x: 'internal:征集形成三张推介项目清单' },
  40: { s: 'expansion:项目', d: 'service:推介相关项目' },
  41: { d: 'service:常态化推介项目' },
  42: { s: 'expansion:重大项目建设', d: 'service:共同参与' },
  43: {
    t: 'tech:科研攻关',
    d: 'application@serviceMode:企业项目研发投入补助',
  },
  44: {
    t: 'high-tech:高新技术企业|specialized:专精特新',
    s: 'expansion:科技领军企业',
    d: 'application:培育计划',
  },
  45: { t: 'tech:科技成果', s: 'expansion:技术交易', d: 'service:定期提供成果清单' },
  46: { t: 'tech:重大科技项目', d: 'application:申报' },
  47: { t: 'tech:研发攻关', d: 'application:申报' },
  48: {
    t: 'tech:科技型中小企业|high-tech:高新技术企业',
    s: 'expansion:梯次培育',
    d: 'application:入库',
  },
  49: { x: 'internal:部门要建立重点项目推送推荐机制' },
  50: { x: 'internal:报送机制' },
  51: {
    t: 'tech:科创型企业|biomedicine:生物医药',
    s: 'expansion:投资力度',
    d: 'service@serviceMode:通过企业服务平台推送',
  },
  52: {
    t: 'startup:初创|tech:科技型',
    all: true,
    s: 'opening:初创科技型企业',
    d: 'service:精准推送税收政策',
    note: 'The tax policy is for investors in 初创科技型企业; the start-up is told so it can attract them.',
  },
  53: { s: 'expansion:参股', d: 'service:吸引民营企业参股' },
  54: { s: 'expansion:盘活存量资产', d: 'service:政策指导和项目服务' },
  55: { s: 'expansion:REITs', d: 'service:业务培训' },
  56: { s: 'expansion:盘活存量资产', d: 'service:推介盘活存量资产' },
  57: { x: 'internal:纳入投资“赛马”激励评价' },
  58: { t: 'sme:中小企业', s: 'operation:政府采购', d: 'application:面向中小企业采购' },
  59: { t: 'sme@keyWork:中小微企业', d: 'service:联合体形式预留或者合同分包形式预留' },
  60: { x: 'internal:加强同各部门之间的工作协调' },
  61: { x: 'internal:制度规则的清理' },
  62: { x: 'internal:中的相关任务' },
  63: { x: 'enforcement:专项检查' },
  64: { d: 'service:培训宣贯' },
  65: { d: 'service:民营企业入围数量占比不低于三分之一' },
  66: { x: 'internal:促进交易平台互联互通' },
  67: { x: 'internal:制度规则清理' },
  68: { x: 'internal:集中监管模式' },
  69: { x: 'internal:制定工作方案' },
  70: { d: 'service:培训宣贯' },
  71: { d: 'service:指导招标人' },
  72: { d: 'service:赋予招标人更多自主权' },
  73: { x: 'internal:满意度测评' },
  74: { x: 'internal:联席会议' },
  75: { d: 'service:公平竞争宣传周活动' },
  76: { t: 'listing:拟上市企业', d: 'application:申报企业' },
  77: { x: 'enforcement:价格监管' },
  78: { s: 'opening:市场准入', d: 'service:市场准入负面清单' },
  79: { x: 'internal:排查归集通报典型案例' },
  80: { t: 'trade:参展', s: 'expansion@keyWork:拓市场', d: 'application:补助' },
  81: { t: 'trade:境外国际性展会', s: 'expansion@keyWork:拓市场', d: 'application:展位费补助' },
  82: { t: 'trade:展会', s: 'expansion:拓市场', d: 'service:拓市场增订单行动' },
  83: { t: 'trade:对外投资', s: 'expansion:对外投资', d: 'service:解决企业对外投资问题' },
  84: { t: 'trade:国际合作', d: 'service:对外交流平台' },
  85: { t: 'trade:境外项目', s: 'expansion:境外项目', d: 'service:鼓励企业积极参与' },
  86: { t: 'trade:境外项目', d: 'service:协助企业积极向上对接' },
  87: { t: 'trade:境外投资', d: 'service:民营经济座谈会' },
  88: { t: 'trade:涉外经济机构', d: 'service:资源共享平台' },
  89: { x: 'other-party:鼓励法律、金融等服务机构“走出去”' },
  90: { t: 'platform:平台企业', d: 'service:平台主体责任清单' },
  91: { t: 'platform@keyWork:平台经济', d: 'application:绿色直播间' },
  92: { t: 'platform:平台企业', d: 'service:专项服务行动' },
  93: { t: 'individual:个体工商户', s: 'expansion:转型升级', d: 'application:“个转企”业务' },
  94: { t: 'individual:个体工商户', s: 'expansion:二次创业', d: 'service:“二次创业”服务' },
  95: {
    t: 'individual:个体工商户',
    s: 'expansion:转型升级为企业',
    d: 'application:直接变更',
    note: 'The exemption from 契税 and 不动产登记费 comes with the 直接变更 registration: an application.',
  },
  96: {
    t: 'individual:个体工商户',
    s: 'operation:生存与发展',
    d: 'service:监测分析报告',
    note: 'Borderline: monitoring work, but individual businesses are its samples and its report is about them; offered as information.',
  },
  97: { t: 'individual:个体工商户', d: 'service:宣传手册及视频' },
  98: { s: 'construction:固定资产投资', d: 'application:推荐列入国家及省市项目清单' },
  99: { t: 'manufacturing:技术改造', s: 'expansion:技术改造', d: 'application:技术改造' },
  100: {
    t: 'manufacturing:制造业',
    s: 'expansion:技改',
    d: 'service:免费开展咨询智能化技改诊断',
  },
  101: { t: 'manufacturing:生产方式转型', s: 'expansion:转型', d: 'application:补助资金' },
  102: { t: 'manufacturing:制造业', s: 'expansion:技改', d: 'application:资金扶持' },
  103: { t: 'sme:中小企业', s: 'expansion:数字化改造', d: 'application:申报' },
  104: { t: 'sme@keyWork:中小企业', s: 'expansion:数字化改造', d: 'service:问诊服务' },
  105: { t: 'sme:中小企业', s: 'expansion:数字化改造', d: 'service:宣贯' },
  106: { t: 'specialized:小巨人企业', s: 'expansion:梯度培育', d: 'application:筛选建库' },
  107: { t: 'specialized:专精特新', s: 'expansion:培育壮大', d: 'application:优质企业培育库' },
  108: { d: 'service:收集企业问题诉求' },
  109: {
    t: 'small-micro:小微企业|specialized:专精特新',
    d: 'service@serviceMode:窗口咨询',
  },
  110: { t: 'specialized:专精特新', d: 'service:创建培育指导' },
  111: { d: 'service:三张清单' },
  112: { t: 'iov:车联网', d: 'service:合规指引' },
  113: { d: 'service:法律咨询、合规审查' },
  114: { d: 'application@serviceMode:申请法律援助' },
  115: { d: 'service:商事调解' },
  116: { d: 'service:金融纠纷人民调解委员会' },
  117: { x: 'internal:刑事挂案清理' },
  118: { x: 'internal:审查案件工作机制' },
  119: { d: 'service:涉案企业合规' },
  120: { d: 'service:法治培训' },
  121: { d: 'service:涉企纠纷化解' },
  122: { d: 'service:警企联络通道' },
  123: { d: 'service:保护企业创新发展' },
  124: { x: 'internal:行政规范性文件专项清理' },
  125: { d: 'service:领航计划' },
  126: { d: 'service:主题沙龙活动' },
  127: { d: 'service:企业培训' },
  128: { d: 'service:能力素质提升班' },
  129: { t: 'sme:中小微企业', d: 'service:高管专业提升班' },
  130: { x: 'internal:组建县级一站式线下企业综合服务中心' },
  131: { x: 'internal:构建“1+13+N”企业服务架构体系' },
  132: { x: 'internal:运行模式' },
  133: { x: 'internal:迭代做优法人频道“德清专区”' },
  134: { x: 'internal:身份认证应用' },
  135: { x: 'internal:编制形成落实德清县落实32条企业增值服务清单' },
  136: { x: 'internal:发布实施' },
  137: { x: 'internal:行政执法协调监督工作站' },
  138: { x: 'internal:专项行政执法监督' },
  139: { x: 'enforcement:非现场监管方式' },
  140: { x: 'internal:归集机关、事业单位、国企业违约失信信息' },
  141: { s: 'operation:信用修复', d: 'application:信用修复' },
  142: { d: 'application:专项信用报告' },
  143: { s: 'operation:信用修复', d: 'application:线上修复' },
  144: { d: 'service:两书同送' },
  145: { d: 'service:全流程服务' },
  146: { t: 'sme:中小企业', s: 'operation:账款', d: 'application:投诉' },
  147: { x: 'internal:明确目标任务、责任主体和督办的责任单位' },
  148: { t: 'sme:中小企业', d: 'service:指导企业规范用工' },
  149: { d: 'service:减负降本政策' },
  150: {
    x: 'internal:督导县属四大集团',
    note: 'Supervision of the county’s state-owned groups; an enterprise owed money complains through no. 146.',
  },
  151: { x: 'internal:重塑基层涉薪纠纷综合治理工作体系' },
  152: { d: 'service:普法宣传' },
  153: { x: 'internal:审计推动政策落实' },
  154: { d: 'service:宣贯落实' },
  155: { d: 'service:领航计划' },
  156: { d: 'service:主题沙龙活动' },
  157: { d: 'service:企业培训' },
  158: { d: 'service:能力素质提升班' },
  159: { t: 'sme:中小微企业', d: 'service:高管专业提升班' },
  160: { s: 'opening:“入市第一课”', d: 'service:辅导服务' },
  161: { x: 'internal:指导德清县融媒体中心' },
  162: { x: 'internal:宣传报道' },
  163: { d: 'service@serviceMode:征集问题' },
  164: { d: 'service:收集企业有关营商环境问题的反映' },
  165: { x: 'internal:对干部不担当、不作为' },
  166: { d: 'service:收集企业反映的有关损害营商环境的问题' },
  167: { d: 'service:廉情站' },
  168: { x: 'internal:干部考察考核' },
  169: { d: 'service:官方反馈渠道' },
  170: { d: 'service:助企服务热线' },
  171: { x: 'internal:舆情研判联动机制' },
  172: { x: 'internal:调度评估工作机制' },
  173: { d: 'service:问题收集推动解决机制' },
  174: { d: 'service@serviceMode:窗口咨询' },
  175: { x: 'internal:统计监测' },
};

// ---- 附件7: the 地信小镇 station's 66 services ----------------------------------------------------
// Every service is for the industry its 事项类型 names (地信+, 车联网, 高层次人才).
const TYPE_TARGET = {
  '“地信+”产业特色服务': 'geo@type:地信+',
  车联网产业特色服务: 'iov@type:车联网',
  高层次人才特色服务: 'talent@type:高层次人才',
};
const STATION = {
  1: { s: 'opening@category:项目招引', d: 'application:项目预评价' },
  2: { s: 'opening:公司注册', d: 'application:公司注册' },
  3: { s: 'opening@category:项目招引', d: 'application:备案赋码' },
  4: { s: 'construction:装修施工图审查', d: 'application:审查' },
  5: { d: 'application:申报' },
  6: { s: 'opening:人才创业项目', d: 'application:备案赋码' },
  7: { d: 'application:认定' },
  8: { d: 'application:工作站建设' },
  9: { d: 'application:申请' },
  10: { d: 'application:补助' },
  11: { d: 'service:帮助企业招工' },
  12: { d: 'application:专利申请' },
  13: { s: 'expansion@category:培大育强', d: 'service:帮助企业对接投融资' },
  14: { d: 'service:提供人才培养、测绘设备租赁、算力共享等服务' },
  15: { s: 'expansion@category:培大育强', d: 'application:申请' },
  16: { s: 'expansion@category:培大育强', d: 'application:申请' },
  17: { d: 'application:政策兑现' },
  18: { s: 'expansion:对外开展贸易', d: 'service:引导企业产品、技术、服务对外开展贸易、合作' },
  19: { d: 'application:审批' },
  20: { d: 'application:审批' },
  21: { d: 'application:审批' },
  22: { d: 'application:办理' },
  23: { d: 'application:审批' },
  24: { d: 'service:宣传' },
  25: { x: 'enforcement:质量监管' },
  26: { d: 'application:发放' },
  27: { d: 'application:申请' },
  28: { d: 'application:备案' },
  29: { d: 'application:申请' },
  30: { d: 'application:申请' },
  31: { d: 'application:申请' },
  32: { d: 'service:一站式' },
  33: { d: 'application:政策兑现' },
  34: { d: 'application:认定' },
  35: { d: 'application:申领' },
  36: { d: 'application:申领' },
  37: { d: 'application:申领' },
  38: { d: 'application:申领' },
  39: { d: 'application:申领' },
  40: { d: 'application:申领' },
  41: { s: 'opening:创业', d: 'application:申领' },
  42: { s: 'opening:创业', d: 'application:申请' },
  43: { s: 'opening:创业', d: 'application:申领' },
  44: { s: 'opening:创业', d: 'application:申领' },
  45: { s: 'opening:创业', d: 'application:申领' },
  46: { d: 'application:申领' },
  47: { d: 'application:申领' },
  48: { d: 'application:申领' },
  49: { d: 'application:补贴' },
  50: { d: 'application:奖补' },
  51: { d: 'application:申领' },
  52: { d: 'application:申领' },
  53: { d: 'application:申请' },
  54: { d: 'service:人才子女就学' },
  55: { d: 'service:人才配偶安置' },
  56: { d: 'application:资格认定' },
  57: { s: 'opening:创业', d: 'application:资格认定' },
  58: { d: 'service:免费观影' },
  59: { d: 'service:免费乘车' },
  60: { d: 'service:免费体检' },
  61: { d: 'application:申领' },
  62: { d: 'application:补贴' },
  63: { d: 'application:申领' },
  64: { d: 'service:人才公积金贷款额度上浮' },
  65: { d: 'service:国际医疗服务' },
  66: { d: 'service:运动场馆使用' },
};

// ---- 附件5 and 附件6: bundles with a clear audience or stage ------------------------------------
// `u` (alsoFor): whom one of a bundle's services, or its work, commonly serves without the bundle
// being only for them: the center's guidance on what to offer first on the menu. A firm in its
// first years hires, files taxes and rents; an individual business converts to a company
// (个体工商户转企业) and needs trade licences; technology firms protect and finance their ideas; a
// manufacturer builds and connects plant; high-level talent is housed through hiring's services.
const BUNDLES = {
  'business-startup': {
    s: 'opening@name:企业开办',
    u: 'individual@valueAddedServices:个体工商户转企业',
  },
  'market-access-permits': {
    u: 'individual@name:准入准营|homestay@name:准入准营|food-retail@basicServices:食品销售、餐馆经营',
  },
  'project-construction-start': {
    s: 'construction@name:项目开工建设',
    u: 'manufacturing@valueAddedServices:生产性用房',
  },
  'project-completion': { s: 'construction@name:项目竣工' },
  'premises-lease': { u: 'startup@name:经营用房和工业厂房租赁' },
  'utility-connections': { u: 'manufacturing@basicServices:企业申请生产、生活供水报装' },
  'employee-hiring': { u: 'startup@name:员工录用|talent@valueAddedServices:人才安居选房' },
  'venture-capital': { u: 'high-tech@name:创投|tech@name:创投|specialized@name:创投' },
  'public-listing': { t: 'listing@name:企业上市', s: 'expansion@name:企业上市' },
  'cross-border-services-trade': { t: 'trade@name:跨境服务贸易' },
  // Its customs clearance for 跨境电商 is a service of its own for trading firms: offered before
  // services trade.
  'cross-border-goods-trade': {
    t: 'trade@name:跨境货物贸易',
    u: 'trade@valueAddedServices:跨境电商通关服务',
  },
  taxation: { u: 'startup@name:纳税' },
  'intellectual-property': {
    u: 'high-tech@name:知识产权|tech@name:知识产权|specialized@name:知识产权',
  },
  'business-deregistration': { s: 'exit@name:企业注销' },
  insolvency: { s: 'exit@name:办理破产' },
  'dixin-business-startup': { t: 'geo@name:地信+', s: 'opening@name:企业开办' },
  'dixin-rnd-testing': { t: 'geo@name:地信+', s: 'operation@name:研发试验' },
  'dixin-policy-fulfilment': { t: 'geo@name:地信+' },
  'dixin-surveying-approvals': { t: 'geo@name:地信+', s: 'operation@name:测绘行政审批' },
  'iov-testing-services': { t: 'iov@name:车联网', s: 'operation@name:测试服务' },
  'dixin-talent-services': { t: 'geo@name:地信+', s: 'opening@name:创新创业' },
};

// ---- building ------------------------------------------------------------------------------------
function parse(list, defaultField) {
  if (!list) return [];
  return list.split('|').map((item) => {
    const colon = item.indexOf(':');
    const head = item.slice(0, colon);
    const basis = item.slice(colon + 1);
    const [id, field] = head.split('@');
    const f = { id, basis };
    if (field && field !== defaultField) f.in = field;
    return f;
  });
}

function facetsFor(entry, defaultField) {
  if (!entry) throw new Error('no table entry');
  const out = { source: 'kiosk-analysis' };
  if (entry.x) {
    const [x] = parse(entry.x, defaultField);
    out.offered = false;
    out.notOffered = { kind: x.id, basis: x.basis, ...(x.in ? { in: x.in } : {}) };
    out.targets = [];
    out.stages = [];
    out.delivery = null;
  } else {
    out.offered = true;
    out.targets = parse(entry.t, defaultField);
    if (entry.all) out.targetMatch = 'all';
    out.stages = parse(entry.s, defaultField);
    const [d] = parse(entry.d, defaultField);
    if (!d) throw new Error('an offered record needs its delivery');
    out.delivery = d;
  }
  if (entry.note) out.note = entry.note;
  return out;
}

const problems = [];
function checkWords(where, facets, fields) {
  const all = [
    ...facets.targets,
    ...facets.stages,
    ...(facets.alsoFor ?? []),
    ...(facets.delivery ? [facets.delivery] : []),
    ...(facets.notOffered ? [facets.notOffered] : []),
  ];
  for (const f of all) {
    const field = f.in ?? Object.keys(fields)[0];
    const words = [].concat(fields[field] ?? []).join('\n');
    if (!words.includes(f.basis)) problems.push(`${where}: “${f.basis}” is not in ${field}`);
  }
}

const read = (f) => JSON.parse(fs.readFileSync(path.join(root, 'seeds', f), 'utf8'));
const measuresFile = read('measures.json');
const keyWorkName = new Map(measuresFile.keyWorks.map((k) => [k.no, k.name]));
for (const m of measuresFile.measures) {
  m.facets = facetsFor(MEASURES[m.no], 'text');
  checkWords(`measure ${m.no}`, m.facets, {
    text: m.text,
    keyWork: keyWorkName.get(m.keyWork),
    serviceMode: m.serviceMode ?? '',
  });
}

const stationsFile = read('stations.json');
for (const st of stationsFile)
  for (const svc of st.services) {
    const entry = STATION[svc.no];
    const target = TYPE_TARGET[svc.type];
    if (!entry || !target) throw new Error(`station service ${svc.no}: no table entry`);
    svc.facets = facetsFor(entry.x ? entry : { ...entry, t: target }, 'name');
    checkWords(`station service ${svc.no}`, svc.facets, {
      name: svc.name,
      category: svc.category,
      type: svc.type,
    });
  }

const bundlesFile = read('bundles.json');
for (const b of bundlesFile) {
  const entry = BUNDLES[b.id];
  delete b.facets;
  if (!entry) continue;
  b.facets = {
    source: 'kiosk-analysis',
    targets: parse(entry.t, 'name'),
    stages: parse(entry.s, 'name'),
  };
  if (entry.u) b.facets.alsoFor = parse(entry.u, 'name');
  checkWords(`bundle ${b.id}`, b.facets, {
    name: b.name,
    basicServices: b.basicServices,
    valueAddedServices: b.valueAddedServices,
  });
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

let stale = 0;
for (const [file, data] of [
  ['measures.json', measuresFile],
  ['stations.json', stationsFile],
  ['bundles.json', bundlesFile],
]) {
  const p = path.join(root, 'seeds', file);
  const text = JSON.stringify(data, null, 2) + '\n';
  if (fs.readFileSync(p, 'utf8') === text) continue;
  stale++;
  if (check) console.error(`seeds/${file} differs from the facet table`);
  else fs.writeFileSync(p, text);
}
if (check && stale) process.exit(1);
console.log(check ? 'facets match the table' : `facets written (${stale} file(s) changed)`);
