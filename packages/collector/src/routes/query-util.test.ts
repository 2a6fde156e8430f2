import { FAILED_TRANSACTION_SQL } from '@podtrail/contracts/rules';
import { describe, expect, it } from 'vitest';
import { Where } from './query-util.js';

const STATEMENT = 'SELECT x FROM t WHERE Ts >= {fromSec:UInt32} AND {where} ORDER BY {order_by} LIMIT 1';

describe('Where (the query builder)', () => {
  it('fills {where} with the conditions, values bound as parameters, and {order_by} with column terms', () => {
    const w = new Where()
      .eq('Namespace', 'shop')
      .eq('Workload', undefined)
      .bind('DurationNs >= $', 'UInt64', 5)
      .raw(FAILED_TRANSACTION_SQL);
    expect(
      w.render(STATEMENT, [
        ['err', 'DESC'],
        ['DurationNs', 'ASC'],
      ]),
    ).toBe(
      `SELECT x FROM t WHERE Ts >= {fromSec:UInt32} AND Namespace = {p0:String} AND DurationNs >= {p1:UInt64} AND ${FAILED_TRANSACTION_SQL} ORDER BY err DESC, DurationNs ASC LIMIT 1`,
    );
    expect(w.params).toEqual({ p0: 'shop', p1: 5 });
  });

  it('renders no condition as 1 and a value never into the text', () => {
    expect(new Where().render('SELECT 1 WHERE {where}')).toBe('SELECT 1 WHERE 1');
    const w = new Where().eq('PodName', "x' OR 1 = 1 --");
    expect(w.render('SELECT 1 WHERE {where}')).toBe('SELECT 1 WHERE PodName = {p0:String}');
    expect(w.params).toEqual({ p0: "x' OR 1 = 1 --" });
  });

  it('refuses a statement without {where}, a missing or unexpected ORDER BY and terms that are not columns', () => {
    expect(() => new Where().render('SELECT 1')).toThrow('the statement has no {where} slot');
    expect(() => new Where().render(STATEMENT)).toThrow('the statement needs an ORDER BY list');
    expect(() => new Where().render('SELECT 1 WHERE {where}', [['x', 'ASC']])).toThrow(
      'the statement has no {order_by} slot',
    );
    expect(() => new Where().render(STATEMENT, [])).toThrow('empty ORDER BY list');
    expect(() => new Where().render(STATEMENT, [['x; DROP TABLE t', 'ASC']])).toThrow('bad ORDER BY term');
  });
});
