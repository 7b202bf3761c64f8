/**
 * A node's subtitle in the practice's words: the chosen operation's action ("Get unscheduled
 * treatment") read from the node's own Operation menus, never the raw value ("getUnscheduled:
 * treatment"). `extra` appends a second chosen option by its label (Cadence Step's journey).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

function labels(properties: INodeProperties[], name: string, useAction: boolean): Record<string, string> {
	const map: Record<string, string> = {};
	for (const p of properties) {
		if (p.name !== name || p.type !== 'options') continue;
		for (const o of (p.options ?? []) as INodePropertyOptions[]) {
			const label = (useAction && o.action) || o.name;
			map[String(o.value)] = label.charAt(0).toUpperCase() + label.slice(1);
		}
	}
	return map;
}

export function operationSubtitle(properties: INodeProperties[], extra?: string): `={{${string}}}` {
	const operations = JSON.stringify(labels(properties, 'operation', true));
	const main = `(${operations}[$parameter["operation"]] || $parameter["operation"])`;
	if (!extra) return `={{ ${main} }}`;
	const names = JSON.stringify(labels(properties, extra, false));
	return `={{ ${main} + ($parameter["${extra}"] ? ": " + (${names}[$parameter["${extra}"]] || $parameter["${extra}"]) : "") }}`;
}
