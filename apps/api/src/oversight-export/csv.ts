/** One CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV document (RFC 4180: CRLF after every record, the header record first), UTF-8 with a byte
 * order mark so that Excel reads the Chinese text as UTF-8.
 */
export function csvDocument(records: readonly (readonly string[])[]): Buffer {
  const text = records.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

/**
 * Text a spreadsheet would run as a formula when it opens the CSV (=, +, -, @, tab, CR first) is kept
 * as text by a leading apostrophe (CSV injection); XLSX cells are typed and need no such care.
 */
export function inertText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
