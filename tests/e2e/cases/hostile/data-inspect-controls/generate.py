"""Writes profiles whose header names a field with ESC in it and whose row
holds ESC in a value rejected as a bad int: data inspect lists both, and
must show them escaped (kept out of the committed files)."""
with open("data/profiles.csv", "w", encoding="utf-8") as handle:
    handle.write("customer_id,email,phone,first_name,age,n\x1bote\n"
                 "c1,a@example.com,+331,Ann,3\x1b[2J,x\n"
                 "c4,b@example.com,+332,Bob,4,y\n")
