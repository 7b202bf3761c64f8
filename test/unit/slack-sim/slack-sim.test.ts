/** The Slack incoming-webhook simulator answers as Slack documents (https://api.slack.com/messaging/webhooks#handling_errors). */
import { startSlackSimulator, type SlackSimulator } from '../../../sandbox/slack';

let slack: SlackSimulator;
let hook = '';
beforeAll(async () => {
	slack = await startSlackSimulator();
	hook = slack.webhook('#front-desk');
});
afterAll(() => slack.close());

const post = (url: string, body: string, type = 'application/json') =>
	fetch(url, { method: 'POST', headers: { 'content-type': type }, body }).then(
		async (r) => [r.status, await r.text()] as const,
	);

describe('Slack incoming-webhook simulator', () => {
	it('takes text or blocks as JSON and answers 200 ok', async () => {
		expect(await post(hook, JSON.stringify({ text: 'Hello *front desk*' }))).toEqual([200, 'ok']);
		expect(
			await post(hook, JSON.stringify({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] })),
		).toEqual([200, 'ok']);
		expect(
			await post(
				hook,
				`payload=${encodeURIComponent(JSON.stringify({ text: 'form encoded' }))}`,
				'application/x-www-form-urlencoded',
			),
		).toEqual([200, 'ok']);
		expect(slack.posts.map((p) => p.text)).toEqual(['Hello *front desk*', null, 'form encoded']);
		expect(slack.channelOf(hook)).toBe('#front-desk');
	});

	it('refuses what Slack refuses, with its words', async () => {
		expect(await post(hook, '{not json')).toEqual([400, 'invalid_payload']);
		expect(await post(hook, JSON.stringify({ text: 5 }))).toEqual([400, 'invalid_payload']);
		expect(await post(hook, JSON.stringify({ text: '  ' }))).toEqual([400, 'no_text']);
		expect(await post(`${slack.url}/services/T0/B0/unknown`, JSON.stringify({ text: 'x' }))).toEqual([
			404,
			'no_service',
		]);
		slack.fail('channel_is_archived');
		expect(await post(hook, JSON.stringify({ text: 'x' }))).toEqual([410, 'channel_is_archived']);
		expect(slack.posts).toHaveLength(3);
	});
});
