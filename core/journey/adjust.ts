/**
 * A shipped journey's timings and thresholds as plain fields (Cadence Step > Journey Settings), so
 * a practice moves a day, turns a step off or changes the financing and staff-call amounts without
 * editing JSON. The fields come from the template itself: each default is the template's value, so
 * a field left alone changes nothing.
 */
import type { Journey, JourneyStep } from './template';
import { parseJourney } from './template';

export interface AdjustableField {
	/** The n8n parameter name: unique across every journey (the journey's id is in it). */
	name: string;
	label: string;
	description: string;
	type: 'number' | 'boolean';
	default: number | boolean;
	min?: number;
	max?: number;
	/** Where it goes in the journey. */
	target:
		| { kind: 'entry' }
		| { kind: 'day' | 'on' | 'stepValue'; step: string }
		| { kind: 'blockValue'; step: string; block: number };
}

const NOUNS = { sms: 'Text', email: 'Email', staff_task: 'Front Desk Call' } as const;
const ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth'];

const COUNTED_FROM: Record<string, string> = {
	enrolled: 'after the case starts the journey',
	due_date: 'from the due date (negative: before it)',
	last_visit: 'after the last visit',
	missed_appointment: 'after the missed visit',
	milestone: 'after the visit',
};

const camel = (id: string) => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (id: string) => camel(id).replace(/^./, (c) => c.toUpperCase());

/** "First Text", "Email", "Front Desk Call": the step among the journey's steps on its channel. */
function stepLabel(journey: Journey, step: JourneyStep): string {
	const same = journey.steps.filter((s) => s.channel === step.channel);
	const position = same.findIndex((s) => s.id === step.id);
	const phase = step.from === 'phase_window' ? 'Next-Visit ' : '';
	return same.length > 1
		? `${ORDINALS[position] ?? `Step ${position + 1}`} ${phase}${NOUNS[step.channel]}`
		: `${phase}${NOUNS[step.channel]}`;
}

function firstSentence(text: string): string {
	const sentence = /^[^.!?]*[.!?]/.exec(text)?.[0] ?? text;
	return sentence.length > 120 ? `${sentence.slice(0, 117)}...` : sentence;
}

/** Every field a journey offers, in step order. */
export function adjustableFields(journey: Journey): AdjustableField[] {
	const prefix = camel(journey.id);
	const fields: AdjustableField[] = [];
	if (journey.entry.minCaseValue !== undefined) {
		fields.push({
			name: `${prefix}EntryMinValue`,
			label: 'Start From Case Value ($)',
			description: 'Cases worth less than this do not start the journey',
			type: 'number',
			default: journey.entry.minCaseValue,
			min: 0,
			target: { kind: 'entry' },
		});
	}
	for (const step of journey.steps) {
		const label = stepLabel(journey, step);
		const key = `${prefix}${pascal(step.id)}`;
		const counted =
			step.from === 'phase_window'
				? 'after the next visit can be booked'
				: (COUNTED_FROM[journey.anchor] ?? 'after the visit (negative: before it)');
		fields.push({
			name: `${key}On`,
			label: `${label}: On`,
			description: `Whether this step happens at all. ${firstSentence(step.body)}`,
			type: 'boolean',
			default: true,
			target: { kind: 'on', step: step.id },
		});
		fields.push({
			name: `${key}Day`,
			label: `${label}: Day`,
			description: `Days ${counted}`,
			type: 'number',
			default: step.day,
			min: -365,
			max: 730,
			target: { kind: 'day', step: step.id },
		});
		if (step.when?.minCaseValue !== undefined) {
			fields.push({
				name: `${key}MinValue`,
				label: `${label}: From Case Value ($)`,
				description: 'Only for cases worth at least this much',
				type: 'number',
				default: step.when.minCaseValue,
				min: 0,
				target: { kind: 'stepValue', step: step.id },
			});
		}
		step.blocks.forEach((block, i) => {
			if (block.when.minCaseValue === undefined) return;
			fields.push({
				name: `${key}Block${i + 1}MinValue`,
				label: `${label}: ${/payment|financ/i.test(block.text) ? 'Financing Wording' : 'Extra Paragraph'} From ($)`,
				description: `This paragraph is added only for cases worth at least this much: "${firstSentence(block.text)}"`,
				type: 'number',
				default: block.when.minCaseValue,
				min: 0,
				target: { kind: 'blockValue', step: step.id, block: i },
			});
		});
	}
	return fields;
}

export class JourneySettingsError extends Error {}

/**
 * The journey with the fields' values: days moved (steps kept in day order), steps turned off,
 * thresholds changed. A field that is absent keeps the template's value; the result is checked by
 * the same schema as any template, and the journey runs long enough for its last step.
 */
export function adjustJourney(journey: Journey, values: Record<string, unknown>): Journey {
	const fields = adjustableFields(journey).filter((f) => values[f.name] !== undefined && values[f.name] !== '');
	if (!fields.length) return journey;
	const steps = journey.steps.map((s) => ({
		...s,
		when: s.when ? { ...s.when } : undefined,
		blocks: s.blocks.map((b) => ({ ...b, when: { ...b.when } })),
	}));
	const entry = { ...journey.entry };
	const off = new Set<string>();
	for (const field of fields) {
		const value = values[field.name];
		if (field.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value)))
			throw new JourneySettingsError(`Journey Settings, ${field.label}: must be a number`);
		const t = field.target;
		if (t.kind === 'entry') entry.minCaseValue = value as number;
		else {
			const step = steps.find((s) => s.id === t.step) as (typeof steps)[number];
			if (t.kind === 'on' && value === false) off.add(step.id);
			if (t.kind === 'day') step.day = Math.round(value as number);
			if (t.kind === 'stepValue') step.when = { ...step.when, minCaseValue: value as number };
			if (t.kind === 'blockValue') step.blocks[t.block].when.minCaseValue = value as number;
		}
	}
	const kept = steps.filter((s) => !off.has(s.id));
	if (!kept.length) throw new JourneySettingsError('Journey Settings: every step is turned off; turn at least one on');
	// Steps counted from the same point go in day order (a moved step takes its place among them).
	for (const from of ['anchor', 'phase_window'] as const) {
		const slots = kept.flatMap((s, i) => (s.from === from ? [i] : []));
		const ordered = slots.map((i) => kept[i]).sort((a, b) => a.day - b.day);
		slots.forEach((slot, i) => (kept[slot] = ordered[i]));
	}
	const lastDay = Math.max(...kept.filter((s) => s.from === 'anchor').map((s) => s.day), 0);
	const slack =
		journey.stopAfterDays - Math.max(...journey.steps.filter((s) => s.from === 'anchor').map((s) => s.day), 0);
	const stopAfterDays = Math.max(journey.stopAfterDays, lastDay + Math.max(slack, 1));
	try {
		return parseJourney({ ...journey, entry, steps: kept, stopAfterDays }, 'Journey Settings');
	} catch (error) {
		throw new JourneySettingsError((error as Error).message);
	}
}
