# A NUL byte inside a line of YAML that a diagnostic quotes: it must show
# as ^@, not cut the message or the quoted line.
with open("segments/vip.yaml", "wb") as handle:
    handle.write(b'segment: vip\nwhere: profile.tier == "gold"\ncolour\x00ed: blue\n')
