/**
 * PHI minimisation: a patient message names the practice, the patient's first name and a layman
 * category ("your crown"), never a procedure or diagnosis code, a tooth number or a diagnosis. The
 * finder reports only the kind of match, so nothing it saw ends up in a reason or a log.
 *
 * Everything is matched on the text a reader sees (./text.ts), and test/fixtures/phi-corpus holds
 * the messages it must block and must let through: a miss found in the field goes there first.
 */
import { visibleText } from './text';

export { htmlText } from './text';

export type PhiKind = 'procedure_code' | 'diagnosis_code' | 'tooth_number' | 'clinical_word';

export const PHI_KIND_WORDS: Record<PhiKind, string> = {
	procedure_code: 'a procedure code',
	diagnosis_code: 'a diagnosis code',
	tooth_number: 'a tooth number',
	clinical_word: 'a clinical term',
};

/**
 * Diagnoses and findings, each with its inflections (plural, past tense, -ing) matched too; other
 * derivations (adjectives such as "necrotic", "carious") are words of their own. Words separated
 * by a space or hyphen also match written together or apart ("peri-implantitis", "peri implantitis",
 * "periimplantitis"). The layman category words Chairside writes ("your crown", "your root canal
 * treatment", "your gum treatment", "your filling treatment", "your cleaning", "your implant") are
 * deliberately absent: they are what the copy is supposed to say.
 */
export const DEFAULT_CLINICAL_WORDS: readonly string[] = [
	'periodontitis',
	'periodontal',
	'gum disease',
	'gingivitis',
	'gingival',
	'gum recession',
	'abscess',
	'caries',
	'carious',
	'decay',
	'cavity',
	'infect',
	'infection',
	'inflammation',
	'inflamed',
	'pulpitis',
	'necrosis',
	'necrotic',
	'osteonecrosis',
	'osteomyelitis',
	'bone loss',
	'fracture',
	'cracked tooth',
	'impacted tooth',
	'impacted wisdom',
	'impaction',
	'dry socket',
	'alveolar osteitis',
	'tmj disorder',
	'tmd',
	'lesion',
	'cyst',
	'tumor',
	'tumour',
	'cancer',
	'cancerous',
	'carcinoma',
	'leukoplakia',
	'biopsy',
	'diagnosis',
	'diagnose',
	'malocclusion',
	'peri-implantitis',
	'peri-implant mucositis',
	'mucositis',
	'failed implant',
	'failing implant',
	'implant failure',
	'implant complication',
];

const EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}])';

// CDT codes: D and four digits as offices type them ("D2740", "d6010", "D 2740", "D-2740",
// "D2740.0"), not inside a word ("ID 1234", "I'd 2000").
const CDT = new RegExp(`(?<![\\p{L}\\p{N}'’])D[\\s.\\-–—]?\\d{4}(?!\\d)`, 'iu');

// ICD-10-CM codes (https://www.cms.gov/medicare/coding-billing/icd-10-codes): a letter, two
// characters and, after the dot, up to four more ("K02.9", "K05.10", "M27.61", "S02.5XXA"). The dot
// is what tells them from a model number; without it only after "ICD" or "dx".
const ICD = new RegExp(`${EDGE_BEFORE}[A-TV-Z]\\d[0-9AB]\\.[0-9A-Z]{1,4}${EDGE_AFTER}`, 'u');
const NAMED_ICD = new RegExp(`${EDGE_BEFORE}(?:icd(?:[\\s-]?10)?|dx)[\\s:#-]*[A-TV-Z]\\d[0-9AB]`, 'iu');

// Ones and tens as words, for "tooth fourteen", "tooth thirty-two".
const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
	'ten',
	'eleven',
	'twelve',
	'thirteen',
	'fourteen',
	'fifteen',
	'sixteen',
	'seventeen',
	'eighteen',
	'nineteen',
];
const TENS: Record<string, number> = {
	twenty: 20,
	thirty: 30,
	forty: 40,
	fifty: 50,
	sixty: 60,
	seventy: 70,
	eighty: 80,
};
const NUMBER_WORD = `(?:(?:${Object.keys(TENS).join('|')})(?:[\\s-]?(?:${UNITS.join('|')}))?|${TEENS.join('|')}|${UNITS.join('|')})`;

function wordValue(words: string): number {
	const [first, second] = words.toLowerCase().split(/[\s-]+/);
	if (first in TENS) return TENS[first] + (second ? UNITS.indexOf(second) + 1 : 0);
	const teen = TEENS.indexOf(first);
	return teen >= 0 ? 10 + teen : UNITS.indexOf(first) + 1;
}

/**
 * A tooth in the US Universal system (1-32) or the FDI two-digit system (ISO 3950: permanent 11-48,
 * primary 51-85, quadrant then position 1-8 or 1-5).
 */
function isTooth(n: number): boolean {
	if (n >= 1 && n <= 32) return true;
	const quadrant = Math.floor(n / 10);
	const position = n % 10;
	return (
		position >= 1 &&
		((quadrant >= 1 && quadrant <= 4 && position <= 8) || (quadrant >= 5 && quadrant <= 8 && position <= 5))
	);
}

// A count or a time, not a tooth: "brush your teeth 2 times a day", "teeth 2 shades whiter", "teeth 10:30".
const NOT_A_TOOTH = `(?![\\d:/]|[.,]\\d|\\s*(?:%|x\\b|times?\\b|minutes?\\b|mins?\\b|seconds?\\b|hours?\\b|hrs?\\b|days?\\b|weeks?\\b|months?\\b|years?\\b|shades?\\b|[ap]\\.?m\\b|o'clock))`;
const TOOTH_WORD = '(?:teeth|tooth|(?:pre)?molars?|bicuspids?|cuspids?|incisors?|canines?)';
// After a tooth word: "#14", "no. 3", "number 30", "(14)", "(#5)", FDI "1.6", or in words.
const TOOTH = new RegExp(
	`${EDGE_BEFORE}${TOOTH_WORD}\\s*(?:#\\s*|no\\.?\\s*|number\\s*|\\(\\s*#?\\s*)?(?:([1-8])\\.([1-8])(?!\\d)|(\\d{1,2})${NOT_A_TOOTH}|(${NUMBER_WORD})${EDGE_AFTER}${NOT_A_TOOTH})`,
	'giu',
);
// Primary teeth A-T in the Universal system, only as a capital letter after tooth/teeth ("tooth K").
const PRIMARY_TOOTH = /(?<![\p{L}\p{N}])(?:tooth|teeth)\s*(?:#\s*|no\.?\s*|number\s*)?([A-Za-z])(?![\p{L}\p{N}])/giu;
// "#30" on its own is how charts write teeth; "&#39;" is an HTML entity, not a tooth.
const HASH_NUMBER = /(?<![&\p{L}\p{N}#])#\s?(\d{1,2})(?![\p{L}\p{N}])/gu;
// ...but "Suite #4", "Apt #4", "Main St #4" are addresses and "#1 in Springfield" a ranking.
const ADDRESS_BEFORE_HASH =
	/(?<![\p{L}\p{N}])(?:apt|apartment|suite|ste|unit|st|street|ave|avenue|rd|road|blvd|dr|drive|ln|lane|way|hwy|room|rm|floor|fl|bldg|building|lot|box|order|ticket|invoice)\.?\s*$/iu;
const RANKING_AFTER_HASH = /^\s+(?:in|choice|rated|pick|for)(?![\p{L}\p{N}])/iu;
// Palmer / quadrant notation: "UR6", "LL 7", "LR-5", the Palmer grid marks ("6┘"), "upper right 6",
// "lower left seven", "upper left first molar", "quadrant 2". Upper case only for the short form,
// so "ll 7" in a sentence is not read as a tooth.
const PALMER = new RegExp(
	[`${EDGE_BEFORE}(?:UR|UL|LR|LL)[\\s-]?[1-8](?!\\d)`, '[1-8][┘└┐┌]|[┘└┐┌][1-8]'].join('|'),
	'u',
);
const QUADRANT = new RegExp(
	[
		`${EDGE_BEFORE}(?:upper|lower)[\\s-]+(?:right|left)[\\s-]+(?:#\\s*)?(?:[1-8](?!\\d)|(?:one|two|three|four|five|six|seven|eight)${EDGE_AFTER}|(?:first|second|third|central|lateral)[\\s-]+(?:(?:pre)?molar|bicuspid|incisor)|canine|cuspid)`,
		`${EDGE_BEFORE}quadrants?\\s*#?\\s*[1-4](?!\\d)`,
	].join('|'),
	'iu',
);

function hasToothNumber(text: string): boolean {
	if (PALMER.test(text) || QUADRANT.test(text)) return true;
	for (const m of text.matchAll(TOOTH)) {
		if (m[1] !== undefined || isTooth(m[3] !== undefined ? Number(m[3]) : wordValue(m[4]))) return true;
	}
	for (const m of text.matchAll(HASH_NUMBER)) {
		const n = Number(m[1]);
		const at = m.index ?? 0;
		if (n < 1 || n > 32 || ADDRESS_BEFORE_HASH.test(text.slice(Math.max(0, at - 16), at))) continue;
		if (!RANKING_AFTER_HASH.test(text.slice(at + m[0].length, at + m[0].length + 12))) return true;
	}
	for (const m of text.matchAll(PRIMARY_TOOTH)) if (/^[A-T]$/.test(m[1])) return true;
	return false;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One word's inflections: "cavity" also "cavities", "fracture" also "fractured", "fracturing". */
function inflections(word: string): string {
	if (word === 'tooth' || word === 'teeth') return '(?:tooth|teeth)';
	if (/[^aeiou]y$/.test(word)) return `${escape(word.slice(0, -1))}(?:y|ies|ied|ying)`;
	if (word.endsWith('sis')) return `${escape(word.slice(0, -2))}(?:is|es)`;
	if (word.endsWith('e')) return `${escape(word.slice(0, -1))}(?:e|es|ed|ing)`;
	return `${escape(word)}(?:s|es|ed|ing)?`;
}

/** A term with its last word inflected; its words may be written apart, hyphenated or together. */
function family(term: string): string {
	const words = term
		.toLowerCase()
		.trim()
		.split(/[\s-]+/);
	return [...words.slice(0, -1).map(escape), inflections(words[words.length - 1])].join('[\\s-]*');
}

export interface PhiMatcher {
	/** The first kind of PHI found in any of the texts, or null. */
	find(...texts: Array<string | null | undefined>): PhiKind | null;
}

export function phiMatcher(clinicalWords: readonly string[]): PhiMatcher {
	// One alternation, longest first so "periodontal disease" wins over a shorter prefix.
	const terms = [...new Set(clinicalWords.map((w) => w.trim()).filter(Boolean))]
		.sort((a, b) => b.length - a.length)
		.map(family);
	const clinical = terms.length ? new RegExp(`${EDGE_BEFORE}(?:${terms.join('|')})${EDGE_AFTER}`, 'iu') : null;
	const check = (text: string): PhiKind | null => {
		if (CDT.test(text)) return 'procedure_code';
		if (ICD.test(text) || NAMED_ICD.test(text)) return 'diagnosis_code';
		if (hasToothNumber(text)) return 'tooth_number';
		if (clinical?.test(text)) return 'clinical_word';
		return null;
	};
	return {
		find(...texts) {
			for (const text of texts) {
				if (!text) continue;
				const found = check(visibleText(text));
				if (found) return found;
			}
			return null;
		},
	};
}
