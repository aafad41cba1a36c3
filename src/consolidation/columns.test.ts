import { describe, expect, it } from 'vitest';
import { encodeLegacy } from './legacy-encoding.js';
import { headerKey, mappingFileSchema, mappingProblems, recogniseColumns, recogniseHeader } from './columns.js';

describe('recogniseHeader', () => {
  it.each([
    ['source_id', 'source_id'],
    ['sourceId', 'source_id'],
    ['Mã hồ sơ', 'source_id'],
    ['MA HO SO', 'source_id'],
    ['Record ID', 'source_id'],
    ['Họ và tên', 'full_name'],
    ['ho va ten', 'full_name'],
    ['  HỌ   VÀ  TÊN ', 'full_name'],
    ['Họ tên', 'full_name'],
    ['Full name', 'full_name'],
    ['Họ', 'family_name'],
    ['Tên đệm', 'middle_name'],
    ['Tên', 'given_name'],
    ['Surname', 'family_name'],
    ['First name', 'given_name'],
    ['Ngày sinh', 'date_of_birth'],
    ['Ngày sinh (dd/mm/yyyy)', 'date_of_birth'],
    ['Date of birth', 'date_of_birth'],
    ['DOB', 'date_of_birth'],
    ['dateOfBirth', 'date_of_birth'],
    ['Năm sinh', 'birth_year'],
    ['Tuổi', 'age'],
    ['Giới tính', 'sex'],
    ['Sex', 'sex'],
    ['Gender', 'sex'],
    ['Số CCCD', 'id_number'],
    ['CMND', 'id_number'],
    ['Số CMND/CCCD', 'id_number'],
    ['ID number', 'id_number'],
    ['Số điện thoại', 'phone'],
    ['SĐT', 'phone'],
    ['Phone', 'phone'],
    ['Tỉnh', 'province'],
    ['Tỉnh/Thành phố', 'province'],
    ['Province', 'province'],
    ['Quốc tịch', 'citizenship'],
    ['Nationality', 'citizenship'],
    ['Hình thức bóc lột', 'exploitation_type'],
    ['Nguồn tiếp nhận', 'reached_via'],
    ['Ngày tiếp nhận', 'registered_on'],
    ['Nước đến', 'destination_country'],
    ['Mã cuộc gọi', 'source_id'],
    ['Date admitted', 'registered_on'],
    ['1. Họ và tên', 'full_name'],
    ['* Mã hồ sơ', 'source_id'],
  ] as const)('%s -> %s', (header, column) => {
    expect(recogniseHeader(header)).toBe(column);
  });

  it.each([
    ['prs_FirstName', 'given_name'],
    ['prs_SecondName', 'family_name'],
    ['prs_MiddleName', 'middle_name'],
    ['prs_Birthdate', 'date_of_birth'],
    ['prs_Gender', 'sex'],
    ['prs_Citizenship', 'citizenship'],
    ['prs_IdentityNumber', 'id_number'],
    ['prs_MobilePhone', 'phone'],
    ['prs_MailingState', 'province'],
    ['vic_TypeOfExploitation', 'exploitation_type'],
    ['cas_IncomingReferralDate', 'registered_on'],
  ] as const)('HTCDS v2 %s -> %s', (header, column) => {
    expect(recogniseHeader(header)).toBe(column);
  });

  it('recognises headers typed in a legacy font', () => {
    expect(recogniseHeader(encodeLegacy('Họ và tên', 'tcvn3'))).toBe('full_name');
    expect(recogniseHeader(encodeLegacy('Ngày sinh', 'vni'))).toBe('date_of_birth');
  });

  it('leaves other headers alone', () => {
    expect(recogniseHeader('Ghi chú')).toBeNull();
    expect(recogniseHeader('Notes')).toBeNull();
    expect(recogniseHeader('STT')).toBeNull();
    expect(headerKey('Tỉnh/Thành phố')).toBe('tinh thanh pho');
  });
});

describe('recogniseColumns', () => {
  it('maps a Vietnamese police file and lists what it could not', () => {
    const { mapping, unmapped } = recogniseColumns([
      'STT',
      'Mã hồ sơ',
      'Họ và tên',
      'Ngày sinh',
      'Giới tính',
      'Ghi chú',
    ]);
    expect(mapping).toEqual({
      STT: null,
      'Mã hồ sơ': 'source_id',
      'Họ và tên': 'full_name',
      'Ngày sinh': 'date_of_birth',
      'Giới tính': 'sex',
      'Ghi chú': null,
    });
    expect(unmapped).toEqual(['STT', 'Ghi chú']);
  });

  it('gives a column to one header only: the more specific one', () => {
    const { mapping, unmapped } = recogniseColumns(['Id', 'prs_HomePhone', 'prs_MobilePhone', 'prs_FirstName']);
    expect(mapping['prs_MobilePhone']).toBe('phone');
    expect(mapping['prs_HomePhone']).toBeNull();
    expect(unmapped).toEqual(['prs_HomePhone']);
    expect(mappingProblems(mapping)).toEqual([]);
  });

  it('lets a saved mapping win for the headers it names', () => {
    const saved = { 'Mã số': 'id_number', 'Số hồ sơ nội bộ': 'source_id', 'Ghi chú': null } as const;
    const { mapping, unmapped } = recogniseColumns(
      ['Số hồ sơ nội bộ', 'Mã số', 'Họ và tên', 'Ghi chú', 'Số CCCD'],
      saved,
    );
    expect(mapping).toEqual({
      'Số hồ sơ nội bộ': 'source_id',
      'Mã số': 'id_number',
      'Họ và tên': 'full_name',
      'Ghi chú': null,
      'Số CCCD': null, // id_number is the saved mapping's
    });
    expect(unmapped).toEqual(['Số CCCD']);
  });

  it('maps a Lantern export by its canonical columns', () => {
    const headers = ['source_id', 'family_name', 'middle_name', 'given_name', 'sex', 'date_of_birth', 'province'];
    const { mapping, unmapped } = recogniseColumns(headers);
    expect(Object.values(mapping)).toEqual(headers);
    expect(unmapped).toEqual([]);
  });
});

describe('mappingProblems', () => {
  it('says what a person must fix', () => {
    expect(mappingProblems({ Name: 'full_name' })).toEqual([expect.stringContaining('source_id')]);
    expect(mappingProblems({ Id: 'source_id', Notes: null })).toEqual([
      expect.stringContaining('no column holds a name'),
    ]);
    expect(mappingProblems({ Id: 'source_id', Tên: 'given_name' })).toEqual([]);
    const two = mappingProblems({
      Id: 'source_id',
      A: 'full_name',
      DOB: 'date_of_birth',
      'Ngày sinh': 'date_of_birth',
    });
    expect(two).toEqual(['"DOB" and "Ngày sinh" are all mapped to date_of_birth: keep one, ignore the others']);
  });
});

describe('mappingFileSchema', () => {
  it('accepts canonical columns and null, refuses anything else', () => {
    expect(mappingFileSchema.safeParse({ columns: { 'Họ và tên': 'full_name', 'Ghi chú': null } }).success).toBe(true);
    expect(mappingFileSchema.safeParse({ columns: { 'Họ và tên': 'name' } }).success).toBe(false);
    expect(mappingFileSchema.safeParse({ columns: {}, extra: 1 }).success).toBe(false);
    expect(mappingFileSchema.safeParse({ 'Họ và tên': 'full_name' }).success).toBe(false);
  });
});
