/** The go-live check's words: rows, the webhook URL, consent coverage and silent-journey warnings. */
import { DateTime } from 'luxon';
import {
	consentCoverage,
	messageRow,
	pmsCheck,
	silenceWarnings,
	webhookCheck,
	type GoLiveRow,
} from '../../../core/golive/report';
import { blockedOutcome, deferredOutcome, sentOutcome } from '../../../core/messaging/outcome';
import type { MessageOutcome } from '../../../core/messaging/touch';

const at = DateTime.fromISO('2026-03-04T16:00:00Z');
const base = {
	firstName: 'Maria',
	journeyName: 'Treatment plan follow-up',
	what: 'the first text (day 1)',
	plannedAt: at.toISO() as string,
	channel: 'sms' as const,
	zone: 'America/Chicago',
};

describe('go-live rows', () => {
	it('first name, step, when in the patient zone; why only when not sent', () => {
		expect(messageRow(base, sentOutcome(at, null, 1, 'passed', 'would be sent'))).toEqual({
			firstName: 'Maria',
			journey: 'Treatment plan follow-up',
			what: 'the first text (day 1)',
			how: 'text',
			when: 'Wed Mar 4, 10:00',
			at: base.plannedAt,
			status: 'would send',
			why: null,
			rule: null,
		});
		expect(messageRow(base, blockedOutcome(at, 'consent', 'no consent'))).toMatchObject({
			status: 'blocked',
			why: 'no consent',
			rule: 'consent',
		});
		expect(
			messageRow(base, deferredOutcome(at, 'frequency_cap', 'at most 1 per day', at.plus({ days: 1 }))),
		).toMatchObject({
			status: 'held',
			why: 'at most 1 per day; it would go Thu Mar 5, 10:00 instead',
			rule: 'frequency_cap',
		});
	});
});

describe('the inbound-text webhook', () => {
	it("is n8n's public URL plus the trigger's path", () => {
		expect(webhookCheck('https://n8n.riverside.example/', 'abc')).toMatchObject({
			ok: true,
			detail: expect.stringContaining('https://n8n.riverside.example/webhook/abc/twilio-sms (method POST)'),
		});
	});
	it('a local address cannot be reached by Twilio: says what to set', () => {
		const check = webhookCheck('http://127.0.0.1:5678/', 'abc');
		expect(check).toMatchObject({
			ok: false,
			detail: expect.stringContaining('http://127.0.0.1:5678/webhook/abc/twilio-sms'),
		});
		expect(check.fix).toContain('WEBHOOK_URL');
		expect(webhookCheck('http://localhost:5678', 'abc').ok).toBe(false);
	});
	it('http on a public host is worth a look', () => {
		expect(webhookCheck('http://n8n.riverside.example/', 'abc').ok).toBeNull();
	});
});

describe('consent coverage', () => {
	it('counts who can be texted and why the others cannot', () => {
		const verdicts = new Map<string, MessageOutcome | 'no mobile'>([
			['1', sentOutcome(at, null, 1)],
			['2', deferredOutcome(at, 'quiet_hours', 'late', at)],
			['3', blockedOutcome(at, 'consent', 'needs consent')],
			['4', 'no mobile'],
		]);
		const check = consentCoverage(verdicts, 'not_recorded');
		expect(check.ok).toBeNull();
		expect(check.detail).toMatch(
			/^2 of 4 patients can be texted \(not: 1: needs consent; 1: no mobile number on file\)/,
		);
		expect(
			consentCoverage(new Map([['3', blockedOutcome(at, 'consent', 'needs consent')]]), 'not_recorded'),
		).toMatchObject({ ok: false, fix: expect.stringContaining('Text Consent When the Source Has None') });
	});
});

describe('silent journeys', () => {
	const row = (status: GoLiveRow['status'], why: string | null = null): GoLiveRow => ({
		firstName: 'A',
		journey: 'Recall',
		what: 'x',
		how: 'text',
		when: null,
		at: null,
		status,
		why,
		rule: null,
	});
	it('no cases, or nothing that would go out, with the most common reasons', () => {
		const warnings = silenceWarnings(
			[row('blocked', 'needs consent'), row('blocked', 'needs consent'), row('held', 'late')],
			['Reactivation'],
			14,
		);
		expect(warnings.map((w) => w.detail)).toEqual([
			'Reactivation: no cases came from the PMS, so nothing would be sent.',
			'Recall: nothing would be sent in the next 14 days. Most common reasons: 2 x needs consent; 1 x late.',
		]);
		expect(silenceWarnings([row('would send'), row('would send'), row('blocked', 'x')], [], 14)).toEqual([]);
	});
});

describe('the PMS connection', () => {
	it('names the version and whether Chairside supports it', () => {
		expect(pmsCheck({ system: 'Open Dental', version: '24.3.36', minimumVersion: '22.4.16', supported: true })).toEqual(
			{
				check: 'Open Dental',
				ok: true,
				detail: 'Answers with this credential; version 24.3.36 (Chairside needs 22.4.16 or later).',
			},
		);
		expect(
			pmsCheck({ system: 'Open Dental', version: '21.1.0', minimumVersion: '22.4.16', supported: false }),
		).toMatchObject({ ok: false, fix: 'Update Open Dental.' });
		expect(
			pmsCheck({ system: 'Open Dental', version: null, minimumVersion: '22.4.16', supported: null }).ok,
		).toBeNull();
	});
});
