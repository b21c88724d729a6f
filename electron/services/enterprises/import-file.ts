// Reads an enterprise import file (docs/enterprise-import.md) into validated profiles and
// rejected rows: CSV with a header row (UTF-8, with or without BOM, Chinese or English header
// names) or JSON Lines (one object a line, English names). Shared by kioskctl and the back
// office; storing is each side's business.
import { parse } from 'csv-parse/sync';
import {
  fieldOfHeader,
  rejection,
  validateRow,
  type ImportContext,
  type ImportField,
  type ImportedProfile,
  type RowRejection,
} from '../../domain/enterprise-import';

export type ImportFormat = 'csv' | 'jsonl';

export interface ParsedImport {
  format: ImportFormat;
  /** Valid rows, each code once (a later row with the same code is rejected). */
  profiles: { row: number; profile: ImportedProfile }[];
  rejected: RowRejection[];
}

/** A file whose structure (not a row) is wrong: nothing of it is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'ImportFileError';
  }
}

/** At most this many rows a file (a county has tens of thousands of enterprises). */
export const MAX_IMPORT_ROWS = 200_000;

/** JSON Lines when the name says so, or when the first non-blank character is `{`. */
export function detectFormat(text: string, fileName?: string): ImportFormat {
  if (fileName && /\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (fileName && /\.csv$/i.test(fileName)) return 'csv';
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'jsonl'
    : 'csv';
}

function csvRows(text: string): { row: number; fields: Partial<Record<ImportField, unknown>> }[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new ImportFileError(
      `CSV 格式错误：${(e as Error).message}`,
      `the CSV cannot be read: ${(e as Error).message}`,
    );
  }
  const header = records[0];
  if (!header) throw new ImportFileError('文件为空', 'the file is empty');
  const columns = header.record.map((h) => fieldOfHeader(h));
  const unknown = header.record.filter((_, i) => columns[i] === null);
  if (unknown.length > 0)
    throw new ImportFileError(
      `表头中有无法识别的列：${unknown.join('、')}`,
      `header names not understood: ${unknown.join(', ')}`,
    );
  const seen = new Set<ImportField>();
  for (const c of columns) {
    if (c && seen.has(c))
      throw new ImportFileError(`表头重复：${c}`, `a column is given twice: ${c}`);
    if (c) seen.add(c);
  }
  if (!seen.has('uscc') || !seen.has('name'))
    throw new ImportFileError(
      '表头必须包含“统一社会信用代码”和“企业名称”',
      'the header must name uscc (统一社会信用代码) and name (企业名称)',
    );
  return records.slice(1).map(({ record, info }) => {
    const fields: Partial<Record<ImportField, unknown>> = {};
    columns.forEach((c, i) => {
      if (c) fields[c] = record[i] ?? '';
    });
    // info.lines is the line the record ends on: the spreadsheet's row number for one-line rows.
    return { row: info.lines, fields };
  });
}

function jsonlRows(
  text: string,
  rejected: RowRejection[],
): { row: number; fields: Partial<Record<ImportField, unknown>> }[] {
  const out: { row: number; fields: Partial<Record<ImportField, unknown>> }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const row = i + 1;
      if (line.trim() === '') return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        rejected.push(rejection(row, null, { zh: '此行不是 JSON', en: 'this line is not JSON' }));
        return;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        rejected.push(
          rejection(row, null, { zh: '此行不是 JSON 对象', en: 'this line is not a JSON object' }),
        );
        return;
      }
      const fields: Partial<Record<ImportField, unknown>> = {};
      const unknown: string[] = [];
      for (const [k, value] of Object.entries(v)) {
        const f = fieldOfHeader(k);
        if (f) fields[f] = value;
        else unknown.push(k);
      }
      if (unknown.length > 0) {
        rejected.push(
          rejection(row, null, {
            zh: `无法识别的字段：${unknown.join('、')}`,
            en: `fields not understood: ${unknown.join(', ')}`,
          }),
        );
        return;
      }
      out.push({ row, fields });
    });
  return out;
}

/** Parses and validates a whole file. Throws ImportFileError when its structure is wrong. */
export function parseImportFile(
  text: string,
  ctx: ImportContext,
  opts: { fileName?: string; format?: ImportFormat } = {},
): ParsedImport {
  const format = opts.format ?? detectFormat(text, opts.fileName);
  const rejected: RowRejection[] = [];
  const rows = format === 'csv' ? csvRows(text) : jsonlRows(text, rejected);
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportFileError(
      `一次最多导入 ${MAX_IMPORT_ROWS} 行`,
      `at most ${MAX_IMPORT_ROWS} rows a file`,
    );
  const profiles: ParsedImport['profiles'] = [];
  const firstRow = new Map<string, number>();
  for (const { row, fields } of rows) {
    const r = validateRow(fields, row, ctx);
    if (!r.ok) {
      rejected.push(r.rejection);
      continue;
    }
    const earlier = firstRow.get(r.profile.uscc);
    if (earlier !== undefined) {
      rejected.push(
        rejection(row, 'uscc', {
          zh: `与第 ${earlier} 行的统一社会信用代码重复`,
          en: `same credit code as row ${earlier}`,
        }),
      );
      continue;
    }
    firstRow.set(r.profile.uscc, row);
    profiles.push({ row, profile: r.profile });
  }
  rejected.sort((a, b) => a.row - b.row);
  return { format, profiles, rejected };
}
