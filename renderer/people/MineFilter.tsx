import { useI18n } from '../i18n';
import { api, refreshBoard, refreshSettings, showError, useBoard } from '../state/store';

/** "Mine": only the cards the signed-in person is the service advisor of; the choice is kept per person. */
export function MineFilter() {
  const { t } = useI18n();
  const mine = useBoard((s) => s.settings?.mine ?? false);
  const toggle = async () => {
    try {
      await api().setMine({ mine: !mine });
      await Promise.all([refreshSettings(), refreshBoard()]);
      useBoard.setState({ view: 'board' });
    } catch (error) {
      showError(error);
    }
  };
  return (
    <button type="button" className={`button secondary waiting-filter${mine ? ' active' : ''}`} aria-pressed={mine} onClick={() => void toggle()}>
      {t('filter.mine')}
    </button>
  );
}
