// The import file format (docs/enterprise-import.md): CSV with Chinese or English headers, with
// or without BOM, JSON Lines; each rejected row with its number and a reason in both languages.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../electron/services/catalog/load';
import { importContextOf } from '../../../../electron/services/enterprises/import-context';
import {
  ImportFileError,
  parseImportFile,
} from '../../../../electron/services/enterprises/import-file';

const ctx = importContextOf(loadCatalog().catalog);
// Fictional codes (organization codes starting DQ9 are not issued), check characters computed.
const A = '91330521DQ9000014M';
const B = '91330521DQ9000022G';
const C = '91330521DQ9000030B';
const D = '91330521DQ90000498';
const BAD_CHECK = '91330521DQ9000014N';

const zhCsv = [
  '统一社会信用代码,企业名称,主体类型,登记状态,住所,法定代表人,行业,标签,成立日期,证照,已享政策',
  `${A},德清甲测绘有限公司,有限责任公司（自然人投资或控股）,存续,德清县阜溪街道 1 号,张三丰,专业技术服务业,地理信息、高新技术企业,2016-05-18,食品经营许可证|JY133052100001|2027-01-15;排污许可证|PW001|长期,2|2025-03-20`,
  `${BAD_CHECK},德清乙有限公司,,存续,,,,,2019-01-01,,`,
  `${B},德清丙有限公司,,存续,,,,小微企业,2019-02-30,,`,
  `${C},德清丁有限公司,,存续,,,,小微企业;火星企业,2020-01-01,,`,
  `${D},德清戊有限公司,,注销中,,,,,2020/1/2,,`,
].join('\r\n');

describe('enterprise import file', () => {
  it('imports the valid rows and names each rejected row with its number and reason', () => {
    const r = parseImportFile(zhCsv, ctx, { fileName: 'x.csv' });
    expect(r.format).toBe('csv');
    expect(r.profiles.map((p) => [p.row, p.profile.uscc])).toEqual([
      [2, A],
      [6, D],
    ]);
    expect(r.rejected.map((x) => [x.row, x.field])).toEqual([
      [3, 'uscc'],
      [4, 'registeredOn'],
      [5, 'tags'],
    ]);
    expect(r.rejected[0]!.reasonZh).toBe('统一社会信用代码校验位不符');
    expect(r.rejected[0]!.reasonEn).toBe('credit code: check character does not match');
    expect(r.rejected[1]!.reason).toContain('成立日期不是有效日期：2019-02-30');
    expect(r.rejected[1]!.reason).toContain('registration date is not a valid date');
    expect(r.rejected[2]!.reason).toContain('未知标签：火星企业');
    expect(r.rejected[2]!.reason).toContain('unknown tag: 火星企业');
  });

  it('normalizes what it keeps: masked representative, licences, benefits, dates, status', () => {
    const [a, d] = parseImportFile(zhCsv, ctx).profiles.map((p) => p.profile);
    expect(a).toMatchObject({
      name: '德清甲测绘有限公司',
      entityKind: 'company',
      status: 'operating',
      registeredOn: '2016-05-18',
      legalRepresentative: '张**',
      tags: ['地理信息', '高新技术企业'],
      size: null,
      licences: [
        { name: '食品经营许可证', number: 'JY133052100001', validUntil: '2027-01-15' },
        { name: '排污许可证', number: 'PW001', validUntil: null },
      ],
    });
    expect(a!.benefitsReceived).toEqual([
      {
        measureNo: 2,
        title: expect.stringContaining('免申即享') as string,
        receivedOn: '2025-03-20',
      },
    ]);
    expect(d).toMatchObject({ status: 'deregistering', registeredOn: '2020-01-02' });
  });

  it('reads English headers, a BOM, and JSON Lines the same way', () => {
    const en = '\uFEFFuscc,name,tags,registeredOn\n' + `${A},Deqing A,地理信息,2016-05-18\n`;
    const fromEn = parseImportFile(en, ctx);
    expect(fromEn.rejected).toEqual([]);
    expect(fromEn.profiles[0]!.profile).toMatchObject({
      uscc: A,
      name: 'Deqing A',
      tags: ['地理信息'],
    });
    const jsonl = [
      JSON.stringify({
        uscc: A,
        name: 'Deqing A',
        tags: ['地理信息'],
        licences: [{ name: '许可证', number: '1', validUntil: '2027-01-01' }],
        benefitsReceived: [{ measureNo: 2, receivedOn: '2025-03-20' }],
      }),
      '',
      JSON.stringify({ uscc: B, name: 'B', registeredOn: '2025-13-01' }),
      'not json',
    ].join('\n');
    const fromJsonl = parseImportFile(jsonl, ctx, { fileName: 'p.jsonl' });
    expect(fromJsonl.format).toBe('jsonl');
    expect(fromJsonl.profiles.map((p) => p.row)).toEqual([1]);
    expect(fromJsonl.rejected.map((x) => [x.row, x.field])).toEqual([
      [3, 'registeredOn'],
      [4, null],
    ]);
  });

  it('refuses a repeated code, an unknown measure, and a file without the required columns', () => {
    const csv = `uscc,name,benefitsReceived\n${A},a,\n${A},again,\n${B},b,9999|2025-01-01\n`;
    const r = parseImportFile(csv, ctx);
    expect(r.rejected.map((x) => [x.row, x.reasonEn])).toEqual([
      [3, 'same credit code as row 2'],
      [4, 'the catalog has no measure 9999'],
    ]);
    expect(() => parseImportFile('name\nx\n', ctx)).toThrow(ImportFileError);
    expect(() => parseImportFile(`uscc,name,颜色\n${A},a,red\n`, ctx)).toThrow(/颜色/);
  });

  it('gives the spreadsheet row of a record after a quoted cell spanning lines', () => {
    const csv = `uscc,name,address\n${A},a,"line one\nline two"\n${BAD_CHECK},b,x\n`;
    expect(parseImportFile(csv, ctx).rejected.map((x) => x.row)).toEqual([4]);
  });
});
