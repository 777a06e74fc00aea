"""Writes the profiles with hostile values (line breaks in addresses and
names, ESC and BEL) that the case reads: kept out of the committed files so
that no raw control byte sits in the repository."""
import csv

rows = [
    ["customer_id", "email", "phone", "first_name"],
    ["c1", "b@example.com\nBcc: victim@example.com", "+33612345678", "Ann"],
    ["c2", "zoe@example.com", "+3361\r\n2345", "Zoé\r\nBcc: victim@example.com"],
    ["c3", "esc@example.com", "+33700000003", "\x1b[31mRed\x07 Bob\x1b]0;pwned\x07"],
    ["c4", "dan@example.com", "+33700000004", "Dan"],
]
with open("data/profiles.csv", "w", newline="", encoding="utf-8") as handle:
    csv.writer(handle, lineterminator="\n").writerows(rows)
