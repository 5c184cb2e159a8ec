import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router";
import { App } from "./App";
import { ApiProblem } from "./lib/problem";
import { ConfirmProvider } from "./components/Confirm";
import "./styles.css";

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (404, 401…) will not change on a retry; network and 5xx may.
      retry: (failures, error) => failures < 2 && (!(error instanceof ApiProblem) || error.status === 0 || error.status >= 500),
    },
  },
});

// A data router (one catch-all route; App's <Routes> does the rest) so screens can
// guard in-app navigation with useBlocker (unsaved edits: "Leave / Stay").
const router = createBrowserRouter([
  {
    path: "*",
    element: (
      <ConfirmProvider>
        <App />
      </ConfirmProvider>
    ),
  },
]);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
