import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseTarget, clickhouseTarget } from '../testing/clickhouse-target.js';
import { loadMigrations, migrate } from './migrate.js';
import { BUILDER_SLOTS, type BuilderSlot, listSqlFiles, renderSql, splitStatements, sql } from './sql.js';

/**
 * Every statement of `store/sql/*.sql` and `store/migrations/*.sql`, rendered as the collector
 * renders it, parsed by ClickHouse (`EXPLAIN AST`); the reads are also planned against the migrated
 * schema (`EXPLAIN PLAN`: unknown tables, columns and functions fail here), so a broken file fails
 * this test rather than a request.
 */

/** What a builder slot holds at run time, reduced to the neutral case. */
const NEUTRAL_SLOT: Record<BuilderSlot, string> = { where: '1', order_by: '1' };

/** A sample value for a `{name:Type}` parameter. */
function sampleValue(type: string): unknown {
  if (type.startsWith('Array(')) return [];
  if (type === 'String') return 'x';
  if (type === 'Identifier') return 'tx_1s';
  if (/^U?Int\d+$/.test(type)) return 1;
  if (type === 'Float64') return 1.5;
  if (type === 'Bool') return true;
  throw new Error(`no sample value for parameter type ${type}: add one to this test`);
}

function sampleParams(statement: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const m of statement.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)\}/g))
    params[m[1] as string] = sampleValue(m[2] as string);
  return params;
}

function fillSlots(text: string): string {
  let out = text;
  for (const slot of BUILDER_SLOTS) out = out.replaceAll(`{${slot}}`, NEUTRAL_SLOT[slot]);
  return out;
}

const DATABASE = 'podtrail';
const queryFiles = listSqlFiles('sql').map((f) => f.replace(/\.sql$/, ''));
const migrationStatements = loadMigrations().flatMap((m) =>
  [
    ['up', m.up],
    ['down', m.down],
  ].flatMap(([dir, text]) =>
    text === undefined
      ? []
      : splitStatements(renderSql(text, DATABASE)).map((stmt, i) => ({ name: `${m.version}.${dir}#${i + 1}`, stmt })),
  ),
);

let target: ClickHouseTarget;
let client: ClickHouseClient;

beforeAll(async () => {
  target = clickhouseTarget('podtrail-sql-files-');
  client = target.client();
  await migrate(client, target.database);
});

afterAll(async () => {
  await client?.close();
  await target?.cleanup();
});

async function explain(kind: 'AST' | 'PLAN', statement: string): Promise<string> {
  const rs = await client.query({
    query: `EXPLAIN ${kind} ${statement}`,
    query_params: sampleParams(statement),
    format: 'TabSeparatedRaw',
  });
  return rs.text();
}

describe('store/sql statements', () => {
  it('are all found', () => {
    expect(queryFiles.length).toBeGreaterThanOrEqual(40);
  });

  it.each(queryFiles)('%s renders, parses and plans', async (name) => {
    const rendered = sql(name, target.database);
    expect(rendered).not.toMatch(/\{db\}|\{rule:|\{part:/);
    const statements = splitStatements(fillSlots(rendered));
    expect(statements).toHaveLength(1);
    const stmt = statements[0] as string;
    expect(await explain('AST', stmt)).toMatch(/Query/);
    if (/^SELECT\b/i.test(stmt)) expect(await explain('PLAN', stmt)).toMatch(/\bRead/);
  });
});

describe('store/migrations statements', () => {
  it('are all found', () => {
    expect(migrationStatements.length).toBeGreaterThan(10);
  });

  it.each(migrationStatements)('$name parses', async ({ stmt }) => {
    expect(stmt).not.toMatch(/\{db\}|\{rule:|\{part:/);
    expect(await explain('AST', stmt)).toMatch(/Query/);
  });
});
