import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { BoardEvent } from '../../src/api/board-api';
import type { SessionState } from '../../src/api/people';
import type { Invitation } from '../../src/api/v2/users';
import type { IssuedToken } from '../../src/api/v2/devices';
import { localDateAt } from '../../src/domain/zoned-time';
import { BACKEND_TOKEN_SECRET, BACKEND_URL_SECRET } from '../../src/desktop/backend-settings';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import type { Timers } from '../../src/ports/timers';
import type { Clock } from '../../src/ports/clock';
import { call, eventually } from '../support/backend';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { startCore, type CoreSetup } from '../support/desktop';
import { QUICK_SOURCES, saveSource } from '../support/sources';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { cacheConnection } from '../support/cache-connection';
import { manualTime } from '../support/time';

const ZONE = 'Europe/Amsterdam';
const today = () => localDateAt(Date.now(), ZONE);
const MINUTE = 60_000;

/**
 * People on a registered reception desktop, against a real backend: the device token is made
 * by a manager through the backend's routes, people are invited and sign in on the desktop,
 * and what they do reaches the backend with their own session.
 */
describe('people on a desktop', () => {
  let organisation: Organisation;
  let anna: Invitation;
  let bram: Invitation;
  let mara: Invitation;
  let iris: Invitation;
  const passwords = { anna: 'anna-wachtwoord-1', bram: 'bram-wachtwoord-1', mara: 'mara-wachtwoord-1', iris: 'iris-wachtwoord-1' };

  before(async () => {
    organisation = await startOrganisation();
    anna = await invite('Anna de Boer', 'anna@garage.test', 'advisor');
    bram = await invite('Bram Visser', 'bram@garage.test', 'advisor');
    mara = await invite('Mara Jansen', 'mara@garage.test', 'manager');
    iris = await invite('Iris Bos', 'iris@garage.test', 'advisor');
    // Their passwords are set as an invitation is taken anywhere (Iris takes hers on a desktop, below).
    for (const [invitation, password] of [
      [anna, passwords.anna],
      [bram, passwords.bram],
      [mara, passwords.mara],
    ] as const) {
      const res = await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invitation.code, password });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  });
  after(() => organisation.close());

  async function invite(name: string, email: string, role: 'advisor' | 'manager'): Promise<Invitation> {
    const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/users', { name, email, role });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as Invitation;
  }

  async function registerDevice(name: string, role: 'desktop' | 'wall' = 'desktop'): Promise<IssuedToken> {
    const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/devices', { name, role });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as IssuedToken;
  }

  /**
   * A desktop joined in Settings with a device token (so a new token can be saved), its secrets
   * in a file of its own; given the folder of an earlier one, that desktop started again.
   */
  function deviceDesktop(token: string, time: { clock?: Clock; timers?: Timers; sources?: CoreSetup['sources'] } = {}, again?: string) {
    const folder = again ?? mkdtempSync(join(tmpdir(), 'aftersales-device-'));
    const secrets = new FileSecretStore(folder);
    secrets.set(BACKEND_URL_SECRET, organisation.url);
    secrets.set(BACKEND_TOKEN_SECRET, token);
    const dataFile = join(folder, 'board.sqlite');
    const core = startCore({ dataFile, secrets, sample: false, ...time });
    const events: BoardEvent[] = [];
    core.subscribe((event) => events.push(event));
    const sessions = () => events.flatMap((e) => (e.type === 'session.changed' ? [e.session] : []));
    return { core, dataFile, folder, secrets, events, sessions };
  }

  const session = async (desktop: ReturnType<typeof deviceDesktop>) => desktop.core.handlers.getSession({});
  const identified = (desktop: ReturnType<typeof deviceDesktop>) => eventually(async () => (await session(desktop)).device !== null);

  /** A PC registered for this test, open until the test ends, once it knows what its token is. */
  async function openDesk(t: TestContext, name: string, time: Parameters<typeof deviceDesktop>[1] = {}, role: 'desktop' | 'wall' = 'desktop') {
    const device = await registerDevice(name, role);
    const desktop = deviceDesktop(device.token, time);
    t.after(() => desktop.core.close());
    await identified(desktop);
    return { device, desktop };
  }

  /** Moves the test's timers on until the desktop is online with nothing waiting; then the backend's moves of the card. */
  async function sentMovesOf(desktop: ReturnType<typeof deviceDesktop>, time: { advance(ms: number): void }, appointmentId: string) {
    await eventually(() => {
      time.advance(1_000);
      const c = desktop.core.context.sync.connection();
      return c.online && c.pending === 0;
    });
    return (await backendEvents('appointment.move')).filter((e) => e.data.appointment === appointmentId);
  }

  async function backendEvents(type: string) {
    const res = await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0&limit=1000');
    return (res.body.data as Array<{ type: string; data: any }>).filter((e) => e.type === type);
  }

  async function sessionsOf(userId: string) {
    const res = await call(organisation.url, organisation.org.token, 'GET', '/v2/sessions?revoked=true');
    return (res.body.data as Array<{ id: string; subject: string; kind: string; device: string | null; revokedAt: number | null }>).filter(
      (s) => s.kind === 'user' && s.subject === userId,
    );
  }

  it('a desktop joined with a person’s own token is that person, always signed in (mode personal)', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    const state = await eventually(async () => {
      const s = await desktop.core.handlers.getSession({});
      return s.mode === 'personal' && s.user ? s : undefined;
    });
    assert.equal(state.user!.name, 'Sanne');
    assert.equal(state.user!.role, 'manager');
    assert.equal(state.device, null);
    const refused = await desktop.core.dispatch('signIn', { email: 'anna@garage.test', password: passwords.anna });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'PERSONAL_TOKEN');
  });

  it('a person signs in with a password on a device; the board works and what they send says it was them', async (t) => {
    const device = await registerDevice('Balie 1');
    const appt = await organisation.appointment({ sourceId: 'S-1', date: today(), name: 'Eva de Vries', phone: '+31612340001' });
    const desktop = deviceDesktop(device.token);
    t.after(() => desktop.core.close());
    await identified(desktop);
    let state = await session(desktop);
    assert.equal(state.mode, 'device');
    assert.deepEqual(state.device, { name: 'Balie 1', role: 'desktop' });
    assert.equal(state.user, null, 'nobody is signed in on a device at first');

    state = await desktop.core.handlers.acceptInvitation({ code: iris.code, password: passwords.iris });
    assert.equal(state.user?.name, 'Iris Bos', 'an invitation taken on the desktop signs her in');
    const used = await desktop.core.dispatch('acceptInvitation', { code: iris.code, password: passwords.iris });
    assert.equal(used.ok, false, 'an invitation works once');

    const wrong = await desktop.core.dispatch('signIn', { email: 'anna@garage.test', password: 'niet-het-wachtwoord' });
    assert.equal(wrong.ok, false);
    assert.equal(!wrong.ok && wrong.error.code, 'UNAUTHORIZED', 'the backend’s refusal reaches the window with its code');
    for (let i = 0; i < 5; i++) await desktop.core.dispatch('signIn', { email: 'niemand@garage.test', password: 'niet-het-wachtwoord' });
    const slowed = await desktop.core.dispatch('signIn', { email: 'niemand@garage.test', password: 'niet-het-wachtwoord' });
    assert.equal(!slowed.ok && slowed.error.code, 'TOO_MANY_ATTEMPTS');
    assert.ok(!slowed.ok && Number(slowed.error.params?.retryAfterSeconds) > 0, 'the backend’s wait reaches the window with its number');

    state = await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    assert.equal(state.user?.name, 'Anna de Boer');
    assert.equal(state.signedOut, null);
    assert.deepEqual(
      state.recent.map((r) => r.name).sort(),
      ['Anna de Boer', 'Iris Bos'],
      'everyone who signed in here is on the list',
    );
    assert.ok(desktop.sessions().some((s) => s.user?.name === 'Anna de Boer'), 'session.changed told the windows');
    assert.equal((await desktop.core.handlers.getSettings({})).userId, anna.user._id, 'her preferences apply');

    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));
    await desktop.core.handlers.moveCard({ id: appt.id, column: 'in_service', beforeId: null, afterId: null });
    await desktop.core.handlers.sendMessage({
      appointmentId: appt.id,
      touchpoint: 'whatsapp',
      template: { name: 'vehicle_ready', language: 'nl', parameters: ['Eva', '12-AB-34', 'de receptie'] },
    });
    await settled(desktop.core);
    const move = (await backendEvents('appointment.move')).find((e) => e.data.appointment === appt.id);
    assert.equal(move?.data.by?.name, 'Anna de Boer', 'the backend knows who moved the card');
    const message = await eventually(async () => {
      const view = await desktop.core.handlers.getConversation({ appointmentId: appt.id });
      return view.messages.find((m) => m.template?.name === 'vehicle_ready' && m.author);
    });
    assert.deepEqual(message.author, { id: anna.user._id, name: 'Anna de Boer', kind: 'user' });

    // A manager's Settings go with her token; an advisor is refused by the backend, in its words.
    const users = await desktop.core.dispatch('listUsers', {});
    assert.equal(users.ok, true, 'an advisor may read the names of colleagues');
    const devices = await desktop.core.dispatch('registerDevice', { name: 'Balie 2', role: 'desktop' });
    assert.equal(!devices.ok && devices.error.code, 'FORBIDDEN');
  });

  it('the quick switch takes the person’s PIN; five wrong PINs forget their session on this desktop', async (t) => {
    const { desktop } = await openDesk(t, 'Balie 3');

    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await desktop.core.handlers.setPin({ pin: '2468' });
    await desktop.core.handlers.signIn({ email: 'bram@garage.test', password: passwords.bram });
    await desktop.core.handlers.setPin({ pin: '1357' });
    let state = await session(desktop);
    assert.equal(state.user?.name, 'Bram Visser');
    assert.deepEqual(
      state.recent.filter((r) => r.hasPin).map((r) => r.name).sort(),
      ['Anna de Boer', 'Bram Visser'],
    );

    state = await desktop.core.handlers.switchUser({ userId: anna.user._id, pin: '2468' });
    assert.equal(state.user?.name, 'Anna de Boer', 'back to Anna with her PIN, no password');

    const noPin = await desktop.core.dispatch('switchUser', { userId: mara.user._id, pin: '1111' });
    assert.equal(!noPin.ok && noPin.error.code, 'NOT_HELD', 'Mara never signed in on this desktop: her password is needed');

    for (let i = 1; i <= 4; i++) {
      const wrong = await desktop.core.dispatch('switchUser', { userId: bram.user._id, pin: '0000' });
      assert.equal(!wrong.ok && wrong.error.code, 'WRONG_PIN');
      assert.match(!wrong.ok ? wrong.error.message : '', new RegExp(`${5 - i} tr`));
      assert.deepEqual(!wrong.ok && wrong.error.params, { left: 5 - i }, 'the tries left, for the window’s own words');
    }
    const fifth = await desktop.core.dispatch('switchUser', { userId: bram.user._id, pin: '0000' });
    assert.equal(!fifth.ok && fifth.error.code, 'PIN_ATTEMPTS');
    state = await session(desktop);
    assert.equal(state.user?.name, 'Anna de Boer', 'whoever was signed in stays');
    assert.ok(!state.recent.some((r) => r.id === bram.user._id), 'Bram is off this desktop’s list');
    const right = await desktop.core.dispatch('switchUser', { userId: bram.user._id, pin: '1357' });
    assert.equal(!right.ok && right.error.code, 'NOT_HELD', 'not even his right PIN brings him back');
    // Nothing of his waited, so his session ended on the backend too.
    await eventually(async () => (await sessionsOf(bram.user._id)).some((s) => s.device !== null && s.revokedAt !== null));
    assert.equal(desktop.secrets.get(`person.${bram.user._id}.refresh`), null, 'his refresh token is gone from the secret store');
  });

  it('five wrong PINs forget the person whatever arrives at once: sixty wrong ones and the right one sent together do not unlock', async (t) => {
    const { desktop } = await openDesk(t, 'Balie 11');
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await desktop.core.handlers.setPin({ pin: '7391' });
    await desktop.core.handlers.lock({});

    const pins = [...Array.from({ length: 60 }, (_, i) => String(1000 + i)), '7391'];
    const answers = await Promise.all(pins.map((pin) => desktop.core.dispatch('switchUser', { userId: anna.user._id, pin })));
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    assert.deepEqual(
      { wrong: codes.filter((c) => c === 'WRONG_PIN').length, fifth: codes.filter((c) => c === 'PIN_ATTEMPTS').length, ok: codes.filter((c) => c === 'OK').length },
      { wrong: 4, fifth: 1, ok: 0 },
    );
    assert.ok(codes.slice(5).every((c) => c === 'NOT_HELD'), 'after the fifth wrong PIN she is not held here: not even her right PIN unlocks');
    const state = await session(desktop);
    assert.equal(state.user, null);
    assert.equal(state.signedOut, 'pin-attempts');
    assert.ok(!state.recent.some((r) => r.id === anna.user._id));
  });

  it('a locked desk does nothing as the locked person, and a desk nobody signed in on makes no person’s change; its own work goes on', async (t) => {
    const device = await registerDevice('Balie 12');
    const appt = await organisation.appointment({ sourceId: 'S-12', date: today(), name: 'Lot Peters', phone: '+31612340012' });
    const desktop = deviceDesktop(device.token);
    t.after(() => desktop.core.close());
    await identified(desktop);
    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));
    const codeOf = (answer: Awaited<ReturnType<typeof desktop.core.dispatch>>) => (answer.ok ? 'OK' : answer.error.code);
    const move = (column: 'ready' | 'in_service') => desktop.core.dispatch('moveCard', { id: appt.id, column, beforeId: null, afterId: null });

    assert.equal(codeOf(await move('ready')), 'NOT_SIGNED_IN', 'a change on a device is somebody’s');
    assert.equal(codeOf(await desktop.core.dispatch('setLocale', { locale: 'nl' })), 'OK', 'the sign-in screen’s language is the desktop’s own');

    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await desktop.core.handlers.setPin({ pin: '5173' });
    await desktop.core.handlers.lock({});
    const refused = {
      moveCard: codeOf(await move('ready')),
      setColour: codeOf(await desktop.core.dispatch('setColour', { id: appt.id, colour: 'red' })),
      addComment: codeOf(await desktop.core.dispatch('addComment', { appointmentId: appt.id, text: 'klant belt terug' })),
      markRead: codeOf(await desktop.core.dispatch('markRead', { appointmentId: appt.id })),
      setAdvisor: codeOf(await desktop.core.dispatch('setAdvisor', { appointmentId: appt.id, userId: anna.user._id })),
      setLocale: codeOf(await desktop.core.dispatch('setLocale', { locale: 'en' })),
      listUsers: codeOf(await desktop.core.dispatch('listUsers', {})),
    };
    assert.deepEqual(refused, { moveCard: 'LOCKED', setColour: 'LOCKED', addComment: 'LOCKED', markRead: 'LOCKED', setAdvisor: 'LOCKED', setLocale: 'LOCKED', listUsers: 'LOCKED' });
    const card = (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id);
    assert.equal(card?.column, 'new', 'the board still reads behind the lock, unchanged');

    // The desktop's own work goes on while locked: the backend's news reaches the board.
    const later = await organisation.appointment({ sourceId: 'S-13', date: today(), name: 'Sem Kok', phone: '+31612340013' });
    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.some((c) => c.id === later.id));

    await desktop.core.handlers.switchUser({ userId: anna.user._id, pin: '5173' });
    assert.equal(codeOf(await move('in_service')), 'OK');
    await settled(desktop.core);
    const moves = (await backendEvents('appointment.move')).filter((e) => e.data.appointment === appt.id);
    assert.deepEqual(
      moves.map((e) => [e.data.column, e.data.by?.name]),
      [['in_service', 'Anna de Boer']],
      'only the change made after she unlocked reached the backend',
    );
  });

  it('the changes of someone removed from the organisation before they were sent say so, and the card’s later changes go', async (t) => {
    const noor = await invite('Noor Smits', 'noor@garage.test', 'advisor');
    const taken = await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: noor.code, password: 'noor-wachtwoord-1' });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    const device = await registerDevice('Balie 13');
    const appt = await organisation.appointment({ sourceId: 'S-14', date: today(), name: 'Fenna Bakker', phone: '+31612340014' });
    const time = manualTime(Date.now());
    const desktop = deviceDesktop(device.token, { timers: time.timers });
    t.after(() => desktop.core.close());
    await identified(desktop);
    await desktop.core.handlers.signIn({ email: 'noor@garage.test', password: 'noor-wachtwoord-1' });
    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));

    // Her changes are made while the backend is away; she is removed before the desktop is back.
    await organisation.stop();
    await desktop.core.handlers.moveCard({ id: appt.id, column: 'ready', beforeId: null, afterId: null });
    await desktop.core.handlers.addComment({ appointmentId: appt.id, text: 'Klant haalt morgen op' });
    await organisation.restart();
    const removed = await call(organisation.url, organisation.org.token, 'DELETE', `/v2/users/${noor.user._id}`);
    assert.equal(removed.status, 204, JSON.stringify(removed.body));
    // Bram takes the desk and moves the same card: it waits behind hers until hers is settled.
    await desktop.core.handlers.signIn({ email: 'bram@garage.test', password: passwords.bram });
    await desktop.core.handlers.moveCard({ id: appt.id, column: 'finished', beforeId: null, afterId: null });

    const moves = await sentMovesOf(desktop, time, appt.id);
    assert.deepEqual(
      moves.map((e) => [e.data.column, e.data.by?.name]),
      [['finished', 'Bram Visser']],
      'hers was not sent; his went after it was settled',
    );
    const words = 'Noor Smits was removed from the organisation before this change was sent.';
    const card = (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id);
    assert.deepEqual(card?.syncError && [card.syncError.code, card.syncError.message], ['AUTHOR_REMOVED', words], 'the card says why hers was not saved');
    const view = await desktop.core.handlers.getConversation({ appointmentId: appt.id });
    const comment = view.comments.find((m) => m.text === 'Klant haalt morgen op');
    assert.equal(comment?.status, 'refused', 'her comment shows it was not sent');
    assert.equal(comment?.failure?.reason, words);
    assert.deepEqual(desktop.core.context.sync.connection().waitingFor, [], 'nothing waits for her');
  });

  it('someone who saved no view settings yet sees the inboxes they work in; a saved choice stays theirs', async (t) => {
    const place = async (name: string, email: string, inboxes: string[]) => {
      const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/users', { name, email, role: 'advisor', inboxes });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const taken = await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: (res.body as Invitation).code, password: 'werkplek-wachtwoord-1' });
      assert.equal(taken.status, 200, JSON.stringify(taken.body));
      return taken.body as { access_token: string };
    };
    await place('Ruud Mol', 'ruud@garage.test', [organisation.inbox]);
    const sien = await place('Sien Kuipers', 'sien@garage.test', [organisation.inbox]);
    await place('Tim Vos', 'tim@garage.test', []);
    // Sien chose every inbox on another desktop: that is her own choice.
    const saved = await call(organisation.url, sien.access_token, 'PUT', '/v2/users/me/settings', { locale: 'nl', inboxFilter: null, mine: false });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const desktop = deviceDesktop((await registerDevice('Balie 14')).token);
    t.after(() => desktop.core.close());
    await identified(desktop);
    const filterAfterSignIn = async (email: string) => {
      await desktop.core.handlers.signIn({ email, password: 'werkplek-wachtwoord-1' });
      return (await desktop.core.handlers.getSettings({})).inboxFilter;
    };
    assert.deepEqual(await filterAfterSignIn('ruud@garage.test'), [organisation.inbox], 'where he works is his filter');
    assert.equal(await filterAfterSignIn('sien@garage.test'), null, 'her saved choice stays');
    assert.equal(await filterAfterSignIn('tim@garage.test'), null, 'working in every inbox: no filter');
  });

  it('a source pulls on its schedule while the desk is locked, as the desktop’s own work rather than the locked person’s', async (t) => {
    const time = manualTime(Date.now());
    const book = new PlanningBook(time.clock.now);
    const planit = await startPlanItSimulator(book, { apiKey: 'pk-balie' });
    t.after(() => planit.close());
    const { desktop } = await openDesk(t, 'Balie 15', { ...time, sources: QUICK_SOURCES });
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await desktop.core.handlers.setPin({ pin: '6284' });
    await eventually(() => desktop.core.context.inboxes.all().length > 0);
    await saveSource(desktop.core, {
      name: 'PlanIT balie',
      enabled: true,
      secret: 'pk-balie',
      settings: { kind: 'planit', baseUrl: planit.url, branches: ['Utrecht'], pageSize: 50, overlapMinutes: 5, timeoutSeconds: 5 },
    });
    await desktop.core.handlers.lock({});
    // Who each pull's changes are by, read as the pull ends (before they are sent and leave the outbox).
    const db = cacheConnection(desktop.core);
    t.after(() => db.close());
    const queuedBy: unknown[] = [];
    desktop.core.subscribe((event) => {
      if (event.type === 'import.completed') queuedBy.push(...db.prepare("SELECT author FROM outbox WHERE kind = 'appointments'").pluck().all());
    });

    const [record] = generateAppointments(1, 'Utrecht', today(), 'LOCK');
    book.add(record!);
    const pulled = await eventually(async () => {
      time.advance(5 * MINUTE);
      return (await backendEvents('appointment.upsert')).find((e) => e.data.appointment.sourceId === record!.id);
    });
    assert.ok(pulled, 'the scheduled pull reached the backend while the desk was locked');
    assert.equal((await session(desktop)).locked, true);

    assert.deepEqual([...new Set(queuedBy)], [null], 'queued as the desktop’s own, not as Anna: it never waits for her session');
  });

  it('keeps the sessions of the people who signed in across a restart: nobody is signed in, their PIN brings them back', async (t) => {
    const device = await registerDevice('Balie 10');
    const first = deviceDesktop(device.token);
    await identified(first);
    await first.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await first.core.handlers.setPin({ pin: '4826' });
    first.core.close();

    const desktop = deviceDesktop(device.token, {}, first.folder);
    t.after(() => desktop.core.close());
    const state = await session(desktop);
    assert.equal(state.user, null, 'a restarted desk waits for someone to sign in');
    assert.deepEqual(state.device, { name: 'Balie 10', role: 'desktop' }, 'known from the cache before the backend answers');
    assert.deepEqual(state.recent, [{ id: anna.user._id, name: 'Anna de Boer', hasPin: true }]);
    assert.equal((await desktop.core.handlers.switchUser({ userId: anna.user._id, pin: '4826' })).user?.name, 'Anna de Boer');
    // Her session renews from the refresh token kept in the secret store: the backend takes her requests.
    const users = await desktop.core.dispatch('listUsers', {});
    assert.equal(users.ok, true, JSON.stringify(users));
  });

  it('locks after the device’s idle time (a manager’s setting); the PIN unlocks', async (t) => {
    const device = await registerDevice('Balie 4');
    const time = manualTime(Date.now());
    const desktop = deviceDesktop(device.token, { timers: time.timers });
    t.after(() => desktop.core.close());
    await identified(desktop);

    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    const refused = await desktop.core.dispatch('setIdleLock', { minutes: 5 });
    assert.equal(!refused.ok && refused.error.code, 'FORBIDDEN', 'an advisor does not set the idle lock');

    await desktop.core.handlers.signIn({ email: 'mara@garage.test', password: passwords.mara });
    await desktop.core.handlers.setPin({ pin: '8642' });
    assert.equal((await desktop.core.handlers.setIdleLock({ minutes: 5 })).idleLockMinutes, 5);

    time.advance(4 * MINUTE);
    assert.equal((await session(desktop)).locked, false);
    await desktop.core.handlers.noteActivity({});
    time.advance(4 * MINUTE);
    assert.equal((await session(desktop)).locked, false, 'the use a minute before the end made it wait again');
    time.advance(MINUTE);
    const locked = await session(desktop);
    assert.equal(locked.locked, true);
    assert.equal(locked.user?.name, 'Mara Jansen', 'locked, not signed out');
    assert.ok(desktop.sessions().some((s) => s.locked), 'session.changed told the windows');
    const whileLocked = await desktop.core.dispatch('setPin', { pin: '1111' });
    assert.equal(!whileLocked.ok && whileLocked.error.code, 'LOCKED');

    const unlocked = await desktop.core.handlers.switchUser({ userId: mara.user._id, pin: '8642' });
    assert.equal(unlocked.locked, false);
    await desktop.core.handlers.lock({});
    assert.equal((await session(desktop)).locked, true, 'locked by hand');
  });

  it('a revoked session signs the person out with the reason; their change waits and is not retried with that token', async (t) => {
    const device = await registerDevice('Balie 5');
    const appt = await organisation.appointment({ sourceId: 'S-5', date: today(), name: 'Kees Smit', phone: '+31612340005' });
    const other = await organisation.appointment({ sourceId: 'S-6', date: today(), name: 'Joke Dekker', phone: '+31612340006' });
    const time = manualTime(Date.now());
    const desktop = deviceDesktop(device.token, { timers: time.timers });
    t.after(() => desktop.core.close());
    await identified(desktop);
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.filter((c) => c.id === appt.id || c.id === other.id).length === 2);

    // Her change is made while the backend is away; it is revoked before the desktop is back.
    await organisation.stop();
    await desktop.core.handlers.moveCard({ id: appt.id, column: 'ready', beforeId: null, afterId: null });
    await organisation.restart();
    const open = (await sessionsOf(anna.user._id)).find((s) => s.device === device.session.subject && s.revokedAt === null)!;
    const revoked = await call(organisation.url, organisation.org.token, 'DELETE', `/v2/sessions/${open.id}`);
    assert.equal(revoked.status, 204);

    const ended = await eventually(async () => {
      time.advance(1_000);
      const s = await session(desktop);
      return s.signedOut === 'revoked' ? s : undefined;
    });
    assert.equal(ended.user, null);
    assert.ok(desktop.sessions().some((s) => s.signedOut === 'revoked'), 'session.changed said why');
    const connection = desktop.core.context.sync.connection();
    assert.equal(connection.pending, 1, 'her change waits for her');
    assert.deepEqual(connection.waitingFor, ['Anna de Boer']);

    // Bram takes the desk: his change of another card goes; of hers it waits behind hers, so the card's changes keep their order.
    await desktop.core.handlers.signIn({ email: 'bram@garage.test', password: passwords.bram });
    await desktop.core.handlers.moveCard({ id: appt.id, column: 'finished', beforeId: null, afterId: null });
    await desktop.core.handlers.moveCard({ id: other.id, column: 'in_service', beforeId: null, afterId: null });
    await eventually(async () => (await backendEvents('appointment.move')).some((e) => e.data.appointment === other.id && e.data.by?.name === 'Bram Visser'));
    assert.equal(desktop.core.context.sync.connection().pending, 2);

    // However long the desktop runs on, her refused token is not tried again.
    time.advance(30 * MINUTE);
    const db = cacheConnection(desktop.core);
    t.after(() => db.close());
    const jobs = db.prepare('SELECT author, attempts FROM outbox ORDER BY seq').all();
    assert.deepEqual(jobs, [
      // The one try while the backend was away; none with her refused token since.
      { author: anna.user._id, attempts: 1 },
      { author: bram.user._id, attempts: 0 },
    ]);
    assert.ok(!(await backendEvents('appointment.move')).some((e) => e.data.appointment === appt.id));

    // She signs in again: her change goes, as hers (the stream, which the long wait ended for want of pongs, comes back on the test's timers).
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    const moves = await sentMovesOf(desktop, time, appt.id);
    assert.deepEqual(
      moves.map((e) => [e.data.column, e.data.by?.name]),
      [
        ['ready', 'Anna de Boer'],
        ['finished', 'Bram Visser'],
      ],
      'hers first, as hers; then his',
    );
  });

  it('a session a manager revokes signs the person out on the desktop at once, through the event stream — no request of hers needed', async (t) => {
    const { device, desktop } = await openDesk(t, 'Balie 10');
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await settled(desktop.core);
    const open = (await sessionsOf(anna.user._id)).find((s) => s.device === device.session.subject && s.revokedAt === null)!;

    const revoked = await call(organisation.url, organisation.org.token, 'DELETE', `/v2/sessions/${open.id}`);
    assert.equal(revoked.status, 204);
    const ended = await eventually(async () => {
      const s = await session(desktop);
      return s.signedOut === 'revoked' ? s : undefined;
    }, 2_000);
    assert.equal(ended.user, null);
    assert.ok(!ended.recent.some((r) => r.id === anna.user._id && r.hasPin), 'her session is no longer held here');
  });

  it('a person a manager renames, or makes a manager, is shown so at once on the desktop she is signed in on — and on the one joined with her own token', async (t) => {
    const { desktop } = await openDesk(t, 'Balie 14');
    await desktop.core.handlers.signIn({ email: 'bram@garage.test', password: passwords.bram });
    const ownToken = await call(organisation.url, organisation.org.token, 'POST', '/v2/tokens', { user: bram.user._id, label: 'Bram thuis', days: 1 });
    const own = startCore({ sample: false, backend: { url: organisation.url, token: ownToken.body.token } });
    t.after(() => own.close());
    await eventually(async () => (await own.handlers.getSession({})).user?.name === 'Bram Visser');

    const patch = (body: unknown) => call(organisation.url, organisation.org.token, 'PATCH', `/v2/users/${bram.user._id}`, body);
    t.after(() => patch({ name: 'Bram Visser', role: 'advisor' }));
    assert.equal((await patch({ name: 'Bram de Vries', role: 'manager' })).status, 200);
    for (const core of [desktop.core, own]) {
      await eventually(async () => {
        const user = (await core.handlers.getSession({})).user;
        return user?.name === 'Bram de Vries' && user.role === 'manager';
      }, 2_000);
    }
  });

  it('on a registered desktop only a signed-in manager gives it another backend or token', async (t) => {
    const { device, desktop } = await openDesk(t, 'Balie 16');
    const credentials = { url: organisation.url, token: device.token };
    const nobody = await desktop.core.dispatch('saveConnection', credentials);
    assert.equal(!nobody.ok && nobody.error.code, 'MANAGER_ONLY');
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await desktop.core.handlers.setPin({ pin: '1357' });
    const advisor = await desktop.core.dispatch('saveConnection', credentials);
    assert.equal(!advisor.ok && advisor.error.code, 'MANAGER_ONLY');
    await desktop.core.handlers.signIn({ email: 'mara@garage.test', password: passwords.mara });
    // Another address (here the same backend written otherwise) never gets the sessions held here.
    const manager = await desktop.core.dispatch('saveConnection', { ...credentials, url: `${organisation.url}/` });
    assert.equal(manager.ok, true, JSON.stringify(manager));
    const back = await desktop.core.dispatch('switchUser', { userId: anna.user._id, pin: '1357' });
    assert.equal(!back.ok && back.error.code, 'NOT_HELD');
  });

  it('a wall screen joins without anyone signing in and shows the board, without contact details; it changes nothing', async (t) => {
    const appt = await organisation.appointment({ sourceId: 'W-1', date: today(), name: 'Wim Wand', phone: '+31612340099' });
    const { device, desktop: wall } = await openDesk(t, 'Werkplaats scherm', {}, 'wall');
    // Nobody signs in on it: not through its core, nor with its token at the backend.
    const signIn = await wall.core.dispatch('signIn', { email: 'anna@garage.test', password: passwords.anna });
    assert.equal(!signIn.ok && signIn.error.code, 'WALL');
    const direct = await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'password', email: 'anna@garage.test', password: passwords.anna, device_token: device.token });
    assert.equal(direct.status, 403, JSON.stringify(direct.body));
    const state = await session(wall);
    assert.deepEqual([state.mode, state.device?.role, state.user], ['device', 'wall', null]);
    const card = await eventually(async () => (await wall.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id));
    assert.equal(card.customerName, 'Wim Wand');
    assert.equal((await wall.core.handlers.getAppointment({ id: appt.id })).contact?.phone ?? null, null, 'no phone on a wall');
    assert.equal(wall.core.context.sync.connection().online, true);
    const move = await wall.core.dispatch('moveCard', { id: appt.id, column: 'ready', beforeId: null, afterId: null });
    assert.equal(!move.ok && move.error.code, 'NOT_SIGNED_IN');
  });

  it('offers the organisation’s OpenID provider once a manager sets it, and says when this desktop cannot open a browser', async (t) => {
    const { desktop } = await openDesk(t, 'Balie 8');
    assert.equal((await session(desktop)).oidc, null);
    const none = await desktop.core.dispatch('signInWithProvider', {});
    assert.equal(!none.ok && none.error.code, 'NO_PROVIDER');

    await desktop.core.handlers.signIn({ email: 'mara@garage.test', password: passwords.mara });
    const settings = { issuer: 'https://login.garage.test/tenant', clientId: 'aftersales-board', clientSecret: 'GOCSPX-desktop-app', label: 'Microsoft', allowedDomains: ['garage.test'], newUserRole: 'advisor' as const };
    t.after(() => call(organisation.url, organisation.org.token, 'DELETE', '/v2/auth/oidc'));
    // Its Test asks the provider, which does not exist: the refusal comes back with its code, nothing saved.
    const tested = await desktop.core.dispatch('testOidcSettings', { settings });
    assert.equal(!tested.ok && tested.error.code, 'OIDC_PROVIDER_CHECK_FAILED');
    assert.equal((await session(desktop)).oidc, null);
    assert.deepEqual(await desktop.core.handlers.saveOidcSettings({ settings }), settings);
    const offered = await session(desktop);
    assert.deepEqual(offered.oidc, { issuer: settings.issuer, clientId: settings.clientId, label: 'Microsoft' });
    assert.ok(desktop.sessions().some((s) => s.oidc?.label === 'Microsoft'), 'the sign-in screens were told');
    assert.ok(!desktop.sessions().some((s) => s.oidc && 'clientSecret' in s.oidc), 'the windows never get the client secret');
    const noBrowser = await desktop.core.dispatch('signInWithProvider', {});
    assert.equal(!noBrowser.ok && noBrowser.error.code, 'NO_BROWSER');

    const other = deviceDesktop((await registerDevice('Balie 9')).token);
    t.after(() => other.core.close());
    await eventually(async () => (await session(other)).oidc?.label === 'Microsoft');

    // The manager reads back all of it (domains and role too), and turns it off again.
    assert.deepEqual(await desktop.core.handlers.getOidcSettings({}), settings);
    assert.equal(await desktop.core.handlers.saveOidcSettings({ settings: null }), null);
    assert.equal(await desktop.core.handlers.getOidcSettings({}), null);
    assert.equal((await session(desktop)).oidc, null);
  });

  it('a revoked device signs everyone out (device-revoked) and stops until a new token is saved', async (t) => {
    const { device, desktop } = await openDesk(t, 'Balie 6');
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await settled(desktop.core);

    const rotated = await call(organisation.url, organisation.org.token, 'POST', `/v2/devices/${device.session.subject}/rotate`, {});
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    const state: SessionState = await eventually(async () => {
      const s = await session(desktop);
      return s.signedOut === 'device-revoked' ? s : undefined;
    });
    assert.equal(state.user, null);
    const connection = desktop.core.context.sync.connection();
    assert.equal(connection.online, false);
    assert.match(connection.lastError ?? '', /refused this desktop’s token/);
    const signIn = await desktop.core.dispatch('signIn', { email: 'anna@garage.test', password: passwords.anna });
    assert.equal(!signIn.ok && signIn.error.code, 'DEVICE_REVOKED');

    await desktop.core.handlers.saveConnection({ url: organisation.url, token: (rotated.body as IssuedToken).token });
    await settled(desktop.core);
    const again = await eventually(async () => {
      const s = await session(desktop);
      return s.device && s.signedOut === null ? s : undefined;
    });
    assert.equal(again.mode, 'device');
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
  });

  it('a change made offline goes with its author’s session once the backend is back, whoever is signed in then', async (t) => {
    const device = await registerDevice('Balie 7');
    const appt = await organisation.appointment({ sourceId: 'S-7', date: today(), name: 'Lotte Mulder', phone: '+31612340007' });
    const desktop = deviceDesktop(device.token);
    t.after(() => desktop.core.close());
    await identified(desktop);
    await desktop.core.handlers.signIn({ email: 'bram@garage.test', password: passwords.bram });
    await desktop.core.handlers.setPin({ pin: '9753' });
    await desktop.core.handlers.signIn({ email: 'anna@garage.test', password: passwords.anna });
    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));

    await organisation.stop();
    await eventually(() => !desktop.core.context.sync.connection().online);
    await desktop.core.handlers.setColour({ id: appt.id, colour: 'orange' });
    assert.equal(desktop.core.context.sync.connection().pending, 1);
    // Bram takes over the desk while the backend is away: switching needs no backend.
    assert.equal((await desktop.core.handlers.switchUser({ userId: bram.user._id, pin: '9753' })).user?.name, 'Bram Visser');
    await desktop.core.handlers.moveCard({ id: appt.id, column: 'on_hold', beforeId: null, afterId: null });

    await organisation.restart();
    await settled(desktop.core, 20_000);
    const colour = (await backendEvents('appointment.colour')).find((e) => e.data.appointment === appt.id);
    assert.equal(colour?.data.by?.name, 'Anna de Boer', 'the colour is Anna’s, sent with her session');
    const move = (await backendEvents('appointment.move')).find((e) => e.data.appointment === appt.id);
    assert.equal(move?.data.by?.name, 'Bram Visser');
  });
});
