/** The weekly report's plain-text part: the same facts as the HTML, for clients that show text only. */
import { STAGES } from '../maturity/types';
import type { MetricLine, ReportFacts } from './facts';

const block = (title: string, lines: string[]) => [title.toUpperCase(), ...lines].join('\n');

function metricLines(m: MetricLine): string[] {
	// The reached stage's benchmark in brackets stands in for the HTML's highlight.
	const ladder = STAGES.map((s, i) => (m.stage === s ? `[S${s} ${m.byStage[i]}]` : `S${s} ${m.byStage[i]}`)).join('  ');
	const head = m.value
		? `- ${m.label}: ${m.value}, Stage ${m.stage}, ${m.leakage ? `leaking ${m.leakage} a week` : 'no dollar figure'}`
		: `- ${m.label}: not measured. ${m.need}`;
	return [head, `  ${ladder}`];
}

function move(f: ReportFacts): string[] {
	const m = f.move;
	const lines = m
		? [`${m.label}: Stage ${m.fromStage} -> Stage ${m.toStage}`, `Baseline ${m.baseline} -> 90-day target ${m.target}`]
		: [f.noMove ?? ''];
	if (m?.back) lines.push(`About ${m.back.week} a week back (${m.back.year} a year).`);
	if (f.footprintAdvice) lines.push(`Tools: ${f.footprintAdvice}`);
	return lines;
}

function calls(f: ReportFacts): string[] {
	return [
		f.callNote,
		...f.calls.flatMap((c) => [
			`${c.rank}. ${c.name}${c.vip ? ' (VIP)' : ''} - ${c.atStake} at stake${c.lastVisit ? ` - last visit ${c.lastVisit}` : ''}`,
			...c.reasons.map((r) => `   - ${r}`),
		]),
	];
}

export function reportText(f: ReportFacts): string {
	const top = [f.practiceName, `Week of ${f.week}`, '', f.badge, f.reason, ...(f.cap ? [f.cap] : [])].join('\n');
	const sections = [
		top,
		block('What is leaking', [
			`${f.leakage.week} a week, ${f.leakage.month} a month, ${f.leakage.year} a year.`,
			`Reaching the next stage on each measured metric brings back about ${f.recoverable.week} a week (${f.recoverable.month} a month, ${f.recoverable.year} a year).`,
		]),
		block('Your next move', move(f)),
		block(f.callHeading, calls(f)),
		block('Your numbers against the benchmark', [
			...f.metrics.flatMap(metricLines),
			`  [ ] = the stage your number reaches. ${f.legend}.`,
		]),
	];
	if (f.measuredFrom) {
		sections.push(
			block('How these were measured', [
				f.measuredFrom,
				...f.footnote.map((l) => `- ${l.label}: ${l.value} (${l.counts}). ${l.definition}`),
			]),
		);
	}
	return `${sections.join('\n\n')}\n`;
}
