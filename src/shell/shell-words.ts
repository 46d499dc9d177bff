import type { Locale } from '../api/board-api';

/**
 * The words the main process shows itself — the menus, the tray, notifications, its error boxes —
 * in English and Dutch. The renderer's words are in renderer/i18n, which main/ may not import.
 */
const en = {
  'menu.file': 'File',
  'menu.newWindow': 'New Window',
  'menu.startAtLogin': 'Start at Login',
  'menu.quit': 'Quit',
  'menu.edit': 'Edit',
  'menu.undo': 'Undo',
  'menu.redo': 'Redo',
  'menu.cut': 'Cut',
  'menu.copy': 'Copy',
  'menu.paste': 'Paste',
  'menu.selectAll': 'Select All',
  'menu.view': 'View',
  'menu.reload': 'Reload',
  'menu.resetZoom': 'Actual Size',
  'menu.zoomIn': 'Zoom In',
  'menu.zoomOut': 'Zoom Out',
  'menu.fullScreen': 'Toggle Full Screen',
  'menu.window': 'Window',
  'menu.minimize': 'Minimise',
  'menu.close': 'Close',
  'menu.help': 'Help',
  'menu.openLogs': 'Open Logs Folder',
  'menu.copyDiagnostics': 'Copy Diagnostics',
  'tray.showBoard': 'Show Board',
  'tray.waiting.none': 'No customers waiting',
  'tray.waiting.one': '1 customer waiting',
  'tray.waiting.other': '{count} customers waiting',
  'badge.description': '{count} customers waiting',
  'notification.reply': '{name} replied',
  'notification.customer': 'A customer',
  'error.openLogs': 'The logs folder could not be opened',
  'error.startAtLogin': 'Start at login could not be changed',
  'error.diagnostics': 'The diagnostics could not be copied',
} as const;

export type ShellWord = keyof typeof en;

const nl: Record<ShellWord, string> = {
  'menu.file': 'Bestand',
  'menu.newWindow': 'Nieuw venster',
  'menu.startAtLogin': 'Starten bij aanmelden',
  'menu.quit': 'Afsluiten',
  'menu.edit': 'Bewerken',
  'menu.undo': 'Ongedaan maken',
  'menu.redo': 'Opnieuw',
  'menu.cut': 'Knippen',
  'menu.copy': 'Kopiëren',
  'menu.paste': 'Plakken',
  'menu.selectAll': 'Alles selecteren',
  'menu.view': 'Beeld',
  'menu.reload': 'Opnieuw laden',
  'menu.resetZoom': 'Ware grootte',
  'menu.zoomIn': 'Inzoomen',
  'menu.zoomOut': 'Uitzoomen',
  'menu.fullScreen': 'Volledig scherm aan/uit',
  'menu.window': 'Venster',
  'menu.minimize': 'Minimaliseren',
  'menu.close': 'Sluiten',
  'menu.help': 'Help',
  'menu.openLogs': 'Map met logbestanden openen',
  'menu.copyDiagnostics': 'Diagnose kopiëren',
  'tray.showBoard': 'Bord tonen',
  'tray.waiting.none': 'Geen klanten wachten',
  'tray.waiting.one': '1 klant wacht',
  'tray.waiting.other': '{count} klanten wachten',
  'badge.description': '{count} klanten wachten',
  'notification.reply': '{name} reageerde',
  'notification.customer': 'Een klant',
  'error.openLogs': 'De map met logbestanden kon niet worden geopend',
  'error.startAtLogin': 'Starten bij aanmelden kon niet worden gewijzigd',
  'error.diagnostics': 'De diagnose kon niet worden gekopieerd',
};

const words: Record<Locale, Record<ShellWord, string>> = { en, nl };

/** The person's chosen language (Settings), else the system's: Dutch for any Dutch locale (nl-NL, nl-BE), else English. */
export function shellLocale(chosen: Locale | null, systemLocale: string): Locale {
  return chosen ?? (systemLocale.toLowerCase().startsWith('nl') ? 'nl' : 'en');
}

export function shellWord(locale: Locale, key: ShellWord, vars: Record<string, string | number> = {}): string {
  return words[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`The shell's word ${key} needs {${name}}.`);
    return String(vars[name]);
  });
}

/** "No customers waiting", "1 customer waiting", "12 customers waiting": every count in full, here. */
export function waitingWords(locale: Locale, count: number): string {
  if (count <= 0) return shellWord(locale, 'tray.waiting.none');
  return count === 1 ? shellWord(locale, 'tray.waiting.one') : shellWord(locale, 'tray.waiting.other', { count });
}
