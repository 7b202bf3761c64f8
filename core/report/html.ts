/**
 * The weekly report as email-safe HTML: one centred table at most 640px wide, inline styles only,
 * no images, fonts or scripts, widths in % so it reflows on a phone. Every piece of text from the
 * facts goes through escapeHtml; the markup around it is constant.
 */
import { escapeHtml as esc } from '../journey/copy';
import { STAGES } from '../maturity/types';
import type { CallLine, MetricLine, ReportFacts } from './facts';

const INK = '#101828';
const MUTED = '#667085';
const LINE = '#eaecf0';
const ACCENT = '#0e7490';
const TINT = '#ecfeff';
const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

const TABLE = 'role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"';
const TH = `padding:8px 6px;border-bottom:2px solid ${LINE};color:${MUTED};font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;text-align:left;vertical-align:bottom`;
const TD = `padding:10px 6px;border-bottom:1px solid ${LINE};font-size:13px;vertical-align:top`;

const section = (body: string, extra = '') => `<tr><td style="padding:20px;${extra}">${body}</td></tr>`;
const heading = (text: string) =>
	`<h2 style="margin:0 0 12px;font-size:17px;line-height:1.3;color:${INK}">${esc(text)}</h2>`;
const small = (text: string, extra = '') =>
	`<p style="margin:8px 0 0;font-size:13px;line-height:1.5;color:${MUTED};${extra}">${text}</p>`;
const VIP = `<span style="display:inline-block;padding:2px 8px;border-radius:10px;background:#fef0c7;color:#93370d;font-size:11px;font-weight:700;white-space:nowrap">VIP</span>`;

function top(f: ReportFacts): string {
	const cap = f.cap
		? small(esc(f.cap), `padding:8px 10px;background:#fffaeb;border-left:3px solid #f79009;color:#93370d`)
		: '';
	return section(
		`<div style="font-size:11px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:${ACCENT}">Weekly practice report</div>` +
			`<h1 style="margin:6px 0 2px;font-size:24px;line-height:1.25;color:${INK}">${esc(f.practiceName)}</h1>` +
			`<div style="font-size:14px;color:${MUTED}">Week of ${esc(f.week)}</div>` +
			`<div style="margin-top:16px"><span style="display:inline-block;padding:6px 14px;border-radius:16px;background:${ACCENT};color:#ffffff;font-size:14px;font-weight:700">${esc(f.badge)}</span></div>` +
			`<p style="margin:10px 0 0;font-size:14px;line-height:1.5;color:${INK}">${esc(f.reason)}</p>` +
			cap,
		`padding-top:28px;border-bottom:1px solid ${LINE}`,
	);
}

/** Three figures side by side; each cell is a third so they stay in a row on a phone. */
function stats(figures: Array<[string, string]>): string {
	const cells = figures.map(
		([value, label]) =>
			`<td width="33%" style="padding:12px 6px;text-align:center;background:#fef3f2;border:4px solid #ffffff"><div style="font-size:20px;font-weight:700;color:#b42318">${esc(value)}</div><div style="font-size:12px;color:${MUTED}">${esc(label)}</div></td>`,
	);
	return `<table ${TABLE}><tr>${cells.join('')}</tr></table>`;
}

function leakage(f: ReportFacts): string {
	const d = f.leakage;
	return section(
		heading('What is leaking') +
			stats([
				[d.week, 'a week'],
				[d.month, 'a month'],
				[d.year, 'a year'],
			]) +
			small(
				`Reaching the next stage on each measured metric brings back about <strong style="color:${INK}">${esc(f.recoverable.week)} a week</strong> (${esc(f.recoverable.month)} a month, ${esc(f.recoverable.year)} a year).`,
			),
	);
}

function move(f: ReportFacts): string {
	const m = f.move;
	const body = m
		? `<div style="font-size:15px;font-weight:700;color:${INK}">${esc(m.label)}: Stage ${m.fromStage} → Stage ${m.toStage}</div>` +
			`<div style="margin-top:8px;font-size:22px;font-weight:700;color:${ACCENT}">${esc(m.baseline)} → ${esc(m.target)}</div>` +
			`<div style="font-size:12px;color:${MUTED}">baseline today → 90-day target</div>` +
			(m.back
				? `<p style="margin:10px 0 0;font-size:14px;color:${INK}">About <strong>${esc(m.back.week)} a week</strong> back (${esc(m.back.year)} a year).</p>`
				: '')
		: `<p style="margin:0;font-size:14px;color:${INK}">${esc(f.noMove ?? '')}</p>`;
	const advice = f.footprintAdvice ? small(`<strong>Tools:</strong> ${esc(f.footprintAdvice)}`, `margin-top:12px`) : '';
	return section(
		heading('Your next move') +
			`<div style="padding:16px 18px;border:1px solid #a5f3fc;border-left:4px solid ${ACCENT};background:${TINT};border-radius:6px">${body}${advice}</div>`,
	);
}

function callRow(c: CallLine): string {
	const vip = c.vip ? ` ${VIP}` : '';
	const visit = c.lastVisit
		? `<div style="font-size:12px;color:${MUTED};margin-top:2px">Last visit <span style="white-space:nowrap">${esc(c.lastVisit)}</span></div>`
		: '';
	const reasons = c.reasons.map((r) => `<div style="margin-bottom:4px">${esc(r)}</div>`).join('');
	return (
		`<tr><td style="${TD};color:${MUTED};width:6%">${c.rank}</td>` +
		`<td style="${TD};width:30%"><strong style="color:${INK}">${esc(c.name)}</strong>${vip}${visit}</td>` +
		`<td style="${TD};color:${INK};padding-bottom:6px">${reasons}</td>` +
		`<td style="${TD};text-align:right;font-weight:700;color:${INK};white-space:nowrap;width:18%">${esc(c.atStake)}</td></tr>`
	);
}

function calls(f: ReportFacts): string {
	const note = small(esc(f.callNote), 'margin:-6px 0 10px');
	if (!f.calls.length) return section(heading(f.callHeading) + note);
	return section(
		heading(f.callHeading) +
			note +
			`<table ${TABLE}><tr><th style="${TH}">&nbsp;</th><th style="${TH}">Patient</th><th style="${TH}">Why</th><th style="${TH};text-align:right;white-space:nowrap">At stake</th></tr>${f.calls.map(callRow).join('')}</table>`,
	);
}

/** One stage's benchmark in the ladder under a metric: "S2" over "12%", filled when the number reaches it. */
function rung(m: MetricLine, index: number): string {
	const reached = m.stage === STAGES[index];
	const style = reached ? `background:${ACCENT};color:#ffffff` : `background:#f9fafb;color:${MUTED}`;
	return (
		`<td width="20%" style="padding:4px 2px;text-align:center;border:2px solid #ffffff;border-radius:6px;${style}">` +
		`<div style="font-size:10px;font-weight:600;opacity:.85">S${STAGES[index]}</div><div style="font-size:13px;font-weight:700;white-space:nowrap">${esc(m.byStage[index])}</div></td>`
	);
}

/**
 * Two rows a metric: the number, its stage and its leakage, then the five-stage ladder across the
 * full width. Nine columns in one row would not fit a phone, and clients without media queries
 * cannot rearrange them.
 */
function metricRows(m: MetricLine): string {
	const yours = m.value
		? `<strong style="color:${INK}">${esc(m.value)}</strong>`
		: `<span style="color:#b54708;font-weight:600;white-space:nowrap">not measured</span>`;
	const need = m.need ? `<div style="margin:0 0 6px;font-size:12px;color:${MUTED}">${esc(m.need)}</div>` : '';
	const cell = `${TD};border-bottom:0;padding-bottom:4px;color:${INK}`;
	return (
		`<tr><td style="${cell};font-weight:600">${esc(m.label)}</td>` +
		`<td style="${cell}">${yours}</td>` +
		`<td style="${cell};text-align:center">${m.stage ?? '-'}</td>` +
		`<td style="${cell};text-align:right;white-space:nowrap">${m.leakage ? esc(m.leakage) : '-'}</td></tr>` +
		`<tr><td colspan="4" style="padding:0 6px 10px;border-bottom:1px solid ${LINE}">${need}<table ${TABLE}><tr>${STAGES.map((_, i) => rung(m, i)).join('')}</tr></table></td></tr>`
	);
}

function metrics(f: ReportFacts): string {
	return section(
		heading('Your numbers against the benchmark') +
			`<table ${TABLE}><tr><th style="${TH};width:44%">Metric</th><th style="${TH}">You</th><th style="${TH};text-align:center">Stage</th><th style="${TH};text-align:right;white-space:nowrap">Leak/wk</th></tr>${f.metrics.map(metricRows).join('')}</table>` +
			small(`Filled: the stage your number reaches. ${esc(f.legend)}.`, 'font-size:12px'),
	);
}

function footnote(f: ReportFacts): string {
	if (!f.measuredFrom) return '';
	const lines = f.footnote
		.map(
			(l) =>
				`<li style="margin:4px 0"><strong>${esc(l.label)}: ${esc(l.value)}</strong> (${esc(l.counts)}). ${esc(l.definition)}</li>`,
		)
		.join('');
	return section(
		`<div style="font-size:12px;line-height:1.5;color:${MUTED}"><strong>How these were measured:</strong> ${esc(f.measuredFrom)}<ul style="margin:6px 0 0;padding-left:18px">${lines}</ul></div>`,
		`border-top:1px solid ${LINE};background:#f9fafb`,
	);
}

export function reportHtml(f: ReportFacts, subject: string): string {
	// Outlook ignores max-width, so it alone gets a fixed 640px table around the card.
	const body = [top(f), leakage(f), move(f), calls(f), metrics(f), footnote(f)].join('\n');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${esc(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f2f4f7;${FONT}">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;mso-hide:all">${esc(f.preheader)}</div>
<table ${TABLE} style="background:#f2f4f7"><tr><td align="center" style="padding:24px 8px">
<!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table ${TABLE} style="max-width:640px;background:#ffffff;border:1px solid ${LINE};border-radius:8px;${FONT};color:${INK}">
${body}
</table>
<!--[if mso]></td></tr></table><![endif]-->
<p style="margin:12px 0 0;font-size:11px;color:#98a2b3;${FONT}">Chairside weekly report for ${esc(f.practiceName)}. Patients appear by first name and initial only.</p>
</td></tr></table>
</body>
</html>
`;
}
