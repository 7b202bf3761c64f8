/**
 * Treatment categories from CDT code families. Patients only ever see the layman words;
 * staff and reports see the category key.
 */
export const CATEGORIES = [
	'implant',
	'crown',
	'bridge',
	'perio',
	'endo',
	'restorative',
	'ortho_cosmetic',
	'denture',
	'oral_surgery',
	'hygiene',
	'diagnostic',
	'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const LAYMAN: Record<Category, string> = {
	implant: 'your implant treatment',
	crown: 'your crown',
	bridge: 'your bridge',
	perio: 'your gum treatment',
	endo: 'your root canal treatment',
	restorative: 'your filling treatment',
	ortho_cosmetic: 'your smile treatment',
	denture: 'your denture',
	oral_surgery: 'your oral surgery visit',
	hygiene: 'your cleaning',
	diagnostic: 'your check-up',
	other: 'your recommended treatment',
};

/** What staff read in lists and files a person opens (the huddle CSV): lay names, never the key. */
export const CATEGORY_NAMES: Record<Category, string> = {
	implant: 'Implant',
	crown: 'Crown',
	bridge: 'Bridge',
	perio: 'Gum treatment',
	endo: 'Root canal',
	restorative: 'Filling',
	ortho_cosmetic: 'Braces or cosmetic',
	denture: 'Denture',
	oral_surgery: 'Oral surgery',
	hygiene: 'Cleaning',
	diagnostic: 'Check-up',
	other: 'Other treatment',
};

/** When two categories carry the same fee, the one a coordinator would name first wins. */
const PRIORITY: Category[] = [...CATEGORIES];

interface CodeRange {
	from: number;
	to: number;
	category: Category;
}

// Ordered from most to least specific; the first range that contains the code wins.
const D_RANGES: CodeRange[] = [
	{ from: 2950, to: 2954, category: 'crown' }, // core build-up, posts: part of a crown case
	{ from: 2960, to: 2962, category: 'ortho_cosmetic' }, // veneers
	{ from: 2710, to: 2799, category: 'crown' },
	{ from: 2000, to: 2999, category: 'restorative' },
	{ from: 3000, to: 3999, category: 'endo' },
	{ from: 4000, to: 4999, category: 'perio' },
	{ from: 5000, to: 5899, category: 'denture' },
	{ from: 6000, to: 6199, category: 'implant' },
	{ from: 6200, to: 6999, category: 'bridge' },
	{ from: 7000, to: 7999, category: 'oral_surgery' },
	{ from: 8000, to: 8999, category: 'ortho_cosmetic' },
	{ from: 9970, to: 9975, category: 'ortho_cosmetic' }, // whitening
	{ from: 1000, to: 1999, category: 'hygiene' },
	{ from: 0, to: 999, category: 'diagnostic' },
];

const KEYWORDS: Array<[RegExp, Category]> = [
	[/implant|abutment/i, 'implant'],
	[/bridge|pontic|retainer crown/i, 'bridge'],
	[/crown|onlay|build-?up/i, 'crown'],
	[/root canal|endodontic|pulp/i, 'endo'],
	[/scaling|root planing|perio|gingiv/i, 'perio'],
	[/denture|partial/i, 'denture'],
	[/extract|graft|surgical/i, 'oral_surgery'],
	[/veneer|whiten|bleach|aligner|ortho|invisalign/i, 'ortho_cosmetic'],
	[/filling|composite|amalgam|resin|inlay/i, 'restorative'],
	[/prophy|cleaning|fluoride|sealant/i, 'hygiene'],
	[/exam|evaluation|x-?ray|radiograph|bitewing|panoramic/i, 'diagnostic'],
];

/** Category of one procedure: from the CDT code family, else from the description, else 'other'. */
export function categoryOf(code: string | null, description: string | null): Category {
	const fromCode = code ? codeCategory(code) : null;
	if (fromCode) return fromCode;
	if (description) {
		for (const [pattern, category] of KEYWORDS) if (pattern.test(description)) return category;
	}
	return 'other';
}

// A practice uses a few hundred codes on thousands of lines: each is looked up once.
const byCode = new Map<string, Category | null>();

function codeCategory(code: string): Category | null {
	let category = byCode.get(code);
	if (category === undefined) {
		const match = /^D(\d{4})/i.exec(code.trim());
		const n = match ? Number(match[1]) : NaN;
		category = D_RANGES.find((r) => n >= r.from && n <= r.to)?.category ?? null;
		if (byCode.size < 10_000) byCode.set(code, category);
	}
	return category;
}

/** Category of a whole case: the one carrying the largest share of the fee. */
export function caseCategory(procedures: ReadonlyArray<{ category: Category; fee: number }>): Category {
	if (procedures.length === 0) return 'other';
	// Most cases are one category: no weighing needed.
	const first = procedures[0].category;
	if (procedures.every((p) => p.category === first)) return first;
	const byFee = new Map<Category, number>();
	for (const p of procedures) byFee.set(p.category, (byFee.get(p.category) ?? 0) + Math.max(p.fee, 0));
	let best: Category = procedures[0].category;
	let bestFee = -1;
	for (const category of PRIORITY) {
		const fee = byFee.get(category);
		if (fee !== undefined && fee > bestFee) {
			best = category;
			bestFee = fee;
		}
	}
	return best;
}
