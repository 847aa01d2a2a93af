import { html, nothing, type TemplateResult } from 'lit/html.js';
import { ReactiveBase, type ChangedProperties, type PropertyDeclaration } from './reactive-base.js';
import type { Answer, Question, Response, SurveyDefinition, SurveyDefinitionInput } from '@cxkit/core';
import { styles } from './cx-survey.styles.js';
import { en } from './locales/en.js';
import { dirOf, loadPack, packOf, pickL } from './locale.js';
import { format, type Strings } from './strings.js';
import { checkDefinition, scaleOf, visibleQuestions, type Value } from './survey-flow.js';
import { facesOf, loadKinds, viewOf } from './question-kinds.js';
import { FATIGUE_KEY, forgetSurvey, isFatigued, recordFatigue, type FatigueLog } from './survey-fatigue.js';
import type { DeliveryListener, DeliveryQueue } from './delivery-queue.js';
import type { OutboxEntry } from './outbox-store.js';
import { collectorHeaders, getJson } from './collector-client.js';
import { WidgetError } from './widget-error.js';
import type { CxSurveyEventMap } from './events.js';
import type { Invitation } from './invitations.js';
import type { languageSwitch as LanguageSwitch } from './language-switch.js';
import { lib } from './chunk-api.js';

const CANT = 'cant-recommend';

// --- page-wide state shared by every <cx-survey> -------------------------------------------

/** Connected widgets, to route `cx-sent` for responses queued by an earlier page. */
const live = new Set<CxSurvey>();
/** Which widget queued each response on this page. */
const owners = new Map<string, CxSurvey>();
/** The widget to tell about `e`; forgets the link unless the entry stays queued (`keep`). */
const ownerOf = (e: OutboxEntry, keep?: boolean): CxSurvey | undefined => {
  const o = owners.get(e.id);
  if (!keep) owners.delete(e.id);
  return o?.isConnected ? o : [...live].find((w) => w._def?.id === e.response.surveyId);
};

/** The person an entry belongs to: account and respondent. */
const whoOf = (e: OutboxEntry): string => `${e.response.accountId}\n${e.response.respondentId ?? ''}`;
/** The same, or '' for an anonymous entry (as {@link CxSurvey._who} of an anonymous widget). */
const whoIs = (e: OutboxEntry): string => (e.anonymous ? '' : whoOf(e));

let chan: BroadcastChannel | undefined;
/** Tells this browser's other tabs that a survey was answered, so the same person cannot answer twice. */
const channel = (): BroadcastChannel | undefined => {
  if (!chan && typeof BroadcastChannel == 'function') {
    chan = new BroadcastChannel('cx-survey');
    chan.onmessage = (m: MessageEvent<{ s: string; who: string }>) => {
      for (const w of live) w._answered(m.data.s, m.data.who);
    };
  }
  return chan;
};

let queue: DeliveryQueue | undefined;
let loadingQueue: Promise<DeliveryQueue> | undefined;
/**
 * Runs `f` on the page's outbox: at once when it is loaded (a closing page's last answers must be
 * queued before the keepalive flush), else once its chunk has loaded. Loaded on first use, so
 * importing the module has no side effects and the first paint never waits for it.
 */
const withQueue = <T>(f: (q: DeliveryQueue) => T): Promise<T> =>
  queue
    ? Promise.resolve(f(queue))
    : (loadingQueue ??= import('./outbox.js').then(
        (m) => (queue = m.openOutbox(listener)),
        (e: unknown) => {
          // The chunk could not load (offline): the next use tries again.
          loadingQueue = undefined;
          throw e;
        },
      )).then(f);

const listener: DeliveryListener = {
  sent: (e, status) =>
    ownerOf(e)?._emit('cx-sent', {
      surveyId: e.response.surveyId,
      responseId: e.id,
      status: status === 'duplicate' ? 'duplicate' : 'created',
    }),
  rejected: (e, status) =>
    report(
      ownerOf(e),
      new WidgetError('delivery/rejected', `the collector refused response ${e.id} with ${status}`),
    ),
  // The token of the answer's own person, current at send time (an answer queued yesterday goes
  // out with today's token). While another person is signed in on this page the answer waits
  // (null): on a shared browser it is never sent with somebody else's token.
  token: (e) => {
    if (e.anonymous) return undefined;
    const own = [...live].find((w) => w._who() === whoOf(e));
    return own ? own.token : [...live].some((w) => w.token) ? null : undefined;
  },
  mine: (e) =>
    !!e.anonymous || [...live].some((w) => w._who() === whoOf(e)) || ![...live].some((w) => w.token),
  refused: (e, status) =>
    report(
      ownerOf(e, true),
      new WidgetError(
        'delivery/unauthorized',
        `token refused (${status}); response ${e.id} waits for a new one`,
      ),
    ),
};

/** Fatigue records not (yet) in localStorage: before consent, or when storage is blocked. */
let memLog: FatigueLog = { surveys: {}, site: [] };
/** The fatigue log: localStorage merged with this page's unsaved records when storage is allowed. */
const loadLog = (allowed: boolean): FatigueLog => {
  try {
    const s =
      allowed && (JSON.parse(localStorage.getItem(FATIGUE_KEY) ?? '{"surveys":{},"site":[]}') as FatigueLog);
    if (s) {
      for (const [id, t] of Object.entries(memLog.surveys)) s.surveys[id] = Math.max(t, s.surveys[id] ?? 0);
      s.site = [...new Set([...s.site, ...memLog.site])];
      return s;
    }
  } catch {
    // Storage blocked or corrupt: this page's memory is all we have.
  }
  return memLog;
};
const saveLog = (log: FatigueLog, allowed: boolean): void => {
  memLog = log;
  try {
    if (allowed) {
      localStorage.setItem(FATIGUE_KEY, JSON.stringify(log));
      memLog = { surveys: {}, site: [] };
    }
  } catch {
    // Storage blocked: keep the page-lifetime copy.
  }
};

/** Logs one prefixed line and fires `cx-error`; never throws into the host page. */
function report(el: CxSurvey | undefined, e: unknown): void {
  const code =
    e instanceof WidgetError
      ? e.code
      : // The page's Trusted Types policy list admits neither "lit-html" nor "cx-survey" (see the README).
        /TrustedHTML/.test(String(e))
        ? 'csp/trusted-types'
        : 'widget/unexpected';
  const message = e instanceof Error ? e.message : String(e);
  console.warn(`[cx-survey] ${code}: ${message}`);
  el?._emit('cx-error', { code, message });
}

/** One radio of a scale: its value, what it shows, its spoken name when that differs, its language. */
export type Option = [value: number | string, face: string, name?: string, lang?: string];

/**
 * `<cx-survey>`: an embeddable, accessible B2B survey (NPS, CSAT, CES, C2ES, single and multiple
 * choice, ranking, matrix, open text) that never loses an answer.
 *
 * @summary The embeddable survey web component.
 *
 * @attr {string} role - Alias of `respondent-role` (e.g. `role="buyer"`), moved there on connection
 * and removed from the host so it is not read as an ARIA role.
 *
 * @fires {CustomEvent<CxShowDetail>} cx-show - The survey became visible.
 * @fires {CustomEvent<CxAnswerDetail>} cx-answer - The respondent moved past a question.
 * @fires {CustomEvent<CxSubmitDetail>} cx-submit - A response was completed (or cut short) and queued.
 * @fires {CustomEvent<CxSentDetail>} cx-sent - The collector acknowledged a response.
 * @fires {CustomEvent<CxDismissDetail>} cx-dismiss - The respondent closed the survey.
 * @fires {CustomEvent<CxErrorDetail>} cx-error - Something failed; the host page is unaffected.
 *
 * @csspart panel - The survey card.
 * @csspart language - The language switch (when `languages` lists two or more).
 * @csspart close - The dismiss button (floating mode).
 * @csspart form - The form of the current question.
 * @csspart question - The question text.
 * @csspart help - The question's help text.
 * @csspart scale - The radio group of a scored or single-choice question.
 * @csspart option - One choice: a radio, a checkbox of a multi-choice, a cell of a matrix.
 * @csspart selected - The chosen option (together with `option`).
 * @csspart cant-recommend - The NPS "my company does not allow me to recommend suppliers" option.
 * @csspart labels - The end labels of a scale.
 * @csspart choices - The group of checkboxes of a multi-choice question.
 * @csspart hint - How many options a multi-choice question takes ("Choose at least 2.").
 * @csspart ranking - The ordered list of a ranking question.
 * @csspart rank-item - One item of the ranking.
 * @csspart move-up - An item's Move up button (together with `button`).
 * @csspart move-down - An item's Move down button (together with `button`).
 * @csspart matrix - The table of a matrix question (a radio group per row).
 * @csspart matrix-item - The header of one matrix row (the item rated).
 * @csspart textarea - The open-text field.
 * @csspart error - The "please choose an answer" message.
 * @csspart actions - The row of buttons.
 * @csspart button - Every action button.
 * @csspart back - The Back button.
 * @csspart next - The Next / Send button.
 * @csspart thanks - The thank-you message.
 *
 * @cssprop [--cx-bg=#fff | #1c1f24] - Card background (light | dark).
 * @cssprop [--cx-fg=#1f2328 | #e6edf3] - Text colour.
 * @cssprop [--cx-muted=#57606a | #aab4bf] - Help text and end labels.
 * @cssprop [--cx-border=#6e7781 | #8b949e] - Borders of the card and options.
 * @cssprop [--cx-accent=#0b57d0 | #8ab4f8] - Selected option and primary button.
 * @cssprop [--cx-on-accent=#fff | #0b1a33] - Text on the accent colour.
 * @cssprop [--cx-focus=#0b57d0 | #8ab4f8] - Focus ring.
 * @cssprop [--cx-error=#b3261e | #ffb4ab] - Error message.
 * @cssprop [--cx-radius=0.75rem] - Card corner radius.
 * @cssprop [--cx-option-radius=0.5rem] - Option and button corner radius.
 * @cssprop [--cx-padding=1rem 1.25rem] - Card padding.
 * @cssprop [--cx-z-index=2147483000] - Stacking order in floating mode.
 */
export class CxSurvey extends ReactiveBase {
  static override styles = styles;

  static override properties: Record<string, PropertyDeclaration> = {
    endpoint: {},
    survey: {},
    account: {},
    respondent: {},
    respondentRole: { attribute: 'respondent-role' },
    token: {},
    locale: {},
    siteKey: { attribute: 'site-key' },
    stylesheet: {},
    hiddenFields: { attribute: 'hidden-fields' },
    languages: {},
    resume: { type: Number },
    urlMatch: { attribute: 'url-match' },
    mode: { reflect: true },
    theme: { reflect: true },
    trigger: {},
    fatigueDays: { attribute: 'fatigue-days', type: Number },
    globalCap: { attribute: 'global-cap', type: Number },
    globalCapDays: { attribute: 'global-cap-days', type: Number },
    requireConsent: { attribute: 'require-consent', type: Boolean },
    consent: { type: Boolean },
    anonymous: { type: Boolean },
    invitations: { type: Boolean },
    definition: { attribute: false },
    _def: { attribute: false },
    _open: { attribute: false },
    _step: { attribute: false },
    _values: { attribute: false },
    _error: { attribute: false },
    _live: { attribute: false },
  };

  /** Base URL of the collector, e.g. `https://collect.example.com`. */
  declare endpoint: string | undefined;
  /** Survey id, fetched from `{endpoint}/v1/surveys/{survey}` unless `definition` is set. */
  declare survey: string | undefined;
  /** Account (customer company) id the answers belong to; required to deliver. */
  declare account: string | undefined;
  /** Respondent id; never sent in anonymous mode. */
  declare respondent: string | undefined;
  /**
   * Respondent's role in the buying group, e.g. `buyer`. A `role` attribute is accepted too and
   * moved here on connection, because `role` on the host would be read as an (invalid) ARIA role.
   */
  declare respondentRole: string | undefined;
  /**
   * Signed identity token, sent as `Authorization: Bearer` (never in anonymous mode). Setting a new
   * one resends answers waiting because the collector refused the previous one.
   */
  declare token: string | undefined;
  /** Locale of the built-in strings and localized texts; defaults to the nearest `lang`. */
  declare locale: string | undefined;
  /** Site key, sent as `X-Cx-Site-Key`. */
  declare siteKey: string | undefined;
  /**
   * CSS applied inside the shadow root after the built-in styles (a constructable stylesheet, so a
   * strict CSP needs no 'unsafe-inline'): this survey's own look, e.g. `.q { font-size: 1.25rem }`.
   */
  declare stylesheet: string | undefined;
  /**
   * Values from the host page stored with the answer (`attributes`, usable as segments): a JSON object
   * of strings, e.g. `{"plan":"pro","region":"EU"}`. The page address (`page`, without its query) and
   * the `utm_*` parameters of the page URL are added. Keys are letters, digits, `_`, `.`, `-` (at most
   * 64); values are cut at 256 characters.
   */
  declare hiddenFields: string | Record<string, string> | undefined;
  /** Languages the respondent may switch to (space-separated tags, e.g. `en fr de`); two or more show a switch. */
  declare languages: string | undefined;
  /**
   * URL targeting: show only on pages whose address matches this pattern (`*` matches anything, e.g.
   * `https://portal.example.com/billing/*`); several patterns are separated by spaces.
   */
  declare urlMatch: string | undefined;
  /**
   * Minutes during which a survey left in progress (reload, navigation, closed tab) waits for its
   * person to come back and finish it, instead of being sent at once as it is; 0 (default) sends at
   * once. Needs storage (consent); after the hold the answers given are sent.
   */
  declare resume: number | undefined;
  /** `inline` (default) or `floating` (corner popover with a dismiss button). */
  declare mode: 'inline' | 'floating';
  /** `light` or `dark` overrides the `prefers-color-scheme` default. */
  declare theme: 'light' | 'dark' | undefined;
  /**
   * When to show: `auto` (default) when loaded and eligible; `manual` waits for `show()`;
   * `delay:<seconds>`; `scroll:<percent>` of the page scrolled; `exit` (the pointer leaves through the
   * top of the window); `route` (a single-page app changed its URL); `event:<name>` (the host
   * dispatches that event on `window`). The non-auto triggers load a small chunk of their own.
   */
  declare trigger: string;
  /** Days the survey stays hidden after an answer or a dismissal; defaults to the definition's `fatigueDays`. */
  declare fatigueDays: number | undefined;
  /** Most surveys answered or dismissed on this site per `global-cap-days`; 0 disables the cap. */
  declare globalCap: number;
  /** Window of the global cap, in days. */
  declare globalCapDays: number;
  /** Nothing is written to (or read from) storage until `consent` is set. */
  declare requireConsent: boolean;
  /** The host's statement that the visitor consented to storage. */
  declare consent: boolean;
  /**
   * Send no respondent id and no identity token (also implied by the definition's `anonymous`); a
   * survey that needs identity then refuses the answer (`cx-error` `delivery/rejected`).
   */
  declare anonymous: boolean;
  /**
   * Show the respondent's pending invitation (the one named by the page URL's `cx-invitation`,
   * else the newest) instead of `survey`; needs `endpoint`, `account`, `respondent` and `token`.
   */
  declare invitations: boolean;
  /** The survey definition (core schema); when set, nothing is fetched. */
  declare definition: SurveyDefinitionInput | undefined;

  /** @internal The checked definition being shown. */
  declare _def: SurveyDefinition | undefined;
  declare private _open: boolean;
  declare private _step: number;
  /** @internal The answers given so far, by question id. */
  declare _values: Record<string, Value>;
  /** @internal The message of the current question's error, or ''. */
  declare _error: string;
  /** @internal The text of the polite live region. */
  declare _live: string;
  private _rid = '';
  private _inv: Invitation | undefined;
  /** The eligibility that came with the definition (first paint), not yet used. */
  private _elig: boolean | undefined;
  private _ready: Promise<void> = Promise.resolve();
  private _focus = false;
  /** Chunks the first show waits for, loading since connection (floating mode's styles, the language switch). */
  private _wait: Promise<void>[] = [];
  /** The language switch's template, once its chunk has loaded. */
  private _ls: ReturnType<typeof LanguageSwitch> | undefined;
  /** Removes the listeners of a non-auto trigger. */
  private _disarm: (() => void) | undefined;
  private _sheet: CSSStyleSheet | undefined;
  /** Where focus was before it entered the panel, to give it back when the panel closes. */
  private _from: HTMLElement | null = null;

  constructor() {
    super();
    this.mode = 'inline';
    this.trigger = 'auto';
    this.globalCap = 2;
    this.globalCapDays = 30;
    this.requireConsent = false;
    this.consent = false;
    this.anonymous = false;
    this.invitations = false;
    this._open = false;
    this._step = 0;
    this._values = {};
    this._error = '';
    this._live = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const role = this.getAttribute('role');
    if (role && !this.respondentRole) {
      this.respondentRole = role;
      this.removeAttribute('role');
    }
    live.add(this);
    channel();
    withQueue((q) => this.isConnected && q.beforeHide.add(this._onHide)).catch((e: unknown) =>
      report(this, e),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._disarm?.();
    live.delete(this);
    queue?.beforeHide.delete(this._onHide);
  }

  /** Shows the survey unless fatigue rules or the server's eligibility say no; resolves to whether it is shown. */
  async show(): Promise<boolean> {
    await this._ready;
    return this._show();
  }

  private async _show(): Promise<boolean> {
    try {
      const d = this._def;
      if (!d) return false;
      if (this._open) return true;
      const who = this._who() ?? '';
      // This person left it in progress on an earlier page: it goes on where they were.
      const held =
        this.resume && this._allowed()
          ? await withQueue((q) => q.claim(d.id, (e) => whoIs(e) === who))
          : undefined;
      if (!held) {
        if (this._fatigued(d, loadLog(this._allowed()))) return false;
        if (this.urlMatch && !(await import('./triggers.js')).urlMatches(this.urlMatch)) return false;
        // An answer of this person still waiting in the outbox counts as answered.
        if (this._queued(d)) return false;
        if (this.endpoint && !this._inv && !(await this._eligible(d))) return false;
      }
      // Off secure origins `crypto.randomUUID` is missing: a chunk makes the id there.
      const rid = held?.id ?? crypto.randomUUID?.() ?? (await import('./uuid.js')).uuid();
      // Another show() may have won while the server (or the chunk) was asked.
      if (this._open) return true;
      const v: Record<string, Value> = {};
      for (const a of held?.response.answers ?? []) v[a.questionId] = a.value as Value;
      this._values = v;
      // The answers given are the visible questions up to the one being answered.
      this._step = held ? held.response.answers.length - 1 : 0;
      this._error = '';
      this._rid = rid;
      this._from = null;
      this._open = true;
      this._emit('cx-show', { surveyId: d.id, responseId: this._rid });
      await this.updateComplete;
      this._announce();
      return true;
    } catch (e) {
      report(this, e);
      return false;
    }
  }

  private _fatigued(d: SurveyDefinition, log: FatigueLog): boolean {
    const inv = this._inv;
    const rules = {
      days: this.fatigueDays ?? d.fatigueDays ?? 90,
      cap: this.globalCap,
      capDays: this.globalCapDays,
    };
    // An invitation was asked for deliberately: only its own answer or dismissal hides it.
    return inv
      ? (log.surveys[d.id] ?? 0) >= Date.parse(inv.createdAt)
      : isFatigued(log, d.id, rules, Date.now());
  }

  /** Closes the survey, keeping any answer already given, and starts the fatigue period. */
  dismiss(): void {
    this._dismiss('method');
  }

  /** Hides the survey, forgets this survey's fatigue record and answers in progress, and starts over. */
  reset(): void {
    try {
      if (this._def) saveLog(forgetSurvey(loadLog(this._allowed()), this._def.id), this._allowed());
      this._open = false;
      this._values = {};
      this._step = 0;
      if (this.trigger === 'auto') void this._show();
    } catch (e) {
      report(this, e);
    }
  }

  /** @internal Fires a typed, bubbling, composed `cx-*` event. */
  _emit<K extends keyof CxSurveyEventMap>(type: K, detail: CxSurveyEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  protected override update(changed: ChangedProperties): void {
    try {
      super.update(changed);
    } catch (e) {
      report(this, e);
    }
  }

  protected override updated(changed: ChangedProperties): void {
    // Floating mode's styles load with the definition; without them the panel shows inline.
    if (changed.has('mode') && this.mode == 'floating')
      this._wait.push(import('./floating.js').then((m) => m.float(this)));
    if (changed.has('languages') && this.languages)
      this._wait.push(
        import('./language-switch.js').then((m) => {
          this._ls = m.languageSwitch(lib);
          this.requestUpdate();
        }),
      );
    if (
      changed.has('definition') ||
      changed.has('survey') ||
      changed.has('endpoint') ||
      changed.has('invitations')
    )
      this._ready = this._load().catch((e: unknown) => report(this, e));
    if ((changed.has('consent') || changed.has('requireConsent')) && this._allowed()) this._enableStorage();
    if (changed.has('stylesheet')) {
      const r = this.renderRoot;
      (this._sheet ??= new CSSStyleSheet()).replaceSync(this.stylesheet ?? '');
      if (!r.adoptedStyleSheets.includes(this._sheet))
        r.adoptedStyleSheets = [...r.adoptedStyleSheets, this._sheet];
    }
    if (changed.has('token') && this.token) {
      queue?.retryNow();
      queue?.hideOthers().catch(() => undefined);
    }
    // Another person signed in on this page: what the previous one typed is not theirs to see or send.
    if (changed.has('respondent') && changed.get('respondent') && this._open) {
      this._open = false;
      this._values = {};
      if (this.trigger === 'auto') void this._show();
    }
    if (this._focus) {
      this._focus = false;
      const r = this.renderRoot;
      (
        r.querySelector<HTMLElement>('input:checked') ??
        r.querySelector<HTMLElement>('input,textarea,[tabindex="-1"]')
      )?.focus();
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const d = this._def;
    if (!this._open || !d) return nothing;
    const s = this._strings();
    const loc = this._loc();
    const sl = this._sl();
    const qs = this._vis();
    const q = qs[this._step];
    const [thx, tl, td] = this._txt(d.thanks);
    // The region speaks the language of the strings it shows, not the page's when it fell back.
    return html`<section
      part="panel"
      lang=${sl}
      dir=${sl.split('-')[0] === loc.split('-')[0] ? nothing : dirOf(sl)}
      aria-label=${this._txt(d.title)[0] || s.survey}
      @keydown=${this._esc}
      @focusin=${this._focusin}
    >
      ${
        this.mode === 'floating'
          ? html`<button
              class="close"
              part="close"
              type="button"
              aria-label=${s.close}
              @click=${() => this._dismiss('button')}
            >
              ×
            </button>`
          : nothing
      }
      <div class="sr" aria-live="polite">${this._live}</div>
      ${this._ls?.(this, s)}
      ${
        q
          ? this._question(q, this._step === qs.length - 1, s)
          : html`<p class="q" part="thanks" tabindex="-1" lang=${tl} dir=${td}>${thx || s.thanks}</p>`
      }
    </section>`;
  }

  private _question(q: Question, last: boolean, s: Strings): TemplateResult {
    const v = this._values[q.id];
    const describedBy = [q.help && 'h', this._error && 'e'].filter(Boolean).join(' ');
    const [text, tl, td] = this._txt(q.text);
    const [help, hl, hd] = this._txt(q.help);
    const invalid = this._error ? 'true' : nothing;
    return html`<form part="form" novalidate @submit=${this._next}>
      <p class="q" id="q" part="question" lang=${tl} dir=${td}>${text}</p>
      ${q.help ? html`<p class="help" id="h" part="help" lang=${hl} dir=${hd}>${help}</p>` : nothing}
      ${
        q.kind === 'text'
          ? html`<textarea
              part="textarea"
              aria-labelledby="q"
              aria-describedby=${describedBy || nothing}
              aria-invalid=${invalid}
              maxlength=${q.maxLength ?? 1000}
              placeholder=${this._txt(q.placeholder)[0] || s.placeholder}
              .value=${typeof v === 'string' ? v : ''}
              @input=${(e: Event) => this._set(q, (e.target as HTMLTextAreaElement).value || null)}
            ></textarea>`
          : (viewOf(q.kind)?.render(this, q, v, describedBy) ?? this._choices(q, v, s, describedBy))
      }
      ${this._error ? html`<p class="err" id="e" part="error">${this._error}</p>` : nothing}
      <div class="actions" part="actions">
        ${
          this._step
            ? html`<button class="back" part="button back" type="button" @click=${this._back}>
                ${s.back}
              </button>`
            : nothing
        }
        <button class="next" part="button next" type="submit">${last ? s.submit : s.next}</button>
      </div>
    </form>`;
  }

  private _choices(q: Question, v: Value | undefined, s: Strings, describedBy: string): TemplateResult {
    const { min, max } = scaleOf(q);
    const range = (face: (n: number) => Option) =>
      Array.from({ length: max - min + 1 }, (_, i) => face(min + i));
    let opts: Option[];
    let ends: [string, string] | undefined;
    let cls = 'scale';
    if (q.kind === 'single-choice') {
      opts = q.options.map((o) => {
        const [l, ll] = this._txt(o.label);
        return [o.id, l, undefined, ll === nothing ? undefined : ll];
      });
      cls += ' col';
    } else {
      // Stars, smileys and yes/no come from a chunk that only surveys showing them load.
      const f = q.kind === 'csat' && facesOf()?.(this, q, s, min, max);
      if (f) [opts, cls] = [f[0], cls + f[1]];
      else opts = range((n) => [n, String(n)]);
      const sq = q as Extract<Question, { kind: 'nps' | 'csat' | 'ces' | 'c2es' }>;
      if (!f || f[1] == ' stars')
        ends = sq.labels
          ? [this._txt(sq.labels.low)[0], this._txt(sq.labels.high)[0]]
          : [s[`${sq.kind}Low`], s[`${sq.kind}High`]];
    }
    const ids = [ends && 'l', describedBy].filter(Boolean).join(' ');
    const invalid = this._error ? 'true' : nothing;
    // The cannot-recommend choice is its own radio group: the scale reads "n of 11" and End,
    // Home and the arrows stay on the scale.
    const radio = (val: number | string, face: string, name?: string, extra = '', lang?: string) =>
      html`<label part="option${extra}${v === val ? ' selected' : ''}" class=${extra ? 'wide' : ''}
        ><input
          type="radio"
          name=${extra ? 'c' : 'v'}
          .value=${String(val)}
          .checked=${v === val}
          aria-label=${name ?? nothing}
          aria-invalid=${extra ? nothing : invalid}
          @change=${() => this._set(q, val)}
        /><span aria-hidden=${name ? 'true' : nothing} lang=${lang ?? nothing}>${face}</span></label
      >`;
    return html`<div
      role="radiogroup"
      class=${cls}
      part="scale"
      aria-labelledby="q"
      aria-describedby=${ids || nothing}
      aria-required=${q.required ? 'true' : nothing}
      aria-invalid=${invalid}
      @keydown=${this._key}
    >
      <div class="row">${opts.map(([val, face, name, lang]) => radio(val, face, name, '', lang))}</div>
      ${
        ends
          ? html`<div class="ends" id="l" part="labels">
              <span>${ends[0]}</span><span class="sr">, </span><span>${ends[1]}</span>
            </div>`
          : nothing
      }
      ${q.kind === 'nps' && q.allowCantRecommend !== false ? radio(CANT, s.cantRecommend, undefined, ' cant-recommend') : nothing}
    </div>`;
  }

  /**
   * Home/End jump to the ends of the scale. The arrow keys are the browser's own: they move, select,
   * wrap around and follow the writing direction within the radios of one name.
   */
  private _key = (e: KeyboardEvent): void => {
    const inputs = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLInputElement>('.row input')];
    const t = { Home: inputs[0], End: inputs[inputs.length - 1] }[e.key];
    if (!t || !inputs.includes(e.target as HTMLInputElement)) return;
    e.preventDefault();
    t.focus();
    t.click();
  };

  private _esc = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.mode === 'floating') this._dismiss('escape');
  };

  /** @internal Records the answer to `q` in progress and clears its error. */
  _set(q: Question, v: Value): void {
    this._values = { ...this._values, [q.id]: v };
    this._error = '';
  }

  private _next = (e: Event): void => {
    e.preventDefault();
    try {
      const d = this._def!;
      const q = this._vis()[this._step]!;
      const m = viewOf(q.kind)
        ? viewOf(q.kind)!.check(this, q, this._values[q.id] ?? null)
        : q.required && (this._values[q.id] ?? null) === null && this._strings().required;
      // A kind's check may settle the value (a required ranking left as shown is that order).
      const v = this._values[q.id] ?? null;
      if (m) {
        this._error = m;
        // A second press must change the live region too, or nothing is announced.
        this._live = this._live === m ? m + '\u00a0' : m;
        return;
      }
      this._values = { ...this._values, [q.id]: v };
      this._emit('cx-answer', { surveyId: d.id, responseId: this._rid, answer: toAnswer(q, v) });
      this._go(this._step + 1);
      if (this._step >= this._vis().length) this._finish(true);
    } catch (err) {
      report(this, err);
    }
  };

  private _back = (): void => this._go(this._step - 1);

  private _go(step: number): void {
    this._step = step;
    this._error = '';
    this._focus = true;
    this._announce();
  }

  private _announce(): void {
    const d = this._def!;
    const total = this._vis().length;
    this._live =
      this._step < total
        ? format(this._strings().step, { n: this._step + 1, total })
        : this._txt(d.thanks)[0] || this._strings().thanks;
  }

  /** Builds the response, queues it durably and starts the fatigue period. */
  private _finish(complete: boolean, hold = 0): void {
    const d = this._def!;
    const vals = this._values;
    const answers = this._vis()
      .filter((q) => q.id in vals)
      .map((q) => toAnswer(q, vals[q.id] ?? null));
    saveLog(recordFatigue(loadLog(this._allowed()), d.id, Date.now()), this._allowed());
    if (!complete && !answers.some((a) => a.value !== null)) return;
    channel()?.postMessage({ s: d.id, who: this._who() ?? '' });
    const response: Response = {
      id: this._rid,
      surveyId: d.id,
      surveyVersion: d.version ?? 1,
      accountId: this.account ?? '',
      channel: 'web',
      locale: this._loc(),
      answeredAt: new Date().toISOString(),
      answers,
    };
    if (this.respondent && !this._anon()) response.respondentId = this.respondent;
    if (this.respondentRole) response.role = this.respondentRole;
    response.attributes = this._fields();
    // The server clears the invitation once this respondent answers its survey.
    if (this._inv) response.attributes.invitation = this._inv.id;
    this._emit('cx-submit', { response, complete });
    if (!this.endpoint) return;
    owners.set(response.id, this);
    this._enqueue({
      id: response.id,
      response,
      url: `${this._base()}/v1/responses`,
      headers: collectorHeaders(this.siteKey),
      anonymous: this._anon(),
      tries: 0,
      due: hold && Date.now() + hold,
      hold: !!hold,
    });
  }

  private _enqueue(e: OutboxEntry): void {
    withQueue((q) => q.add(e, this._allowed())).catch((err: unknown) => {
      if (queue) report(this, new WidgetError('storage/unavailable', String(err)));
      // The outbox chunk did not load (offline): the answer waits in memory and tries again.
      else setTimeout(() => this._enqueue(e), 5000);
    });
  }

  private _focusin = (e: FocusEvent): void => {
    const r = e.relatedTarget;
    // Focus from inside the shadow root is retargeted to the host itself.
    if (!this._from && r instanceof HTMLElement && !this.contains(r)) this._from = r;
  };

  /** @internal Closes the survey unanswered when this person answered it elsewhere (another tab). */
  _answered(survey: string, who: string): void {
    const d = this._def;
    if (d?.id !== survey || (this._who() ?? '') !== who) return;
    saveLog(recordFatigue(loadLog(this._allowed()), d.id, Date.now()), this._allowed());
    this._close();
  }

  /** Closes without queueing anything (the answers in progress are not this person's to keep). */
  private _close(): void {
    const d = this._def;
    if (!this._open || !d || this._step >= this._vis().length) return;
    this._open = false;
    this._values = {};
    this._emit('cx-dismiss', { surveyId: d.id, reason: 'answered' });
  }

  /** True when an answer of this person to `d` waits in the outbox (and answered surveys stay hidden). */
  private _queued(d: SurveyDefinition): boolean {
    const who = this._who() ?? '';
    return (
      (this.fatigueDays ?? d.fatigueDays ?? 90) > 0 &&
      !!queue?.entries().some((e) => e.response.surveyId === d.id && whoIs(e) === who)
    );
  }

  /** @internal This widget's person (account and respondent), or null when anonymous. */
  _who(): string | null {
    return this._anon() ? null : `${this.account ?? ''}\n${this.respondent ?? ''}`;
  }

  private _dismiss(reason: 'button' | 'escape' | 'method'): void {
    try {
      const d = this._def;
      if (!this._open || !d) return;
      if (this._step < this._vis().length) this._finish(false);
      const focused = !!this.renderRoot.activeElement;
      this._open = false;
      // Focus goes back where it came from, not to <body>.
      if (focused) this._from?.focus();
      this._from = null;
      this._emit('cx-dismiss', { surveyId: d.id, reason });
    } catch (e) {
      report(this, e);
    }
  }

  /** The page is being hidden or closed: keep the answers given so far (the queue then sends with keepalive). */
  private _onHide = (): void => {
    const d = this._def;
    if (this._open && d && this._step < this._vis().length && Object.keys(this._values).length) {
      // With `resume`, the answers wait (held) for this person to come back and finish.
      this._finish(false, this._allowed() && this.resume ? this.resume * 60_000 : 0);
      this._step = this._vis().length;
    }
  };

  private async _load(): Promise<void> {
    this._def = undefined;
    this._open = false;
    // The language pack loads while the definition is fetched.
    const pack = loadPack(this._loc().split('-')[0]!);
    this._inv =
      this.invitations && !this.definition
        ? await import('./invitations.js')
            .then((m) => m.pendingInvitation(this, lib))
            // Without the list the widget falls back to its `survey`.
            .catch((e: unknown) => void report(this, e))
        : undefined;
    const id = this._inv?.surveyId ?? this.survey;
    let src: unknown = this.definition;
    this._elig = undefined;
    if (!src && this.endpoint && id) {
      if (!this._inv && this.account) {
        // One request for the first paint, definition and eligibility together. Everything is in
        // the URL, so a cross-origin collector is asked without a CORS preflight.
        const p = new URLSearchParams({ survey: id, account: this.account });
        if (this.siteKey) p.set('site', this.siteKey);
        if (this.respondent && !this._anon()) p.set('respondent', this.respondent);
        if (this._tok()) p.set('token', this._tok()!);
        const r = (await getJson(`${this._base()}/v1/first-paint?${p}`, {}, 'definition/fetch-failed')) as {
          survey: unknown;
          eligibility: { eligible: boolean } | null;
        };
        src = r.survey;
        this._elig = r.eligibility?.eligible !== false;
      }
      // An invitation's survey (or no account yet): the definition alone.
      src ??= await getJson(
        `${this._base()}/v1/surveys/${encodeURIComponent(id)}`,
        collectorHeaders(this.siteKey, this._tok()),
        'definition/fetch-failed',
      );
    }
    if (!src) return;
    const d = checkDefinition(src as SurveyDefinitionInput);
    // The chunks of the question kinds the survey uses load with the language pack (and floating mode's styles).
    await Promise.all([pack, loadKinds(d.questions), Promise.allSettled(this._wait)]);
    this._def = d;
    if (this.endpoint && !this.account)
      throw new WidgetError('config/missing-account', 'the account attribute is required to deliver answers');
    if (this._allowed()) this._enableStorage();
    const t = this.trigger;
    if (t === 'auto' || !t) await this._show();
    else if (t !== 'manual')
      this._disarm = (await import('./triggers.js')).arm(t, () => {
        if (this.isConnected) void this._show();
      });
  }

  /** The questions asked given the answers so far and the hidden fields. */
  private _vis(): Question[] {
    return visibleQuestions(this._def!, this._values, this._fields());
  }

  /** The answer's `attributes`: hidden fields, the page address and its UTM parameters. */
  private _fields(): Record<string, string> {
    // A malformed JSON attribute throws here, reported as cx-error by the caller.
    const h =
      typeof this.hiddenFields == 'string' ? (JSON.parse(this.hiddenFields) as object) : this.hiddenFields;
    const out: Record<string, string> = { page: location.origin + location.pathname };
    for (const [k, v] of new URLSearchParams(location.search)) if (k.startsWith('utm_')) out[k] = v;
    for (const [k, v] of Object.entries({ ...out, ...h }))
      if (/^[\w.-]{1,64}$/.test(k) && v != null) out[k] = String(v).slice(0, 256);
      else delete out[k];
    return out;
  }

  private async _eligible(d: SurveyDefinition): Promise<boolean> {
    // The first paint's answer is used once; a later show() (or an older collector) asks again.
    const e = this._elig;
    this._elig = undefined;
    return (
      e ??
      import('./eligibility.js').then(
        (m) => m.eligible(this, d, lib),
        // The server's veto is advisory: when it cannot be asked, local fatigue rules decide.
        () => true,
      )
    );
  }

  private _enableStorage(): void {
    withQueue(async (q) => {
      await q.enableStorage();
      {
        // Consent came after the survey was shown: what storage knows may say it was answered already.
        const d = this._def;
        if (d && !Object.keys(this._values).length && (this._queued(d) || this._fatigued(d, loadLog(true))))
          this._close();
        await q.persist([...owners].filter(([, w]) => w === this).map(([id]) => id));
      }
    }).catch((e: unknown) => report(this, new WidgetError('storage/unavailable', String(e))));
    saveLog(loadLog(true), true);
  }

  /** @internal True when no respondent id or token may be sent. */
  _anon(): boolean {
    return this.anonymous || !!this._def?.anonymous;
  }

  /** @internal The token to send: none when anonymous, so no request can name the respondent. */
  _tok(): string | undefined {
    return this._anon() ? undefined : this.token;
  }

  private _allowed(): boolean {
    return !this.requireConsent || this.consent;
  }

  /** @internal The collector's base URL without a trailing slash. */
  _base(): string {
    return (this.endpoint ?? '').replace(/\/+$/, '');
  }

  private _loc(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || 'en';
  }

  /** @internal The language of the built-in strings shown: the locale's when it has strings, else English. */
  _sl(): string {
    const loc = this._loc();
    const lang = loc.split('-')[0]!;
    const o = this._def?.strings;
    return packOf(lang) || o?.[lang] || o?.[loc] ? loc : 'en';
  }

  /** @internal The built-in strings in the language shown, under the survey's overrides. */
  _strings(): Strings {
    const sl = this._sl();
    const lang = sl.split('-')[0]!;
    const o = this._def?.strings;
    return { ...en, ...packOf(lang), ...o?.[lang], ...o?.[sl] };
  }

  /** @internal Localized text, with the `lang` and `dir` to tag it with when it is not in the region's language. */
  _txt(t: Record<string, string> | undefined): [string, string | typeof nothing, string | typeof nothing] {
    const [v, l] = pickL(t, this._loc());
    return l.split('-')[0] === this._sl().split('-')[0] ? [v, nothing, nothing] : [v, l, dirOf(l)];
  }
}

const toAnswer = (q: Question, value: Value): Answer => ({ kind: q.kind, questionId: q.id, value }) as Answer;

declare global {
  interface HTMLElementTagNameMap {
    'cx-survey': CxSurvey;
  }
}
