import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createQueryClient } from './app/query-client';
import { createRouter } from './app/router';
import { ToastProvider } from './components/ui/toast';
import './index.css';
import { setUnauthenticatedHandler } from './lib/api-client';
import { applyTheme, initialTheme } from './lib/theme';

applyTheme(initialTheme());

const queryClient = createQueryClient();
const router = createRouter();

// Session expired or missing: go to sign-in inside the SPA and come back to the same page afterwards.
setUnauthenticatedHandler((next) => {
  void router.navigate(`/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
