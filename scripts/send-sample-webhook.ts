/**
 * Sends a correctly signed sample Instagram webhook to a running Collabwire, so the live
 * path can be seen without Meta:
 *
 *   INSTAGRAM_APP_SECRET=<the server's secret> npm run webhook:sample -- --account <id> --type comments
 *
 * Options: --account (required), --type comments|messages|mentions|live_comments (default
 * comments), --text, --id (repeat an id to see redelivery ignored), --url (default
 * http://127.0.0.1:3000).
 */
import { parseArgs } from 'node:util';
import { INSTAGRAM_EVENT_TYPES, ZInstagramEventType } from '../lib/contracts/notifications-ws';
import { buildSamplePayload } from '../lib/webhooks/build-sample-payload';
import { signWebhookBody } from '../lib/webhooks/sign-webhook-body';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    account: { type: 'string' },
    type: { type: 'string', default: 'comments' },
    text: { type: 'string' },
    id: { type: 'string' },
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('Usage: npm run webhook:sample -- --account <id> [--type comments|messages|mentions|live_comments] [--text "..."] [--id <id>] [--url http://127.0.0.1:3000]');
  process.exit(0);
}
const secret = process.env.INSTAGRAM_APP_SECRET?.trim();
if (!secret) fail('Set INSTAGRAM_APP_SECRET to the secret the server was started with.');
if (!values.account) fail('Pass the linked Instagram account ID: --account <id>');
const type = ZInstagramEventType.safeParse(values.type);
if (!type.success) fail(`--type must be one of ${INSTAGRAM_EVENT_TYPES.join(', ')}`);

const body = JSON.stringify(
  buildSamplePayload({ accountId: values.account, type: type.data, ...(values.text ? { text: values.text } : {}), ...(values.id ? { id: values.id } : {}) }),
);
const endpoint = new URL('/api/webhooks/instagram', values.url).toString();

try {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, secret) },
    body,
  });
  const answer = await res.text();
  console.log(`POST ${endpoint} → ${res.status} ${answer}`);
  console.log(`sent: ${body}`);
  if (!res.ok) process.exit(1);
} catch (err) {
  fail(`Could not reach ${endpoint}: ${err instanceof Error ? err.message : String(err)}. Is the server running?`);
}
