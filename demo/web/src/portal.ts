import '@cxkit/widget/define';
import { byId, esc, getJson } from './common.js';

interface Persona {
  id: string;
  name: string;
  role: string;
  accountId: string;
  accountName: string;
  locale: 'fr' | 'en';
}
interface Session {
  endpoint: string;
  siteKey: string;
  token: string;
  accountId: string;
  accountName: string;
  respondentId: string;
  name: string;
  role: string;
}
interface Invitation {
  id: string;
  surveyId: string;
  trigger: string;
  createdAt: string;
}

const TEXT = {
  en: {
    who: (s: Session) => `${s.name} (${s.role}) at ${s.accountName}`,
    delivered: 'Delivered',
    transit: 'In transit',
    invitation: 'Your support request was closed: tell us how it went.',
    thanks: 'Thank you, your answer was received.',
    ticket: (id: string) => `Ticket ${id} closed in HubSpot.`,
  },
  fr: {
    who: (s: Session) => `${s.name} (${s.role}) chez ${s.accountName}`,
    delivered: 'Livrée',
    transit: 'En cours de livraison',
    invitation: 'Votre demande au support a été close : dites-nous comment cela s’est passé.',
    thanks: 'Merci, votre réponse a bien été reçue.',
    ticket: (id: string) => `Ticket ${id} clos dans HubSpot.`,
  },
};

const personaSelect = byId<HTMLSelectElement>('persona');
const languageSelect = byId<HTMLSelectElement>('language');
let session: Session | undefined;

const locale = () => (languageSelect.value === 'fr' ? 'fr' : 'en');

/** A `<cx-survey>` wired to the collector with the signed-in person's identity token. */
function survey(surveyId: string, mode: 'inline' | 'floating' = 'inline'): HTMLElement {
  const el = document.createElement('cx-survey');
  const s = session!;
  el.setAttribute('endpoint', s.endpoint);
  el.setAttribute('survey', surveyId);
  el.setAttribute('account', s.accountId);
  el.setAttribute('respondent', s.respondentId);
  el.setAttribute('respondent-role', s.role);
  el.setAttribute('token', s.token);
  el.setAttribute('site-key', s.siteKey);
  el.setAttribute('locale', locale());
  el.setAttribute('mode', mode);
  el.setAttribute('global-cap', '0');
  el.addEventListener('cx-sent', () => {
    byId('survey-status').textContent = TEXT[locale()].thanks;
  });
  return el;
}

async function loadInvitations(): Promise<void> {
  const s = session!;
  const url = `${s.endpoint}/v1/invitations?account=${encodeURIComponent(s.accountId)}&respondent=${encodeURIComponent(s.respondentId)}`;
  const body = await getJson<{ invitations: Invitation[] }>(url, {
    headers: { 'X-Cx-Site-Key': s.siteKey, Authorization: `Bearer ${s.token}` },
  });
  const box = byId('invitations');
  box.replaceChildren();
  for (const inv of body.invitations.slice(0, 1)) {
    const p = document.createElement('p');
    p.textContent = TEXT[locale()].invitation;
    box.append(p, survey(inv.surveyId));
  }
}

async function signIn(): Promise<void> {
  session = await getJson<Session>(`/api/session?respondent=${encodeURIComponent(personaSelect.value)}`);
  document.documentElement.lang = locale();
  byId('who').textContent = TEXT[locale()].who(session);
  byId('order-status').textContent = TEXT[locale()].transit;
  byId('relationship').replaceChildren(survey('relationship'));
  byId('floating').replaceChildren();
  byId('survey-status').textContent = '';
  await loadInvitations();
}

byId('deliver').addEventListener('click', () => {
  byId('order-status').textContent = TEXT[locale()].delivered;
  byId('floating').replaceChildren(survey('post-delivery', 'floating'));
});

byId('close-ticket').addEventListener('click', () => {
  void (async () => {
    const r = await getJson<{ ticketId: string }>('/api/simulate/ticket-closed', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ respondent: session!.respondentId }),
    });
    byId('ticket-status').textContent = TEXT[locale()].ticket(r.ticketId);
    await loadInvitations();
  })();
});

personaSelect.addEventListener('change', () => {
  const p = personas.find((x) => x.id === personaSelect.value);
  if (p) languageSelect.value = p.locale;
  void signIn();
});
languageSelect.addEventListener('change', () => void signIn());

const { personas } = await getJson<{ personas: Persona[] }>('/api/personas');
personaSelect.innerHTML = personas
  .map(
    (p) =>
      `<option value="${esc(p.id)}">${esc(p.name)}, ${esc(p.accountName)} (${esc(p.locale.toUpperCase())})</option>`,
  )
  .join('');
const requested = new URLSearchParams(location.search).get('as');
if (requested && personas.some((p) => p.id === requested)) personaSelect.value = requested;
const lang = new URLSearchParams(location.search).get('lang');
languageSelect.value =
  lang === 'fr' || lang === 'en'
    ? lang
    : (personas.find((p) => p.id === personaSelect.value)?.locale ?? 'en');
await signIn();
