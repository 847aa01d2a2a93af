import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeVerbatim,
  analyzeVerbatimWith,
  httpSentimentProvider,
  isCxError,
  lexiconSentimentProvider,
  modelSentimentProvider,
  type SentimentProvider,
} from '@cxkit/core';

// A real HTTP service on a local port standing in for a hosted model: it answers what each test asks for.
let server: Server;
let url = '';
let reply: { status: number; body: unknown } = { status: 200, body: {} };
const received: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({ body: JSON.parse(data) as unknown, key: req.headers['x-api-key'] });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sentiment`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('analyzeVerbatimWith', () => {
  it('gives the same analysis as analyzeVerbatim with the default model provider', async () => {
    const text = 'Livraison en retard, SAV injoignable';
    expect(await analyzeVerbatimWith(modelSentimentProvider(), text)).toEqual(analyzeVerbatim(text));
  });

  it('uses the lexicon rules with the lexicon provider', async () => {
    const a = await analyzeVerbatimWith(lexiconSentimentProvider(), 'Great support');
    expect(a.sentiment.analyzer).toBe('cxkit-lexicon');
    expect(a.sentiment).toMatchObject(analyzeVerbatim('Great support', { model: null }).sentiment);
  });

  it('rejects a provider result whose label disagrees with its score', async () => {
    const liar: SentimentProvider = {
      id: 'liar',
      analyze: () => ({ score: 0.9, label: 'negative', evidence: [] }),
    };
    await expect(analyzeVerbatimWith(liar, 'ok')).rejects.toSatisfy(
      (e: unknown) =>
        isCxError(e, 'sentimentProvider/invalid-reply') && /liar: sentiment\.label/.test(String(e)),
    );
  });
});

describe('httpSentimentProvider', () => {
  it('posts the text and language, and returns the service label with cxkit evidence and themes', async () => {
    reply = {
      status: 200,
      body: { label: 'negative', probabilities: { negative: 0.8, neutral: 0.15, positive: 0.05 } },
    };
    const provider = httpSentimentProvider({ url, headers: { 'x-api-key': 'k1' }, id: 'llm-test' });
    const a = await analyzeVerbatimWith(provider, 'Great, another late delivery.', { language: 'en' });
    expect(received.at(-1)).toEqual({
      body: { text: 'Great, another late delivery.', language: 'en' },
      key: 'k1',
    });
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.score).toBeLessThan(-0.05);
    expect(a.sentiment.analyzer).toBe('llm-test');
    expect(a.sentiment.evidence.map((e) => e.text)).toContain('late');
    expect(a.themes.map((t) => t.theme)).toContain('lead-time');
  });

  it('names the field of a malformed reply, and fails clearly on an error status', async () => {
    const provider = httpSentimentProvider({ url });
    reply = { status: 200, body: { label: 'angry' } };
    await expect(analyzeVerbatimWith(provider, 'x')).rejects.toSatisfy(
      (e: unknown) => isCxError(e, 'sentimentProvider/invalid-reply') && /label/.test(String(e)),
    );
    reply = { status: 503, body: {} };
    await expect(analyzeVerbatimWith(provider, 'x')).rejects.toSatisfy(
      (e: unknown) => isCxError(e, 'sentimentProvider/failed') && /status 503/.test(String(e)),
    );
  });
});
