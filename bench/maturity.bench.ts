/**
 * Maturity Score > Measure and > Patient Risk over a 50,000-patient practice in a real n8n, against
 * the same numbers built the way a consultant would with n8n's own nodes, on the same items: two
 * Code nodes (run once for all items) on the merged PMS items, and the same two after an Aggregate
 * node (all items into one list). Each workflow is started by a webhook and answers when its last
 * node is done, with the measurement and the call list, which must be the same for all of them; a
 * workflow that only makes the data is the baseline taken off the others, with the band that
 * leaves (bench/stats.ts: a ratio only where the bands allow one). Each workflow gets an n8n of its
 * own (see contender), a warm-up, then CHAIRSIDE_BENCH_RUNS runs (default 5). Memory is the
 * resident set of the n8n process, and of n8n with its task runner (where Code nodes run), sampled
 * every 10 ms, above the idle n8n.
 *   npm run bench
 *   CHAIRSIDE_BENCH_PATIENTS=5000 node .build/bench/maturity.bench.js     (a quick run)
 *   CHAIRSIDE_BENCH_VERBOSE=1 ...                                          (every run's time and peak)
 */
import fs from 'node:fs';
import type { DateTime as LuxonDateTime } from 'luxon';
import { setupOwner } from '../sandbox/n8n/owner';
import { freePort, N8nSandbox } from '../sandbox/n8n/runner';
import { bandOf, describe, describeBand, minus, ratio, summarize, type Summary } from './stats';
import {
	get,
	link,
	node,
	practiceCredentials,
	practiceProfile,
	workflow,
	type BenchLink,
	type BenchNode,
} from './workflow';

const PATIENTS = Number(process.env.CHAIRSIDE_BENCH_PATIENTS ?? 50_000);
const RUNS = Math.max(3, Number(process.env.CHAIRSIDE_BENCH_RUNS ?? 5));
/** Monday 07:00 in Chicago, when the weekly report runs. */
const NOW = '2026-03-09T12:00:00.000Z';
const TODAY = '2026-03-09';
const ZONE = 'America/Chicago';

type Json = Record<string, unknown>;
/** A PMS item as the consultant's code reads it (appointment, completed procedure or presented plan). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- what a Code node's $json is
type Row = Record<string, any>;

/**
 * The data, as the three PMS nodes and the Merge node would give it (the weekly report's reads):
 * appointments of the last 3 years and the next 6 months, completed procedures of the last 2
 * years, plans presented in the last 90 days. Per patient: a recall habit (6-monthly, perio
 * 3-monthly, yearly, or now and then), a no-show habit (most 7.5%, one in ten 30%: about 10% of
 * past appointments broken, each rebooked 1-4 weeks later), one in five new during the 3 years,
 * one in four gone at some point, 70% with the next cleaning booked, restorative visits after one
 * exam in five, a plan presented at 18% of the window's visits (61% accepted). Deterministic: a
 * generator seeded per patient. Runs inside n8n's Code node, so it uses nothing from outside.
 */
function makePractice(patients: number, today: string): Array<{ json: Json }> {
	const DAY = 86_400_000;
	const todayNum = Date.parse(today) / DAY;
	const histStart = todayNum - 1095;
	const procFrom = todayNum - 730;
	const windowFrom = todayNum - 89;
	// yyyy-MM-dd and Chicago's offset (second Sunday of March to first Sunday of November) per day.
	const dayStr: Record<number, string> = {};
	const offset: Record<number, string> = {};
	const sunday = (year: number, month: number, nth: number) => {
		const first = Date.UTC(year, month, 1) / DAY;
		return first + ((7 - ((first + 4) % 7)) % 7) + 7 * (nth - 1);
	};
	for (let d = histStart - 400; d <= todayNum + 400; d++) {
		const s = new Date(d * DAY).toISOString().slice(0, 10);
		const year = Number(s.slice(0, 4));
		dayStr[d] = s;
		offset[d] = d >= sunday(year, 2, 2) && d < sunday(year, 10, 1) ? '-05:00' : '-06:00';
	}
	const weekday = (d: number) => {
		const w = (d + 4) % 7;
		return w === 6 ? d + 2 : w === 0 ? d + 1 : d;
	};
	const CLINICS = ['LKSD', 'RVRS', 'DTWN', 'NGAT'];
	const HYGIENE: Record<string, [string, string, number]> = {
		D0120: ['Periodic oral evaluation - established patient', 'diagnostic', 65],
		D0274: ['Bitewings - four radiographic images', 'diagnostic', 85],
		D1110: ['Prophylaxis - adult', 'hygiene', 120],
		D4910: ['Periodontal maintenance', 'perio', 175],
	};
	// code, description, category, milestone, fee, share
	const RESTORATIVE: Array<[string, string, string, string | null, number, number]> = [
		['D2392', 'Resin-based composite - two surfaces, posterior', 'restorative', null, 225, 0.5],
		['D2740', 'Crown - porcelain/ceramic', 'crown', null, 1295, 0.2],
		['D3330', 'Endodontic therapy, molar tooth (excluding final restoration)', 'endo', null, 1250, 0.1],
		[
			'D7140',
			'Extraction, erupted tooth or exposed root (elevation and/or forceps removal)',
			'oral_surgery',
			'extraction',
			195,
			0.1,
		],
		['D6010', 'Surgical placement of implant body: endosteal implant', 'implant', 'implant_placement', 2250, 0.05],
		['D4341', 'Periodontal scaling and root planing - four or more teeth per quadrant', 'perio', null, 270, 0.05],
	];
	const out: Array<{ json: Json }> = [];
	let aptNum = 1;
	let procNum = 1;
	let planNum = 1;
	for (let p = 1; p <= patients; p++) {
		// mulberry32, seeded per patient: a smaller practice is the same patients, fewer of them.
		let seed = (p * 2654435761) >>> 0;
		const rng = () => {
			seed = (seed + 0x6d2b79f5) >>> 0;
			let t = seed;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		const PatNum = p;
		const patientId = String(p);
		const clinicIndex = p % CLINICS.length;
		const clinic = CLINICS[clinicIndex];
		const feeScale = 1 + clinicIndex * 0.05;
		const hygienist = 'RDH' + (1 + (p % 9));
		const dentist = 'DDS' + (1 + (p % 7));
		const habit = rng();
		const perio = habit >= 0.6 && habit < 0.75;
		const interval = habit < 0.6 ? 182 : perio ? 91 : habit < 0.9 ? 365 : 0;
		const noShow = rng() < 0.1 ? 0.3 : 0.075;
		const first =
			rng() < 0.2 ? histStart + Math.floor(rng() * 1095) : histStart + Math.floor(rng() * (interval || 365));
		const gone = rng() < 0.25 ? histStart + Math.floor(rng() * 1095) : Infinity;
		const prebooks = rng() < 0.7;
		const appointment = (d: number, status: string, isHygiene: boolean) => {
			const hour = 8 + Math.floor(rng() * 9);
			const id = aptNum++;
			out.push({
				json: {
					id: String(id),
					patientId,
					status,
					start: `${dayStr[d]}T${String(hour).padStart(2, '0')}:${rng() < 0.5 ? '00' : '30'}:00.000${offset[d]}`,
					lengthMinutes: isHygiene ? 60 : 90,
					provider: isHygiene ? hygienist : dentist,
					operatory: (isHygiene ? 'Hyg ' : 'Op ') + (1 + (id % 6)),
					clinic,
					isHygiene,
					confirmed:
						status === 'scheduled'
							? rng() < 0.5
								? 'Unconfirmed'
								: 'Confirmed'
							: status === 'completed'
								? 'Arrived'
								: null,
					pmsIds: { AptNum: id, PatNum },
				},
			});
			return String(id);
		};
		const procedure = (
			d: number,
			appointmentId: string,
			code: string,
			description: string,
			category: string,
			milestone: string | null,
			fee: number,
			provider: string,
			tooth: string | null,
		) => {
			const id = procNum++;
			out.push({
				json: {
					id: String(id),
					patientId,
					code,
					description,
					category,
					milestone,
					occurredOn: dayStr[d],
					appointmentId,
					provider,
					fee: Math.round(fee * feeScale),
					tooth,
					pmsIds: { ProcNum: id, PatNum, AptNum: Number(appointmentId) },
				},
			});
		};
		const restorativeWork = () => {
			let r = rng();
			for (const row of RESTORATIVE) {
				r -= row[5];
				if (r < 0) return row;
			}
			return RESTORATIVE[0];
		};
		if (rng() < 0.01) appointment(histStart + Math.floor(rng() * 1095), 'unscheduled_list', false);
		let d = first;
		for (;;) {
			d = weekday(d);
			if (d > gone) break;
			if (d >= todayNum) {
				if (prebooks && d <= todayNum + 183) appointment(d, 'scheduled', interval > 0);
				break;
			}
			if (rng() < noShow) {
				appointment(d, 'broken', interval > 0);
				d += 7 + Math.floor(rng() * 21);
				continue;
			}
			const aptId = appointment(d, 'completed', interval > 0);
			if (d >= procFrom) {
				const exam = HYGIENE.D0120;
				procedure(d, aptId, 'D0120', exam[0], exam[1], null, exam[2], dentist, null);
				const cleaning = perio ? 'D4910' : 'D1110';
				if (interval > 0)
					procedure(
						d,
						aptId,
						cleaning,
						HYGIENE[cleaning][0],
						HYGIENE[cleaning][1],
						null,
						HYGIENE[cleaning][2],
						hygienist,
						null,
					);
				if (rng() < 0.5)
					procedure(d, aptId, 'D0274', HYGIENE.D0274[0], HYGIENE.D0274[1], null, HYGIENE.D0274[2], hygienist, null);
			}
			if (d >= windowFrom && rng() < 0.18) {
				const fee = Math.round((300 + Math.floor(rng() * 3700)) * feeScale);
				const r = rng();
				const status =
					r < 0.61
						? d < todayNum - 30 && rng() < 0.5
							? 'completed'
							: 'scheduled'
						: r < 0.61 + 0.39 * 0.3
							? 'declined'
							: 'open';
				const acceptedFee =
					status === 'completed' ? fee : status === 'scheduled' ? (rng() < 0.3 ? Math.round(fee * 0.6) : fee) : 0;
				const id = planNum++;
				out.push({
					json: {
						planId: String(id),
						patientId,
						presentedOn: dayStr[d],
						status,
						fee,
						acceptedFee,
						provider: dentist,
						pmsIds: { TreatPlanNum: id, PatNum, ProcNums: '' },
					},
				});
			}
			if (rng() < 0.22) {
				const r = weekday(d + 14 + Math.floor(rng() * 21));
				if (r < todayNum) {
					if (rng() < noShow) appointment(r, 'broken', false);
					else {
						const id = appointment(r, 'completed', false);
						const [code, description, category, milestone, fee] = restorativeWork();
						if (r >= procFrom)
							procedure(
								r,
								id,
								code,
								description,
								category,
								milestone,
								fee,
								dentist,
								String(1 + Math.floor(rng() * 32)),
							);
					}
				} else if (r <= todayNum + 183) appointment(r, 'scheduled', false);
			}
			d += interval ? interval - 14 + Math.floor(rng() * 29) : 200 + Math.floor(rng() * 300);
		}
	}
	return out;
}

/**
 * The consultant's Measure: one Code node over all the items, with the definitions of
 * core/maturity/measure.ts (90-day window, lapsed after 12 months) written out by hand. Lean on
 * purpose (string dates, Maps, luxon only for the window's edges), so the ratio is not flattered.
 */
function consultantKpis(
	items: Array<{ json: Json }>,
	nowIso: string,
	zone: string,
	DateTime: typeof LuxonDateTime,
): Array<{ json: Json }> {
	const now = DateTime.fromISO(nowIso).setZone(zone);
	const day = now.startOf('day');
	const first = day.minus({ days: 89 });
	const from = first.toISODate() as string;
	const to = day.toISODate() as string;
	const nowKey = now.toFormat("yyyy-MM-dd'T'HH:mm:ss");
	const lapseLine = first.minus({ months: 12 }).toISODate() as string;
	const yearAgo = day.minus({ years: 1 }).toISODate() as string;
	let booked = 0,
		completed = 0,
		broken = 0,
		completedPast = 0,
		brokenPast = 0;
	let presented = 0,
		accepted = 0,
		presentedFee = 0,
		acceptedFee = 0;
	let windowProduction = 0,
		yearProduction = 0;
	let appointments = 0,
		procedures = 0,
		plans = 0;
	const yearPatients = new Set<string>();
	const visits = new Map<string, { before: string; inWindow: string; latest: string }>();
	for (const { json } of items) {
		const row = json as unknown as Row;
		if ('planId' in row) {
			plans++;
			if (row.presentedOn < from || row.presentedOn > to) continue;
			presented++;
			presentedFee += row.fee;
			acceptedFee += row.acceptedFee;
			if (row.status === 'scheduled' || row.status === 'completed') accepted++;
		} else if ('occurredOn' in row) {
			procedures++;
			const date = row.occurredOn;
			if (date >= from && date <= to) windowProduction += row.fee;
			if (date > yearAgo && date <= to) {
				yearProduction += row.fee;
				yearPatients.add(row.patientId);
			}
		} else if ('start' in row) {
			appointments++;
			const status = row.status;
			if (status !== 'scheduled' && status !== 'completed' && status !== 'broken') continue;
			const date = row.start.slice(0, 10);
			const key = row.start.slice(0, 19);
			let v = visits.get(row.patientId);
			if (!v) visits.set(row.patientId, (v = { before: '', inWindow: '', latest: '' }));
			if (key > v.latest) v.latest = key;
			const inWindow = date >= from && date <= to;
			if (inWindow) booked++;
			if (status === 'broken' && inWindow) {
				broken++;
				if (key < nowKey) brokenPast++;
			}
			if (status !== 'completed') continue;
			if (date > yearAgo && date <= to) yearPatients.add(row.patientId);
			if (date < from) {
				if (date > v.before) v.before = date;
			} else if (inWindow) {
				completed++;
				if (key < nowKey) completedPast++;
				if (key > v.inWindow) v.inWindow = key;
			}
		}
	}
	let lapsed = 0,
		reactivated = 0,
		seen = 0,
		rebooked = 0;
	for (const v of visits.values()) {
		if (v.before && v.before < lapseLine) {
			lapsed++;
			if (v.inWindow) reactivated++;
		}
		if (v.inWindow) {
			seen++;
			if (v.latest > v.inWindow) rebooked++;
		}
	}
	const rate = (n: number, d: number) => ({ value: d > 0 ? n / d : null, numerator: n, denominator: d });
	const cents = (n: number) => Math.round(n * 100) / 100;
	const weeks = 90 / 7;
	return [
		{
			json: {
				from,
				to,
				metrics: {
					noShowRate: rate(brokenPast, brokenPast + completedPast),
					unscheduledRecovery: rate(accepted, presented),
					treatmentAcceptance: rate(cents(acceptedFee), cents(presentedFee)),
					recallReactivation: rate(reactivated, lapsed),
					rebookingRate: rate(rebooked, seen),
				},
				economics: {
					appointmentsPerWeek: Math.round(((completed + broken) / weeks) * 10) / 10,
					lapsedPatients: lapsed,
					averageAppointmentValue: cents(windowProduction / completed),
					treatmentPresentedPerWeek: cents(presentedFee / weeks),
					reactivatedPatientValue: cents(yearProduction / yearPatients.size),
				},
				read: { appointments, procedures, plans, booked },
			},
		},
	];
}

/**
 * The consultant's Patient Risk: one Code node over all the items, with core/maturity/risk.ts's
 * rules (3 visits make a usual interval, drifting at 1.25x it, shrinking under 60% of the year
 * before, missed visits, nothing booked; VIP is the top 10% by 2-year spend; the 12 with most
 * dollars at risk).
 */
function consultantRisk(
	items: Array<{ json: Json }>,
	nowIso: string,
	zone: string,
	DateTime: typeof LuxonDateTime,
): Array<{ json: Json }> {
	const now = DateTime.fromISO(nowIso).setZone(zone);
	const day = now.startOf('day');
	const today = day.toISODate() as string;
	const yearAgo = day.minus({ years: 1 }).toISODate() as string;
	const twoYearsAgo = day.minus({ years: 2 }).toISODate() as string;
	const nowKey = now.toFormat("yyyy-MM-dd'T'HH:mm:ss");
	type Patient = {
		id: string;
		visits: string[];
		procedureDays: string[];
		missed: number;
		booked: boolean;
		last: number;
		before: number;
	};
	const patients = new Map<string, Patient>();
	const patient = (id: string) => {
		let p = patients.get(id);
		if (!p) patients.set(id, (p = { id, visits: [], procedureDays: [], missed: 0, booked: false, last: 0, before: 0 }));
		return p;
	};
	for (const { json } of items) {
		const row = json as unknown as Row;
		if ('planId' in row) continue;
		if ('occurredOn' in row) {
			const date = row.occurredOn;
			if (date > today) continue;
			const p = patient(row.patientId);
			p.procedureDays.push(date);
			if (date > yearAgo) p.last += row.fee;
			else if (date > twoYearsAgo) p.before += row.fee;
		} else if ('start' in row) {
			const p = patient(row.patientId);
			const date = row.start.slice(0, 10);
			if (row.status === 'completed' && date <= today) p.visits.push(date);
			else if (row.status === 'broken' && date > yearAgo && date <= today) p.missed++;
			else if (row.status === 'scheduled' && row.start.slice(0, 19) > nowKey) p.booked = true;
		}
	}
	const days = (iso: string) => Date.parse(iso) / 86_400_000;
	const todayDays = days(today);
	const scored = [];
	for (const p of patients.values()) {
		const dates = [...new Set(p.visits.length ? p.visits : p.procedureDays)].sort();
		if (!dates.length) continue;
		const lastVisit = dates[dates.length - 1];
		const daysSince = todayDays - days(lastVisit);
		let usual: number | null = null;
		if (dates.length >= 3) {
			const gaps = dates
				.slice(1)
				.map((d, i) => days(d) - days(dates[i]))
				.sort((a, b) => a - b);
			const mid = gaps.length >> 1;
			usual = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
		}
		const reasons: string[] = [];
		let keep = 1;
		if (usual && !p.booked && daysSince / usual >= 1.25) {
			reasons.push('cadence_drift');
			keep *= 1 - 0.6 * Math.min(1, daysSince / usual / 2);
		}
		if (p.before > 0 && p.last < 0.6 * p.before) {
			reasons.push('shrinking_spend');
			keep *= 1 - 0.5 * (1 - p.last / p.before);
		}
		if (p.missed > 0) {
			reasons.push('missed_appointments');
			keep *= 1 - 0.4 * (1 - 0.5 ** p.missed);
		}
		if (!p.booked) {
			reasons.push('no_future_visit');
			keep *= 1 - 0.2;
		}
		const churnRisk = 1 - keep;
		const atStake = Math.max(p.last, p.before);
		scored.push({
			p,
			lastVisit,
			usual,
			daysSince,
			reasons,
			churnRisk,
			atStake,
			priority: churnRisk * atStake,
			vip: false,
		});
	}
	const spend = scored
		.map((s) => s.p.last + s.p.before)
		.filter((v) => v > 0)
		.sort((a, b) => a - b);
	const vipThreshold = spend.length ? spend[spend.length - Math.ceil(spend.length * 0.1)] : 0;
	for (const s of scored) s.vip = vipThreshold > 0 && s.p.last + s.p.before >= vipThreshold;
	const list = scored
		.filter((s) => s.reasons.some((r) => r !== 'no_future_visit'))
		.sort(
			(a, b) =>
				b.priority - a.priority ||
				Number(b.vip) - Number(a.vip) ||
				b.churnRisk - a.churnRisk ||
				Number(a.p.id) - Number(b.p.id),
		)
		.slice(0, 12);
	const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
	return list.map((s, i) => ({
		json: {
			rank: i + 1,
			patientId: s.p.id,
			churnRisk: round(s.churnRisk, 3),
			vip: s.vip,
			reasons: s.reasons,
			atStake: round(s.atStake, 2),
			lastVisit: s.lastVisit,
			usualIntervalWeeks: s.usual === null ? null : round(s.usual / 7, 1),
			weeksSinceVisit: round(s.daysSince / 7, 1),
			missedLastYear: s.p.missed,
			spendLastYear: round(s.p.last, 2),
			spendYearBefore: round(s.p.before, 2),
			vipThreshold: round(vipThreshold, 2),
			patientsScored: scored.length,
		},
	}));
}

// The Code nodes run these functions' own text: what is timed is what is type-checked here.
const MAKE_DATA = `return (${makePractice.toString()})(${PATIENTS}, '${TODAY}');`;
const KPIS = `return (${consultantKpis.toString()})($input.all(), '${NOW}', '${ZONE}', DateTime);`;
const CALL_LIST = `return (${consultantRisk.toString()})($input.all(), '${NOW}', '${ZONE}', DateTime);`;

/** The practice's zone for every workflow: the Code nodes read $now and dates in it. */
const zoned = (name: string, nodes: BenchNode[], links: BenchLink[]) =>
	workflow(name, nodes, links, { timezone: ZONE });

/** Answers with the last node's items: the measurement and the call list, checked against each other. */
const start = (path: string, responseData: 'noData' | 'allEntries') => [
	node(
		'Start',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'GET', path, responseMode: 'lastNode', responseData, options: {} },
		0,
		0,
		{ webhookId: `bench-${path}` },
	),
	node('All PMS Items', 'n8n-nodes-base.code', { jsCode: MAKE_DATA }, 200),
];
const dataLinks = (a: string, b: string) => [
	link('Start', 'All PMS Items'),
	link('All PMS Items', a),
	link('All PMS Items', b),
	link(a, 'Report Items', 0, 0),
	link(b, 'Report Items', 0, 1),
];
const reportItems = node('Report Items', 'n8n-nodes-base.merge', {}, 700);

const options = { timezone: ZONE, now: NOW };
const chairside = zoned(
	'bench: Maturity Score',
	[
		...start('maturity', 'allEntries'),
		node(
			'Measure',
			'n8n-nodes-chairside.maturityScore',
			{ operation: 'measure', windowDays: 90, lapsedMonths: 12, otherSources: {}, options },
			450,
			-150,
			{ credentials: practiceCredentials },
		),
		node(
			'Patient Risk',
			'n8n-nodes-chairside.maturityScore',
			{ operation: 'patientRisk', listSize: 12, risk: {}, options },
			450,
			150,
			{ credentials: practiceCredentials },
		),
		reportItems,
	],
	dataLinks('Measure', 'Patient Risk'),
);

const consultant = zoned(
	'bench: Code nodes',
	[
		...start('code', 'allEntries'),
		node('KPIs', 'n8n-nodes-base.code', { jsCode: KPIS }, 450, -150),
		node('Call List', 'n8n-nodes-base.code', { jsCode: CALL_LIST }, 450, 150),
		reportItems,
	],
	dataLinks('KPIs', 'Call List'),
);

// The same code after an Aggregate node: one item holding every item's JSON in "data".
const fromAggregate = (fn: (...args: never[]) => unknown) =>
	`return (${fn.toString()})($input.first().json.data.map((json) => ({ json })), '${NOW}', '${ZONE}', DateTime);`;
const aggregated = zoned(
	'bench: Aggregate + Code nodes',
	[
		...start('aggregate', 'allEntries'),
		node(
			'Aggregate',
			'n8n-nodes-base.aggregate',
			{ aggregate: 'aggregateAllItemData', destinationFieldName: 'data', include: 'allFields', options: {} },
			350,
		),
		node('KPIs', 'n8n-nodes-base.code', { jsCode: fromAggregate(consultantKpis) }, 450, -150),
		node('Call List', 'n8n-nodes-base.code', { jsCode: fromAggregate(consultantRisk) }, 450, 150),
		reportItems,
	],
	[
		link('Start', 'All PMS Items'),
		link('All PMS Items', 'Aggregate'),
		link('Aggregate', 'KPIs'),
		link('Aggregate', 'Call List'),
		link('KPIs', 'Report Items', 0, 0),
		link('Call List', 'Report Items', 0, 1),
	],
);

const baseline = zoned(
	'bench: data only',
	[...start('baseline', 'noData'), node('Done', 'n8n-nodes-base.noOp', {}, 450)],
	[link('Start', 'All PMS Items'), link('All PMS Items', 'Done')],
);

const rssKb = (pid: number) => {
	try {
		return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
	} catch {
		return 0; // gone (a runner restarted)
	}
};
/** n8n's child processes: the task runner the Code nodes run in. */
const children = (pid: number): number[] => {
	const found: number[] = [];
	for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
		const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
		if (text) found.push(...text.split(/\s+/).map(Number));
	}
	return found;
};
const treeKb = (pid: number) => rssKb(pid) + children(pid).reduce((sum, child) => sum + rssKb(child), 0);

/** Per workflow: runs after which n8n failed its own database health check (see ready). */
const notReady = new Map<string, number>();

interface Run {
	ms: number;
	/** Peak resident memory during the run: n8n's own process, and n8n with its task runner. */
	peakKb: number;
	treePeakKb: number;
	items: Json[];
}

/**
 * Waits until n8n says it is ready. It pings its database every 2 s with a 5 s timeout; an event
 * loop busy with 775,000 items for longer fails the ping, and for a moment after, every request
 * is answered 503 "Database is not ready!". Returns whether it had to wait.
 */
async function ready(base: string): Promise<boolean> {
	const deadline = Date.now() + 60_000;
	let waited = false;
	while ((await fetch(`${base}/healthz/readiness`)).status !== 200) {
		if (Date.now() > deadline) throw new Error('n8n was not ready again within 60 s');
		waited = true;
		await new Promise((r) => setTimeout(r, 250));
	}
	return waited;
}

/** Wall time of one webhook-started run, with n8n's memory sampled every 10 ms while it lasts. */
async function once(base: string, path: string, pid: number): Promise<Run> {
	if (await ready(base)) notReady.set(path, (notReady.get(path) ?? 0) + 1);
	let peakKb = rssKb(pid);
	let treePeakKb = treeKb(pid);
	const sampler = setInterval(() => {
		peakKb = Math.max(peakKb, rssKb(pid));
		treePeakKb = Math.max(treePeakKb, treeKb(pid));
	}, 10);
	const t0 = performance.now();
	const response = await get(`${base}/webhook/${path}`);
	const text = response.body;
	const ms = performance.now() - t0;
	clearInterval(sampler);
	if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 500)}`);
	if (process.env.CHAIRSIDE_BENCH_VERBOSE)
		console.log(
			`    ${path}: ${ms.toFixed(0)} ms, peak ${(peakKb / 1024).toFixed(0)} MB (n8n), ${(treePeakKb / 1024).toFixed(0)} MB (with its task runner)`,
		);
	const body = text ? (JSON.parse(text) as Json | Json[]) : [];
	return { ms, peakKb, treePeakKb, items: Array.isArray(body) ? body : [body] };
}

interface Result {
	/** Whole-run times of the runs after the warm-up. */
	ms: Summary;
	/** Peak resident memory above the idle n8n: its own process, and with its task runner. */
	mb: number;
	treeMb: number;
	items: Json[];
}

/**
 * One workflow in an n8n of its own, started for it: warmed up, run 3 times (median), stopped.
 * One n8n for all four would measure the order: V8 keeps the heap a run of 775,000 items grew
 * (1.5 GB after the data alone), so whatever ran later looked cheap, and it would pay for
 * collecting the earlier runs' garbage.
 */
async function contender(n8n: N8nSandbox, path: string, check: (run: Run) => void, runs = RUNS): Promise<Result> {
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	await n8n.start(port, {}, () => undefined);
	try {
		await setupOwner(base);
		// Published workflows are activated a moment after the REST API answers. Asked with DELETE,
		// n8n says a path is "not registered for DELETE" once it is there for GET, without running it.
		const registered = async () =>
			/not registered for DELETE/.test(await (await fetch(`${base}/webhook/${path}`, { method: 'DELETE' })).text());
		while (!(await registered())) await new Promise((r) => setTimeout(r, 250));
		await new Promise((r) => setTimeout(r, 2000));
		const pid = n8n.pid as number;
		const idleKb = rssKb(pid);
		const treeIdleKb = treeKb(pid);
		const warmUp = await once(base, path, pid); // code paths compiled, caches filled
		check(warmUp);
		const results: Run[] = [];
		for (let i = 0; i < runs; i++) {
			const run = await once(base, path, pid);
			check(run);
			results.push(run);
		}
		// Memory: the most any run needed, the first included (a weekly report may well be the first run).
		const all = [warmUp, ...results];
		return {
			ms: summarize(results.map((r) => r.ms)),
			mb: (Math.max(...all.map((r) => r.peakKb)) - idleKb) / 1024,
			treeMb: (Math.max(...all.map((r) => r.treePeakKb)) - treeIdleKb) / 1024,
			items: results[0].items,
		};
	} finally {
		await n8n.stop();
	}
}

/** What both sides must agree on: every rate with its counts, the economics, and the call list in order. */
function headline(items: Json[]): Json {
	const [measured, ...list] = items as Array<
		Json & {
			metrics?: Record<string, { value: number | null; numerator: number; denominator: number }>;
			economics?: Json;
		}
	>;
	if (!measured?.metrics) throw new Error(`no measurement in the answer: ${JSON.stringify(items).slice(0, 300)}`);
	const rates = Object.fromEntries(
		['noShowRate', 'unscheduledRecovery', 'treatmentAcceptance', 'recallReactivation', 'rebookingRate'].map((id) => {
			const m = measured.metrics?.[id];
			return [id, m ? `${m.numerator}/${m.denominator}` : 'missing'];
		}),
	);
	return {
		rates,
		economics: measured.economics,
		list: list.map((p) =>
			[
				p.rank,
				p.patientId,
				p.churnRisk,
				p.vip,
				p.atStake,
				p.lastVisit,
				p.usualIntervalWeeks,
				p.weeksSinceVisit,
				p.missedLastYear,
				p.spendLastYear,
				p.spendYearBefore,
			].join(' '),
		),
		reasons: list.map((p) =>
			(p.reasons as Array<string | { reason: string }>).map((r) => (typeof r === 'string' ? r : r.reason)).join(','),
		),
		vipThreshold: list[0]?.vipThreshold,
		patientsScored: list[0]?.patientsScored,
	};
}

const pct = (m: { value: number | null } | undefined) =>
	m?.value === null || m?.value === undefined ? 'n/a' : `${(m.value * 100).toFixed(1)}%`;
/** Signed: at a few thousand patients a peak can land under the data's own (noise, not savings). */
const mb = (n: number) => `${n < 0 ? '' : '+'}${n.toFixed(0)} MB`;

async function main(): Promise<void> {
	const n8n = await N8nSandbox.create();
	try {
		await n8n.importCredentials([practiceProfile(ZONE)]);
		const ids = await n8n.importWorkflows([
			{ ...chairside, id: 'benchmaturity001' },
			{ ...consultant, id: 'benchmatcode0001' },
			{ ...aggregated, id: 'benchmatagg00001' },
			{ ...baseline, id: 'benchmatbase0001' },
		]);
		for (const id of ids) await n8n.cli(['publish:workflow', `--id=${id}`]);
		let expected: string | null = null;
		let answer: Json[] = [];
		// Every run of every workflow must give the same measurement and call list, or the ratio compares different work.
		const agree = (side: string) => (run: Run) => {
			const got = JSON.stringify(headline(run.items), null, 1);
			if (expected === null) {
				expected = got;
				answer = run.items;
			} else if (got !== expected) {
				throw new Error(
					`${side} disagree with Maturity Score: the bench would compare different work.\nMaturity Score:\n${expected}\n${side}:\n${got}`,
				);
			}
		};
		const data = await contender(n8n, 'baseline', () => undefined);
		const ours = await contender(n8n, 'maturity', agree('Maturity Score'));
		const code = await contender(n8n, 'code', agree('the Code nodes'));
		const aggregate = await contender(n8n, 'aggregate', agree('Aggregate + Code nodes'));

		// Own time: the whole run less the run that only makes the data, with the band that leaves.
		const own = (r: Result) => minus(bandOf(r.ms), bandOf(data.ms));
		const extra = (r: Result) => r.treeMb - data.treeMb;
		const measured = answer[0] as {
			read: { appointments: number; procedures: number; plans: number; skipped: number };
			metrics: Record<string, { value: number | null }>;
		};
		const read = measured.read;
		const n = read.appointments + read.procedures + read.plans + read.skipped;
		const list = answer.slice(1) as Array<{ patientId: string; patientsScored: number }>;
		const count = (x: number) => Math.round(x).toLocaleString('en-US');
		const row = (label: string, r: Result) => {
			const mine = own(r);
			const rate = mine.lo > 0 ? `${count((n / mine.median) * 1000)} items/s` : 'items/s not measurable';
			return `  ${label.padEnd(42)}${describeBand(mine, 'ms').padStart(30)} ${rate.padStart(22)}   peak memory ${mb(r.mb - data.mb).padStart(8)} (n8n) ${mb(extra(r)).padStart(8)} (with its task runner)`;
		};
		console.log(
			`Maturity Score > Measure + Patient Risk over a ${count(PATIENTS)}-patient practice in a real n8n 2.41.1 (each workflow in an n8n of its own, ${RUNS} runs after a warm-up)`,
		);
		console.log(
			`  ${count(n)} PMS items: ${count(read.appointments)} appointments (3 years + 6 months ahead), ${count(read.procedures)} completed procedures (2 years), ${count(read.plans)} presented plans (90 days)`,
		);
		console.log('  whole runs, webhook to answer:');
		for (const [label, r] of [
			['data only', data],
			['Maturity Score', ours],
			['Code nodes', code],
			['Aggregate + Code nodes', aggregate],
		] as const) {
			console.log(`    ${(label + ':').padEnd(26)} ${describe(r.ms, 'ms')}`);
		}
		console.log(
			`  own time, making the data taken off (band: the p25-p75 bands' worst pairing); data alone: peak memory ${mb(data.mb)} (n8n) ${mb(data.treeMb)} (with its task runner) above the idle n8n`,
		);
		console.log(row('Maturity Score (Measure + Patient Risk):', ours));
		console.log(row('Code nodes (KPIs + Call List):', code));
		console.log(row('Aggregate, then the same Code nodes:', aggregate));
		console.log(
			`  same answers: no-show ${pct(measured.metrics.noShowRate)}, recovery ${pct(measured.metrics.unscheduledRecovery)}, acceptance ${pct(measured.metrics.treatmentAcceptance)}, ` +
				`reactivation ${pct(measured.metrics.recallReactivation)}, rebooking ${pct(measured.metrics.rebookingRate)}; ${count(list[0]?.patientsScored ?? 0)} patients scored, ` +
				`call list ${list.map((p) => p.patientId).join(', ')} (every run of all three: counts, economics and list compared)`,
		);
		if (notReady.size) {
			console.log(
				`  n8n failed its own database health check (5 s ping) after runs of: ${[...notReady].map(([path, times]) => `${path} ${times}x`).join(', ')} (its event loop was busy that long; the next run waited for /healthz/readiness)`,
			);
		}
		// Memory is the most any run needed (one number a side, no spread): a ratio only when both are above the data's own.
		const memory = (r: Result) =>
			extra(ours) > 0 && extra(r) > 0
				? `${(extra(r) / extra(ours)).toFixed(1)}x the memory (peaks, one a side)`
				: "memory ratio not measurable (a peak at or under the data's own)";
		console.log("  ratios, time of n8n's own nodes over Maturity Score's:");
		console.log(
			`    Code nodes, own time:              ${ratio(own(code), own(ours), ['the Code nodes', 'Maturity Score']).text}; ${memory(code)}`,
		);
		console.log(
			`    Aggregate + Code, own time:        ${ratio(own(aggregate), own(ours), ['Aggregate + Code', 'Maturity Score']).text}; ${memory(aggregate)}`,
		);
		console.log(
			`    Code nodes, whole runs:            ${ratio(bandOf(code.ms), bandOf(ours.ms), ['the Code nodes', 'Maturity Score']).text}`,
		);
		console.log(
			`    Aggregate + Code, whole runs:      ${ratio(bandOf(aggregate.ms), bandOf(ours.ms), ['Aggregate + Code', 'Maturity Score']).text}`,
		);
		console.log(
			'  the Code nodes check nothing (Maturity Score validates every item and skips what does not fit, with why)',
		);
	} finally {
		await n8n.stop();
		n8n.dispose();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
