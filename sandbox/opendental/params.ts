/**
 * Query and body validation the way Open Dental answers a bad request: 400 with a plain-text
 * explanation naming the parameter, never a silent default.
 */
import { DateTime } from 'luxon';

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export type Query = Record<string, string>;
export type Body = Record<string, unknown>;

export const DATE_TIME = 'yyyy-MM-dd HH:mm:ss';

export function isDate(value: string): boolean {
	return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromFormat(value, 'yyyy-MM-dd').isValid;
}

export function isDateTime(value: string): boolean {
	return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) && DateTime.fromFormat(value, DATE_TIME).isValid;
}

export function dateParam(query: Query, name: string): string | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	if (!isDate(value))
		throw new HttpError(400, `${name} must be a date in "yyyy-MM-dd" format. "${value}" is not valid.`);
	return value;
}

/** DateTStamp and SecDateTEdit: a full "yyyy-MM-dd HH:mm:ss", or a date meaning its midnight. */
export function stampParam(query: Query, name: string): string | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	if (isDateTime(value)) return value;
	if (isDate(value)) return `${value} 00:00:00`;
	throw new HttpError(400, `${name} must be in "yyyy-MM-dd HH:mm:ss" format. "${value}" is not valid.`);
}

export function numParam(query: Query, name: string): number | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new HttpError(400, `${name} must be a whole number. "${value}" is not valid.`);
	return Number(value);
}

export function enumParam<T extends string>(query: Query, name: string, values: readonly T[]): T | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	if (!(values as readonly string[]).includes(value)) {
		throw new HttpError(
			400,
			`${name} must be one of ${values.map((v) => `"${v}"`).join(', ')}. "${value}" is not valid.`,
		);
	}
	return value as T;
}

export function boolParam(query: Query, name: string): boolean | undefined {
	const value = enumParam(query, name, ['true', 'false']);
	return value === undefined ? undefined : value === 'true';
}

/** Limit/Offset over rows already in primary-key order, so consecutive pages never skip or repeat. */
export function page<T>(rows: readonly T[], query: Query, max: number): T[] {
	const limit = numParam(query, 'Limit') ?? max;
	const offset = numParam(query, 'Offset') ?? 0;
	if (limit < 1) throw new HttpError(400, 'Limit must be at least 1.');
	if (limit > max) throw new HttpError(400, `Limit cannot be greater than ${max}.`);
	return rows.slice(offset, offset + limit);
}

export function bodyNum(body: Body, name: string, required: true): number;
export function bodyNum(body: Body, name: string, required?: false): number | undefined;
export function bodyNum(body: Body, name: string, required = false): number | undefined {
	const value = body[name];
	if (value === undefined || value === null) {
		if (required) throw new HttpError(400, `${name} is required.`);
		return undefined;
	}
	// Open Dental accepts numbers and numeric strings alike in JSON bodies.
	const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
		throw new HttpError(400, `${name} must be a whole number.`);
	return n;
}

export function bodyString(body: Body, name: string, required = false): string | undefined {
	const value = body[name];
	if (value === undefined || value === null) {
		if (required) throw new HttpError(400, `${name} is required.`);
		return undefined;
	}
	if (typeof value !== 'string') throw new HttpError(400, `${name} must be a string.`);
	if (required && value.trim() === '') throw new HttpError(400, `${name} is required.`);
	return value;
}

export function bodyDateTime(body: Body, name: string, required = false): string | undefined {
	const value = bodyString(body, name, required);
	if (value !== undefined && !isDateTime(value)) {
		throw new HttpError(400, `${name} must be in "yyyy-MM-dd HH:mm:ss" format. "${value}" is not valid.`);
	}
	return value;
}

export function bodyEnum<T extends string>(
	body: Body,
	name: string,
	values: readonly T[],
	required = false,
): T | undefined {
	const value = bodyString(body, name, required);
	if (value !== undefined && !(values as readonly string[]).includes(value)) {
		throw new HttpError(
			400,
			`${name} must be one of ${values.map((v) => `"${v}"`).join(', ')}. "${value}" is not valid.`,
		);
	}
	return value as T | undefined;
}

/** Booleans travel as the strings "true"/"false" in Open Dental JSON; a JSON boolean is tolerated. */
export function bodyBool(body: Body, name: string, required = false): boolean | undefined {
	const value = body[name];
	if (typeof value === 'boolean') return value;
	const text = bodyEnum(body, name, ['true', 'false'], required);
	return text === undefined ? undefined : text === 'true';
}
