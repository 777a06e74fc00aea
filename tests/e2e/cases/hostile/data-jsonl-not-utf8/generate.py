# An event whose property is not UTF-8 (a lone continuation byte and a
# truncated sequence), written here since a committed file must stay text.
with open("data/events.jsonl", "wb") as f:
    f.write(b'{"customer_id":"c1","event":"purchase","ts":"2026-10-01T10:00:00Z","properties":{"amount":20}}\n')
    f.write(b'{"customer_id":"c2","event":"purchase","ts":"2026-10-02T10:00:00Z","properties":{"note":"\x80"}}\n')
    f.write(b'{"customer_id":"c3","event":"purchase","ts":"2026-10-03T10:00:00Z","properties":{"note":"caf\xc3"}}\n')
