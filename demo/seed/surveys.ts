import type { SurveyDefinitionInput } from '@cxkit/core';

/** The demo supplier's four surveys, one per moment of the customer journey. */
export const DEMO_SURVEYS = {
  relationship: {
    id: 'relationship',
    title: { en: 'How are we doing?', fr: 'Comment travaillons-nous ensemble ?' },
    questions: [
      {
        id: 'nps',
        kind: 'nps',
        text: {
          en: 'How likely are you to recommend Altaris Supply to a colleague?',
          fr: 'Quelle est la probabilité que vous recommandiez Altaris Supply à un collègue ?',
        },
      },
      {
        id: 'why',
        kind: 'text',
        text: {
          en: 'What is the main reason for your score?',
          fr: 'Quelle est la raison principale de votre note ?',
        },
        maxLength: 1000,
      },
    ],
  },
  'post-purchase': {
    id: 'post-purchase',
    title: { en: 'Your order', fr: 'Votre commande' },
    questions: [
      {
        id: 'csat',
        kind: 'csat',
        display: 'stars',
        text: {
          en: 'How satisfied are you with ordering from us?',
          fr: 'Êtes-vous satisfait de votre commande ?',
        },
      },
    ],
  },
  'post-delivery': {
    id: 'post-delivery',
    title: { en: 'Your delivery', fr: 'Votre livraison' },
    questions: [
      {
        id: 'ces',
        kind: 'ces',
        text: {
          en: 'The supplier made it easy to receive my delivery.',
          fr: 'Le fournisseur m’a facilité la réception de ma livraison.',
        },
      },
    ],
  },
  'post-support': {
    id: 'post-support',
    title: { en: 'Your support request', fr: 'Votre demande au support' },
    questions: [
      {
        id: 'csat',
        kind: 'csat',
        display: 'numbers',
        text: {
          en: 'How satisfied are you with how we handled your request?',
          fr: 'Êtes-vous satisfait du traitement de votre demande ?',
        },
      },
      {
        id: 'why',
        kind: 'text',
        text: { en: 'Anything we should improve?', fr: 'Que devrions-nous améliorer ?' },
        maxLength: 1000,
      },
    ],
  },
} as const satisfies Record<string, SurveyDefinitionInput>;

/** A demo survey id. */
export type DemoSurveyId = keyof typeof DEMO_SURVEYS;
