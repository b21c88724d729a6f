// The built-in catalog against the source document: exact counts, and records word for word.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../electron/domain/catalog';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import { flatten, readSourceDocument } from './source-document';

let c: Catalog;
let doc: string;
let lines: string[];
beforeAll(() => {
  c = loadCatalog().catalog;
  doc = readSourceDocument();
  lines = doc.split('\n');
});

/** The document from the line that starts with `from` up to the line that starts with `to`. */
function part(from: string, to?: string): string {
  const a = lines.findIndex((l) => l.trim() === from);
  const b = to ? lines.findIndex((l, i) => i > a && l.trim() === to) : lines.length;
  if (a < 0 || b < 0) throw new Error(`no part ${from}…${to}`);
  return lines.slice(a, b).join('\n');
}

describe('counts', () => {
  it('30 bundles: 24 common (附件5) and 6 featured (附件6)', () => {
    expect(c.bundles).toHaveLength(30);
    expect(c.bundles.filter((b) => b.kind === 'common')).toHaveLength(24);
    expect(c.bundles.filter((b) => b.kind === 'featured')).toHaveLength(6);
  });

  it('175 measures numbered 1–175, 32 key works, 5 tasks, 9 boards', () => {
    expect(c.measures.map((m) => m.no)).toEqual(Array.from({ length: 175 }, (_, i) => i + 1));
    expect(c.keyWorks.map((k) => k.no)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(c.tasks.map((t) => t.name)).toEqual([
      '信心增预期',
      '降门槛扩领域',
      '真公平破隐性',
      '拓市场促升级',
      '优氛围增服务',
    ]);
    expect(c.boards.map((b) => b.name)).toEqual([
      '项目服务',
      '政策服务',
      '金融服务',
      '人才服务',
      '法治服务',
      '科创服务',
      '开放服务',
      '数据服务',
      '其他服务',
    ]);
  });

  it('66 station services, by category', () => {
    expect(c.stations).toHaveLength(1);
    const s = c.stations[0]!;
    expect(s.services).toHaveLength(66);
    const byCategory: Record<string, number> = {};
    for (const x of s.services) byCategory[x.category] = (byCategory[x.category] ?? 0) + 1;
    expect(byCategory).toEqual({
      项目招引: 4,
      创新创业服务: 7,
      企业培大育强服务: 7,
      测绘行政审批服务: 7,
      车联网集成服务: 8,
      政策兑现服务: 19,
      基础保障服务: 14,
    });
  });

  it('each bundle has the document’s number of basic and value-added services', () => {
    const counts = Object.fromEntries(
      c.bundles.map((b) => [b.name, [b.basicServices.length, b.valueAddedServices.length]]),
    );
    expect(counts).toEqual({
      企业开办: [6, 12],
      准入准营: [1, 6],
      项目开工建设: [15, 27],
      项目竣工: [8, 6],
      经营用房和工业厂房租赁: [5, 3],
      不动产转让和登记: [8, 5],
      电水气网联合报装: [9, 8],
      员工录用: [10, 15],
      '企业与员工解除(终止)劳动合同': [5, 15],
      企业职工退休: [11, 15],
      商业贷款: [2, 15],
      商业担保: [2, 2],
      创投: [3, 5],
      企业上市: [2, 3],
      跨境服务贸易: [4, 11],
      跨境货物贸易: [4, 28],
      纳税: [14, 9],
      商事诉讼: [3, 10],
      执行: [1, 3],
      依法必须招标项目招标投标: [5, 2],
      政府采购: [5, 11],
      知识产权: [3, 8],
      企业注销: [6, 1],
      办理破产: [6, 5],
      '地信+企业开办': [3, 4],
      '地信+企业研发试验': [3, 4],
      '地信+企业政策兑现': [5, 8],
      '地信+企业测绘行政审批': [5, 7],
      车联网企业测试服务: [4, 7],
      '地信+创新创业人才服务': [4, 10],
    });
  });

  it('measures per task and per key work', () => {
    const perTask = c.tasks.map((t) => c.measures.filter((m) => m.task === t.name).length);
    expect(perTask).toEqual([42, 18, 19, 31, 65]);
    const perKeyWork = c.keyWorks.map((k) => c.measures.filter((m) => m.keyWork === k.no).length);
    expect(perKeyWork).toEqual([
      5, 4, 6, 8, 7, 8, 4, 6, 5, 4, 3, 5, 5, 2, 5, 2, 3, 7, 3, 5, 5, 3, 5, 14, 5, 7, 3, 6, 9, 6, 11,
      4,
    ]);
  });
});

describe('bundles, word for word (附件5, 附件6)', () => {
  it('every service is in the document, in the document’s order and numbering', () => {
    const flat = flatten(part('附件5', '附件7')).replace(/[“”]/g, '');
    const starts = c.bundles.map((b) => {
      const at = flat.indexOf(`${b.name}一类事`);
      expect(at, `${b.name} heading`).toBeGreaterThanOrEqual(0);
      return at;
    });
    expect(
      [...starts].sort((a, b) => a - b),
      'bundles in document order',
    ).toEqual(starts);
    c.bundles.forEach((b, i) => {
      // 员工录用's value-added cell is merged with the next bundle's rows: search both sections.
      const end = b.id === 'employee-hiring' ? starts[i + 2] : (starts[i + 1] ?? flat.length);
      const section = flat.slice(starts[i], end);
      let pos = 0;
      for (const s of b.basicServices) {
        const at = section.indexOf(flatten(s).replace(/[“”]/g, ''), pos);
        expect(at, `${b.name}: basic service ${s}`).toBeGreaterThanOrEqual(pos);
        pos = at;
      }
      if (b.id === 'employment-termination') return; // carried down, checked below
      pos = 0;
      b.valueAddedServices.forEach((s, n) => {
        const at = section.indexOf(`${n + 1}.${flatten(s).replace(/[“”]/g, '')}`, pos);
        expect(at, `${b.name}: value-added ${n + 1}. ${s}`).toBeGreaterThanOrEqual(pos);
        pos = at;
      });
    });
  });

  it('企业开办 reads exactly as 附件5 writes it', () => {
    const b = c.bundles.find((x) => x.name === '企业开办')!;
    const row = lines.find((l) => l.includes('“企业开办”一类事'))!.split('\t');
    expect(row[0]).toBe('市场准入');
    expect(row[2]).toBe(b.basicServices[0]);
    expect(row[3]).toBe(b.valueAddedServices.map((s, i) => `${i + 1}.${s}`).join(' '));
    expect(b.basicServices).toEqual([
      '公司设立登记',
      '公章刻制备案',
      '申领发票',
      '社保登记及员工参保登记',
      '医保登记及员工参保登记',
      '住房公积金登记及员工缴存登记',
    ]);
    expect(b.indicator).toBe('市场准入');
    expect(b.breadyTopic).toBe('Business Entry');
  });

  it('the merged value-added cell of 员工录用 is carried to 企业与员工解除(终止)劳动合同', () => {
    const hiring = c.bundles.find((b) => b.id === 'employee-hiring')!;
    const ending = c.bundles.find((b) => b.id === 'employment-termination')!;
    expect(ending.valueAddedServices).toEqual(hiring.valueAddedServices);
    expect(ending.valueAddedServices[7]).toBe('搭建平台助推企业不谗政策智配直享(浙里人社)');
    expect(ending.notes?.join(' ')).toMatch(/merged/);
  });

  it('names drop the quotes and the suffix 一类事', () => {
    for (const b of c.bundles) expect(b.name).not.toMatch(/[“”"]|一类事|\s/);
    expect(c.bundles.filter((b) => b.kind === 'featured').map((b) => b.name)).toEqual([
      '地信+企业开办',
      '地信+企业研发试验',
      '地信+企业政策兑现',
      '地信+企业测绘行政审批',
      '车联网企业测试服务',
      '地信+创新创业人才服务',
    ]);
  });

  it('every 世行指标 is the document’s and maps to a B-READY topic; featured ones have neither', () => {
    const topics: Record<string, string> = {};
    for (const b of c.bundles.filter((x) => x.kind === 'common'))
      topics[`${b.indicator}`] = topics[`${b.indicator}`] ?? `${b.breadyTopic}`;
    expect(topics).toEqual({
      市场准入: 'Business Entry',
      获取经营场所: 'Business Location',
      市政公用基础设施服务: 'Utility Services',
      劳动用工: 'Labor',
      获取金融服务: 'Financial Services',
      国际贸易: 'International Trade',
      纳税: 'Taxation',
      解决商业纠纷: 'Dispute Resolution',
      促进市场竞争: 'Market Competition',
    });
    const insolvency = c.bundles.find((b) => b.name === '办理破产')!;
    expect([insolvency.indicator, insolvency.breadyTopic]).toEqual([
      '促进市场竞争',
      'Business Insolvency',
    ]);
    for (const b of c.bundles.filter((x) => x.kind === 'featured'))
      expect([b.indicator, b.breadyTopic]).toEqual([null, null]);
  });

  it('企业开办 carries 证照章金银税码 from 附件1 事项三(1), built from its own services', () => {
    const b = c.bundles.find((x) => x.name === '企业开办')!;
    expect(b.model!.parts.map((p) => p.letter).join('')).toBe('证照章金银税码');
    expect(flatten(doc)).toContain(flatten(b.model!.summary));
    const byLetter = Object.fromEntries(b.model!.parts.map((p) => [p.letter, p.basicServices]));
    expect(byLetter).toEqual({
      证: [],
      照: ['公司设立登记'],
      章: ['公章刻制备案'],
      金: ['住房公积金登记及员工缴存登记'],
      银: [],
      税: ['申领发票'],
      码: [],
    });
    expect(b.model!.parts.find((p) => p.letter === '证')!.whenQuestion).toBe('food');
  });

  it('kiosk guidance is marked center-config and kept apart from the document’s words', () => {
    for (const b of c.bundles) {
      expect(b.guidance.source).toBe('center-config');
      expect(Object.keys(b.guidance).sort()).toEqual(
        ['feedbackDays', 'questions', 'routing', 'source'].sort(),
      );
    }
    const food = c.bundles
      .find((x) => x.name === '企业开办')!
      .guidance.questions.find((q) => q.id === 'food')!;
    expect(food.yesAdds.map((a) => a.name)).toEqual(['食品经营许可']);
  });
});

describe('measures, word for word (附件3)', () => {
  const BOARD_NAME: Record<string, string> = {};
  beforeAll(() => {
    for (const b of c.boards) BOARD_NAME[b.id] = b.name;
  });

  it('every row the document lays out regularly matches its record cell by cell', () => {
    const table = part('附件3', '附件4')
      .split('\n')
      .filter((l) => /^\d+\t/.test(l))
      .map((l) => l.split('\t').map((x) => x.trim()));
    expect(table).toHaveLength(175);
    let regular = 0;
    let lead = '';
    for (const cells of table) {
      const no = Number(cells[0]);
      const m = c.measures[no - 1]!;
      const regularRow =
        cells[3] !== '' && [...Object.values(BOARD_NAME), '/'].includes(cells[8] ?? '');
      if (cells[4] && regularRow) lead = cells[4];
      if (!regularRow) {
        expect(m.note, `measure ${no} is irregular in the document: it needs a note`).toBeTruthy();
        continue;
      }
      regular++;
      expect(m.text, `measure ${no} text`).toBe(cells[3]);
      expect(m.leadDepartment, `measure ${no} lead`).toBe(lead);
      expect(m.policyPublicity, `measure ${no} 上级政策宣贯`).toBe(cells[5] === '√');
      expect(m.localImplementation, `measure ${no} 地方细化落实`).toBe(cells[6] === '√');
      expect(m.serviceMode, `measure ${no} 服务方式`).toBe(cells[7] || null);
      expect(m.board ? BOARD_NAME[m.board] : '/', `measure ${no} board`).toBe(cells[8]);
    }
    expect(regular).toBeGreaterThan(140);
  });

  it('every text, lead department and service mode is the document’s', () => {
    for (const m of c.measures) {
      expect(doc, `measure ${m.no}`).toContain(m.text);
      expect(doc).toContain(m.leadDepartment);
      if (m.serviceMode) expect(doc).toContain(m.serviceMode);
    }
  });

  it('resolves the garbled and shifted cells as recorded in their notes', () => {
    const m = (no: number) => c.measures[no - 1]!;
    const row = (no: number) =>
      [m(no).policyPublicity, m(no).localImplementation, m(no).serviceMode, m(no).board] as const;
    expect(row(30)).toEqual([false, true, null, 'finance']);
    expect(m(30).note).toMatch(/“√”/);
    expect(row(90)).toEqual([true, false, '线上:平台推送; 线下:上门、窗口开展服务', 'policy']);
    expect(m(90).leadDepartment).toBe('县市场监督管理局');
    expect(m(90).note).toMatch(/INFERRED/);
    expect(row(91)).toEqual([true, false, null, 'policy']);
    expect(row(92)).toEqual([false, true, null, 'other']);
    expect(m(92).leadDepartment).toBe('县市场监督管理局');
    expect(row(171)).toEqual([
      true,
      true,
      '线上:网评集群作战;线下:法律支持(公安);加强舆情监测和研判,发现舆情后及时联动处置(宣传部)',
      'other',
    ]);
    expect(m(171).note).toMatch(/INFERRED/);
    for (let no = 130; no <= 136; no++) {
      expect(m(no).board, `measure ${no}`).toBeNull();
      expect(m(no).note).toMatch(/“\/”/);
    }
    expect(row(19)).toEqual([true, false, null, 'project']);
    expect(row(20)).toEqual([false, false, null, 'project']);
    expect(row(60)).toEqual([false, true, '线下: 预算会议宣传', 'law']);
    expect(row(165)).toEqual([true, false, null, 'other']);
    expect(m(61).task).toBe('真公平破隐性');
    expect(m(61).note).toMatch(/公平破隐性/);
    expect(m(117).keyWork).toBe(24);
    expect(m(146).keyWork).toBe(29);
  });

  it('merged cells are carried down: task, key work and lead department', () => {
    const m = (no: number) => c.measures[no - 1]!;
    expect([m(2).task, m(2).keyWork, m(2).leadDepartment]).toEqual(['信心增预期', 1, '县税务局']);
    expect([m(42).task, m(42).keyWork, m(42).leadDepartment]).toEqual([
      '信心增预期',
      7,
      '县发改局',
    ]);
    expect([m(84).keyWork, m(84).leadDepartment]).toEqual([18, '县商务局']);
    expect([m(160).keyWork, m(160).leadDepartment]).toEqual([30, '县统战部']);
  });

  it('tasks and key works are named as the document names them', () => {
    const flat = flatten(doc);
    for (const t of c.tasks) expect(flat).toContain(`${t.numeral}、${t.name}`);
    for (const k of c.keyWorks) {
      const spelled = [k.name, ...k.variants].some(
        (n) => flat.includes(`(${k.numeral})${n}`) || flat.includes(`（${k.numeral}）${n}`),
      );
      expect(spelled, `(${k.numeral}) ${k.name}`).toBe(true);
    }
  });
});

describe('boards and station, word for word (附件1 事项一, 附件7)', () => {
  it('each board’s paragraph and modules are the document’s', () => {
    const flat = flatten(doc);
    for (const b of c.boards) {
      expect(flat, b.name).toContain(`${b.fullName}。${flatten(b.description)}`);
      for (const mod of b.modules)
        expect(flatten(b.description)).toContain(flatten(mod.description));
    }
    const finance = c.boards.find((b) => b.id === 'finance')!;
    expect(finance.leadDepartments).toEqual(['县金融办']);
    expect(finance.keyWorks.map((k) => k.keyWork)).toEqual([2, 5]);
  });

  it('the station’s services appear in the document in order', () => {
    const flat = flatten(part('附件7'));
    let pos = 0;
    for (const s of c.stations[0]!.services) {
      const at = flat.indexOf(flatten(s.name), pos);
      expect(at, `${s.no} ${s.name}`).toBeGreaterThanOrEqual(pos);
      pos = at;
    }
    const last = c.stations[0]!.services[65]!;
    expect([last.type, last.category, last.name]).toEqual([
      '高层次人才特色服务',
      '基础保障服务',
      '运动场馆使用',
    ]);
    expect(last.note).toMatch(/shifted/);
  });
});
