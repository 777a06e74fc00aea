# Events with properties nested 40,000 deep (an 80 KB line) between two
# good events: generated, never committed.
import json

good = [
    {"customer_id": "c1", "event": "purchase", "ts": "2026-10-01T10:00:00Z", "properties": {"amount": 20}},
    {"customer_id": "c2", "event": "purchase", "ts": "2026-10-02T10:00:00Z", "properties": {"amount": 50}},
]
deep = ('{"customer_id":"c1","event":"purchase","ts":"2026-10-01T11:00:00Z","properties":{"amount":'
        + "[" * 40000 + "]" * 40000 + "}}")
with open("data/events.jsonl", "w") as f:
    f.write(json.dumps(good[0]) + "\n" + deep + "\n" + json.dumps(good[1]) + "\n")
