/**
 * A table's columns as a statement writes them, in one typed list: the column names, the `$n`
 * placeholders and the parameter values all come from it, so no position is counted by hand.
 */
export interface SqlColumn<T> {
  name: string;
  /** The column's PostgreSQL type, for array parameters (`unnest($n::type[])`). */
  type: string;
  value(row: T): unknown;
}

/** `a, b, c` */
export function columnNames<T>(columns: readonly SqlColumn<T>[], prefix = ''): string {
  return columns.map((c) => `${prefix}${c.name}`).join(', ');
}

/** `$first, $first+1, …`, one per column. */
export function placeholders<T>(columns: readonly SqlColumn<T>[], first = 1): string {
  return columns.map((_, i) => `$${first + i}`).join(', ');
}

/** `$first::type[], …`, one array parameter per column (for `unnest`). */
export function arrayPlaceholders<T>(columns: readonly SqlColumn<T>[], first = 1): string {
  return columns.map((c, i) => `$${first + i}::${c.type}[]`).join(', ');
}

/** The placeholder of one column among `columns` numbered from `first`. */
export function placeholderOf<T>(columns: readonly SqlColumn<T>[], name: string, first = 1): string {
  const i = columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return `$${first + i}`;
}

/** One row's parameters, in column order. */
export function rowParams<T>(columns: readonly SqlColumn<T>[], row: T): unknown[] {
  return columns.map((c) => c.value(row));
}

/** Many rows' parameters as one array per column, in column order (for `unnest`). */
export function columnArrays<T>(columns: readonly SqlColumn<T>[], rows: readonly T[]): unknown[][] {
  return columns.map((c) => rows.map((row) => c.value(row)));
}
