import type { Feature } from '../app-context.js';
import { hubspotFeature } from './hubspot-feature.js';
import { loadHubSpotSettings } from './hubspot-settings.js';
import { startHubSpotSyncWorker } from './sync-worker.js';

/**
 * The HubSpot integration configured from the environment, mounted by every server: it does
 * nothing unless `HUBSPOT_CLIENT_SECRET` is set; then it mounts the HubSpot routes and starts the
 * outbox worker and the webhook worker (unref'd timers, every 5 s). A bad HubSpot variable fails the start, naming it.
 */
export const hubspotEnvFeature: Feature = {
  name: 'hubspot-env',
  mount(app, s) {
    if (!process.env['HUBSPOT_CLIENT_SECRET']) return;
    const settings = loadHubSpotSettings(process.env);
    const feature = hubspotFeature(settings);
    feature.mount(app, s);
    const worker = startHubSpotSyncWorker({
      db: s.db,
      gateway: feature.gateway!,
      encryptionKey: settings.encryptionKey,
      logger: s.logger,
    });
    s.background.push(() => worker.stop());
    // Deliveries are processed right after they are stored; this picks up what a restart or a
    // failed pass left (events HubSpot failed for, a portal reconnected meanwhile).
    let webhookPass: Promise<unknown> = Promise.resolve();
    const webhookTimer = setInterval(() => {
      webhookPass = feature
        .processWebhooks()
        .catch((err: unknown) => s.logger.error({ err }, 'hubspot webhook processing failed'));
    }, 5_000);
    webhookTimer.unref();
    s.background.push(async () => {
      clearInterval(webhookTimer);
      await webhookPass;
    });
    s.logger.info({ basePath: settings.HUBSPOT_BASE_PATH }, 'hubspot integration enabled');
  },
};
