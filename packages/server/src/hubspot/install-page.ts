import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What the page says about a finished install. */
export interface InstalledPortal {
  portalId: number;
  /** The portal's domain (`acme.hubspot.com`), from HubSpot. */
  hubDomain: string | undefined;
  /** True on a first install, false on a reinstall (reconnect). */
  created: boolean;
  /** Where "Back to HubSpot" goes: the portal's company list. */
  hubspotUrl: string;
}

const page = (title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 40rem;
            margin: 3rem auto;
            padding: 0 1rem;
            color: #213343;
          }
          h1 {
            font-size: 1.5rem;
          }
          a.button {
            display: inline-block;
            background: #ff7a59;
            color: #fff;
            padding: 0.5rem 1rem;
            border-radius: 4px;
            text-decoration: none;
          }
          code {
            background: #f5f8fa;
            padding: 0 0.25rem;
          }
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`;

/** The page an admin lands on after approving the install in HubSpot (every value escaped). */
export async function installedPage(p: InstalledPortal): Promise<string> {
  const name = p.hubDomain ? `${p.hubDomain} (portal ${p.portalId})` : `portal ${p.portalId}`;
  // hono's `html` escapes every interpolated value; a String object comes back, made a primitive here.
  return String(
    await page(
      'cxkit is connected to HubSpot',
      html`<h1>cxkit is connected to ${name}</h1>
        <p>
          ${p.created ? 'cxkit was installed in this HubSpot account.' : 'cxkit was reconnected to this HubSpot account; work queued while it was disconnected is being sent now.'}
        </p>
        <h2>What happens next</h2>
        <ul>
          <li>cxkit has created its <code>cxkit</code> property group on companies and contacts.</li>
          <li>
            Within a minute, each company whose domain matches a cxkit account gets its NPS, health score and
            churn risk, and keeps them up to date.
          </li>
          <li>
            Open a company record: the <strong>Customer experience</strong> card shows the account's scores
            and comments.
          </li>
          <li>
            An admin can set the health-score and role weights in the app's settings page (Settings, Connected
            apps, cxkit).
          </li>
        </ul>
        <p><a class="button" href="${p.hubspotUrl}">Back to HubSpot</a></p>`,
    ),
  );
}

/** The page of an install that failed: what went wrong and how to start again (every value escaped). */
export async function installFailedPage(o: {
  message: string;
  code: string;
  installUrl: string;
}): Promise<string> {
  return String(
    await page(
      'cxkit could not be connected',
      html`<h1>cxkit could not be connected to HubSpot</h1>
        <p>${o.message}</p>
        <p><a class="button" href="${o.installUrl}">Start the install again</a></p>
        <p>
          <small>Error code: <code>${o.code}</code></small>
        </p>`,
    ),
  );
}
