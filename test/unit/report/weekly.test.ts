import { DEFAULT_CLINICAL_WORDS, htmlText, phiMatcher } from '../../../core/guard/phi';
import { escapeHtml } from '../../../core/journey/copy';
import type { Assessment } from '../../../core/maturity/types';
import { renderWeeklyReport, type WeeklyReportInput } from '../../../core/report/weekly';
import { ASSESSMENT, BENCHMARKS, INPUT, RISKS, dollars } from './fixtures';

const render = (over: Partial<WeeklyReportInput> = {}, assessment: Partial<Assessment> = {}) =>
	renderWeeklyReport({ ...INPUT, ...over, assessment: { ...ASSESSMENT, ...assessment } });

/** The five benchmark cells under a metric's row, and which of them (0-based) is filled. */
function ladder(html: string, label: string): { cells: string[]; filled: number[] } {
	const at = html.indexOf(`>${escapeHtml(label)}</td>`);
	expect(at).toBeGreaterThan(-1);
	const table = html.slice(html.indexOf('<table', at), html.indexOf('</table>', at));
	const cells = [...table.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)];
	return {
		cells: cells.map((c) => htmlText(c[1]).replace(/\s+/g, ' ').trim()),
		filled: cells.flatMap((c, i) => (c[0].includes('color:#ffffff') ? [i] : [])),
	};
}

describe('weekly report', () => {
	const report = render();

	it('subject: practice, week, stage and weekly leakage', () => {
		expect(render({ practiceName: 'Bright Smiles' }, { leakage: dollars(1776) }).subject).toBe(
			'Bright Smiles - week of Nov 23: Stage 3 (Tooled), $1,776 a week leaking',
		);
		expect(render({ practiceName: 'Bright\r\nBcc: x@example.com Smiles' }).subject).toMatch(
			/^Bright Bcc: x@example.com Smiles - week of/,
		);
	});

	it('is a whole email-safe document: lang, charset, viewport, preheader, 640px, no scripts, styles or external assets', () => {
		const { html } = report;
		expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
		expect(html).toContain('<meta charset="utf-8">');
		expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
		expect(html).toMatch(
			/<body[^>]*>\n<div style="display:none[^"]*">Stage 3 - Tooled: \$4,732 a week leaking; 12 to call, \$33,490 at stake\.<\/div>/,
		);
		expect(html).toContain('max-width:640px');
		expect(html).not.toMatch(/<script|<style|<link|<img|\bsrc=|url\(|@import|https?:/i);
		// Only Outlook's conditional ghost table has a fixed width; everything else is in %.
		expect(html.replace(/<!--\[if mso\]>[\s\S]*?<!\[endif\]-->/g, '')).not.toMatch(
			/(?<!max-)width[=:]"?\d+(px)?\b(?!%)/,
		);
	});

	it('top: practice name, week, stage badge and reason', () => {
		const text = htmlText(report.html);
		expect(text).toContain('Bright Smiles Family Dental');
		expect(text).toContain('Week of Nov 23, 2026');
		expect(text).toContain('Stage 3 - Tooled');
		expect(text).toContain(ASSESSMENT.reason);
		expect(report.text).toMatch(/^Bright Smiles Family Dental\nWeek of Nov 23, 2026\n\nStage 3 - Tooled\n/);
	});

	it('says the footprint cap only when it decided the stage', () => {
		const capped = render({}, { metricsStage: 4, footprintCap: 3 });
		const sentence = 'Your numbers reach Stage 4; your tool footprint caps you at Stage 3.';
		expect(capped.html).toContain(sentence);
		expect(capped.text).toContain(sentence);
		expect(report.html).not.toContain('caps you');
		expect(report.text).not.toContain('caps you');
	});

	it('escapes every name: a script in the practice or a patient name is text, not markup', () => {
		const evil = '<script>alert(1)</script>';
		const risks = [
			{
				...RISKS[0],
				displayName: `Eve ${evil}`,
				reasons: [{ reason: 'no_future_visit' as const, text: 'No visit <b>booked</b> & "none" planned' }],
			},
		];
		const r = render({ practiceName: `Bright ${evil} & "Smiles"`, risks });
		expect(r.html).not.toMatch(/<script|<b>/);
		expect(r.html).toContain('Bright &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;Smiles&#34;');
		expect(r.html).toContain('Eve &#60;script&#62;');
		expect(r.html).toContain('No visit &#60;b&#62;booked&#60;/b&#62; &#38; &#34;none&#34; planned');
		// The text part and the subject are plain text: shown as written.
		expect(r.text).toContain(`Bright ${evil} & "Smiles"`);
		expect(r.subject.startsWith(`Bright ${evil} & "Smiles" - week of`)).toBe(true);
	});

	it('the metric table: your number, your stage, the seed row with the reached stage filled, leakage a week', () => {
		const noShow = ladder(report.html, 'No-show rate');
		expect(noShow.cells).toEqual(['S1 18%', 'S2 12%', 'S3 9%', 'S4 6%', 'S5 4%']);
		expect(noShow.filled).toEqual([1]);
		expect(ladder(report.html, 'Recall reactivation (12-mo lapsed)').filled).toEqual([2]);
		expect(ladder(report.html, 'Google review velocity (per month)').cells[2]).toBe('S3 8-12');
		const text = htmlText(report.html).replace(/\s+/g, ' ');
		expect(text).toContain('No-show rate 12.0% 2 $1,776');
		expect(text).toContain('Recall reactivation (12-mo lapsed) 21.3% 3 $520');
		expect(text).toContain('Google review velocity (per month) 9.3/month 3 -');
		expect(report.text).toContain(
			'- No-show rate: 12.0%, Stage 2, leaking $1,776 a week\n  S1 18%  [S2 12%]  S3 9%  S4 6%  S5 4%',
		);
		expect(report.text).toContain('- Google review velocity (per month): 9.3/month, Stage 3, no dollar figure');
	});

	it('an unscored metric is "not measured", says what to give and fills no stage', () => {
		const label = 'Front-desk hours/week on manual ops';
		expect(ladder(report.html, label).filled).toEqual([]);
		const text = htmlText(report.html).replace(/\s+/g, ' ');
		expect(text).toContain(
			`${label} not measured - - To score it, give the front-desk hours a week spent on manual work`,
		);
		expect(report.text).toContain(`- ${label}: not measured. To score it, give the front-desk hours a week`);
		expect(report.text).toContain('  S1 28  S2 22  S3 16  S4 9  S5 6\n');
	});

	it('leakage a week, a month and a year, and what reaching the next stage brings back', () => {
		const text = htmlText(report.html).replace(/\s+/g, ' ');
		expect(text).toContain('$4,732 a week $20,505 a month $246,064 a year');
		expect(text).toContain('brings back about $1,879 a week ($8,142 a month, $97,708 a year)');
		expect(report.text).toContain('$4,732 a week, $20,505 a month, $246,064 a year.');
	});

	it('the next move: one workflow one stage up, baseline to 90-day target, dollars back, footprint advice', () => {
		const text = htmlText(report.html).replace(/\s+/g, ' ');
		expect(text).toContain(
			'No-show rate: Stage 2 → Stage 3 12.0% → 9.0% baseline today → 90-day target About $444 a week back ($23,088 a year).',
		);
		expect(text).toContain(`Tools: ${ASSESSMENT.footprintAdvice}`);
		expect(report.text).toContain(
			'No-show rate: Stage 2 -> Stage 3\nBaseline 12.0% -> 90-day target 9.0%\nAbout $444 a week back ($23,088 a year).',
		);
	});

	it('with no next move, says why', () => {
		const atTop = render({}, { nextMove: null, footprintAdvice: null });
		expect(atTop.text).toContain('YOUR NEXT MOVE\nEvery measured metric is at Stage 5: keep it there.');
		const nothing = render({}, { nextMove: null, metrics: [], unscored: [...ASSESSMENT.unscored] });
		expect(htmlText(nothing.html)).toContain('Nothing is measured yet');
		expect(nothing.text.match(/not measured\. To score it/g)).toHaveLength(6);
	});

	it('the call list: heading with the count, rank, name, VIP, reasons, dollars, last visit; no ids or phone numbers', () => {
		const text = htmlText(report.html).replace(/\s+/g, ' ');
		expect(text).toContain('Call these 12 patients');
		expect(text).toContain(
			'1 Maria G. VIP Last visit May 14, 2026 Usually comes every 16 weeks; it has been 27 weeks. No visit on the books. $6,840',
		);
		expect(text).toContain('8 Name not on file Last visit Jun 26, 2026');
		expect(report.text).toContain(
			'1. Maria G. (VIP) - $6,840 at stake - last visit May 14, 2026\n   - Usually comes every 16 weeks; it has been 27 weeks.\n   - No visit on the books.',
		);
		expect(report.text).toContain('3. Priya S. - $3,400 at stake');
		for (const r of RISKS) {
			expect(report.html).not.toContain(r.patientId);
			expect(report.html).not.toContain(r.mobile!.slice(2));
			expect(report.text).not.toContain(r.patientId);
		}
		expect(render({ risks: RISKS.slice(0, 1) }).text).toContain('CALL THIS PATIENT\n');
	});

	it('orders the call list by rank whatever order it comes in', () => {
		const r = render({ risks: [...RISKS].reverse() });
		expect(r.text.indexOf('1. Maria G.')).toBeLessThan(r.text.indexOf('12. Grace W.'));
	});

	it('an empty call list says no one is at risk', () => {
		const r = render({ risks: [] });
		expect(htmlText(r.html)).toContain('No one at risk this week');
		expect(r.html).not.toMatch(/Call these|At stake/);
		expect(r.text).toContain('NO ONE AT RISK THIS WEEK\nNo patient shows');
		expect(r.html).toContain('$4,732 a week leaking; no one at risk this week.');
	});

	it('the measurement footnote: window and each definition with its counts', () => {
		const text = htmlText(report.html).replace(/\s+/g, ' ');
		expect(text).toContain(
			'How these were measured: From your practice-management data, Aug 25, 2026 - Nov 22, 2026 (90 days).',
		);
		expect(text).toContain(
			'No-show rate: 12.0% (125 / 1,040). Appointments marked broken or no-show over all appointments scheduled in the window.',
		);
		expect(text).toContain('Treatment acceptance: 61.0% (165 / 270).');
		expect(text).toContain('Front-desk hours/week on manual ops: not enough data (0 / 0).');
		expect(report.text).toContain(
			'HOW THESE WERE MEASURED\nFrom your practice-management data, Aug 25, 2026 - Nov 22, 2026 (90 days).\n- No-show rate: 12.0% (125 / 1,040).',
		);
	});

	it('without a measurement there is no footnote', () => {
		const r = render({ measurement: null });
		expect(r.html).not.toContain('How these were measured');
		expect(r.text).not.toContain('HOW THESE WERE MEASURED');
	});

	it('carries no procedure code, tooth number or clinical word for a realistic week', () => {
		const phi = phiMatcher(DEFAULT_CLINICAL_WORDS);
		expect(phi.find(htmlText(report.html), report.text, report.subject)).toBeNull();
		expect(`${report.html}\n${report.text}`).not.toMatch(/\bD\d{4}\b|\btooth\b|\bteeth\b/i);
	});

	it('refuses benchmark rows that miss a metric or a stage', () => {
		expect(() => render({ benchmarks: BENCHMARKS.slice(1) })).toThrow(/noShowRate/);
		expect(() =>
			render({
				benchmarks: BENCHMARKS.map((b) =>
					b.metric === 'reviewsPerMonth' ? { ...b, byStage: b.byStage.slice(0, 4) } : b,
				),
			}),
		).toThrow(/reviewsPerMonth/);
	});
});
