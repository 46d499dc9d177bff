import { app, BrowserWindow, dialog, session, shell, type Session, type WebContents } from 'electron';
import { allowedOrigins, externalLinkDecision, localeOf, refusedLinkWords, signInOrigins, type AllowedOrigin, type LinkDecision, type OrganisationAddresses } from '../src/shell/external-links';
import { mayNavigate, windowOpenDecision } from '../src/shell/navigation';
import { mayGrant } from '../src/shell/permissions';
import type { Logger } from '../src/ports/logger';

export interface Security {
  /** The app's one way to the system browser: https to the allow-list only; refuses any other address with the reason. */
  openInBrowser(address: string): Promise<void>;
  /** The OpenID sign-in's page: as openInBrowser, with the provider's authorization endpoint's origin allowed for it alone. */
  openSignInPage(address: string, authorizationEndpoint: string): Promise<void>;
  /** Where the organisation's own addresses come from, once the desktop core runs (until then only WhatsApp's hosts pass). */
  knowOrganisation(read: () => Promise<OrganisationAddresses>): void;
}

const NO_ORGANISATION: OrganisationAddresses = { backendUrl: null, oidcIssuer: null };

/** Grants notifications to the app's own page and nothing else, in every session (a partition of its own included). */
function guardSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(mayGrant({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame })),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    mayGrant({ permission, requestingUrl: requestingOrigin, isMainFrame: details.isMainFrame }),
  );
  // HID, serial and USB devices: the board asks for none.
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Electron's security checklist for every web contents the app ever makes (board windows, the
 * wall, anything a later window adds): call once, before the first window. Each decision is a
 * function of src/shell with its tests; this file only hands Electron's events to them.
 */
export function installSecurity(logger: Logger): Security {
  let readOrganisation = () => Promise.resolve(NO_ORGANISATION);
  const allowed = async () => allowedOrigins(await readOrganisation().catch(() => NO_ORGANISATION));

  /** The only call of shell.openExternal in the app, and only with the parser's serialisation of an allowed address. */
  const launch = async (decision: LinkDecision) => {
    if (decision.open) await shell.openExternal(decision.url);
  };

  const openAllowed = async (address: string, origins: readonly AllowedOrigin[]) => {
    const decision = externalLinkDecision(address, origins);
    if (!decision.open) {
      logger.warn({ address, reason: decision.reason }, 'refused to open an address in the system browser');
      throw new Error(refusedLinkWords('en', address, decision.reason).detail);
    }
    await launch(decision);
  };
  const openInBrowser = async (address: string) => openAllowed(address, await allowed());
  const openSignInPage = async (address: string, authorizationEndpoint: string) => openAllowed(address, signInOrigins(await allowed(), authorizationEndpoint));

  /** A link a page asked to open: to the browser if allowed, else the person who clicked it is told why, in their system's language. */
  const openFromPage = async (contents: WebContents, address: string) => {
    const { external } = windowOpenDecision(address, await allowed());
    if (external.open) {
      await launch(external);
      return;
    }
    logger.warn({ address, reason: external.reason }, 'refused a link from a page');
    const words = refusedLinkWords(localeOf(app.getPreferredSystemLanguages()), address, external.reason);
    const owner = BrowserWindow.fromWebContents(contents);
    const box = { type: 'warning' as const, message: words.message, detail: words.detail };
    await (owner ? dialog.showMessageBox(owner, box) : dialog.showMessageBox(box));
  };

  guardSession(session.defaultSession);
  app.on('session-created', guardSession);

  app.on('web-contents-created', (_event, contents) => {
    const stayInApp = (event: Electron.Event<{ url: string }>, kind: string) => {
      if (mayNavigate(event.url)) return;
      event.preventDefault();
      logger.warn({ url: event.url, kind }, 'refused a navigation away from the app');
    };
    contents.on('will-navigate', (event) => stayInApp(event, 'will-navigate'));
    contents.on('will-frame-navigate', (event) => stayInApp(event, 'will-frame-navigate'));
    contents.on('will-redirect', (event) => stayInApp(event, 'will-redirect'));
    // No page gets a window of its own; an allowed link goes to the system browser instead.
    contents.setWindowOpenHandler(({ url }) => {
      openFromPage(contents, url).catch((error: unknown) => logger.error({ err: error, url }, 'a link could not be opened'));
      return { action: 'deny' };
    });
    // A <webview> would be a page with preferences of its own: never attached.
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      logger.warn({}, 'refused to attach a webview');
    });
  });

  return {
    openInBrowser,
    openSignInPage,
    knowOrganisation(read) {
      readOrganisation = read;
    },
  };
}
