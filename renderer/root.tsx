// First: the connection is open and its first load asked for before the board is drawn.
import './startup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

/** React and the board, drawn into the page (main.tsx). */
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
