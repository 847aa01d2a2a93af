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
    notInvited: ' No survey invitation: this person answered a survey recently (fatigue rules).',
  },
  fr: {
    who: (s: Session) => `${s.name} (${s.role}) chez ${s.accountName}`,
    delivered: 'Livrée',
    transit: 'En cours de livraison',
    invitation: 'Votre demande au support a été close : dites-nous comment cela s’est passé.',
    thanks: 'Merci, votre réponse a bien été reçue.',
    ticket: (id: string) => `Ticket ${id} clos dans HubSpot.`,
    notInvited:
      ' Pas d’invitation : cette personne a répondu récemment à une enquête (règles anti-sollicitation).',
  },
};

/** The page's own text by locale (the widget has its own strings in both languages). */
const PAGE_TEXT: Record<'en' | 'fr', Record<string, string>> = {
  en: {
    title: 'Customer portal',
    signedIn: 'Signed in as',
    contact: 'Customer contact',
    language: 'Language',
    orders: 'Your orders',
    order: 'Order',
    status: 'Status',
    delivered: 'Delivered',
    deliver: 'Simulate the delivery of SO-48213',
    support: 'Support',
    supportHelp:
      "In the demo, closing a ticket in the HubSpot stand-in sends HubSpot's webhook to cxkit, which invites the contact to the post-support survey.",
    closeTicket: 'Simulate a closed support ticket',
    feedback: 'Your feedback',
  },
  fr: {
    title: 'Espace client',
    signedIn: 'Connecté en tant que',
    contact: 'Contact client',
    language: 'Langue',
    orders: 'Vos commandes',
    order: 'Commande',
    status: 'Statut',
    delivered: 'Livrée',
    deliver: 'Simuler la livraison de SO-48213',
    support: 'Support',
    supportHelp:
      'Dans la démo, clore un ticket dans le simulateur HubSpot envoie le webhook de HubSpot à cxkit, qui invite le contact à l’enquête après support.',
    closeTicket: 'Simuler la clôture d’un ticket',
    feedback: 'Votre avis',
  },
};

function translatePage(lang: 'en' | 'fr'): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const text = PAGE_TEXT[lang][el.dataset['i18n']!];
    if (text) el.textContent = text;
  }
}

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
  translatePage(locale());
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
    const r = await getJson<{ ticketId: string; invited: boolean }>('/api/simulate/ticket-closed', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ respondent: session!.respondentId }),
    });
    byId('ticket-status').textContent =
      TEXT[locale()].ticket(r.ticketId) + (r.invited ? '' : TEXT[locale()].notInvited);
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
