// Triggers beyond `auto` and `manual`, and URL targeting: a chunk of its own, which pages that use
// neither never load.

/** True when the page's address matches one of the space-separated patterns (`*` matches anything). */
export const urlMatches = (patterns: string, href = location.href): boolean =>
  patterns
    .trim()
    .split(/\s+/)
    .some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(href));

/**
 * Arms the trigger `spec` (`delay:<s>`, `scroll:<percent>`, `exit`, `route`, `event:<name>`): calls
 * `fire` once when it happens; returns a function that removes every listener.
 */
export function arm(spec: string, fire: () => void): () => void {
  const [kind, arg = ''] = spec.split(':');
  const offs: (() => void)[] = [];
  const off = () => offs.forEach((f) => f());
  const once = () => {
    off();
    fire();
  };
  const on = <K extends keyof WindowEventMap>(
    t: K | string,
    f: (e: Event) => void,
    target: EventTarget = window,
  ) => {
    target.addEventListener(t, f, { passive: true });
    offs.push(() => target.removeEventListener(t, f));
  };
  if (kind === 'delay') {
    const t = setTimeout(once, (Number(arg) || 0) * 1000);
    offs.push(() => clearTimeout(t));
  } else if (kind === 'scroll') {
    const check = () => {
      const d = document.documentElement;
      const max = d.scrollHeight - innerHeight;
      if (max <= 0 || (scrollY / max) * 100 >= (Number(arg) || 50)) once();
    };
    on('scroll', check);
  } else if (kind === 'exit') {
    // The pointer leaves the page through its top edge (towards the tabs or the address bar).
    on(
      'mouseout',
      (e) => !(e as MouseEvent).relatedTarget && (e as MouseEvent).clientY <= 0 && once(),
      document,
    );
  } else if (kind === 'route') {
    // Single-page apps change the URL with the History API, which fires no event of its own.
    const at = location.href;
    const check = () => location.href !== at && once();
    for (const m of ['pushState', 'replaceState'] as const) {
      const orig = history[m];
      history[m] = function (this: History, ...a: Parameters<History['pushState']>) {
        orig.apply(this, a);
        check();
      };
      offs.push(() => (history[m] = orig));
    }
    on('popstate', check);
    on('hashchange', check);
  } else if (kind === 'event' && arg) on(arg, once);
  return off;
}
