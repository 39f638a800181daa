export type LinkState = 'connecting' | 'up' | 'down';

export interface LinkStatus {
  state: LinkState;
  /** `sim` or the device path. */
  port: string;
  /** Round trip of the last acknowledged heartbeat. */
  rttMs: number | null;
  /** When the last valid frame arrived from the rover. */
  lastSeen: Date | null;
}

/** Timings of the link (docs/serial-protocol.md, "Liveness"). */
export const LINK_TIMING = {
  heartbeatMs: 200,
  /** Silence after which the link is declared down; checked every watchdogMs, so detection is < 2 s. */
  silenceMs: 1500,
  watchdogMs: 100,
  reconnectMinMs: 500,
  reconnectMaxMs: 5000,
  heartbeatAckTimeoutMs: 1000,
} as const;
