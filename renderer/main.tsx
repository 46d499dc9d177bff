/*
 * The page's first script is small: the connection and its first load (startup.ts) run as soon
 * as their few modules are read, while React, the drag library and the board's components
 * (root.tsx, which waits for startup.ts) are still being fetched and compiled; the style sheets
 * load from the page's head meanwhile. Both are asked for at once: the board's scripts do not
 * wait for the connection's to be run.
 */
import './styles.css';
import './people/people.css';
import './conversation/form-card.css';

void import('./startup');
void import('./root');
