import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningBackend } from '../../src/backend/backend';
import { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { SMS_ACCOUNT, startChannelBackend } from '../support/channels';
import { call, createOrganisation, eventually } from '../support/backend';
import { manualClock, tempDataFile } from '../support/desktop';


/**
 * X-Twilio-Signature written here from Twilio's documentation (twilio.com/docs/usage/security),
 * not with the backend's function: base64 HMAC-SHA1, keyed with the auth token, over the URL
 * followed by each parameter's name and value, sorted by name.
 */
function signedByTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((name) => name + params[name]).join('');
  return createHmac('sha1', authToken).update(data).digest('base64');
}


describe('backend: SMS through a Twilio-compatible provider (simulator on loopback)', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let sms: Awaited<ReturnType<typeof startSmsSimulator>>;
  let backend: RunningBackend;
  let token: string;
  let conversation: string;

  before(async () => {
    sms = await startSmsSimulator(SMS_ACCOUNT);
    const dataFile = tempDataFile();
    const org = await createOrganisation(dataFile, 'Autobedrijf SMS', clock.now());
    token = org.token;
    ({ backend } = await startChannelBackend({ dataFile, clock, organizationId: org.organizationId, sms, pollMs: 50 }));
    conversation = (await call(backend.url, token, 'POST', '/v2/conversations', { contact: { profile: { telephone: '06 12345678' } } })).body.id;
  });
  after(async () => {
    await backend.close();
    await sms.close();
  });

  const messages = async () => (await call(backend.url, token, 'GET', `/v2/conversations/${conversation}/messages`)).body.data;

  it('sends free text by SMS without a window, and follows its status callbacks to delivered', async () => {
    const sent = await call(backend.url, token, 'POST', `/v2/conversations/${conversation}/messages`, { touchpoint: 'sms', text: 'Uw auto is klaar.' });
    assert.equal(sent.status, 202);
    await eventually(async () => (await messages()).find((m: { id: string }) => m.id === sent.body.id).status === 'delivered');
    assert.deepEqual(sms.delivered().map((m) => [m.to, m.body]), [['+31612345678', 'Uw auto is klaar.']]);
  });

  it('follows status callbacks that come before the answer to the send, by our message id in the callback’s address', async () => {
    sms.setStatusesBeforeAnswer(true);
    try {
      const sent = await call(backend.url, token, 'POST', `/v2/conversations/${conversation}/messages`, { touchpoint: 'sms', text: 'De factuur ligt klaar.' });
      assert.equal(sent.status, 202);
      await eventually(async () => (await messages()).find((m: { id: string }) => m.id === sent.body.id).status === 'delivered');
      const rejected = (await call(backend.url, token, 'GET', '/v2/rejected-webhooks')).body.data as Array<{ reason: string }>;
      assert.deepEqual(rejected.filter((r) => /No SMS message sent from this number/.test(r.reason)), [], 'no callback taken for someone else’s');
    } finally {
      sms.setStatusesBeforeAnswer(false);
    }
  });

  it('receives a customer’s SMS into the conversation, which then waits', async () => {
    await call(sms.url, null, 'POST', '/simulator/sms/inbound', { from: '+31612345678', body: 'Dank u, ik kom eraan' });
    await eventually(async () => (await messages()).some((m: { text: string; role: string }) => m.role === 'contact' && m.text === 'Dank u, ik kom eraan'));
    assert.equal((await call(backend.url, token, 'GET', `/v2/conversations/${conversation}`)).body.waiting, true);
  });

  it('takes a callback signed as Twilio documents it, and refuses one without a valid X-Twilio-Signature', async () => {
    const url = `${backend.url}/webhooks/sms/inbound`;
    const post = (params: Record<string, string>, signature?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(params),
      });
    const forged = { MessageSid: 'SMforged', From: '+31612345678', Body: 'forged' };
    assert.equal((await post(forged)).status, 401);
    assert.equal((await post(forged, signedByTwilio('wrong-token', url, forged))).status, 401);
    assert.equal((await post(forged, signedByTwilio(SMS_ACCOUNT.authToken, `${url}?x=1`, forged))).status, 401, 'signed for another URL');
    assert.equal((await post({ ...forged, Body: 'changed' }, signedByTwilio(SMS_ACCOUNT.authToken, url, forged))).status, 401, 'a parameter changed after signing');
    assert.ok(!(await messages()).some((m: { text: string }) => m.text === 'forged' || m.text === 'changed'));

    const genuine = { AccountSid: SMS_ACCOUNT.accountSid, MessageSid: 'SMgenuine0001', From: '+31612345678', To: '+3197000000000', Body: 'Tot straks' };
    assert.equal((await post(genuine, signedByTwilio(SMS_ACCOUNT.authToken, url, genuine))).status, 204);
    assert.ok((await messages()).some((m: { text: string; role: string }) => m.role === 'contact' && m.text === 'Tot straks'));
  });
});
