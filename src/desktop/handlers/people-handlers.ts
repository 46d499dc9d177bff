import type { BoardApiHandlers } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import type { Timers } from '../../ports/timers';
import { ProviderSignInError, signInWithProvider, type OpenBrowser } from '../auth/oidc-sign-in';
import type { PeopleSession } from '../auth/people-session';
import { userSettingsOf } from './settings-handlers';
import type { CoreContext } from './context';

type PeopleMethods =
  | 'getSession'
  | 'signIn'
  | 'acceptInvitation'
  | 'signInWithProvider'
  | 'signOut'
  | 'switchUser'
  | 'setPin'
  | 'lock'
  | 'noteActivity'
  | 'setIdleLock'
  | 'listUsers'
  | 'createUser'
  | 'updateUser'
  | 'removeUser'
  | 'inviteUser'
  | 'listSessions'
  | 'revokeSession'
  | 'registerDevice'
  | 'rotateDevice'
  | 'createIntegration'
  | 'listAudit'
  | 'getOidcSettings'
  | 'saveOidcSettings'
  | 'testOidcSettings';

export interface PeopleHandlerDeps {
  session: PeopleSession;
  /** Opens the system browser at the OpenID provider's page; none: this desktop cannot offer it. */
  openBrowser: OpenBrowser | null;
  timers: Timers;
}

/**
 * Signing in, the reception PC's quick switch and lock, and a manager's Settings → People,
 * Devices and tokens, and Audit. The manager's requests go with their own token; the backend
 * decides who may, and its refusal reaches the window with its code and words.
 */
export function peopleHandlers(ctx: CoreContext, deps: PeopleHandlerDeps): Pick<BoardApiHandlers, PeopleMethods> {
  const { session } = deps;
  const asPerson = session.asPerson.bind(session);
  return {
    getSession: () => session.state(),
    signIn: ({ email, password }) => session.signIn({ grant_type: 'password', email, password }),
    acceptInvitation: ({ code, password }) => session.signIn({ grant_type: 'invitation', code, password }),

    async signInWithProvider() {
      const settings = session.provider();
      if (!settings) throw new ApiFailure('NO_PROVIDER', 'This organisation signs in with passwords only.');
      if (!deps.openBrowser) throw new ApiFailure('NO_BROWSER', 'This desktop cannot open a browser for the sign-in: sign in with your password.');
      // The page the browser shows at the end speaks the language of the person at this desktop.
      const locale = userSettingsOf(ctx, ctx.people.preferencesUser()).locale ?? 'en';
      let idToken: string;
      try {
        ({ idToken } = await signInWithProvider(settings, deps.openBrowser, deps.timers, { locale }));
      } catch (error) {
        if (error instanceof ProviderSignInError) throw new ApiFailure(`PROVIDER_${error.reason.toUpperCase().replace(/-/g, '_')}`, error.message);
        throw error;
      }
      return session.signIn({ grant_type: 'id_token', id_token: idToken });
    },

    signOut: ({ forget }) => session.signOut(forget),
    switchUser: ({ userId, pin }) => session.switchUser(userId, pin),
    setPin: ({ pin }) => session.setPin(pin),
    lock: () => session.lock(),
    noteActivity() {
      session.noteActivity();
      return null;
    },
    setIdleLock: ({ minutes }) => session.setIdleLock(minutes),

    listUsers: ({ after }) => asPerson((client) => client.listUsers(after)),
    createUser: (input) => asPerson((client) => client.createUser(input)),
    updateUser: ({ id, patch }) => asPerson((client) => client.updateUser(id, patch)),
    removeUser: ({ id }) => asPerson((client) => client.removeUser(id)).then(() => null),
    inviteUser: ({ id }) => asPerson((client) => client.inviteUser(id)),
    listSessions: ({ after, revoked }) => asPerson((client) => client.listSessions(after, revoked)),
    revokeSession: ({ id }) => asPerson((client) => client.revokeSession(id)).then(() => null),
    registerDevice: (input) => asPerson((client) => client.registerDevice(input)),
    rotateDevice: ({ id }) => asPerson((client) => client.rotateDevice(id)),
    createIntegration: (input) => asPerson((client) => client.createIntegration(input)),
    listAudit: ({ before }) => asPerson((client) => client.listAudit(before)),
    getOidcSettings: () => asPerson((client) => client.oidcSettings()),
    async testOidcSettings({ settings }) {
      await asPerson((client) => client.testOidcSettings(settings));
      return null;
    },
    async saveOidcSettings({ settings }) {
      const saved = await asPerson((client) => client.saveOidcSettings(settings));
      session.oidcChanged(saved && { issuer: saved.issuer, clientId: saved.clientId, ...(saved.clientSecret ? { clientSecret: saved.clientSecret } : {}), label: saved.label });
      return saved;
    },
  };
}
