import type { Answer, CxErrorCode, Response } from '@cxkit/core';

/** `cx-show`: the survey became visible. */
export interface CxShowDetail {
  surveyId: string;
  /** Client-generated id the response will carry. */
  responseId: string;
}

/** `cx-answer`: the respondent moved past a question; `answer.value` is `null` when skipped. */
export interface CxAnswerDetail {
  surveyId: string;
  responseId: string;
  answer: Answer;
}

/** `cx-submit`: the response was completed (or cut short by a dismissal or page exit) and queued for delivery. */
export interface CxSubmitDetail {
  response: Response;
  /** False when the respondent left before the last question. */
  complete: boolean;
}

/** `cx-sent`: the collector acknowledged a response (`duplicate` when an earlier attempt had already arrived). */
export interface CxSentDetail {
  surveyId: string;
  responseId: string;
  status: 'created' | 'duplicate';
}

/**
 * `cx-dismiss`: the respondent closed the survey, or (`answered`) it closed itself because this
 * person answered it in another tab, or storage allowed after a late consent says so.
 */
export interface CxDismissDetail {
  surveyId: string;
  reason: 'button' | 'escape' | 'method' | 'answered';
}

/** `cx-error`: something failed; the widget keeps the host page safe and reports it here. */
export interface CxErrorDetail {
  /** Stable code, e.g. `definition/fetch-failed`, `definition/invalid`, `delivery/rejected`, `storage/unavailable`. */
  code: CxErrorCode;
  message: string;
}

/** Every event `<cx-survey>` fires, by name; all bubble and are composed. */
export interface CxSurveyEventMap {
  'cx-show': CustomEvent<CxShowDetail>;
  'cx-answer': CustomEvent<CxAnswerDetail>;
  'cx-submit': CustomEvent<CxSubmitDetail>;
  'cx-sent': CustomEvent<CxSentDetail>;
  'cx-dismiss': CustomEvent<CxDismissDetail>;
  'cx-error': CustomEvent<CxErrorDetail>;
}

declare global {
  // Typed `addEventListener('cx-submit', e => e.detail.response)` on any element.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends CxSurveyEventMap {}
}
