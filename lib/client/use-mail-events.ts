'use client';

/** Live updates for React: the events while a folder is open, and the connection's state. */
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { ConnectionState, LiveEvent } from './live/events';
import { connectionStateNow, onConnectionState, subscribeMailEvents } from './live/live-hub';

export type { ConnectionState, LiveEvent } from './live/events';

/** Calls `onEvent` for every live event while `folder` is open in this tab. */
export function useMailEvents(folder: string, onEvent: (event: LiveEvent) => void): void {
  const handle = useEffectEvent(onEvent);
  useEffect(() => subscribeMailEvents(folder, (event) => handle(event)), [folder]);
}

/** 'live', or why new mail may not show at once. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(onConnectionState, connectionStateNow, () => 'live');
}
