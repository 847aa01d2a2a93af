import { startHubSpotStandIn } from './stand-in.js';

// Runs the stand-in on its own for the demo and manual testing:
//   node --conditions=source --import tsx packages/hubspot-stand-in/src/serve.ts
// HUBSPOT_STAND_IN_PORT (default 4010) and HUBSPOT_STAND_IN_HOST (default 127.0.0.1) choose where it listens.

const rawPort = process.env.HUBSPOT_STAND_IN_PORT ?? '4010';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`HUBSPOT_STAND_IN_PORT must be a port number (0-65535), got "${rawPort}"`);
  process.exit(1);
}

const hs = await startHubSpotStandIn({ port, host: process.env.HUBSPOT_STAND_IN_HOST ?? '127.0.0.1' });
console.log(
  JSON.stringify({
    msg: 'HubSpot stand-in listening',
    url: hs.url,
    accessToken: hs.accessToken,
    portalId: hs.portalId,
    appId: hs.appId,
    clientId: hs.clientId,
  }),
);

const stop = () => {
  void hs.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
