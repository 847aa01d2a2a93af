import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountSummaryViewSchema } from '@cxkit/core';
import type { CreatedTenant } from '@cxkit/server';
import { HOOK_TIMEOUT, STORAGE_TARGETS } from './test-support/storage.js';
import { adminHeaders, npsResponse, widgetHeaders, json } from './test-support/fixtures.js';

const CHILD = fileURLToPath(new URL('./test-support/child-server.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  port: number;
  tenant: CreatedTenant | null;
}

function startChild(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) =>
      resolve({ child, ...(JSON.parse(line) as { port: number; tenant: CreatedTenant | null }) }),
    );
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before listening`)));
  });
}

const ACCOUNTS = 20;

describe.each(STORAGE_TARGETS)('crash safety on $name', (target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  }, HOOK_TIMEOUT);

  it('keeps every acknowledged answer through SIGKILL, and re-sending creates no duplicates', async () => {
    const storage = await target.childEnv();
    cleanups.push(storage.cleanup);
    const first = await startChild(storage.env);
    cleanups.push(async () => void first.child.kill('SIGKILL'));
    const tenant = first.tenant!;
    const base = `http://127.0.0.1:${first.port}`;

    // Each worker plays one person of one account, sending single answers and batches of 10.
    const sent = new Map<string, { account: string; body: unknown; person: string }>();
    const acked = new Set<string>();
    let killed = false;
    const worker = async (w: number) => {
      const account = `acct-${w % ACCOUNTS}`;
      const person = `p-${w}`;
      for (let i = 0; !killed; i++) {
        const responses = Array.from({ length: i % 2 === 0 ? 1 : 10 }, () =>
          npsResponse(account, person, (i * 7 + w) % 11),
        );
        const body = responses.length === 1 ? responses[0] : { responses };
        for (const r of responses) sent.set(r.id, { account, body: r, person });
        try {
          const res = await fetch(`${base}/v1/responses`, {
            method: 'POST',
            headers: widgetHeaders(tenant, { account, respondent: person }),
            body: JSON.stringify(body),
          });
          if (res.status !== 200) throw new Error(`status ${res.status}`);
          const reply = (await json(res)) as { accepted: { id: string }[] };
          for (const a of reply.accepted) acked.add(a.id);
        } catch {
          return; // the server died mid-request: this batch is unacknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    while (acked.size < 400) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await load;
    await new Promise((r) =>
      first.child.exitCode !== null || first.child.signalCode !== null
        ? r(null)
        : first.child.once('exit', r),
    );

    const second = await startChild(storage.env);
    cleanups.push(async () => {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    });
    const base2 = `http://127.0.0.1:${second.port}`;
    const unacked = [...sent.keys()].filter((id) => !acked.has(id));
    expect(acked.size).toBeGreaterThanOrEqual(400);

    // Re-send everything, in batches per person. An acknowledged answer that had been lost
    // would come back "created"; every one must be a duplicate.
    const statuses = new Map<string, string>();
    const byPerson = new Map<string, { account: string; bodies: unknown[] }>();
    for (const s of sent.values()) {
      const g = byPerson.get(s.person) ?? { account: s.account, bodies: [] };
      g.bodies.push(s.body);
      byPerson.set(s.person, g);
    }
    for (const [person, g] of byPerson) {
      for (let i = 0; i < g.bodies.length; i += 100) {
        const res = await fetch(`${base2}/v1/responses`, {
          method: 'POST',
          headers: widgetHeaders(tenant, { account: g.account, respondent: person }),
          body: JSON.stringify({ responses: g.bodies.slice(i, i + 100) }),
        });
        expect(res.status).toBe(200);
        for (const a of (await json(res)).accepted as { id: string; status: string }[])
          statuses.set(a.id, a.status);
      }
    }
    for (const id of acked) expect(statuses.get(id), `acknowledged ${id}`).toBe('duplicate');
    expect(unacked.every((id) => statuses.has(id))).toBe(true);

    // Exactly one stored copy of each sent answer, and aggregates that agree with it.
    let total = 0;
    let scored = 0;
    for (let a = 0; a < ACCOUNTS; a++) {
      const res = await fetch(`${base2}/v1/accounts/acct-${a}/summary?mode=pooled`, {
        headers: adminHeaders(tenant),
      });
      const s = AccountSummaryViewSchema.parse(await json(res));
      total += s.responses.total;
      scored += s.nps.n;
    }
    expect(total).toBe(sent.size);
    expect(scored).toBe(sent.size);
    // A fresh id after the restart is still created, once.
    const fresh = npsResponse('acct-0', 'p-0', 9, { id: randomUUID() });
    const again = await fetch(`${base2}/v1/responses`, {
      method: 'POST',
      headers: widgetHeaders(tenant, { account: 'acct-0', respondent: 'p-0' }),
      body: JSON.stringify(fresh),
    });
    expect(((await json(again)) as { accepted: { status: string }[] }).accepted[0]!.status).toBe('created');
  }, 120_000);
});
