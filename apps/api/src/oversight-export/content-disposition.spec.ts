import { attachment } from './content-disposition';

describe('the name of a downloaded file', () => {
  it('names the attachment in ASCII and, in full, as RFC 5987 filename*', () => {
    expect(attachment('assessment-2026.xlsx', '嘉定区(试点)2026年度考核数据.xlsx')).toBe(
      `attachment; filename="assessment-2026.xlsx"; filename*=UTF-8''` +
        `${encodeURIComponent('嘉定区')}%28${encodeURIComponent('试点')}%292026${encodeURIComponent('年度考核数据')}.xlsx`,
    );
    expect(attachment('a"b.csv', "x'y.csv")).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''x%27y.csv`);
  });
});
