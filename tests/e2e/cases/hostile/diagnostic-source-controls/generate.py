"""Writes a segment whose `where` holds raw ESC and BEL bytes (kept out of
the committed files): validate quotes that source line under its
diagnostic, and must show the bytes escaped, the caret under the first."""
with open("segments/bad.yaml", "w", encoding="utf-8") as handle:
    handle.write('segment: bad\nwhere: "\x1b[2J\x07 == profile.first_name"\n')
with open("data/profiles.csv", "w", encoding="utf-8") as handle:
    handle.write("customer_id,email,phone,first_name\nc1,a@example.com,+331,Ann\n")
