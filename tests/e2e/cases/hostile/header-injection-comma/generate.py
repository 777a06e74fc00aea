"""Writes the profiles with hostile values that the case reads: c5's email
holds a second recipient after a comma, which the To header would carry to
both; the message is refused as invalid_address, no eml written."""
import csv

rows = [
    ["customer_id", "email", "phone", "first_name"],
    ["c1", "b@example.com\nBcc: victim@example.com", "+33612345678", "Ann"],
    ["c2", "zoe@example.com", "+3361\r\n2345", "Zoé\r\nBcc: victim@example.com"],
    ["c3", "esc@example.com", "+33700000003", "\x1b[31mRed\x07 Bob\x1b]0;pwned\x07"],
    ["c4", "dan@example.com", "+33700000004", "Dan"],
    ["c5", "ann@example.com, victim@example.com", "+33700000005", "Ann"],
]
with open("data/profiles.csv", "w", newline="", encoding="utf-8") as handle:
    csv.writer(handle, lineterminator="\n").writerows(rows)
