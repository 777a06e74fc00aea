# p1 has 150 events: the triple comprehension of segments/triples.yaml
# would run 150^3 = 3,375,000 iterations, over the cost limit of 1,000,000;
# p2 has 3 events and is cheap. Generated to keep the case small.
import os

os.makedirs("data", exist_ok=True)
with open("data/profiles.csv", "w") as out:
    out.write("id,name\np1,Ann\np2,Bob\n")
with open("data/events.jsonl", "w") as out:
    for i in range(150):
        out.write('{"id":"p1","event":"purchase","ts":"2026-10-01T%02d:%02d:00Z"}\n' % (i // 60, i % 60))
    for i in range(3):
        out.write('{"id":"p2","event":"visit","ts":"2026-10-02T00:0%d:00Z"}\n' % i)
