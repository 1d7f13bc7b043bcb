// @ts-check
// Firefox's captive portal detection (permission `captivePortal`, Firefox
// only): whether a Wi-Fi login page holds the network back, and the page
// that leads to it. It rejects while detection is off
// (network.captive-portal-service.enabled), which reads as unknown.
import { api } from "../api.js";

/**
 * `captivePortal.getState()` and `captivePortal.canonicalURL.get({})`, or nulls.
 * @returns {Promise<[string | null, { value?: string } | null]>}
 */
export function portal() {
  /** @type {any} Firefox only. */
  const captivePortal = /** @type {any} */ (api).captivePortal;
  if (!captivePortal) return Promise.resolve([null, null]);
  return Promise.all([captivePortal.getState(), captivePortal.canonicalURL.get({})]).catch(() => [null, null]);
}
