/**
 * Writes the realistic sample to test/e2e/artifacts/ (git-ignored) so a person, or a headless
 * browser, can look at the email as a client would show it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderWeeklyReport } from '../../../core/report/weekly';
import { INPUT } from './fixtures';

const DIR = join(__dirname, '../../e2e/artifacts');

it('renders the sample week to test/e2e/artifacts/weekly-report-sample.html (and .txt)', () => {
	const report = renderWeeklyReport(INPUT);
	mkdirSync(DIR, { recursive: true });
	writeFileSync(join(DIR, 'weekly-report-sample.html'), report.html);
	writeFileSync(join(DIR, 'weekly-report-sample.txt'), `Subject: ${report.subject}\n\n${report.text}`);
	expect(report.html.length).toBeGreaterThan(5000);
});
