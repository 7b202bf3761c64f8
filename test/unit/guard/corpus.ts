/**
 * The PHI corpus (test/fixtures/phi-corpus): one message per line; lines starting with "#" say
 * why the group below them is there. Tabs inside a message stand for themselves.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

export function corpus(name: 'should-block' | 'should-pass'): string[] {
	return readFileSync(join(__dirname, '../../fixtures/phi-corpus', `${name}.txt`), 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '' && !line.startsWith('#'));
}
