/**
 * Twilio's default Advanced Opt-Out keywords and the replies Twilio itself sends. A keyword only
 * counts as the whole message (trimmed, any case): "stop by tomorrow" is not an opt-out.
 */

export type OptOutType = 'STOP' | 'START' | 'HELP';

const KEYWORDS: Readonly<Record<OptOutType, readonly string[]>> = {
	STOP: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
	START: ['START', 'YES', 'UNSTOP'],
	HELP: ['HELP', 'INFO'],
};

export const AUTO_REPLIES: Readonly<Record<OptOutType, string>> = {
	STOP: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
	START:
		'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
	HELP: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};

export function optOutType(body: string): OptOutType | undefined {
	const word = body.trim().toUpperCase();
	return (Object.keys(KEYWORDS) as OptOutType[]).find((type) => KEYWORDS[type].includes(word));
}
