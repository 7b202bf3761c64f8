/**
 * The treatment follow-up from a PMS export (workflows/export-follow-up.json) in a real n8n 2.41.1,
 * for a practice with no API: the synthetic practice's Dentrix Treatment Manager export lies in
 * n8n's files folder, the workflow's schedule is a tick webhook, Twilio and Gmail are the loopback
 * simulators, and the practice profile says text consent is collected at intake.
 *
 *   day 0 10:00  enroll; day 1 10:00  the day-1 texts, except for a case that left an export which
 *   landed between the decision and the send (the re-check); day 3 10:00  a newer export without a
 *   case that was booked: its journey stops, it gets nothing, the others get the day-3 email.
 * Every tick is fired twice at the same instant: nothing goes out twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { freePort, N8nSandbox } from '../../sandbox/n8n/runner';
import { pointAtFiles, withParameters } from '../../sandbox/n8n/workflows';
import { checkEmail, checkMobile } from '../../sandbox/exports/truth';
import { dentrixTreatmentManager, DENTRIX_HEADER } from '../../sandbox/exports/writers';
import { generatePractice } from '../../sandbox/practice/generate';
import { installJourneys, startJourneyWorld, type JourneyWorld } from './journey-world';
import { expectLastExecutionSucceeded, journalReader, withPhi } from './ticks';

type Json = Record<string, unknown>;
const ZONE = 'America/Chicago';
const START = DateTime.fromISO('2026-03-02T10:00', { zone: ZONE }); // a Monday
const PICKUP = 'pms-exports/treatment-export.csv';
/** Where the test puts "the export that landed since": the re-check node reads it. */
const LANDED = 'pms-exports/landed-since.csv';

let n8n: N8nSandbox;
let world: JourneyWorld;
let base: string;
let cookie: string;
let workflowId: string;
let text: string;
/** Open cases of the export, by chart number: their mobile, email and lines. */
let cases: Map<string, { mobile: string | null; email: string | null; home: string | null; lines: string[] }>;
let booked: string;
let landedGone: string;

/** The export with some patients' lines left out (booked since, so the PMS no longer lists them). */
function exportWithout(...charts: string[]): string {
	return text
		.split('\r\n')
		.filter((line) => !charts.some((chart) => line.includes(`",${chart},`)))
		.join('\r\n');
}

function writeExport(file: string, content: string): void {
	fs.mkdirSync(path.dirname(path.join(n8n.filesDir, file)), { recursive: true });
	fs.writeFileSync(path.join(n8n.filesDir, file), content, 'utf8');
}

async function journal(): Promise<Json[]> {
	const response = await fetch(`${base}/webhook/journal`);
	return (await response.json()) as Json[];
}

/** Fires the tick twice at the same instant, then checks both executions ended well. */
async function tickTwice(now: DateTime): Promise<void> {
	const answers = await Promise.all([world.tick(base, 'export-tick', now), world.tick(base, 'export-tick', now)]);
	expect(answers.map((a) => a.status)).toEqual([200, 200]);
	await expectLastExecutionSucceeded(base, cookie, workflowId, `tick ${now.toISO()}`);
}

const textsTo = (mobile: string | null) => world.texts().filter((m) => m.to === mobile);
/** Family members share numbers and addresses: per-patient counts are checked where the value is the patient's alone. */
const ownValue = (field: 'mobile' | 'email', value: string | null) =>
	value !== null &&
	[...cases.values()].filter((c) => c[field] === value || (field === 'mobile' && c.home === value)).length === 1;
const emailsTo = (email: string | null) =>
	world.gmail.outbox.filter((m) => email !== null && m.recipients.includes(email));

beforeAll(async () => {
	const practice = generatePractice({ seed: 21, patients: 500, stage: 3, today: START.toISODate() as string });
	text = dentrixTreatmentManager(practice).text;
	world = await startJourneyWorld({ practice, start: START.minus({ hours: 1 }), zone: ZONE });
	// Exports carry no text consent: the practice says it collects it at intake.
	for (const credential of world.credentials) {
		if (credential.type === 'chairsidePracticeApi')
			(credential.data as Json).smsConsentWhenUnknown = 'collected_at_intake';
	}
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	n8n = await N8nSandbox.create({ env: { GENERIC_TIMEZONE: ZONE, WEBHOOK_URL: `${base}/` } });
	await n8n.start(port);

	let workflow = pointAtFiles(world.journey('export-follow-up.json', 'export-tick'), n8n.filesDir);
	workflow = withParameters(workflow, 'Newest Export', { fileSelector: path.join(n8n.filesDir, PICKUP) });
	workflow = withParameters(workflow, 'Newest Export Again', { fileSelector: path.join(n8n.filesDir, LANDED) });
	const installed = await installJourneys(base, world, [workflow, { ...journalReader, id: 'e2ejournalexport' }]);
	cookie = installed.cookie;
	workflowId = installed.workflowIds[0];

	// The open cases with a valid mobile, from the export's own columns.
	const column = (name: (typeof DENTRIX_HEADER)[number]) => DENTRIX_HEADER.indexOf(name);
	cases = new Map();
	for (const line of text.split('\r\n').slice(4)) {
		const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
		const chart = cells[column('Chart #')];
		if (!chart || cells[0] === 'Total') continue;
		// The generator's own rules (sandbox/exports/truth.ts): an invalid value is one PMS Export leaves out.
		const phone = (s: string) => {
			const checked = checkMobile(s);
			return checked.ok ? checked.value : null;
		};
		const email = checkEmail(cells[column('Email')]);
		const known = cases.get(chart) ?? {
			mobile: phone(cells[column('Mobile Phone')]),
			email: email.ok ? email.value : null,
			home: phone(cells[column('Home Phone')]),
			lines: [],
		};
		known.lines.push(line);
		cases.set(chart, known);
	}
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	n8n?.dispose();
	await world?.close();
});

describe('the treatment follow-up from a PMS export', () => {
	it('day 0: enrolls the export’s open cases, sends nothing yet', async () => {
		writeExport(PICKUP, text);
		writeExport(LANDED, text);
		await tickTwice(START);
		expect(world.texts()).toEqual([]);
		const enrollments = (await journal()).filter((r) => r.kind === 'enrollment' && r.journey === 'treatment-follow-up');
		expect(enrollments.length).toBeGreaterThan(10);
		for (const e of enrollments) expect(String(e.subjectId)).toMatch(/^export-/);
	}, 300_000);

	it('day 1: texts every case the consent policy allows, once, never to a home phone; a case gone from an export that landed since gets nothing', async () => {
		const enrolled = new Set((await journal()).filter((r) => r.kind === 'enrollment').map((r) => String(r.patientId)));
		const texted = [...cases.entries()].filter(([chart, c]) => c.mobile && enrolled.has(chart));
		// The re-check: an export landed between the decision and the send, without this patient.
		landedGone = texted[0][0];
		writeExport(LANDED, exportWithout(landedGone));
		await tickTwice(START.plus({ days: 1 }));
		const rows = await journal();
		const expected = texted.filter(([chart]) => chart !== landedGone);
		expect(expected.length).toBeGreaterThan(5);
		for (const [, c] of expected) if (ownValue('mobile', c.mobile)) expect(textsTo(c.mobile)).toHaveLength(1);
		expect(textsTo(cases.get(landedGone)!.mobile)).toEqual([]);
		expect(world.texts()).toHaveLength(expected.length);
		// A home phone is never texted (unless a family member gave it as their mobile).
		const mobiles = new Set([...cases.values()].map((c) => c.mobile));
		const homes = [...cases.values()].map((c) => c.home).filter((home) => home && !mobiles.has(home));
		expect(homes.length).toBeGreaterThan(3);
		for (const m of world.texts()) expect(homes).not.toContain(m.to);
		// Nothing the policy allows was blocked: no touch row says "blocked".
		expect(rows.filter((r) => r.kind === 'touch' && r.status === 'blocked')).toEqual([]);
		// The guard's own detector: codes in any notation, tooth numbers, diagnoses.
		expect(world.texts().length).toBeGreaterThan(0);
		expect(withPhi(world.texts().map((m) => m.body))).toEqual([]);
	}, 300_000);

	it('day 3: a case booked since has left the newer export: its journey stops and it gets nothing; the others get the day-3 email once', async () => {
		const withEmail = [...cases.entries()].filter(
			([chart, c]) =>
				ownValue('email', c.email) &&
				ownValue('mobile', c.mobile) &&
				chart !== landedGone &&
				textsTo(c.mobile).length === 1,
		);
		booked = withEmail[0][0];
		const newer = exportWithout(booked, landedGone);
		writeExport(PICKUP, newer);
		writeExport(LANDED, newer);
		const textsBefore = world.texts().length;
		await tickTwice(START.plus({ days: 3 }));
		expect(emailsTo(cases.get(booked)!.email)).toEqual([]);
		expect(world.texts().length).toBe(textsBefore);
		const others = withEmail.slice(1);
		expect(others.length).toBeGreaterThan(3);
		for (const [, c] of others) expect(emailsTo(c.email)).toHaveLength(1);
		const rows = await journal();
		const stopped = rows.find((r) => r.kind === 'enrollment' && r.patientId === booked);
		expect(stopped).toMatchObject({ status: 'stopped' });
		// Gone from the pickup now too: stopped, having never been texted.
		expect(rows.find((r) => r.kind === 'enrollment' && r.patientId === landedGone)).toMatchObject({
			status: 'stopped',
		});
		expect(textsTo(cases.get(landedGone)!.mobile)).toEqual([]);
	}, 300_000);
});
