import { useEffect, useState } from 'react';
import type { ReminderPreview, ReminderRun } from '../../src/api/v2/reminders';
import { addDays } from '../../src/domain/calendar-date';
import { useI18n, useLocale } from '../i18n';
import { Outcome } from '../shell/Outcome';
import { useAction } from '../shell/use-action';
import { api } from '../state/store';
import { reminderErrorText, runWords, shownNames, upcomingRuns } from './reminder-words';

interface NextRuns {
  enabled: boolean;
  runs: ReminderRun[];
}

/**
 * What the bot's next run does, as saved (`revision` changes with each save): the runs still to
 * come today, else tomorrow's — each as "Tomorrow 17:00: 23 reminders; 2 skipped — no mobile
 * number (Levi Kok, …)", with a few names of each reason and the rest one click away.
 */
export function ReminderPreviewLines({ inbox, revision }: { inbox: string; revision: number }) {
  const words = useI18n();
  const { t } = words;
  const zone = useLocale((s) => s.zone);
  const [next, setNext] = useState<NextRuns | null>(null);
  const { notice, run } = useAction();
  useEffect(() => {
    setNext(null);
    void run(async () => {
      try {
        const now = Date.now();
        const today: ReminderPreview = await api().previewReminders({ inbox });
        const upcoming = upcomingRuns(today.runs, now);
        if (upcoming.length > 0) {
          setNext({ enabled: today.enabled, runs: upcoming });
          return null;
        }
        const tomorrow = await api().previewReminders({ inbox, date: addDays(today.date, 1) });
        setNext({ enabled: tomorrow.enabled, runs: tomorrow.runs });
        return null;
      } catch (error) {
        throw new Error(reminderErrorText(error, words, Date.now(), zone), { cause: error });
      }
    });
  }, [inbox, revision]);
  const now = Date.now();
  return (
    <section className="reminder-preview" aria-label={t('reminders.preview')}>
      <h3>{t('reminders.preview')}</h3>
      <Outcome notice={notice} />
      {next && !next.enabled && <p className="muted small">{t('reminders.previewOff')}</p>}
      {next && next.runs.length === 0 && <p>{t('reminders.previewNone')}</p>}
      {next?.runs.map((r) => <RunLine key={r.dueAt} run={r} now={now} zone={zone} />)}
    </section>
  );
}

function RunLine({ run, now, zone }: { run: ReminderRun; now: number; zone: string }) {
  const words = useI18n();
  const { head, groups } = runWords(words, run, now, zone);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (reason: string) => {
    const next = new Set(expanded);
    if (!next.delete(reason)) next.add(reason);
    setExpanded(next);
  };
  return (
    <p className="reminder-run" data-run={run.dueAt}>
      {head}
      {groups.length > 0 && ' — '}
      {groups.map((group, i) => {
        const open = expanded.has(group.reason);
        const { shown, more } = shownNames(group.names, open);
        return (
          <span key={group.reason} className="reminder-skip" data-reason={group.reason}>
            {i > 0 && '; '}
            {group.phrase} ({shown.join(', ')}
            {more > 0 && (
              <>
                {', '}
                <button type="button" className="link-button" aria-expanded={false} onClick={() => toggle(group.reason)}>
                  {words.tp('reminders.more', more)}
                </button>
              </>
            )}
            {open && group.names.length > shownNames(group.names, false).shown.length && (
              <>
                {' · '}
                <button type="button" className="link-button" aria-expanded={true} onClick={() => toggle(group.reason)}>
                  {words.t('reminders.fewer')}
                </button>
              </>
            )}
            )
          </span>
        );
      })}
    </p>
  );
}
