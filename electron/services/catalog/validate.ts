// Validates a whole catalog: each file against its schema, then the cross-references between files.
// Every problem names the file, the record and the field, e.g.
//   seeds/measures.json › measures[89] (no 90) › board: Invalid option: expected one of …
import crypto from 'node:crypto';
import type { z } from 'zod';
import {
  BOARD_IDS,
  CATALOG_FILE_SCHEMAS,
  CATALOG_FILES,
  type Catalog,
  type CatalogFileName,
} from '../../domain/catalog';
import { facetPhrases } from '../../domain/facets';

/** The five files as parsed JSON (not yet validated). */
export type RawCatalogFiles = Record<CatalogFileName, unknown>;

export interface CatalogProblem {
  /** The file as the operator knows it: seeds/x.json or the override's absolute path. */
  file: string;
  /** E.g. `measures[89] (no 90)`, `bundles[0] (id business-startup)`, `(file)`. */
  record: string;
  /** Dotted path inside the record, e.g. `guidance.routing.board`; `(record)` for the whole. */
  field: string;
  message: string;
}

export function problemText(p: CatalogProblem): string {
  return `${p.file} › ${p.record} › ${p.field}: ${p.message}`;
}

export class CatalogError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: CatalogProblem[],
  ) {
    const shown = problems.slice(0, 5).map(problemText);
    const more = problems.length > 5 ? [`… and ${problems.length - 5} more`] : [];
    super(`the ${origin} catalog is invalid:\n  ${[...shown, ...more].join('\n  ')}`);
    this.name = 'CatalogError';
  }
}

export interface ValidatedCatalog {
  catalog: Catalog;
  /** sha256 over the validated files, in CATALOG_FILES order. */
  hash: string;
}

type Path = readonly PropertyKey[];

/** Names a record by its array index plus its id or number, when it has one. */
function describeRecord(root: unknown, path: Path): { record: string; rest: Path } {
  let node: unknown = root;
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as PropertyKey;
    const child: unknown =
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const label =
        child && typeof child === 'object'
          ? 'id' in child
            ? ` (id ${String((child as { id: unknown }).id)})`
            : 'no' in child
              ? ` (no ${String((child as { no: unknown }).no)})`
              : ''
          : '';
      const prefix = parts.length ? parts.join('.') : '';
      return {
        record: `${prefix}[${key}]${label}`,
        rest: path.slice(i + 1),
      };
    }
    parts.push(String(key));
    node = child;
  }
  return { record: '(file)', rest: path };
}

function fieldOf(rest: Path): string {
  if (rest.length === 0) return '(record)';
  return rest.map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.');
}

function zodProblems(file: string, raw: unknown, error: z.ZodError): CatalogProblem[] {
  return error.issues.map((issue) => {
    const { record, rest } = describeRecord(raw, issue.path);
    return { file, record, field: fieldOf(rest), message: issue.message };
  });
}

/**
 * Validates the five files; `names` says how each file is named in problems. Throws CatalogError
 * listing every problem found (schema problems first; cross-references only once schemas pass).
 */
export function validateCatalog(
  raw: RawCatalogFiles,
  names: Record<CatalogFileName, string>,
  origin: string,
): ValidatedCatalog {
  const problems: CatalogProblem[] = [];
  const parsed: Partial<Record<CatalogFileName, unknown>> = {};
  for (const file of CATALOG_FILES) {
    const result = (CATALOG_FILE_SCHEMAS[file] as z.ZodType).safeParse(raw[file]);
    if (result.success) parsed[file] = result.data;
    else problems.push(...zodProblems(names[file], raw[file], result.error));
  }
  if (problems.length) throw new CatalogError(origin, problems);

  const m = parsed['measures.json'] as z.infer<(typeof CATALOG_FILE_SCHEMAS)['measures.json']>;
  const catalog: Catalog = {
    manifest: parsed['catalog.json'] as Catalog['manifest'],
    boards: parsed['boards.json'] as Catalog['boards'],
    tasks: m.tasks,
    keyWorks: m.keyWorks,
    measures: m.measures,
    bundles: parsed['bundles.json'] as Catalog['bundles'],
    stations: parsed['stations.json'] as Catalog['stations'],
  };
  problems.push(...crossReferenceProblems(catalog, names));
  if (problems.length) throw new CatalogError(origin, problems);

  const hash = crypto.createHash('sha256');
  for (const file of CATALOG_FILES) hash.update(`${file}\n${JSON.stringify(parsed[file])}\n`);
  return { catalog, hash: hash.digest('hex') };
}

function crossReferenceProblems(
  c: Catalog,
  names: Record<CatalogFileName, string>,
): CatalogProblem[] {
  const out: CatalogProblem[] = [];
  const add = (file: CatalogFileName, record: string, field: string, message: string) =>
    out.push({ file: names[file], record, field, message });
  const dupes = <T>(items: T[], key: (t: T) => unknown, each: (t: T, i: number) => void) => {
    const seen = new Set<unknown>();
    items.forEach((t, i) => {
      const k = key(t);
      if (seen.has(k)) each(t, i);
      seen.add(k);
    });
  };

  // Boards: exactly the nine, each once; key works they name exist.
  dupes(
    c.boards,
    (b) => b.id,
    (b, i) => add('boards.json', `[${i}] (id ${b.id})`, 'id', `duplicate board id "${b.id}"`),
  );
  dupes(
    c.boards,
    (b) => b.name,
    (b, i) => add('boards.json', `[${i}] (id ${b.id})`, 'name', `duplicate board name "${b.name}"`),
  );
  const boardIds = new Set(c.boards.map((b) => b.id));
  for (const id of BOARD_IDS)
    if (!boardIds.has(id)) add('boards.json', '(file)', '(record)', `board "${id}" is missing`);
  const keyWorkNos = new Set(c.keyWorks.map((k) => k.no));
  c.boards.forEach((b, i) =>
    b.keyWorks.forEach((k, j) => {
      if (k.keyWork !== null && !keyWorkNos.has(k.keyWork))
        add(
          'boards.json',
          `[${i}] (id ${b.id})`,
          `keyWorks.[${j}].keyWork`,
          `no key work number ${k.keyWork} in measures.json`,
        );
    }),
  );

  // Tasks, key works, measures.
  dupes(
    c.tasks,
    (t) => t.no,
    (t, i) => add('measures.json', `tasks[${i}] (no ${t.no})`, 'no', `duplicate task ${t.no}`),
  );
  dupes(
    c.tasks,
    (t) => t.name,
    (t, i) =>
      add('measures.json', `tasks[${i}] (no ${t.no})`, 'name', `duplicate task name "${t.name}"`),
  );
  const taskNames = new Set(c.tasks.map((t) => t.name));
  dupes(
    c.keyWorks,
    (k) => k.no,
    (k, i) =>
      add('measures.json', `keyWorks[${i}] (no ${k.no})`, 'no', `duplicate key work ${k.no}`),
  );
  c.keyWorks.forEach((k, i) => {
    if (!taskNames.has(k.task))
      add('measures.json', `keyWorks[${i}] (no ${k.no})`, 'task', `no task named "${k.task}"`);
  });
  const keyWorkByNo = new Map(c.keyWorks.map((k) => [k.no, k]));
  dupes(
    c.measures,
    (x) => x.no,
    (x, i) =>
      add('measures.json', `measures[${i}] (no ${x.no})`, 'no', `duplicate measure ${x.no}`),
  );
  c.measures.forEach((x, i) => {
    const record = `measures[${i}] (no ${x.no})`;
    if (!taskNames.has(x.task)) add('measures.json', record, 'task', `no task named "${x.task}"`);
    const kw = keyWorkByNo.get(x.keyWork);
    if (!kw) add('measures.json', record, 'keyWork', `no key work number ${x.keyWork}`);
    else if (kw.task !== x.task)
      add(
        'measures.json',
        record,
        'task',
        `key work ${x.keyWork} belongs to task "${kw.task}", not "${x.task}"`,
      );
    if (x.board !== null && !boardIds.has(x.board))
      add('measures.json', record, 'board', `no board "${x.board}" in boards.json`);
  });

  // Facets: every justifying phrase is in the words of the field it names.
  const phraseProblems = (
    file: CatalogFileName,
    record: string,
    prefix: string,
    facets: Parameters<typeof facetPhrases>[0],
    fields: Record<string, string | readonly string[] | null>,
    main: string,
  ) => {
    for (const p of facetPhrases(facets)) {
      const field = p.in ?? main;
      const words = fields[field];
      const hay = Array.isArray(words) ? words.join('\n') : (words ?? '');
      if (!hay.includes(p.basis))
        add(file, record, `${prefix}${p.path}`, `“${p.basis}” does not occur in ${field}`);
    }
  };
  c.measures.forEach((x, i) =>
    phraseProblems(
      'measures.json',
      `measures[${i}] (no ${x.no})`,
      'facets.',
      x.facets,
      {
        text: x.text,
        keyWork: keyWorkByNo.get(x.keyWork)?.name ?? null,
        serviceMode: x.serviceMode,
      },
      'text',
    ),
  );
  c.stations.forEach((s, i) =>
    s.services.forEach((x, j) =>
      phraseProblems(
        'stations.json',
        `[${i}] (id ${s.id})`,
        `services.[${j}].facets.`,
        x.facets,
        { name: x.name, category: x.category, type: x.type },
        'name',
      ),
    ),
  );
  c.bundles.forEach((b, i) => {
    if (b.facets)
      phraseProblems(
        'bundles.json',
        `[${i}] (id ${b.id})`,
        'facets.',
        b.facets,
        {
          name: b.name,
          basicServices: b.basicServices,
          valueAddedServices: b.valueAddedServices,
        },
        'name',
      );
  });

  // Stations.
  dupes(
    c.stations,
    (s) => s.id,
    (s, i) => add('stations.json', `[${i}] (id ${s.id})`, 'id', `duplicate station id "${s.id}"`),
  );
  c.stations.forEach((s, i) =>
    dupes(
      s.services,
      (x) => x.no,
      (x, j) =>
        add(
          'stations.json',
          `[${i}] (id ${s.id})`,
          `services.[${j}].no`,
          `duplicate service number ${x.no}`,
        ),
    ),
  );
  const stationIds = new Set(c.stations.map((s) => s.id));

  // Bundles.
  dupes(
    c.bundles,
    (b) => b.id,
    (b, i) => add('bundles.json', `[${i}] (id ${b.id})`, 'id', `duplicate bundle id "${b.id}"`),
  );
  dupes(
    c.bundles,
    (b) => b.name,
    (b, i) =>
      add('bundles.json', `[${i}] (id ${b.id})`, 'name', `duplicate bundle name "${b.name}"`),
  );
  c.bundles.forEach((b, i) => {
    const record = `[${i}] (id ${b.id})`;
    const bad = (field: string, message: string) => add('bundles.json', record, field, message);
    if (b.kind === 'common') {
      if (b.indicator === null) bad('indicator', 'a common bundle needs its 世行指标');
      if (b.breadyTopic === null) bad('breadyTopic', 'a common bundle needs its B-READY topic');
      if (b.valueAddedServices.length === 0)
        bad('valueAddedServices', 'a common bundle lists its value-added services');
    }
    const r = b.guidance.routing;
    const board = c.boards.find((x) => x.id === r.board);
    if (!board) bad('guidance.routing.board', `no board "${r.board}" in boards.json`);
    else if (r.module !== null && !board.modules.some((mod) => mod.name === r.module))
      bad('guidance.routing.module', `board "${r.board}" has no module "${r.module}"`);
    if (r.station !== null && !stationIds.has(r.station))
      bad('guidance.routing.station', `no station "${r.station}" in stations.json`);
    const questionIds = new Set<string>();
    b.guidance.questions.forEach((q, j) => {
      if (questionIds.has(q.id))
        bad(`guidance.questions.[${j}].id`, `duplicate question "${q.id}"`);
      questionIds.add(q.id);
      q.yesAdds.forEach((a, k) => {
        if (a.listed && !b[a.listed].includes(a.name))
          bad(
            `guidance.questions.[${j}].yesAdds.[${k}].name`,
            `"${a.name}" is not in this bundle's ${a.listed}`,
          );
      });
    });
    b.model?.parts.forEach((p, j) => {
      p.basicServices.forEach((s, k) => {
        if (!b.basicServices.includes(s))
          bad(`model.parts.[${j}].basicServices.[${k}]`, `"${s}" is not a basic service here`);
      });
      p.valueAddedServices.forEach((s, k) => {
        if (!b.valueAddedServices.includes(s))
          bad(
            `model.parts.[${j}].valueAddedServices.[${k}]`,
            `"${s}" is not a value-added service here`,
          );
      });
      if (p.whenQuestion && !questionIds.has(p.whenQuestion))
        bad(`model.parts.[${j}].whenQuestion`, `no question "${p.whenQuestion}" in this bundle`);
    });
    // A guide belongs to one of the bundle's basic services, named exactly as it is listed.
    for (const name of Object.keys(b.guides ?? {}))
      if (!b.basicServices.includes(name))
        bad(`guides.${name}`, `"${name}" is not a basic service of this bundle`);
  });
  return out;
}
