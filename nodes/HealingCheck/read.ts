/**
 * Healing Check's parameters for one item. Every parameter may be an expression, so each is read
 * per item; the costly parses (questionnaire, hours, red flags) are done once per distinct value.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	parseDaysSince,
	parseMilestone,
	readAnswer,
	type HealingAnswer,
	type InputMode,
} from '../../core/healing/answer';
import type { HealingContext } from '../../core/healing/decide';
import { parseQuestionnaire, redFlagList } from '../../core/healing/questionnaire';
import type { PracticeProfile } from '../../core/practice/profile';
import { referenceNow } from '../shared/options';

export interface ItemReading {
	answer: HealingAnswer;
	context: HealingContext;
}

export type ItemReader = (i: number) => ItemReading;

/** build, called once per distinct set of arguments. */
function memo<A extends string[], T>(build: (...args: A) => T): (...args: A) => T {
	const cache = new Map<string, T>();
	return (...args) => {
		const key = JSON.stringify(args);
		if (!cache.has(key)) cache.set(key, build(...args));
		return cache.get(key) as T;
	};
}

/**
 * A reader of item i's answer and decision context. The practice's name, phone, zone, hours and
 * closed dates are its profile's. Plain errors; the router adds the item index.
 */
export function itemReader(ctx: IExecuteFunctions, profile: PracticeProfile): ItemReader {
	const node = ctx.getNode();
	const items = ctx.getInputData();
	const questionnaires = memo((json: string) => parseQuestionnaire(json));
	const redFlags = memo((extra: string) => redFlagList(extra));
	return (i) => {
		const param = (name: string, fallback?: unknown) => ctx.getNodeParameter(name, i, fallback) as unknown;
		const options = param('options', {}) as IDataObject;
		const raw = param('questionnaire');
		const questionnaire = questionnaires(typeof raw === 'string' ? raw : JSON.stringify(raw));
		const mode = param('input') as InputMode;
		const context: HealingContext = {
			milestone: parseMilestone(param('milestone', '')),
			daysSince: parseDaysSince(param('daysSince', '')),
			now: referenceNow(node, options.now, profile.zone, i),
			hours: profile.hours,
			escalateWithinHours: param('escalateWithin', 4) as number,
			questionnaire,
			redFlags: redFlags(String(param('redFlags', ''))),
			practice: { name: profile.name, phone: profile.phone },
		};
		const answer = readAnswer(items[i].json, mode === 'form' ? null : param('replyText', null), mode, questionnaire);
		return { answer, context };
	};
}
