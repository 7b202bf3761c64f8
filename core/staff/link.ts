/**
 * The link in a staff alert that closes the task: the close form's address with the task's key,
 * an expiry and an HMAC-SHA256 signature over both (the secret is in the "Chairside Task Links"
 * credential). Only a link Chairside made closes a task: a guessed or edited key, or an expired
 * link, is refused before anything is written.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DateTime } from 'luxon';
import { StaffTaskInputError } from './task';

/** Shorter secrets are guessable offline from one captured link. */
export const MIN_LINK_SECRET_LENGTH = 32;
const TASK_KEY = /^task\/[^\s]{1,300}$/;
const UNTIL = /^\d{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function checkSecret(secret: string): void {
	if (typeof secret !== 'string' || secret.length < MIN_LINK_SECRET_LENGTH) {
		throw new StaffTaskInputError(
			'secret',
			`The task link secret is shorter than ${MIN_LINK_SECRET_LENGTH} characters: set a long random one (e.g. openssl rand -base64 48) in the Chairside Task Links credential`,
		);
	}
}

const signature = (secret: string, taskKey: string, until: number) =>
	createHmac('sha256', secret).update(`close.${taskKey}.${until}`, 'utf8').digest('base64url');

export interface CloseLinkFields {
	task: string;
	until: string;
	sig: string;
}

/** `formUrl` with the signed fields as query parameters (the n8n form fills its hidden fields from them). */
export function closeLink(formUrl: string, taskKey: string, expires: DateTime, secret: string): string {
	checkSecret(secret);
	const until = Math.floor(expires.toSeconds());
	const query = new URLSearchParams({ task: taskKey, until: String(until), sig: signature(secret, taskKey, until) });
	return `${formUrl}${formUrl.includes('?') ? '&' : '?'}${query.toString()}`;
}

/** The task key a submitted link names, or a refusal that says what is wrong, never which part of the signature. */
export function verifyCloseLink(
	fields: Partial<Record<keyof CloseLinkFields, unknown>>,
	secret: string,
	now: DateTime,
): string {
	checkSecret(secret);
	const task = typeof fields.task === 'string' ? fields.task.trim() : '';
	const until = typeof fields.until === 'string' ? fields.until.trim() : String(fields.until ?? '');
	const sig = typeof fields.sig === 'string' ? fields.sig.trim() : '';
	if (!TASK_KEY.test(task) || !UNTIL.test(until) || !SIGNATURE.test(sig))
		throw new StaffTaskInputError('link', 'This is not a task link Chairside made: open the link from the alert');
	const expected = Buffer.from(signature(secret, task, Number(until)));
	if (!timingSafeEqual(expected, Buffer.from(sig)))
		throw new StaffTaskInputError('link', 'This is not a task link Chairside made: open the link from the alert');
	if (Number(until) < now.toSeconds())
		throw new StaffTaskInputError(
			'link',
			'This task link has expired: close the task from the latest alert or the daily list',
		);
	return task;
}
