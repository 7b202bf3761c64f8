/**
 * The keyword lists as node fields: one comma-separated "extra words" field per intent, each
 * showing its defaults, and one field of default words the practice does not want.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import {
	DEFAULT_REPLY_KEYWORDS,
	parseKeywordList,
	replyKeywords,
	type KeywordIntent,
	type ReplyKeywordLists,
} from '../../core/reply/keywords';

const LABELS: Record<KeywordIntent, string> = {
	book: 'Book',
	clinical: 'Clinical',
	cost: 'Cost',
	decline: 'Decline',
	help: 'Help',
	opt_in: 'Opt-In',
	opt_out: 'Opt-Out',
	timing: 'Timing',
};

const fieldName = (intent: KeywordIntent) => `${intent.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}Words`;

const field = (intent: KeywordIntent): INodeProperties => ({
	displayName: `Extra ${LABELS[intent]} Words`,
	name: fieldName(intent),
	type: 'string',
	default: '',
	placeholder: intent === 'opt_out' ? 'e.g. lose my number, =basta' : 'e.g. word, a phrase, =whole reply',
	description: `Comma-separated words or phrases added to the defaults: ${DEFAULT_REPLY_KEYWORDS[intent].join(', ')}. A leading = counts only as the whole reply, a leading ^ only at its start.`,
});

export const keywordFields: INodeProperties = {
	displayName: 'Keywords',
	name: 'keywords',
	type: 'collection',
	placeholder: 'Add Keywords',
	default: {},
	options: [
		...(Object.keys(LABELS) as KeywordIntent[]).map(field),
		{
			displayName: 'Words to Ignore',
			name: 'ignoreWords',
			type: 'string',
			default: '',
			placeholder: 'e.g. ok, sure',
			description:
				'Comma-separated default words that should not decide an intent at this practice (e.g. ok). Opt-out words cannot be ignored: Twilio unsubscribes on them regardless.',
		},
	],
};

/** The practice's lists from the node's Keywords field. */
export function keywordLists(value: IDataObject): ReplyKeywordLists {
	const extra: Partial<Record<KeywordIntent, string[]>> = {};
	for (const intent of Object.keys(LABELS) as KeywordIntent[])
		extra[intent] = parseKeywordList(value[fieldName(intent)] as string | undefined);
	return replyKeywords(extra, parseKeywordList(value.ignoreWords as string | undefined));
}
