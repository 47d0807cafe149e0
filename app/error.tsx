"use client";

// Shown when a page cannot be rendered, e.g. the database is unreachable. Nobody
// is treated as signed in meanwhile: pages only show what a validated session allows.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="narrow">
      <div className="card">
        <h1>Something went wrong</h1>
        <p>This page could not be shown right now. Please try again in a moment.</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
