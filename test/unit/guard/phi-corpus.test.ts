import { DEFAULT_CLINICAL_WORDS, phiMatcher } from '../../../core/guard';
import { corpus } from './corpus';

const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
const block = corpus('should-block');
const pass = corpus('should-pass');

describe('PHI corpus', () => {
	it('is large enough to mean something', () => {
		expect(block.length).toBeGreaterThanOrEqual(120);
		expect(pass.length).toBeGreaterThanOrEqual(120);
	});
	it('blocks every should-block message', () => {
		expect(block.filter((line) => phi.find(line) === null)).toEqual([]);
	});
	it('lets every should-pass message through', () => {
		expect(pass.map((line) => [line, phi.find(line)]).filter(([, kind]) => kind !== null)).toEqual([]);
	});
});
