/*
 * One set of value parsers for both drivers, so code never sees a Date where it expects a
 * calendar date or a string where it expects a count. OIDs are PostgreSQL's built-in ones.
 */
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export const valueParsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: (v) => Number(v),
  [OID.numeric]: (v) => Number(v),
  // A calendar date stays 'YYYY-MM-DD': turning it into a Date would shift it by the time zone.
  [OID.date]: (v) => v,
};
