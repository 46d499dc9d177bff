import { StrictMode, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { WallBoard } from '../../src/api/wall';
import { browserLocale, formatters } from '../i18n';
import { oneAtATime } from './one-at-a-time';
import { connectWall, WallReadError, type WallLink } from './wall-connection';
import { Wall } from './Wall';
import './wall.css';

/** Read again now and then while nothing happens, so "Updated" and the day stay true on a quiet board. */
const QUIET_READ_MS = 60_000;

/**
 * The wall screen's page: its own entry of the bundle (wall.html), so a wall never loads the
 * advisors' app. It reads the wall's board on start, after every event and on reconnect, one
 * read at a time, and keeps the last board it had when a read fails.
 */
function WallApp() {
  const [board, setBoard] = useState<WallBoard | null>(null);
  const [linkLostAt, setLinkLostAt] = useState<number | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [link, setLink] = useState<WallLink | null>(null);

  useEffect(() => {
    const connection = connectWall();
    const read = oneAtATime(async () => {
      try {
        const next = await connection.readWall();
        // Painted in this task, not in a later one of React's scheduler: the frame that follows shows it.
        flushSync(() => {
          setBoard(next);
          setReadError(null);
        });
      } catch (error) {
        // The code, worded by the page in its language; an answer that fails the schema is a page older or newer than its host.
        setReadError(error instanceof WallReadError ? error.code : 'INVALID_ANSWER');
      }
    });
    const offEvent = connection.onEvent(read);
    const offLink = connection.onLink((link) => {
      setLink(link);
      if (link === 'up') {
        setLinkLostAt(null);
        read();
      } else if (link === 'lost') {
        setLinkLostAt((since) => since ?? Date.now());
      }
    });
    const quiet = setInterval(read, QUIET_READ_MS);
    return () => {
      clearInterval(quiet);
      offEvent();
      offLink();
      connection.close();
    };
  }, []);

  const locale = board?.settings.locale ?? browserLocale();
  const zone = board?.zone ?? 'Europe/Amsterdam';
  const f = useMemo(() => formatters(locale, zone), [locale, zone]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = board?.inboxes.length ? `${f.t('app.title')} · ${board.inboxes.map((i) => i.name).join(' · ')}` : f.t('app.title');
  }, [locale, f, board]);

  return <Wall board={board} f={f} linkLostAt={linkLostAt} readError={readError} address={link === 'refused' || link === 'missing' ? link : 'taken'} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WallApp />
  </StrictMode>,
);
