import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './app/tokens.css';
import './styles.css';
import { connect } from './bridge';
import { App } from './app/App';
import { ConnectionProvider } from './app/connection';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <ConnectionProvider connection={connect()}>
      <App />
    </ConnectionProvider>
  </StrictMode>,
);
