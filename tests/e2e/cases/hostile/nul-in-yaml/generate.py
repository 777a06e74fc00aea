# A NUL byte inside a line of YAML: YAML does not allow it, and yaml-cpp
# would garble it, so it is refused where it is, and the quoted line shows
# it as \x00 (not cutting the message or the line).
with open("segments/vip.yaml", "wb") as handle:
    handle.write(b'segment: vip\nwhere: profile.tier == "gold"\ncolour\x00ed: blue\n')
