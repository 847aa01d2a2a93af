import { createRandom, type Random } from './prng.js';
import type { DemoSurveyId } from './surveys.js';

/** One customer company of the demo supplier. */
export interface DemoAccount {
  id: string;
  name: string;
  domain: string;
  sector: string;
  size: string;
  region: string;
  distributor: string;
  /** First month of the relationship (`YYYY-MM`). */
  since: string;
  /** Month the account left (`YYYY-MM`), when it churned. */
  churnedAt: string | null;
  /** Language its people answer in. */
  locale: 'fr' | 'en';
  /**
   * The planted drivers of its NPS (the truth a key-driver analysis should recover): a delivery problem
   * (hard deliveries, lower NPS) and a support problem (poor support, lower NPS), drawn independently of
   * everything else.
   */
  issues: { delivery: boolean; support: boolean };
}

/** One person at a customer company. */
export interface DemoRespondent {
  id: string;
  accountId: string;
  name: string;
  email: string;
  role: 'buyer' | 'user' | 'prescriber' | 'support';
}

/** One answer to one of the demo surveys. */
export interface DemoAnswer {
  id: string;
  surveyId: DemoSurveyId;
  accountId: string;
  respondentId: string;
  role: DemoRespondent['role'];
  locale: 'fr' | 'en';
  channel: 'portal' | 'email' | 'in-app';
  answeredAt: string;
  /** The score of the survey's scored question (NPS 0-10, CSAT 1-5, CES 1-7). */
  score: number;
  /** Open answer, when the respondent wrote one. */
  text: string | null;
}

/** Monthly operating signals of one account. */
export interface DemoSignal {
  accountId: string;
  month: string;
  /** Weekly active users of the supplier's portal. */
  activeUsers: number;
  /** Support tickets opened. */
  tickets: number;
  /** Revenue invoiced, in euros. */
  revenue: number;
}

/** The whole generated data set. */
export interface DemoDataSet {
  accounts: DemoAccount[];
  respondents: DemoRespondent[];
  answers: DemoAnswer[];
  signals: DemoSignal[];
}

/** Generation knobs; the defaults give the documented demo. */
export interface GenerateOptions {
  seed?: number;
  accounts?: number;
  /** Last month of history (`YYYY-MM`; default last month); 36 months are generated up to it. */
  endMonth?: string;
  /**
   * Override of the planted drivers' NPS effects (default {@link PLANTED_DRIVERS}): with one set to 0, the
   * same draws give each answer's score without that driver, so its true effect can be measured exactly.
   */
  npsEffects?: Partial<Record<keyof typeof PLANTED_DRIVERS, number>>;
}

const SECTORS = ['manufacturing', 'energy', 'healthcare', 'retail', 'logistics', 'construction'] as const;
const SIZES = ['small', 'mid-market', 'large', 'enterprise'] as const;
const SIZE_WEIGHTS = [0.35, 0.35, 0.2, 0.1];
const REGIONS = ['France', 'Benelux', 'DACH', 'UK & Ireland', 'Nordics'] as const;
const DISTRIBUTORS = ['direct', 'Rexel Partners', 'Sonepar Link', 'NordTrade'] as const;
/** Sector and distributor effects on the latent satisfaction, so segment breakdowns differ. */
const SECTOR_EFFECT: Record<string, number> = {
  manufacturing: 0.1,
  energy: 0.25,
  healthcare: -0.2,
  retail: -0.1,
  logistics: 0,
  construction: -0.3,
};
const DISTRIBUTOR_EFFECT: Record<string, number> = {
  direct: 0.25,
  'Rexel Partners': 0,
  'Sonepar Link': -0.1,
  NordTrade: -0.35,
};
const SIZE_REVENUE: Record<string, number> = {
  small: 4_000,
  'mid-market': 15_000,
  large: 45_000,
  enterprise: 120_000,
};
const SIZE_PEOPLE: Record<string, [number, number]> = {
  small: [2, 3],
  'mid-market': [3, 4],
  large: [4, 6],
  enterprise: [5, 8],
};
const ROLE_EFFECT: Record<DemoRespondent['role'], number> = {
  buyer: -0.15,
  user: 0.1,
  prescriber: 0.2,
  support: -0.05,
};

const NAME_A = [
  'Acier',
  'Nova',
  'Bel',
  'Nord',
  'Vert',
  'Lumen',
  'Alto',
  'Cobalt',
  'Delta',
  'Orion',
  'Saphir',
  'Helio',
  'Atlas',
  'Brio',
  'Cedre',
  'Iris',
];
const NAME_B = [
  'tech',
  'industrie',
  'logistique',
  'energie',
  'santé',
  'bau',
  'works',
  'systems',
  'group',
  'services',
  'matic',
  'form',
];
const SUFFIX = ['SA', 'SAS', 'GmbH', 'Ltd', 'BV', 'AB', 'SARL', 'plc'];
const FIRST = [
  'Camille',
  'Julien',
  'Sophie',
  'Thomas',
  'Emma',
  'Lucas',
  'Anna',
  'Jonas',
  'Sarah',
  'David',
  'Léa',
  'Hugo',
  'Nina',
  'Paul',
  'Clara',
  'Marc',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Schmidt',
  'Jansen',
  'Smith',
  'Nilsson',
  'Moreau',
  'Weber',
  'Peeters',
  'Taylor',
  'Laurent',
  'Fischer',
  'Berg',
];

/** Verbatims by sentiment and language: what a B2B buyer actually writes. */
const VERBATIMS = {
  en: {
    positive: [
      'Deliveries always arrive on time and complete.',
      'Our account manager is responsive and knows our business.',
      'The portal makes reordering quick and easy.',
      'Great technical support, they solved our issue the same day.',
      'Reliable quality, we rarely have to return anything.',
    ],
    neutral: [
      'Fine overall, prices could be more competitive.',
      'Good products but the invoicing is sometimes confusing.',
      'Delivery slots could be more flexible.',
    ],
    negative: [
      'Late deliveries again this quarter, it is hurting our production.',
      'Support takes days to answer and tickets get closed without a fix.',
      'Prices went up and service went down.',
      'We had several incomplete orders and nobody followed up.',
      'The portal is slow and our users stopped using it.',
    ],
  },
  fr: {
    positive: [
      'Les livraisons arrivent toujours à l’heure et complètes.',
      'Notre commercial est réactif et connaît bien notre activité.',
      'Le portail permet de recommander très rapidement.',
      'Excellent support technique, problème résolu dans la journée.',
      'Qualité constante, très peu de retours.',
    ],
    neutral: [
      'Correct dans l’ensemble, les prix pourraient être plus compétitifs.',
      'Bons produits mais la facturation manque parfois de clarté.',
      'Les créneaux de livraison pourraient être plus souples.',
    ],
    negative: [
      'Encore des retards de livraison ce trimestre, cela pénalise notre production.',
      'Le support met des jours à répondre et les tickets sont clos sans solution.',
      'Les prix augmentent et le service se dégrade.',
      'Plusieurs commandes incomplètes et aucun suivi.',
      'Le portail est lent et nos utilisateurs ne l’utilisent plus.',
    ],
  },
} as const;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const monthIndex = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Planted drivers: how much a delivery or a support problem lowers the account's people's latent
 * satisfaction on their relationship (NPS) answers, and on the touchpoint that reveals it (post-delivery
 * CES, post-support CSAT). The pricing complaints in the comments are noise: they move no score.
 */
export const PLANTED_DRIVERS = {
  delivery: { share: 0.25, npsEffect: 0.6, touchpointEffect: 1.6 },
  support: { share: 0.2, npsEffect: 0.35, touchpointEffect: 1.4 },
} as const;

/** Months of decline before an account leaves: its satisfaction and usage slide over this window. */
export const CHURN_DECLINE_MONTHS = 9;

/**
 * The latent satisfaction of an account in a month: its base level plus a slow drift, minus a
 * decline that deepens over the months before it churns. NPS, CSAT, CES, usage and tickets are
 * all noisy readings of this one number, which is what makes the KPIs tell one story.
 */
function latent(
  base: number,
  drift: number,
  month: number,
  start: number,
  churnMonth: number | null,
  decline: number,
): number {
  let value = base + drift * ((month - start) / 12);
  if (churnMonth !== null) {
    const before = churnMonth - month;
    if (before < CHURN_DECLINE_MONTHS) value -= decline * (1 - before / CHURN_DECLINE_MONTHS);
  }
  return value;
}

function pickText(r: Random, locale: 'fr' | 'en', level: number): string {
  const pool = VERBATIMS[locale];
  const sentiment = level > 0.5 ? 'positive' : level < -0.4 ? 'negative' : 'neutral';
  return r.pick(pool[sentiment]);
}

function isoAt(r: Random, month: number, lastDay: number): string {
  const ym = monthOf(month);
  const day = String(r.int(1, lastDay)).padStart(2, '0');
  const hour = String(r.int(7, 18)).padStart(2, '0');
  const minute = String(r.int(0, 59)).padStart(2, '0');
  return `${ym}-${day}T${hour}:${minute}:00Z`;
}

/**
 * Generates the demo data set, deterministically from `seed`: about 300 accounts over 36 months,
 * their people, their answers to the four surveys, and monthly usage, ticket and revenue signals.
 * See demo/README.md for the model.
 */
export function generateDemoData(options: GenerateOptions = {}): DemoDataSet {
  const r = createRandom(options.seed ?? 20261122);
  const count = options.accounts ?? 300;
  const now = new Date();
  // Default: the history ends with last month, so the demo always looks current.
  const end = options.endMonth
    ? monthIndex(options.endMonth)
    : now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  const first = end - 35;
  const accounts: DemoAccount[] = [];
  const respondents: DemoRespondent[] = [];
  const answers: DemoAnswer[] = [];
  const signals: DemoSignal[] = [];
  const names = new Set<string>();
  // Its own stream, so the planted drivers leave the rest of the data set's draws unchanged.
  const planted = createRandom((options.seed ?? 20261122) + 1);

  for (let i = 0; i < count; i++) {
    let name = '';
    do {
      name = `${r.pick(NAME_A)}${r.pick(NAME_B)} ${r.pick(SUFFIX)}`;
    } while (names.has(name));
    names.add(name);
    const id = `acc-${String(i + 1).padStart(3, '0')}`;
    const sector = r.pick(SECTORS);
    const size = r.pick(SIZES, SIZE_WEIGHTS);
    const region = r.pick(REGIONS, [0.4, 0.15, 0.2, 0.15, 0.1]);
    const distributor = r.pick(DISTRIBUTORS, [0.4, 0.25, 0.2, 0.15]);
    const locale: 'fr' | 'en' = region === 'France' || (region === 'Benelux' && r.chance(0.5)) ? 'fr' : 'en';
    const start = first + (r.chance(0.7) ? 0 : r.int(1, 24));
    const base = 0.3 + r.normal() * 0.8 + SECTOR_EFFECT[sector]! + DISTRIBUTOR_EFFECT[distributor]!;
    const drift = r.normal() * 0.25;
    // Accounts are surveyed in different months of the quarter, so monthly trends are not spiky.
    const surveyPhase = r.int(0, 2);
    // How far a leaving account slides: some leave after a steep fall, others after a mild one.
    const decline = 0.6 + r.next() * 1.4;
    // Weak accounts are likelier to leave; when they do, it is at least a year after they start.
    const churnProbability = clamp(0.2 - 0.15 * base, 0.03, 0.6);
    const churnMonth = r.chance(churnProbability) && end - start > 14 ? r.int(start + 12, end - 1) : null;
    accounts.push({
      id,
      name,
      domain: `${slug(name)}.example`,
      sector,
      size,
      region,
      distributor,
      since: monthOf(start),
      churnedAt: churnMonth === null ? null : monthOf(churnMonth),
      locale,
      issues: {
        delivery: planted.chance(PLANTED_DRIVERS.delivery.share),
        support: planted.chance(PLANTED_DRIVERS.support.share),
      },
    });
    const issues = accounts[i]!.issues;
    const npsPenalty =
      (issues.delivery ? (options.npsEffects?.delivery ?? PLANTED_DRIVERS.delivery.npsEffect) : 0) +
      (issues.support ? (options.npsEffects?.support ?? PLANTED_DRIVERS.support.npsEffect) : 0);

    const [minPeople, maxPeople] = SIZE_PEOPLE[size]!;
    const people: DemoRespondent[] = [];
    const roles: DemoRespondent['role'][] = ['buyer', 'user', 'prescriber', 'support'];
    const headcount = r.int(minPeople, maxPeople);
    for (let p = 0; p < headcount; p++) {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      const person: DemoRespondent = {
        id: `${slug(first)}.${slug(last)}.${p + 1}@${accounts[i]!.domain}`,
        accountId: id,
        name: `${first} ${last}`,
        email: `${slug(first)}.${slug(last)}.${p + 1}@${accounts[i]!.domain}`,
        role: p < roles.length ? roles[p]! : r.pick(roles),
      };
      people.push(person);
    }
    respondents.push(...people);

    const stop = churnMonth ?? end + 1;
    const revenueBase = SIZE_REVENUE[size]! * (0.7 + r.next() * 0.6);
    for (let m = start; m < stop; m++) {
      const level = latent(base, drift, m, start, churnMonth, decline);
      const lastDay = 28;
      const seats = Math.max(2, Math.round(headcount * 4 * (size === 'enterprise' ? 3 : 1)));
      const activeUsers = Math.max(
        0,
        Math.round(seats * clamp(0.55 + 0.18 * level + r.normal() * 0.06, 0, 1)),
      );
      const tickets = Math.max(0, Math.round(headcount * 0.4 * Math.exp(-0.45 * level) + r.normal() * 0.6));
      const revenue = Math.round(
        revenueBase * (1 + 0.08 * level) * (1 + 0.01 * (m - start)) * (0.9 + r.next() * 0.2),
      );
      signals.push({ accountId: id, month: monthOf(m), activeUsers, tickets, revenue });

      const answer = (surveyId: DemoSurveyId, person: DemoRespondent, score: number, text: string | null) =>
        answers.push({
          id: r.uuid(),
          surveyId,
          accountId: id,
          respondentId: person.id,
          role: person.role,
          locale,
          channel: r.pick(['portal', 'email', 'in-app'] as const, [0.5, 0.35, 0.15]),
          answeredAt: isoAt(r, m, lastDay),
          score,
          text,
        });

      // Relationship survey: each quarter, each person answers with probability 0.45.
      if ((m - start + surveyPhase) % 3 === 0) {
        for (const person of people) {
          if (!r.chance(0.45)) continue;
          const personal = level - npsPenalty + ROLE_EFFECT[person.role] + r.normal() * 0.7;
          const score = Math.round(clamp(7.4 + 1.7 * personal, 0, 10));
          answer('relationship', person, score, r.chance(0.4) ? pickText(r, locale, personal) : null);
        }
      }
      // Post-purchase CSAT (1-5) from the buyer, post-delivery CES (1-7) from a user.
      if (r.chance(0.35)) {
        const buyer = people[0]!;
        const personal = level + r.normal() * 0.8;
        answer('post-purchase', buyer, Math.round(clamp(3.9 + 0.8 * personal, 1, 5)), null);
      }
      if (r.chance(0.35)) {
        const user = people[1] ?? people[0]!;
        const personal =
          level - (issues.delivery ? PLANTED_DRIVERS.delivery.touchpointEffect : 0) + r.normal() * 0.8;
        answer('post-delivery', user, Math.round(clamp(5.3 + 1 * personal, 1, 7)), null);
      }
      // Post-support CSAT after closed tickets: about one ticket in three gets an answer.
      for (let t = 0; t < tickets; t++) {
        if (!r.chance(0.3)) continue;
        const person = people[r.int(0, people.length - 1)]!;
        const personal =
          level - (issues.support ? PLANTED_DRIVERS.support.touchpointEffect : 0) + r.normal() * 0.9;
        const score = Math.round(clamp(3.7 + 0.9 * personal, 1, 5));
        answer('post-support', person, score, r.chance(0.3) ? pickText(r, locale, personal) : null);
      }
    }
  }
  answers.sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
  return { accounts, respondents, answers, signals };
}
