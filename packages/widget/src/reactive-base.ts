import { render, type TemplateResult } from 'lit/html.js';

/**
 * One reactive property, declared in `static properties` with the same shape as Lit's
 * (so `cem analyze --litelement` documents it).
 */
export interface PropertyDeclaration {
  /** Attribute name; default the property name in lower case; `false` for none. */
  attribute?: string | false;
  /** How the attribute converts: `Number`, `Boolean` (present = true), else a string. */
  type?: NumberConstructor | BooleanConstructor;
  /** Mirror the property to the attribute (so `:host([x])` styles follow). */
  reflect?: boolean;
  /** Internal state: re-renders, has no attribute. */
  state?: boolean;
}

/** The properties that changed since the last render, with their previous values. */
export type ChangedProperties = Map<string, unknown>;

/** Tags a CSS template so the size build can minify it; returns the text. */
export const css = (s: TemplateStringsArray): string => s[0]!;

const sheets = new WeakMap<object, CSSStyleSheet>();

/**
 * A minimal reactive custom element over lit-html: declared properties with attribute
 * conversion and reflection, batched asynchronous rendering into an open shadow root with a
 * constructable stylesheet (allowed by a strict CSP), `updated()` and `updateComplete`.
 * It replaces LitElement because ReactiveElement alone costs 2.7 KB gzip of the widget's
 * 12 KB budget, and one element needs only this much of it.
 */
export class ReactiveBase extends HTMLElement {
  /** Declared reactive properties. */
  static properties: Record<string, PropertyDeclaration> = {};
  /** Shadow styles, adopted once per class. */
  static styles = '';
  private static _attrs: Map<string, string>;

  /** Installs the accessors; the platform reads it once, when the tag is defined. */
  static get observedAttributes(): string[] {
    const attrs = (this._attrs = new Map());
    for (const [name, o] of Object.entries(this.properties)) {
      const attr = !o.state && o.attribute !== false && (o.attribute || name.toLowerCase());
      if (attr) attrs.set(attr, name);
      Object.defineProperty(this.prototype, name, {
        get(this: ReactiveBase) {
          return this._props.get(name);
        },
        set(this: ReactiveBase, v: unknown) {
          const old = this._props.get(name);
          if (old === v) return;
          this._props.set(name, v);
          if (o.reflect && attr) this._reflect.set(attr, v);
          this.requestUpdate(name, old);
        },
      });
    }
    return [...attrs.keys()];
  }

  /** The shadow root the template renders into. */
  readonly renderRoot: ShadowRoot;
  private _props = new Map<string, unknown>();
  private _changed: ChangedProperties = new Map();
  private _pending: Promise<unknown> | undefined;
  private _done: Promise<unknown> = Promise.resolve();
  private _reflecting = false;
  /** Attributes to mirror at the next render (a constructor may not set attributes). */
  private _reflect = new Map<string, unknown>();

  constructor() {
    super();
    const ctor = this.constructor as typeof ReactiveBase;
    this.renderRoot = this.attachShadow({ mode: 'open' });
    let sheet = sheets.get(ctor);
    if (!sheet) {
      sheets.set(ctor, (sheet = new CSSStyleSheet()));
      sheet.replaceSync(ctor.styles);
    }
    this.renderRoot.adoptedStyleSheets = [sheet];
    // Values set on the element before its tag was defined shadow the accessors: re-apply them.
    for (const name of Object.keys(ctor.properties))
      if (Object.hasOwn(this, name)) {
        const v = (this as Record<string, unknown>)[name];
        delete (this as Record<string, unknown>)[name];
        (this as Record<string, unknown>)[name] = v;
      }
  }

  connectedCallback(): void {
    this.requestUpdate();
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(attr: string, _old: string | null, v: string | null): void {
    if (this._reflecting) return;
    const name = (this.constructor as typeof ReactiveBase)._attrs.get(attr)!;
    const type = (this.constructor as typeof ReactiveBase).properties[name]!.type;
    (this as Record<string, unknown>)[name] =
      type === Boolean ? v !== null : v === null ? undefined : type === Number ? Number(v) : v;
  }

  /** Schedules one render for every change made in the same task. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name && !this._changed.has(name)) this._changed.set(name, old);
    this._pending ??= this._done = Promise.resolve().then(() => this._update());
  }

  /** Resolves once every requested render has run. */
  get updateComplete(): Promise<boolean> {
    return this._done.then(() => (this._pending ? this.updateComplete : true));
  }

  private _update(): void {
    this._pending = undefined;
    // Lit semantics: nothing renders before the element is in a document.
    if (!this.isConnected) return;
    const changed = this._changed;
    this._changed = new Map();
    this._reflecting = true;
    for (const [attr, v] of this._reflect)
      if (v == null) this.removeAttribute(attr);
      else this.setAttribute(attr, String(v));
    this._reflecting = false;
    this._reflect.clear();
    this.update(changed);
    this.updated(changed);
  }

  /** Renders the template; override to guard it. */
  protected update(_changed: ChangedProperties): void {
    render(this.render(), this.renderRoot, { host: this });
  }

  /** The template of the current state. */
  protected render(): TemplateResult | symbol {
    return '' as unknown as symbol;
  }

  /** Runs after each render with the properties that changed. */
  protected updated(_changed: ChangedProperties): void {}
}
