import { useRef, useState } from 'react';
import type { Card } from '../../src/api/appointment';
import { COLOURS } from '../../src/domain/columns';
import { useI18n } from '../i18n';
import { useDismiss } from '../shell/use-dismiss';
import { api, showError } from '../state/store';

export function ColourPicker({ card }: { card: Card }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  return (
    <div ref={ref} className="colour-picker" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <button
        type="button"
        className={`colour-dot colour-${card.colour}`}
        aria-label={t('card.colour')}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <div className="colour-menu" role="menu">
          {COLOURS.map((colour) => (
            <button
              key={colour}
              type="button"
              role="menuitemradio"
              aria-checked={card.colour === colour}
              className={`colour-swatch colour-${colour}`}
              title={t(`colour.${colour}`)}
              aria-label={t(`colour.${colour}`)}
              onClick={() => {
                setOpen(false);
                api().setColour({ id: card.id, colour }).catch(showError);
              }}
            />
          ))}
        </div>
      )}
    </div>
  );
}
