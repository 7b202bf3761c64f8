/** Node subtitles read as the practice would say them, not as raw parameter values. */
import { CadenceStep } from '../../../nodes/CadenceStep/CadenceStep.node';
import { PatientMessage } from '../../../nodes/PatientMessage/PatientMessage.node';
import { Pms } from '../../../nodes/Pms/Pms.node';

/** The editor's expression, evaluated as n8n would with these parameters. */
function subtitle(expression: string | undefined, parameters: Record<string, unknown>): string {
	const body = String(expression)
		.replace(/^=\{\{/, '')
		.replace(/\}\}$/, '');
	return new Function('$parameter', `return (${body});`)(parameters) as string;
}

describe('subtitles', () => {
	it('PMS: the action, not "getUnscheduled: treatment"', () => {
		expect(subtitle(new Pms().description.subtitle, { resource: 'treatment', operation: 'getUnscheduled' })).toBe(
			'Get unscheduled treatment',
		);
		expect(subtitle(new Pms().description.subtitle, { resource: 'patient', operation: 'updateConsent' })).toBe(
			'Update contact consent',
		);
	});

	it("Cadence Step: the action and the journey's name", () => {
		expect(
			subtitle(new CadenceStep().description.subtitle, { operation: 'preview', journey: 'treatment-follow-up' }),
		).toBe('Preview a journey: Treatment plan follow-up');
		expect(subtitle(new CadenceStep().description.subtitle, { operation: 'record' })).toBe(
			'Record outcomes and replies',
		);
	});

	it('Patient Message: what it does', () => {
		const s = new PatientMessage().description.subtitle;
		expect(subtitle(s, { operation: 'send', messageFrom: 'cadence' })).toBe('Send journey messages');
		expect(subtitle(s, { operation: 'send', messageFrom: 'fields', channel: 'email' })).toBe('Send an email');
		expect(subtitle(s, { operation: 'check' })).toBe('Check only, sends nothing');
	});
});
