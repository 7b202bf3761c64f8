/**
 * The text a reader sees, as the PHI finder (./phi.ts) matches it. A code must not get through
 * because of how it was typed or marked up: full-width digits ("Ｄ２７４０"), a zero-width character
 * or soft hyphen inside ("D27\u00AD40"), or markup inside ("D<b>27</b>40"), all of which a phone or
 * mail client shows as "D2740".
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Elements that flow inside a line of text (the HTML "phrasing content" that mail clients render
 * inline, https://html.spec.whatwg.org/multipage/dom.html#phrasing-content): their tags join what
 * is on either side, "D<b>27</b>40" reads "D2740". Every other tag (p, div, td, li, br, ...) ends
 * a word, so "<p>Hi</p><p>Maria</p>" reads "Hi Maria", not "HiMaria".
 */
const INLINE = new Set([
	'a',
	'abbr',
	'b',
	'bdi',
	'bdo',
	'big',
	'cite',
	'code',
	'data',
	'del',
	'dfn',
	'em',
	'font',
	'i',
	'ins',
	'kbd',
	'mark',
	'q',
	's',
	'samp',
	'small',
	'span',
	'strike',
	'strong',
	'sub',
	'sup',
	'time',
	'tt',
	'u',
	'var',
	'wbr',
]);

const TAG = /<\/?([a-z][a-z0-9-]*)\b[^>]*>/gi;
const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9-]*\b[^<>]*>/i;

/**
 * The words a reader of an HTML email sees, then the link targets and alt texts (a code in a URL
 * is disclosed too), after them so they never split a word. Markup and entities go, so "&#39;" or
 * a CSS colour never look like a tooth.
 */
export function htmlText(html: string): string {
	const attributes: string[] = [];
	const words = html
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, ' ')
		.replace(TAG, (tag, name: string) => {
			for (const m of tag.matchAll(/\b(?:href|src|alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi))
				attributes.push(m[1] ?? m[2] ?? m[3]);
			return INLINE.has(name.toLowerCase()) ? '' : ' ';
		});
	return [words, ...attributes].join(' ').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
		if (name[0] === '#') {
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
		}
		return ENTITIES[name.toLowerCase()] ?? whole;
	});
}

/**
 * What the finder matches: markup read as a reader sees it when the text has tags (an SMS body or
 * chart note pasted from an email), then Unicode NFKC (full-width and other compatibility forms
 * become ASCII, https://unicode.org/reports/tr15/), then format characters (category Cf: zero-width
 * space and joiners, word joiner, BOM, soft hyphen) dropped, as a screen shows nothing for them, and
 * control characters and line/paragraph separators turned into spaces, as they separate words.
 */
export function visibleText(text: string): string {
	const read = LOOKS_LIKE_HTML.test(text) ? htmlText(text) : text;
	return read
		.normalize('NFKC')
		.replace(/\p{Cf}/gu, '')
		.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ');
}
