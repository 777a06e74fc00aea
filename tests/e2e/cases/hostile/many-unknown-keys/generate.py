# 20,000 unknown keys in one segment: validate stays linear and prints the
# first 100 diagnostics of the file, then how many more there are.
lines = ["segment: vip", 'where: profile.tier == "gold"']
lines += [f"unknown_{i}: {i}" for i in range(20000)]
with open("segments/vip.yaml", "w", encoding="utf-8") as handle:
    handle.write("\n".join(lines) + "\n")
