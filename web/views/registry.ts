// The views of the stack, one per layer, in the order the page's tabs show them. Each view is a
// Svelte component that draws from the session's world at the timeline's cursor (never from
// hand-made data) and is loaded on first use, so the first screen's JavaScript stays small.
import type { Component } from 'svelte';
import type { SessionStore } from '../session-store.svelte.ts';

/** What every view is given: the session, whose `view` is the world at the cursor. */
export interface ViewProps {
  store: SessionStore;
}

export interface ViewSpec {
  /** Stable id, used in URLs (`#/view/namespaces`) and test ids. */
  id: string;
  title: string;
  /** One sentence a learner reads before opening it. */
  summary: string;
  load: () => Promise<{ default: Component<ViewProps> }>;
}

// Views register here as they are built; the page shows a tab for each.
export const VIEWS: ViewSpec[] = [];

export function findView(id: string): ViewSpec | undefined {
  return VIEWS.find((view) => view.id === id);
}
