import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './styles.css';

// a wall screen must never stop on an unexpected rejection: log it, keep running
window.addEventListener('unhandledrejection', (e) => {
  console.warn('[podtrail-ui] unhandled rejection', e.reason);
  e.preventDefault();
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
