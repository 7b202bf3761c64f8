/**
 * PHI minimisation: a patient message names the practice, the patient's first name and a layman
 * category ("your crown"), never a procedure code, a tooth number or a diagnosis. The finder
 * reports only the kind of match, so nothing it saw ends up in a reason or a log.
 */

export type PhiKind = 'procedure_code' | 'tooth_number' | 'clinical_word';

export const PHI_KIND_WORDS: Record<PhiKind, string> = {
	procedure_code: 'a procedure code',
	tooth_number: 'a tooth number',
	clinical_word: 'a clinical term',
};

/**
 * Diagnoses and findings. The layman category words Chairside writes ("your crown", "your root
 * canal treatment", "your gum treatment", "your filling treatment", "your cleaning") are
 * deliberately absent: they are what the copy is supposed to say.
 */
export const DEFAULT_CLINICAL_WORDS: readonly string[] = [
	'periodontitis',
	'periodontal disease',
	'gingivitis',
	'abscess',
	'caries',
	'decay',
	'cavity',
	'cavities',
	'infection',
	'infected',
	'pulpitis',
	'necrosis',
	'necrotic',
	'bone loss',
	'fracture',
	'fractured',
	'cracked tooth',
	'lesion',
	'biopsy',
	'diagnosis',
	'diagnosed',
	'malocclusion',
];

// CDT codes: D and four digits ("D2740", "d6010", "D 2740", "D-2740"), not inside a word ("ID 1234").
const CDT = /(?<![\p{L}\p{N}])D[ \t-]?\d{4}(?!\d)/iu;
// US universal numbering 1-32 after tooth/teeth ("tooth #14", "teeth 8 and 9", "tooth no. 3"),
// unless a count follows ("brush your teeth 2 times a day").
const TOOTH_NUMBER = /\b(?:tooth|teeth)\s*(?:#\s*|no\.?\s*|number\s*)?(\d{1,2})(?!\d)(?!\s*(?:x\b|times|minutes|mins|seconds|hours|days|weeks|months|years|%))/gi;
// "#30" on its own is how charts write teeth; "&#39;" is an HTML entity, not a tooth.
const HASH_NUMBER = /(?<![&\w#])#\s?(\d{1,2})(?![\d\w])/g;
// Primary teeth A-T, only as a capital letter after tooth/teeth ("tooth K").
const PRIMARY_TOOTH = /\b(?:tooth|teeth)\s*(?:#\s*|no\.?\s*|number\s*)?([A-Za-z])(?![\p{L}\p{N}])/giu;

function hasToothNumber(text: string): boolean {
	for (const pattern of [TOOTH_NUMBER, HASH_NUMBER]) {
		for (const match of text.matchAll(pattern)) {
			const n = Number(match[1]);
			if (n >= 1 && n <= 32) return true;
		}
	}
	for (const match of text.matchAll(PRIMARY_TOOTH)) if (/^[A-T]$/.test(match[1])) return true;
	return false;
}

function escape(word: string): string {
	return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

export interface PhiMatcher {
	/** The first kind of PHI found in any of the texts, or null. */
	find(...texts: Array<string | null | undefined>): PhiKind | null;
}

export function phiMatcher(clinicalWords: readonly string[]): PhiMatcher {
	// One alternation, longest first so "periodontal disease" wins over a shorter prefix; plurals too.
	const words = [...clinicalWords].sort((a, b) => b.length - a.length).map(escape);
	const clinical = words.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu') : null;
	const check = (text: string): PhiKind | null => {
		if (CDT.test(text)) return 'procedure_code';
		if (hasToothNumber(text)) return 'tooth_number';
		if (clinical?.test(text)) return 'clinical_word';
		return null;
	};
	return {
		find(...texts) {
			for (const text of texts) {
				if (!text) continue;
				const found = check(text);
				if (found) return found;
			}
			return null;
		},
	};
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The words a reader of an HTML email sees, plus link targets and alt texts (a code in a URL is
 * disclosed too). Markup and entities go, so "&#39;" or a CSS colour never look like a tooth.
 */
export function htmlText(html: string): string {
	return html
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, ' ')
		.replace(/<[^>]*>/g, (tag) => {
			const values = [...tag.matchAll(/\b(?:href|src|alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) => m[1] ?? m[2] ?? m[3]);
			return ` ${values.join(' ')} `;
		})
		.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
			if (name[0] === '#') {
				const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
				return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
			}
			return ENTITIES[name.toLowerCase()] ?? whole;
		});
}
