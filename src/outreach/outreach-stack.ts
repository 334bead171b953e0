import type { StaffAlerts } from '../alerts/staff-alerts.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Models } from '../db/models/index.js';
import type { LineApi } from '../line/line-api.js';
import { createLineSendClient, type LineSendClient } from '../line/line-send-client.js';
import type { Logger } from '../log.js';
import type { ContactPolicySettings } from '../retention/contact-policy.js';
import type { LapseVerdicts } from '../analytics/lapse-verdicts.js';
import { OutreachFanOut, type FanOutOptions } from './fan-out.js';
import { LineDelivery } from './line-delivery.js';
import { defaultDeliveryRetry, type LineRetryPolicy } from '../line/line-retry.js';
import { LineBudget } from './outreach-budget.js';
import { OutreachRecords } from './outreach-records.js';
import { Outreach } from './outreach.js';
import { sendLimiters } from './rate-limiter.js';
import type { TouchpointComposers } from './touchpoints.js';

export interface OutreachStackOptions {
  fanOut?: Partial<FanOutOptions>;
  deliveryRetry?: LineRetryPolicy;
}

/** The contact policy's settings from the configuration. */
function policySettings(config: Config): ContactPolicySettings {
  return {
    timezone: config.shop.timezone,
    quietHours: config.scheduler.quietHours,
    frequencyCaps: config.scheduler.frequencyCaps,
  };
}

/** Builds what scheduled sends go through: budget, rate limiters, fan-out engine, outreach runs. */
export function createOutreachStack(
  deps: {
    config: Config;
    api: LineApi;
    /** Where pushes and multicasts go (the channel's token and the API's base URL). */
    line: { channelAccessToken: string; apiBaseUrl: string };
    models: Models;
    clock: Clock;
    log: Logger;
    composers: TouchpointComposers;
    alerts: StaffAlerts;
    lapse: LapseVerdicts;
    /** Wraps the push and multicast client (app.ts: to count each request for GET /metrics). */
    wrapSendClient?: (client: LineSendClient) => LineSendClient;
  },
  options: OutreachStackOptions = {},
) {
  const { config, api, models, clock, log } = deps;
  const policy = policySettings(config);
  const retry = options.deliveryRetry ?? defaultDeliveryRetry;
  const plain = createLineSendClient({ ...deps.line, timeoutMs: retry.timeoutMs });
  const client = deps.wrapSendClient ? deps.wrapSendClient(plain) : plain;
  const delivery = new LineDelivery(
    client,
    sendLimiters(config.scheduler.lineRate, config.instances),
    log,
    retry,
  );
  const fanOut = new OutreachFanOut(
    { records: new OutreachRecords(models), delivery, clock, log },
    options.fanOut,
  );
  const outreach = new Outreach({
    models,
    fanOut,
    composers: deps.composers,
    lapse: deps.lapse,
    alerts: deps.alerts,
    clock,
    log,
    policy,
  });
  const budget = new LineBudget({
    api,
    models,
    clock,
    log,
    zone: config.shop.timezone,
    serviceReservePercent: config.scheduler.serviceReservePercent,
  });
  return { policy, outreach, budget, fanOut };
}
