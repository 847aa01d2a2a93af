"""Independent figures for data/nps-sample.csv (Python standard library only, no cxkit code).

The hard-coded counts in packages/core/src/segmentation.test.ts come from this script.
Run: python3 data/scripts/nps-sample-check.py
"""
import csv
import collections
import pathlib

rows = list(csv.DictReader(open(pathlib.Path(__file__).parent.parent / "nps-sample.csv", newline="")))
print("rows", len(rows))
regions = collections.Counter(r["Region"] for r in rows)
print("answers by region", sorted(regions.items()))
months = collections.Counter(r["date"][:7] for r in rows)
print("months", len(months), "answers in 2012-01", months["2012-01"])
nam_quarters = collections.Counter(
    f'{r["date"][:4]}-Q{(int(r["date"][5:7]) + 2) // 3}' for r in rows if r["Region"] == "NAM"
)
print("NAM by quarter", sorted(nam_quarters.items()))
for region in sorted(regions):
    scores = [int(r["REC"]) for r in rows if r["Region"] == region]
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    print("NPS", region, round(100 * (promoters - detractors) / len(scores), 6))
