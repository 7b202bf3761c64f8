/**
 * Healing Check's parameters for one item. Every parameter may be an expression, so each is read
 * per item; the costly parses (questionnaire, hours, red flags) are done once per distinct value.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { parseDaysSince, parseMilestone, readAnswer, type HealingAnswer, type InputMode } from '../../core/healing/answer';
import type { HealingContext } from '../../core/healing/decide';
import { parsePracticeHours } from '../../core/healing/hours';
import { parseQuestionnaire, redFlagList } from '../../core/healing/questionnaire';
import { practiceTimezone, referenceNow } from '../shared/options';

export interface ItemReading {
	answer: HealingAnswer;
	context: HealingContext;
}

/** build, called once per distinct set of arguments. */
function memo<A extends string[], T>(build: (...args: A) => T): (...args: A) => T {
	const cache = new Map<string, T>();
	return (...args) => {
		const key = JSON.stringify(args);
		if (!cache.has(key)) cache.set(key, build(...args));
		return cache.get(key) as T;
	};
}

function required(value: unknown, name: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new Error(`${name} must be set: the patient's reply names the practice and the number to call`);
	return text;
}

/** A reader of item i's answer and decision context. Plain errors; the node adds the item index. */
export function itemReader(ctx: IExecuteFunctions): (i: number) => ItemReading {
	const node = ctx.getNode();
	const items = ctx.getInputData();
	const questionnaires = memo((json: string) => parseQuestionnaire(json));
	const redFlags = memo((extra: string) => redFlagList(extra));
	const hours = memo((text: string, zone: string, closed: string) => parsePracticeHours(text, zone, closed));
	return (i) => {
		const param = (name: string, fallback?: unknown) => ctx.getNodeParameter(name, i, fallback) as unknown;
		const options = param('options', {}) as IDataObject;
		const raw = param('questionnaire');
		const questionnaire = questionnaires(typeof raw === 'string' ? raw : JSON.stringify(raw));
		const mode = param('input') as InputMode;
		const zone = practiceTimezone(node, options.timezone, ctx.getTimezone());
		const context: HealingContext = {
			milestone: parseMilestone(param('milestone', '')),
			daysSince: parseDaysSince(param('daysSince', '')),
			now: referenceNow(node, options.now, zone, i),
			hours: hours(String(param('practiceHours')), zone, String(options.closedDates ?? '')),
			escalateWithinHours: param('escalateWithin', 4) as number,
			questionnaire,
			redFlags: redFlags(String(param('redFlags', ''))),
			practice: { name: required(param('practiceName'), 'Practice Name'), phone: required(param('practicePhone'), 'Practice Phone') },
		};
		const answer = readAnswer(items[i].json, mode === 'form' ? null : param('replyText', null), mode, questionnaire);
		return { answer, context };
	};
}
