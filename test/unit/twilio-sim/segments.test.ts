import { countSegments } from '../../../sandbox/twilio/segments';

describe('countSegments', () => {
	it('fits 160 GSM-7 characters in one segment and splits at 161 into 153-septet parts', () => {
		expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
		expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
		expect(countSegments('a'.repeat(306)).segments).toBe(2);
		expect(countSegments('a'.repeat(307)).segments).toBe(3);
		expect(countSegments('a'.repeat(459)).segments).toBe(3);
		expect(countSegments('a'.repeat(460)).segments).toBe(4);
	});

	it('keeps the whole GSM-7 default alphabet, accents and line breaks included, in GSM-7', () => {
		const text = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà';
		expect(countSegments(text)).toEqual({ encoding: 'GSM-7', segments: 1, units: [...text].length });
	});

	it.each(['[', ']', '{', '}', '~', '^', '|', '\\', '€', '\f'])(
		'counts the extension character %j as two septets',
		(c) => {
			expect(countSegments(c)).toEqual({ encoding: 'GSM-7', segments: 1, units: 2 });
			// 159 + 2 = 161 septets: no longer one segment.
			expect(countSegments(`${'a'.repeat(158)}${c}`)).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
			expect(countSegments(`${'a'.repeat(159)}${c}`)).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
		},
	);

	it('never splits an escape pair across segments', () => {
		// 152 septets then a two-septet character: it moves whole into the second segment.
		const body = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
		expect(countSegments(body)).toEqual({ encoding: 'GSM-7', segments: 3, units: 306 });
	});

	it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
		expect(countSegments('a'.repeat(70))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
		expect(countSegments(`${'a'.repeat(69)}ç`)).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
		expect(countSegments(`${'a'.repeat(70)}ç`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
		// Curly quotes are not GSM-7 either: a pasted apostrophe costs the message its 160.
		expect(countSegments('We’ll see you soon').encoding).toBe('UCS-2');
	});

	it('counts an emoji as two UCS-2 units: 70 fits, 71 splits into 67-unit parts', () => {
		expect(countSegments(`${'a'.repeat(68)}😀`)).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
		expect(countSegments(`${'a'.repeat(69)}😀`)).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
		expect(countSegments('ç'.repeat(134)).segments).toBe(2);
		expect(countSegments('ç'.repeat(135)).segments).toBe(3);
	});

	it('never splits a surrogate pair across segments', () => {
		// 66 units, then an emoji that would straddle the 67-unit boundary.
		const body = `${'ç'.repeat(66)}😀${'ç'.repeat(10)}`;
		expect(countSegments(body)).toEqual({ encoding: 'UCS-2', segments: 2, units: 78 });
		const straddle = `${'ç'.repeat(66)}😀${'ç'.repeat(66)}`;
		// 66 | 2+65 | 1: three parts, not two, because the emoji cannot be cut.
		expect(countSegments(straddle).segments).toBe(3);
	});

	it('treats an empty body as one segment of nothing', () => {
		expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, units: 0 });
	});
});
