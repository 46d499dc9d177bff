import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A rectangle in the screen's coordinates (Electron's Rectangle). */
export const RectangleSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type Rectangle = z.infer<typeof RectangleSchema>;

/** What a board window was like when it last moved, resized or closed. */
export const WindowStateSchema = z.object({
  /** The normal bounds: those it goes back to when it stops being maximised or full-screen. */
  bounds: RectangleSchema,
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** The file in userData: one state per set of screens, keyed by their layout (see layoutKey). */
export const WindowStateFileSchema = z.object({
  version: z.literal(1),
  layouts: z.record(z.string(), WindowStateSchema),
});
export type WindowStateFile = z.infer<typeof WindowStateFileSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';

/** The parts of Electron's Display the rules need. */
export interface ScreenDisplay {
  bounds: Rectangle;
  workArea: Rectangle;
  scaleFactor: number;
}

/** A board window's size when nothing is remembered, and the least it may be. */
export const DEFAULT_SIZE = { width: 1440, height: 900 };
export const MINIMUM_SIZE = { width: 1024, height: 640 };

/**
 * The set of screens as a key: each screen's place, size and scale, in a fixed order. The
 * laptop on its own and the laptop in its dock at the reception desk are two keys, so each
 * remembers where the board was on it.
 */
export function layoutKey(displays: readonly ScreenDisplay[]): string {
  return displays
    .map((d) => `${d.bounds.x},${d.bounds.y},${d.bounds.width}x${d.bounds.height}@${d.scaleFactor}`)
    .sort()
    .join(';');
}

function overlap(a: Rectangle, b: Rectangle): Rectangle | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** How much of the title bar must be on a screen for the user to grab and move the window. */
export const GRAB_WIDTH = 120;
export const GRAB_HEIGHT = 32;

/**
 * Visible means the user can reach it: a strip of its title bar at least GRAB_WIDTH wide lies on
 * a screen's work area. A window left on a screen that is gone, or under the taskbar, is not.
 */
export function isReachable(bounds: Rectangle, displays: readonly ScreenDisplay[]): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(GRAB_HEIGHT, bounds.height) };
  return displays.some((d) => {
    const seen = overlap(titleBar, d.workArea);
    return seen !== null && seen.width >= Math.min(GRAB_WIDTH, bounds.width) && seen.height >= Math.min(GRAB_HEIGHT, bounds.height);
  });
}

/** The default size, no larger than the work area, centred on it. */
export function centredOn(workArea: Rectangle, size = DEFAULT_SIZE): Rectangle {
  const width = Math.min(size.width, workArea.width);
  const height = Math.min(size.height, workArea.height);
  return {
    x: workArea.x + Math.round((workArea.width - width) / 2),
    y: workArea.y + Math.round((workArea.height - height) / 2),
    width,
    height,
  };
}

/** How far each further window (File → New Window) is set from the one before, so that it is seen to open. */
export const CASCADE_STEP = 32;

/**
 * Where a board window opens: the state remembered for these screens if the user can reach it
 * there, else the default size centred on the primary screen (not maximised: a window that was
 * maximised on a screen that is gone would fill an unexpected one). `alreadyOpen` windows push a
 * new one down and right by a step each, kept reachable.
 */
export function placeWindow(
  saved: WindowState | undefined,
  displays: readonly ScreenDisplay[],
  primary: ScreenDisplay,
  alreadyOpen = 0,
): WindowState {
  const base: WindowState =
    saved && isReachable(saved.bounds, displays) ? saved : { bounds: centredOn(primary.workArea), maximized: false, fullScreen: false };
  if (alreadyOpen === 0) return base;
  const shifted = { ...base.bounds, x: base.bounds.x + CASCADE_STEP * alreadyOpen, y: base.bounds.y + CASCADE_STEP * alreadyOpen };
  // A further window is a second board beside the first: normal-sized, even if the first fills the screen.
  return { bounds: isReachable(shifted, displays) ? shifted : base.bounds, maximized: false, fullScreen: false };
}

/** The state a file holds for these screens, if any. */
export function stateFor(file: WindowStateFile, displays: readonly ScreenDisplay[]): WindowState | undefined {
  return file.layouts[layoutKey(displays)];
}

/** The file with this state for these screens; the other screen sets keep theirs. */
export function withState(file: WindowStateFile, displays: readonly ScreenDisplay[], state: WindowState): WindowStateFile {
  return { version: 1, layouts: { ...file.layouts, [layoutKey(displays)]: state } };
}

export const EMPTY_WINDOW_STATE: WindowStateFile = { version: 1, layouts: {} };

/** What reading the file found: its states, or none and why (shown in the log; the windows open centred). */
export type ReadWindowState = { file: WindowStateFile; problem: string | null };

/**
 * The window-state file in userData. Written whole to a private temporary file and renamed over
 * the old one, so a crash mid-write leaves the old file, never half a one. `makePrivate`
 * creates a file that only the user may read (src/sqlite/private-files' privateFile: the shell's
 * layer may not import SQLite's, so main/ hands it in): the bounds say when this desk's board is
 * open, which is the user's business.
 */
export class WindowStateStore {
  readonly path: string;

  constructor(
    folder: string,
    private readonly makePrivate: (file: string) => void,
  ) {
    this.path = join(folder, WINDOW_STATE_FILE);
  }

  read(): ReadWindowState {
    if (!existsSync(this.path)) return { file: EMPTY_WINDOW_STATE, problem: null };
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      return { file: EMPTY_WINDOW_STATE, problem: `${this.path} is not JSON (${(error as Error).message}); the windows open centred` };
    }
    const parsed = WindowStateFileSchema.safeParse(raw);
    if (!parsed.success) {
      return { file: EMPTY_WINDOW_STATE, problem: `${this.path} does not hold window states (${z.prettifyError(parsed.error)}); the windows open centred` };
    }
    return { file: parsed.data, problem: null };
  }

  write(file: WindowStateFile): void {
    const checked = WindowStateFileSchema.parse(file);
    const temporary = `${this.path}.${process.pid}.tmp`;
    this.makePrivate(temporary);
    writeFileSync(temporary, `${JSON.stringify(checked, null, 2)}\n`);
    renameSync(temporary, this.path);
  }
}
