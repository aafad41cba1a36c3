// `lantern screening classify` gives the worked cases' outcomes offline, and refuses bad answers with exit 2.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import cases from '../src/screening/testdata/screening_cases.json' with { type: 'json' };

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const cli = (...args: string[]) => run(process.execPath, ['bin/lantern.js', ...args], { cwd: root });

describe('lantern screening', () => {
  it('classifies answers from a file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-screen-'));
    const expected = { 'FC-12': 'presumed_victim', 'AL-06': 'possible_victim', 'AL-10': 'no_indicators_met' } as const;
    for (const [id, outcome] of Object.entries(expected)) {
      const c = cases.cases.find((x) => x.id === id)!;
      const file = path.join(dir, `${id}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          instrument: 'ilo-2009-adult-labour',
          answers: Object.fromEntries(c.indicators.map((i) => [i, 'present'])),
        }),
      );
      const { stdout } = await cli('screening', 'classify', '--file', file);
      expect(stdout, id).toContain(`Outcome: ${outcome}`);
    }
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({ instrument: 'ilo-2009-adult-labour', answers: { 'not.an.indicator': 'present' } }),
    );
    const failed = await cli('screening', 'classify', '--file', bad).catch((e) => e);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('answers.not.an.indicator');
    const sets = await cli('screening', 'sets');
    expect(sets.stdout.trim().split('\n')).toHaveLength(4);
  }, 60_000);
});
