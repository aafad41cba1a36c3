// The set the screening form proposes is the one the server chooses (the contract's
// rule), read from the case as the API gives it: the person's age and minority, and
// the case's exploitation types. The old copy in the web app had drifted once.
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../types';
import { deriveSet } from './screening';

const view = (person: CaseView['person'], exploitationTypes?: string[]) => ({ person, exploitationTypes }) as CaseView;
const person = (ageYears: number | null, isMinor: boolean | null): CaseView['person'] => ({
  id: '00000000-0000-4000-8000-000000000001',
  displayName: 'Lò Thị Pằng',
  sex: 'female',
  ageYears,
  isMinor,
  citizenship: 'VN',
});

describe('the indicator set the screening form proposes', () => {
  it('is an adult labour set for an adult with forced labour or forced criminality', () => {
    expect(deriveSet(view(person(30, false), ['forced_labour']))).toBe('ilo-2009-adult-labour');
    expect(deriveSet(view(person(30, false), ['forced_criminality']))).toBe('ilo-2009-adult-labour');
  });

  it("is a child's set when the person is a minor, may be one, or is said to be one whatever the stated age", () => {
    expect(deriveSet(view(person(17, true), ['forced_labour']))).toBe('ilo-2009-child-labour');
    expect(deriveSet(view(person(null, null), ['forced_labour']))).toBe('ilo-2009-child-labour');
    expect(deriveSet(view(person(19, true), ['forced_labour']))).toBe('ilo-2009-child-labour');
    // The caller cannot see the person: presumed a child, as for an unknown age.
    expect(deriveSet(view(undefined, ['forced_labour']))).toBe('ilo-2009-child-labour');
  });

  it('is a sexual-exploitation set only when sexual exploitation and forced marriage outnumber the labour types', () => {
    expect(deriveSet(view(person(25, false), ['sexual_exploitation', 'forced_marriage', 'forced_labour']))).toBe(
      'ilo-2009-adult-sexual',
    );
    expect(deriveSet(view(person(25, false), ['sexual_exploitation', 'forced_labour']))).toBe('ilo-2009-adult-labour');
    expect(deriveSet(view(person(15, true), ['sexual_exploitation']))).toBe('ilo-2009-child-sexual');
    // No exploitation part shared, or none recorded: the labour set, which carries the forced-criminality questions.
    expect(deriveSet(view(person(25, false), undefined))).toBe('ilo-2009-adult-labour');
    expect(deriveSet(view(person(25, false), ['organ_removal']))).toBe('ilo-2009-adult-labour');
  });
});
