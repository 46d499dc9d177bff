// First, so that the connection opens and the first load is asked before the rest is read (startup.ts).
import './startup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import './people/people.css';
import './conversation/form-card.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
