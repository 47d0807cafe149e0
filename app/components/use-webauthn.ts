"use client";

import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** Whether this browser has WebAuthn: false on the server and before hydration, so passkey buttons appear only where they work. */
export function useWebAuthn(): boolean {
  return useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => false);
}
