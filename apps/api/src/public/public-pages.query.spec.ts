import { ValidationFailedError } from '@rol/domain';
import { parsePublicPagesQuery } from './public-pages.query';

const UUID = '3f1c2a9e-7b4d-4c1e-9a8b-2d6f0e5c4b3a';

function refusedFields(query: Record<string, unknown>): string[] {
  try {
    parsePublicPagesQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return ((error as ValidationFailedError).details as { fields: { field: string }[] }).fields.map((f) => f.field);
  }
  throw new Error('not refused');
}

describe('parsePublicPagesQuery', () => {
  it('reads the filter and the page', () => {
    expect(parsePublicPagesQuery({ year: '2025', organizationId: UUID, page: '3' })).toEqual({
      year: 2025,
      organizationId: UUID,
      page: 3,
    });
  });

  it('takes the form’s empty choices and a missing page as no filter and the first page', () => {
    expect(parsePublicPagesQuery({ year: '', organizationId: '' })).toEqual({
      year: undefined,
      organizationId: undefined,
      page: 1,
    });
  });

  it('ignores parameters it does not know, as a shared link carries them', () => {
    expect(parsePublicPagesQuery({ from: 'singlemessage', isappinstalled: '0', year: '2025' })).toEqual({
      year: 2025,
      organizationId: undefined,
      page: 1,
    });
  });

  it('refuses, naming each, a year, an organisation or a page that is not one', () => {
    expect(refusedFields({ year: 'abc', organizationId: 'x', page: '0' })).toEqual(['year', 'organizationId', 'page']);
    expect(refusedFields({ year: '99999' })).toEqual(['year']);
    expect(refusedFields({ year: '2025.5' })).toEqual(['year']);
    expect(refusedFields({ year: ' 2025' })).toEqual(['year']);
    expect(refusedFields({ page: '1e3' })).toEqual(['page']);
    expect(refusedFields({ page: '100001' })).toEqual(['page']);
    expect(refusedFields({ year: ['2025', '2024'] })).toEqual(['year']);
    expect(refusedFields({ organizationId: { a: '1' } })).toEqual(['organizationId']);
  });
});
