/** Cadence Step shows each shipped journey's timings and amounts as fields, with the template's values. */
import type { INodeProperties } from 'n8n-workflow';
import { CadenceStep } from '../../../nodes/CadenceStep/CadenceStep.node';

const settings = new CadenceStep().description.properties.find((p) => p.name === 'journeySettings') as INodeProperties;
const fieldsOf = (journey: string) =>
	(settings.options as INodeProperties[]).filter((o) =>
		(o.displayOptions?.show?.['/journey'] as string[] | undefined)?.includes(journey),
	);

describe('Cadence Step > Journey Settings', () => {
	it('the financing and staff-call amounts and every step day of the follow-up, defaults as shipped', () => {
		const fields = Object.fromEntries(fieldsOf('treatment-follow-up').map((f) => [f.displayName, f]));
		expect(fields['Email: Financing Wording From ($)']).toMatchObject({ type: 'number', default: 1500 });
		expect(fields['Front Desk Call: From Case Value ($)']).toMatchObject({ type: 'number', default: 3000 });
		expect(fields['Second Text: Day']).toMatchObject({ type: 'number', default: 7 });
		expect(fields['Front Desk Call: On']).toMatchObject({ type: 'boolean', default: true });
	});

	it('every shipped journey has its own, shown only for it; not for Custom (JSON)', () => {
		for (const journey of ['hygiene-recall', 'lapsed-reactivation', 'no-show-recovery', 'implant-journey'])
			expect(fieldsOf(journey).length).toBeGreaterThan(0);
		expect(settings.displayOptions?.hide?.journey).toEqual(['custom']);
	});
});
