import { expect } from 'chai';
import type { CxErrorDetail, CxSurvey } from './index.js';
import {
  choose,
  cleanPage,
  collectorStats,
  configureCollector,
  mount,
  next,
  npsSurvey,
  uid,
  waitFor,
} from '../test/browser-helpers.js';

const isShown = (el: CxSurvey) => el.renderRoot.querySelector('section') !== null;

/** An invitation as `GET /v1/invitations` lists it. */
const invitation = (id: string, surveyId: string, createdAt = new Date(Date.now() - 60_000)) => ({
  id,
  surveyId,
  accountId: 'initech',
  respondentId: 'ann@initech.example',
  trigger: `deal:${id}:won`,
  createdAt: createdAt.toISOString(),
  url: `https://portal.example/?cx-invitation=${id}`,
});

const identity = (ns: string) => ({
  endpoint: `/collector/${ns}`,
  account: 'initech',
  respondent: 'ann@initech.example',
  token: 'SIGNED',
  'site-key': 'site-1',
  invitations: true,
});

describe('<cx-survey invitations>', () => {
  const page = location.href;
  afterEach(async () => {
    history.replaceState(null, '', page);
    await cleanPage();
  });

  it("shows the invitation the page URL names, and the response carries the invitation's id", async () => {
    const ns = uid('i');
    await configureCollector(ns, {
      definitions: { onboarding: npsSurvey('onboarding'), renewal: npsSurvey('renewal') },
      invitations: [invitation('inv_new', 'renewal'), invitation('inv_old', 'onboarding')],
    });
    history.replaceState(null, '', `${location.pathname}?cx-invitation=inv_old`);
    const el = await mount(identity(ns));
    await waitFor(() => isShown(el), 5000, 'the invited survey');
    expect(el._def?.id).to.equal('onboarding');
    await choose(el, '9');
    await next(el);
    await next(el);
    const stats = await waitFor(async () => {
      const s = await collectorStats(ns);
      return s.created.length === 1 && s;
    });
    expect(stats.responses[0]).to.deep.include({
      surveyId: 'onboarding',
      accountId: 'initech',
      respondentId: 'ann@initech.example',
    });
    // Beside the page address every answer carries (a hidden field).
    expect(stats.responses[0]!.attributes).to.deep.equal({
      page: location.origin + location.pathname,
      invitation: 'inv_old',
    });
    const list = stats.requests.find((r) => r.path === '/v1/invitations')!;
    expect(list.headers).to.deep.include({ siteKey: 'site-1', authorization: 'Bearer SIGNED' });
    expect(list.headers.query).to.equal('?account=initech&respondent=ann%40initech.example');
    // The server vetoed nothing: an invitation is not second-guessed by the eligibility check.
    expect(stats.requests.map((r) => r.path)).not.to.include('/v1/eligibility');
  });

  it('shows the newest pending invitation on a visit without a link, despite the site-wide cap', async () => {
    const ns = uid('i');
    await configureCollector(ns, {
      definitions: { renewal: npsSurvey('renewal') },
      invitations: [invitation('inv_a', 'renewal')],
    });
    // The visitor answered another survey moments ago: the global cap of one would hide an ordinary survey.
    localStorage.setItem(
      'cx-survey:fatigue',
      JSON.stringify({ surveys: { other: Date.now() }, site: [Date.now()] }),
    );
    const el = await mount({ ...identity(ns), 'global-cap': '1' });
    await waitFor(() => isShown(el), 5000, 'the invited survey');
    expect(el._def?.id).to.equal('renewal');
  });

  it('stays hidden on the next visit once the invitation was dismissed, though the server still lists it', async () => {
    const ns = uid('i');
    await configureCollector(ns, {
      definitions: { renewal: npsSurvey('renewal') },
      invitations: [invitation('inv_b', 'renewal')],
    });
    const first = await mount(identity(ns));
    await waitFor(() => isShown(first), 5000, 'the invited survey');
    first.dismiss();
    first.remove();
    const again = await mount(identity(ns));
    await waitFor(() => again._def, 5000, 'the second visit to load the survey');
    expect(await again.show()).to.equal(false);
    expect(isShown(again)).to.equal(false);
    // A newer invitation to the same survey (a later deal) is shown again.
    const ns2 = uid('i');
    await configureCollector(ns2, {
      definitions: { renewal: npsSurvey('renewal') },
      invitations: [invitation('inv_c', 'renewal', new Date(Date.now() + 1000))],
    });
    const later = await mount(identity(ns2));
    await waitFor(() => isShown(later), 5000, 'the newer invitation');
  });

  it('falls back to its survey when nothing is pending, and reports a failed list as cx-error', async () => {
    const ns = uid('i');
    await configureCollector(ns, { definitions: { pulse: npsSurvey('pulse') } });
    const el = await mount({ ...identity(ns), survey: 'pulse' });
    await waitFor(() => isShown(el), 5000, 'the fallback survey');
    expect(el._def?.id).to.equal('pulse');

    const down = uid('i');
    await configureCollector(down, { definitions: { pulse: npsSurvey('pulse') } });
    const failing = document.createElement('cx-survey');
    const error = new Promise<CxErrorDetail>((r) => failing.addEventListener('cx-error', (e) => r(e.detail)));
    // A collector path the fake does not serve answers 404, as a server without HubSpot would.
    for (const [k, v] of Object.entries({ ...identity(down), endpoint: `/collector/${down}/none` }))
      failing.setAttribute(k, v === true ? '' : String(v));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      document.body.append(failing);
      expect((await error).code).to.equal('invitations/fetch-failed');
    } finally {
      console.warn = warn;
    }
  });
});
