/**
 * `attachment` with an ASCII `filename` for old clients and the real (Chinese) name as RFC 5987
 * `filename*` (UTF-8, percent-encoded; `'()*` are not attr-chars and are encoded too).
 */
export function attachment(asciiName: string, name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
