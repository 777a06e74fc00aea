# 5,000 segments, each one the next through inSegment: evaluating the
# first would nest 5,000 evaluations on the stack. Past the limit the
# chain is an error of the segment that reaches too deep.
import os

n = 5000
os.makedirs("segments", exist_ok=True)
for i in range(n):
    where = 'inSegment("s%d")' % (i + 1) if i + 1 < n else "true"
    with open("segments/s%d.yaml" % i, "w") as out:
        out.write("segment: s%d\nwhere: '%s'\n" % (i, where))
