import { AccountSummaryViewSchema } from '@cxkit/core';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { buildAccountSummary } from '../accounts/account-summary.js';
import type { AppContext, AppEnv, AppServices, Feature } from '../app-context.js';
import { identityOf } from '../auth.js';
import { HttpError } from '../http-error.js';
import { originAllowed } from '../tenants/tenants-store.js';
import { parseOrThrow } from '../validation.js';
import { defineRoute, type RouteDefinition, type RouteInput } from '../route-definition.js';
import { accountForCompany } from './account-matching.js';
import { linkedAccount } from './account-matching-store.js';
import { HubSpotAppConfigSchema, PreviewAppConfigSchema, PutAppConfigSchema } from './hubspot-app-config.js';
import { currentAppConfig, saveAppConfig } from './hubspot-app-config-store.js';
import { HubSpotCallError, HubSpotGateway } from './hubspot-gateway.js';
import type { HubSpotPortal } from './hubspot-portals-store.js';
import { signedPortalTenant } from './signed-portal.js';
import type { HubSpotSettings } from './hubspot-settings.js';
import { previewHealthConfig } from '../insights/preview-health-config.js';
import { recomputeSoon } from '../insights/recompute-soon.js';
import { validateTenantHealthWeights } from '../insights/validate-health-weights.js';
import { checkJsonValue } from '../json-body.js';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { installFailedPage, installedPage } from './install-page.js';
import {
  INSTALL_COOKIE,
  authorizeUrl,
  completeOAuthInstall,
  hubspotCompaniesUrl,
  oauthState,
  useOAuthState,
} from './oauth-install.js';
import { verifyHubSpotRequest } from './request-signature.js';
import { InvitationSchema, pendingInvitations } from './survey-invitations-store.js';
import { processWebhookInbox, type WebhookPassResult } from './webhook-inbox.js';
import { storeWebhookDelivery } from './webhook-inbox-store.js';

/** The HubSpot integration as a server feature, with the gateway its routes use. */
export interface HubSpotFeature extends Feature {
  /** Rate-limited, retrying access to HubSpot (shared with the sync worker). */
  gateway: HubSpotGateway | undefined;
  /** One pass over the stored webhook deliveries (the worker runs it; tests await it). */
  processWebhooks: () => Promise<WebhookPassResult>;
}

const portals = new WeakMap<Request, HubSpotPortal>();

const CardQuerySchema = z.object({
  portalId: z.string().regex(/^\d{1,18}$/, 'must be the HubSpot portal id'),
  userEmail: z.string().max(320).optional(),
});
const SummaryQuerySchema = CardQuerySchema.extend({
  companyId: z.string().regex(/^\d{1,20}$/, 'must be a HubSpot company id'),
});
const InvitationsQuerySchema = z.strictObject({
  account: z.string().min(1).max(128),
  respondent: z.string().min(1).max(128),
});
// HubSpot documents `state` as optional: an install started in HubSpot (marketplace, the app's Auth
// tab) arrives with `code` only. A refused approval arrives with RFC 6749's `error` instead of `code`.
const CallbackQuerySchema = z.object({
  code: z.string().min(1).max(500).optional(),
  state: z.string().min(1).max(500).optional(),
  error: z.string().max(100).optional(),
  error_description: z.string().max(500).optional(),
});

const ConnectionSchema = z.union([
  z.object({ status: z.literal('connected') }),
  z.object({
    status: z.literal('needs-reconnect'),
    since: z.string(),
    reason: z.string(),
    /** The OAuth install URL (null for a private-app install, which needs a new token instead). */
    reconnectUrl: z.url().nullable(),
    /** What an admin does, in words. */
    fix: z.string(),
  }),
]);

const VersionedConfigSchema = z.object({
  version: z.int(),
  updatedAt: z.string(),
  config: HubSpotAppConfigSchema,
});

/** The signed URL: the public URL when configured (behind a proxy), else the request's. */
function signedUrl(c: AppContext, publicUrl: string | undefined): string {
  if (!publicUrl) return c.req.url;
  const u = new URL(c.req.url);
  return `${publicUrl.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

async function readBody(c: AppContext): Promise<string> {
  return c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
}

const parseJson = (text: string): unknown => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body/json', 'body is not valid JSON');
  }
  checkJsonValue(value);
  return value;
};

/** The portal of a verified card or settings request. */
const portalOf = (c: AppContext): HubSpotPortal => portals.get(c.req.raw)!;

/**
 * Builds the HubSpot feature: signed card and settings endpoints, webhooks, the OAuth install
 * flow, and `GET /v1/invitations` for the widget. `backoffMs` (tests) shortens the gateway's 5xx back-off.
 */
export function hubspotFeature(
  settings: HubSpotSettings,
  options: { backoffMs?: number } = {},
): HubSpotFeature {
  const feature: HubSpotFeature = {
    name: 'hubspot',
    gateway: undefined,
    processWebhooks: () => Promise.reject(new Error('the HubSpot feature is not mounted')),
    mount(app, s) {
      const gateway = new HubSpotGateway({
        db: s.db,
        settings,
        logger: s.logger,
        now: () => s.now().getTime(),
        ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      });
      feature.gateway = gateway;
      const secret = settings.HUBSPOT_CLIENT_SECRET;
      const misses = new Map<string, number>();

      const verify = async (c: AppContext): Promise<string> => {
        const body = await readBody(c);
        verifyHubSpotRequest(
          {
            method: c.req.method,
            url: signedUrl(c, settings.HUBSPOT_PUBLIC_URL),
            body,
            signature: c.req.header('x-hubspot-signature-v3'),
            timestamp: c.req.header('x-hubspot-request-timestamp'),
          },
          secret,
          s.now().getTime(),
        );
        return body;
      };

      // Card and settings calls: signed by HubSpot, the portal taken from the signed query only.
      const cardAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
        await verify(c);
        const q = parseOrThrow(CardQuerySchema, c.req.query(), 'query');
        const { portal, tenant } = await signedPortalTenant(s, settings.encryptionKey, q.portalId);
        c.set('tenant', tenant);
        portals.set(c.req.raw, portal);
        await next();
      };
      // Card and settings routes: each is HubSpot-signed and answers for the signed portal's tenant.
      const card = <
        Q extends z.ZodObject | undefined = undefined,
        B extends z.ZodType | undefined = undefined,
        R = B extends z.ZodType ? z.infer<B> : undefined,
      >(
        d: Omit<RouteDefinition<undefined, Q, B, R>, 'tag' | 'auth' | 'hubspotSignature'>,
        handler: (c: AppContext, input: RouteInput<undefined, Q, R>) => Response | Promise<Response>,
      ) =>
        defineRoute<undefined, Q, B, R>(
          app,
          s,
          { ...d, tag: 'hubspot', auth: 'hubspotSignature', hubspotSignature: cardAuth },
          handler,
        );
      // The body was read as text to check its signature.
      const signedJson = async (c: AppContext) => parseJson(await c.req.text());

      card(
        {
          method: 'get',
          path: '/v1/hubspot/accounts/summary',
          summary:
            "The company card's view model (HubSpot-signed; the portal selects the tenant). 404 when not linked.",
          query: SummaryQuerySchema,
          responses: { 200: { description: 'Account summary', schema: AccountSummaryViewSchema } },
        },
        async (c, { query: q }) => {
          const portal = portalOf(c);
          // A company without an account is not asked about again for a minute: each card view
          // would otherwise spend an API call of the portal's budget.
          const missKey = `${portal.portalId}:${q.companyId}`;
          const missedAt = misses.get(missKey);
          const fresh = missedAt !== undefined && s.now().getTime() - missedAt < 60_000;
          // A portal that needs reconnecting cannot ask HubSpot: only companies already linked show.
          const lookUp = !fresh && !portal.needsReconnectSince;
          const accountId =
            (await linkedAccount(s.db, portal.tenantId, q.companyId)) ??
            (lookUp ? await accountForCompany(s.db, gateway, portal, q.companyId) : undefined);
          if (accountId === undefined && lookUp) {
            if (misses.size > 10_000) misses.clear();
            misses.set(missKey, s.now().getTime());
          }
          if (accountId === undefined)
            throw new HttpError(
              404,
              'hubspot/company-not-linked',
              `company ${q.companyId} is not linked to a cxkit account`,
            );
          const view = await buildAccountSummary(s.db, portal.tenantId, accountId, {
            months: 12,
            mode: 'role-weighted',
            now: s.now(),
          });
          return c.json(view, 200);
        },
      );

      card(
        {
          method: 'get',
          path: '/v1/hubspot/connection',
          summary:
            'Whether cxkit can still reach the portal: after an uninstall or a revoked token, the install URL that reconnects it (the card and settings page show it).',
          query: CardQuerySchema,
          responses: { 200: { description: 'Connection state', schema: ConnectionSchema } },
        },
        (c) => {
          const portal = portalOf(c);
          if (!portal.needsReconnectSince) return c.json({ status: 'connected' as const }, 200);
          const base = new URL(signedUrl(c, settings.HUBSPOT_PUBLIC_URL)).origin;
          return c.json(
            {
              status: 'needs-reconnect' as const,
              since: portal.needsReconnectSince.toISOString(),
              reason: portal.needsReconnectReason ?? 'needs reconnect',
              reconnectUrl: portal.authMode === 'oauth' ? `${base}/v1/hubspot/oauth/install` : null,
              fix:
                portal.authMode === 'oauth'
                  ? 'A HubSpot super admin reinstalls cxkit from the reconnect link; everything queued meanwhile is then sent.'
                  : 'Create a new private-app token in HubSpot and link it again (cxkit hubspot link); everything queued meanwhile is then sent.',
            },
            200,
          );
        },
      );

      card(
        {
          method: 'get',
          path: '/v1/hubspot/config',
          summary: 'The health score and role weights the settings page edits, with their version.',
          query: CardQuerySchema,
          responses: { 200: { description: 'Versioned configuration', schema: VersionedConfigSchema } },
        },
        async (c) => c.json(await currentAppConfig(s.db, portalOf(c).tenantId, s.now()), 200),
      );

      card(
        {
          method: 'put',
          path: '/v1/hubspot/config',
          summary: 'Save a new version; 409 when `expectedVersion` is no longer current.',
          query: CardQuerySchema,
          body: PutAppConfigSchema,
          readBody: async (c) => parseOrThrow(PutAppConfigSchema, await signedJson(c), 'body'),
          responses: { 200: { description: 'The saved version', schema: VersionedConfigSchema } },
        },
        async (c, { body }) => {
          const actor = c.req.query('userEmail') || 'hubspot';
          const saved = await saveAppConfig(
            s.db,
            portalOf(c).tenantId,
            body.expectedVersion,
            body.config,
            actor,
          );
          recomputeSoon(s, portalOf(c).tenantId, 'settings');
          return c.json(saved, 200);
        },
      );

      card(
        {
          method: 'post',
          path: '/v1/hubspot/config/preview',
          summary: 'Which accounts would change health band under a configuration (nothing is saved).',
          query: CardQuerySchema,
          body: PreviewAppConfigSchema,
          readBody: async (c) => parseOrThrow(PreviewAppConfigSchema, await signedJson(c), 'body'),
          responses: {
            200: {
              description: 'Band changes',
              schema: z.object({ changes: z.int(), accounts: z.array(z.unknown()) }),
            },
          },
        },
        async (c, { body }) => {
          return c.json(
            await previewHealthConfig(s.db, portalOf(c).tenantId, body.config.health, { now: s.now() }),
            200,
          );
        },
      );

      card(
        {
          method: 'get',
          path: '/v1/hubspot/config/health-weights',
          summary:
            "The health weights checked against later churn on the tenant's history, with a suggested set and its band changes (what GET /v1/admin/health/weights-validation answers; nothing is saved).",
          query: CardQuerySchema,
          responses: {
            200: {
              description: 'Validation and suggestion',
              schema: z.object({ better: z.boolean() }).loose(),
            },
            422: { description: 'Too few churn events in the history to judge weights' },
          },
        },
        async (c) =>
          c.json(await validateTenantHealthWeights(s.db, portalOf(c).tenantId, { now: s.now() }), 200),
      );

      const webhookContext = {
        db: s.db,
        gateway,
        surveys: s.surveys,
        logger: s.logger,
        portalUrl: settings.CXKIT_PORTAL_URL,
        now: s.now,
        encryptionKey: settings.encryptionKey,
      };
      feature.processWebhooks = () => processWebhookInbox(webhookContext);

      // Only a bad signature is refused (401): anything signed is kept as received (the raw text),
      // and an event the worker cannot read is logged and skipped there, never the whole delivery (a
      // 4xx is not retried).
      const signatureOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
        await verify(c);
        await next();
      };
      defineRoute(
        app,
        s,
        {
          method: 'post',
          path: '/v1/hubspot/webhooks',
          summary:
            'HubSpot webhook deliveries (signed): stored as received and answered 204 at once; a worker applies each event once, in order.',
          tag: 'hubspot',
          auth: 'hubspotSignature',
          hubspotSignature: signatureOnly,
          body: z.array(z.unknown()),
          readBody,
          responses: { 204: { description: 'Stored' } },
        },
        async (c, { body: raw }) => {
          await storeWebhookDelivery(s.db, raw);
          void feature
            .processWebhooks()
            .catch((err: unknown) => s.logger.error({ err }, 'hubspot webhook processing failed'));
          return c.body(null, 204);
        },
      );

      const isHttps = (c: AppContext) =>
        new URL(signedUrl(c, settings.HUBSPOT_PUBLIC_URL)).protocol === 'https:';
      defineRoute(
        app,
        s,
        {
          method: 'get',
          path: '/v1/hubspot/oauth/install',
          summary:
            "Start the OAuth install: redirects to HubSpot's authorize page with a state bound to a cookie.",
          tag: 'hubspot',
          auth: 'none',
          responses: { 302: { description: "Redirect to HubSpot's authorize page" } },
        },
        (c) => {
          const { state, nonce } = oauthState(settings.encryptionKey, s.now().getTime());
          const url = authorizeUrl(settings, state);
          // Lax: HubSpot's redirect back is a top-level GET from another site, which Lax lets through.
          setCookie(c, INSTALL_COOKIE, nonce, {
            httpOnly: true,
            secure: isHttps(c),
            sameSite: 'Lax',
            path: '/v1/hubspot/oauth',
            maxAge: 600,
          });
          return c.redirect(url, 302);
        },
      );
      defineRoute(
        app,
        s,
        {
          method: 'get',
          path: '/v1/hubspot/oauth/callback',
          summary:
            "HubSpot's redirect after the install was approved (or refused): connects the portal and answers an HTML page.",
          tag: 'hubspot',
          auth: 'none',
          responses: {
            200: { description: 'HTML page: the portal is connected' },
            400: { description: 'HTML page: the install was refused or its state is invalid' },
            502: { description: 'HTML page: HubSpot refused a call of the install' },
          },
        },
        async (c) => {
          c.header('Cache-Control', 'no-store');
          try {
            // Parsed here, not by the route: a bad query answers the HTML page too, not JSON.
            const q = parseOrThrow(CallbackQuerySchema, c.req.query(), 'query');
            if (q.error !== undefined || q.code === undefined)
              throw new HttpError(
                400,
                'hubspot/oauth-denied',
                q.error === 'access_denied' || q.error === undefined
                  ? 'the install was not approved in HubSpot, so cxkit was not connected'
                  : `HubSpot did not approve the install: ${q.error_description ?? q.error}`,
              );
            if (q.state !== undefined)
              await useOAuthState(
                s.db,
                settings.encryptionKey,
                q.state,
                getCookie(c, INSTALL_COOKIE),
                s.now().getTime(),
              );
            const r = await completeOAuthInstall({ db: s.db, gateway, settings, code: q.code, now: s.now() });
            deleteCookie(c, INSTALL_COOKIE, { path: '/v1/hubspot/oauth' });
            s.logger.info(
              { portalId: r.portalId, tenantId: r.tenantId, created: r.created },
              'hubspot portal installed',
            );
            return c.html(
              await installedPage({
                portalId: r.portalId,
                hubDomain: r.hubDomain,
                created: r.created,
                hubspotUrl: hubspotCompaniesUrl(settings, r.portalId),
              }),
              200,
            );
          } catch (caught) {
            // HubSpot refused a call of the install (a scope the app was not granted, an outage).
            const e =
              caught instanceof HubSpotCallError
                ? new HttpError(
                    502,
                    'hubspot/install-call-failed',
                    `cxkit was approved, but HubSpot refused setting it up (${caught.status === 403 ? 'a scope the app needs was not granted' : `HTTP ${caught.status ?? 'network error'}`}); start the install again`,
                  )
                : caught;
            if (!(e instanceof HttpError)) throw e;
            return c.html(
              await installFailedPage({
                message: e.message,
                code: e.code,
                installUrl: '/v1/hubspot/oauth/install',
              }),
              e.status,
            );
          }
        },
      );

      mountInvitations(app, s, settings);
    },
  };
  return feature;
}

function mountInvitations(
  app: Parameters<Feature['mount']>[0],
  s: AppServices,
  settings: HubSpotSettings,
): void {
  app.use(
    '/v1/invitations',
    cors({
      origin: async (origin) => ((await originAllowed(s.db, origin)) ? origin : null),
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: ['X-Cx-Site-Key', 'Authorization'],
      maxAge: 600,
    }),
  );
  defineRoute(
    app,
    s,
    {
      method: 'get',
      path: '/v1/invitations',
      summary: "A respondent's pending survey invitations (created by CRM triggers), newest first.",
      tag: 'collector',
      auth: 'siteKey+identity',
      query: InvitationsQuerySchema,
      responses: {
        200: { description: 'Invitations', schema: z.object({ invitations: z.array(InvitationSchema) }) },
      },
    },
    async (c, { query: q }) => {
      const identity = await identityOf(c, s.now());
      if (!identity)
        throw new HttpError(401, 'identity/required', 'invitations need a signed identity token');
      if (identity.acc !== q.account || identity.sub !== q.respondent)
        throw new HttpError(
          403,
          'identity/mismatch',
          'account or respondent does not match the identity token',
        );
      const invitations = await pendingInvitations(
        s.db,
        c.get('tenant').id,
        q.account,
        q.respondent,
        settings.CXKIT_PORTAL_URL,
        s.now(),
      );
      return c.json({ invitations }, 200);
    },
  );
}
