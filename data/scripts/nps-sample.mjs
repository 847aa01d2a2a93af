// Writes data/nps-sample.csv: 1,000 synthetic NPS answers from 2012, seeded so the file is reproducible.
// It stands in for the R `NPS` package's `testdata` (GPL >= 2, so not redistributable under MIT):
// same column layout and kinds of values, none of its rows. Plain Node, no cxkit code.
// Run: node data/scripts/nps-sample.mjs > data/nps-sample.csv
let seed = 20120101;
/** mulberry32: a small, well-known seeded PRNG (deterministic across Node versions). */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const weighted = (pairs) => {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs.at(-1)[0];
};
const pick = (list) => list[Math.floor(random() * list.length)];

const REGIONS = [
  ['NAM', 50],
  ['EMEA', 26],
  ['APAC', 14],
  ['LATAM', 10],
];
const UNITS = {
  Platform: ['Core', 'Workflows', 'API'],
  Analytics: ['Dashboards', 'Forecasts'],
  Services: ['Onboarding', 'Training', 'Consulting'],
  Support: ['Standard', 'Premium'],
};
// Likelihood to recommend: skewed to the top, with a fat detractor tail (as B2B NPS data usually is).
const REC = [
  [0, 7],
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 14],
  [6, 4],
  [7, 6],
  [8, 12],
  [9, 23],
  [10, 24],
];
const accounts = Array.from({ length: 26 }, (_, i) => ({
  name: `Account ${String.fromCharCode(65 + i)}`,
  region: weighted(REGIONS),
  lift: random() * 2 - 1, // some accounts are happier than others
}));

const lines = ['"REC","Onboarding","Support","Reliability","Value","BU","PRODUCT","date","Account","Region"'];
for (let i = 0; i < 1000; i += 1) {
  const account = pick(accounts);
  const rec = Math.max(0, Math.min(10, weighted(REC) + Math.round(account.lift * random() * 2)));
  const rating = () => Math.max(1, Math.min(9, Math.round(1 + (rec / 10) * 8 + (random() - 0.5) * 3)));
  const bu = pick(Object.keys(UNITS));
  const day = new Date(Date.UTC(2012, 0, 1) + Math.floor(random() * 366) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  lines.push(
    [
      rec,
      rating(),
      rating(),
      rating(),
      rating(),
      `"${bu}"`,
      `"${pick(UNITS[bu])}"`,
      day,
      `"${account.name}"`,
      `"${account.region}"`,
    ].join(','),
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
