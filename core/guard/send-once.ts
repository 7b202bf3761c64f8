/**
 * Send-once keys for n8n's de-duplication store (workflow scope, shared with any other node of
 * the workflow that uses it, hence the prefix). The intent key is recorded before the provider is
 * called; the done key after it answered, so a later run can tell "sent" from "interrupted".
 */
import type { OutboundTouch } from '../messaging/touch';

export const SEND_INTENT_PREFIX = 'chairside.send:';
export const SEND_DONE_PREFIX = 'chairside.sent:';

export function sendOnceKey(touch: Pick<OutboundTouch, 'sendKey'>): string {
	return SEND_INTENT_PREFIX + touch.sendKey;
}

export function sendDoneKey(touch: Pick<OutboundTouch, 'sendKey'>): string {
	return SEND_DONE_PREFIX + touch.sendKey;
}
