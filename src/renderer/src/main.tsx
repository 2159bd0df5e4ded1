// Renderer entry: signs the tab in (lib/api reads the sign-in link first) and mounts the React app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { Providers } from './app/providers';
import { applyTextSize, applyTheme, useThemeStore } from './app/theme-store';
import './app/tokens.css';
import './app/base.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
applyTheme(document.documentElement, useThemeStore.getState().theme);
applyTextSize(document.documentElement, useThemeStore.getState().textSize);
createRoot(root).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
