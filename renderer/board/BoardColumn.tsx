import { Droppable } from '@hello-pangea/dnd';
import type { Card } from '../../src/api/appointment';
import type { ColumnId } from '../../src/domain/columns';
import { useI18n } from '../i18n';
import { BoardCard } from './BoardCard';

export function BoardColumn({ column, cards }: { column: ColumnId; cards: Card[] }) {
  const { t } = useI18n();
  return (
    <section className={`column column-${column}`} data-column={column} aria-label={t(`column.${column}`)}>
      <header className="column-header">
        <h2>{t(`column.${column}`)}</h2>
        <span className="column-count">{cards.length}</span>
      </header>
      <Droppable droppableId={column}>
        {(provided, snapshot) => (
          <div
            ref={provided.innerRef}
            {...provided.droppableProps}
            className={`column-cards${snapshot.isDraggingOver ? ' is-over' : ''}`}
          >
            {cards.map((card, index) => (
              <BoardCard key={card.id} card={card} index={index} />
            ))}
            {provided.placeholder}
            {cards.length === 0 && !snapshot.isDraggingOver && <p className="column-empty">{t('board.empty')}</p>}
          </div>
        )}
      </Droppable>
    </section>
  );
}
