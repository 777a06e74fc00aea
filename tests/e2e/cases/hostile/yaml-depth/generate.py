# A journey whose steps nest 25,000 flow lists deep, one bracket a line:
# past yaml-cpp's own depth limit, which must be reported as such.
import os

os.makedirs("journeys", exist_ok=True)
with open("journeys/deep.yaml", "w") as out:
    out.write("journey: deep\nentry:\n  segment: everyone\nsteps:\n")
    out.write("  [\n" * 25000)
    out.write("  ]\n" * 25000)
