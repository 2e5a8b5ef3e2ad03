// Prometheus metrics for operators: requests by state, time to PUK, expiries, warnings and
// their lateness, notices that could not be delivered, platform API errors, store latency. Fed by the desk's observer; the open
// requests by state come from the counts the store keeps with every write (one read per
// scrape, whatever the number of requests: no request is read or decrypted).

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeskObserver } from '../core/desk.js';
import type { RequestStore } from '../core/ports.js';
import { STATES } from '../core/request.js';

export class Metrics implements DeskObserver {
  readonly registry = new Registry();
  private readonly transitions = new Counter({
    name: 'camreset_transitions_total',
    help: 'Request state changes by new state',
    labelNames: ['state'],
    registers: [this.registry],
  });
  private readonly timeToPuk = new Histogram({
    name: 'camreset_time_to_puk_seconds',
    help: 'From submission to the PUK being sent',
    buckets: [60, 120, 300, 600, 900, 1200, 1800, 2700, 3600],
    registers: [this.registry],
  });
  private readonly expiries = new Counter({
    name: 'camreset_expiries_total',
    help: 'Challenges that expired before completion',
    registers: [this.registry],
  });
  private readonly timers = new Histogram({
    name: 'camreset_timer_lateness_seconds',
    help: 'How late warnings, reminders and expiries fired',
    labelNames: ['kind'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
    registers: [this.registry],
  });
  private readonly undelivered = new Counter({
    name: 'camreset_notice_delivery_failures_total',
    help: 'Failed tries to deliver notices, by reader and platform; unreachable="true" once a reader keeps failing and support is told',
    labelNames: ['reader', 'platform', 'unreachable'],
    registers: [this.registry],
  });
  readonly apiErrors = new Counter({
    name: 'camreset_platform_api_errors_total',
    help: 'Failed platform API calls',
    labelNames: ['platform', 'method'],
    registers: [this.registry],
  });
  private readonly storeLatency = new Histogram({
    name: 'camreset_store_ping_seconds',
    help: 'State store round trip, measured at each scrape',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  /** Per platform with a support channel: can the bot post there yet (support_channel_connected). */
  private readonly supportProbes = new Map<string, () => Promise<boolean>>();

  constructor(store: RequestStore) {
    collectDefaultMetrics({ register: this.registry });
    const storeLatency = this.storeLatency;
    new Gauge({
      name: 'camreset_requests',
      help: 'Open requests by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const started = process.hrtime.bigint();
        try {
          const open = await store.countOpen();
          storeLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
          for (const state of STATES) this.set({ state }, open[state] ?? 0);
        } catch {
          // Store down: /readyz says so; the gauge keeps its last values.
        }
      },
    });
    const probes = this.supportProbes;
    new Gauge({
      name: 'camreset_support_channel_connected',
      help: 'Whether the bot can post in the support channel yet (1) or requests wait for it to be added there (0), by platform',
      labelNames: ['platform'],
      registers: [this.registry],
      async collect() {
        for (const [platform, connected] of probes) {
          try {
            this.set({ platform }, (await connected()) ? 1 : 0);
          } catch {
            // Store down: the last value stays.
          }
        }
      },
    });
  }

  /** `connected` answers whether `platform`'s support channel can be posted to now; asked at each scrape. */
  watchSupportChannel(platform: string, connected: () => Promise<boolean>): void {
    this.supportProbes.set(platform, connected);
  }

  changed(before: import('../core/request.js').ResetRequest | undefined, after: import('../core/request.js').ResetRequest): void {
    if (before?.state === after.state) return;
    this.transitions.inc({ state: after.state });
    if (after.state === 'expired') this.expiries.inc();
    if (after.state === 'puk_delivered' && after.puk) {
      const submitted = [...after.audit]
        .reverse()
        .find((a) => a.action === 'submitted' || a.action === 'new_challenge' || a.action === 'reset_failed');
      if (submitted) this.timeToPuk.observe(Math.max(0, after.puk.sentAt - submitted.at) / 1000);
    }
  }

  deliveryFailed(reader: string, platform: string, unreachable: boolean): void {
    this.undelivered.inc({ reader, platform, unreachable: String(unreachable) });
  }

  timerFired(kind: string, latenessMs: number): void {
    this.timers.observe({ kind }, Math.max(0, latenessMs) / 1000);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
