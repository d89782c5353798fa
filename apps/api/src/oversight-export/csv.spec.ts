import { csvDocument, csvField, inertText } from './csv';

describe('the CSV of an export', () => {
  it('quotes a CSV field only when it holds a quote, a comma or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('嘉定区应急管理局')).toBe('嘉定区应急管理局');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('一\r\n二')).toBe('"一\r\n二"');
    expect(csvField('')).toBe('');
  });

  it('writes UTF-8 with a byte order mark and ends every record with CRLF', () => {
    const bytes = csvDocument([
      ['辖区', '部门'],
      ['嘉定区', 'a,b'],
    ]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('辖区,部门\r\n嘉定区,"a,b"\r\n');
  });

  it('keeps text a spreadsheet would run as a formula as text', () => {
    expect(inertText('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(inertText('+86')).toBe("'+86");
    expect(inertText('@a')).toBe("'@a");
    expect(inertText('应急管理局')).toBe('应急管理局');
  });
});
