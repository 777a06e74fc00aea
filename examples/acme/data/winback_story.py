#!/usr/bin/env python3
"""Gives the acme example's win-back journey a story to dry-run.

profiles.csv and events.jsonl come from shared/bench/gen_data.py
(`gen_data.py DIR --profiles 200 --events-per-profile 10`, seed 7), whose
random profiles never fall in lapsed_vip, so `dry-run winback` had nobody
to show. This script edits four profiles' fields and adds a few events so
that seven profiles enter over November 2026 (the month after the data's
"now", 2026-11-01T00:00:00Z) and between them take every path of the
journey; the events dated after 2026-11-01 are what the dry-run replays.

    python3 winback_story.py [DIR]     (default: this script's folder)

It is idempotent: fields are set, not changed relative to what they were,
and story events already in the file are not added twice. The story, one
profile a line (entries on Mondays 09:00 Europe/Paris = 08:00Z):

  c00000125 Yuki  enters Nov 2, opens the mail, gets offer_b, buys Nov 8:
                  wait_for's event, goal, thanks, notify_crm
  c00000049 Ben   enters Nov 2, no open: the SMS reminder is held by
                  consent (sms_opt_in false), offer_b, no purchase: last_call;
                  still lapsed on Nov 16: refused by reentry: never
  c00000153 Ana   lives in Martinique: the first mail (04:00 there) waits
                  for the end of quiet hours; opens, offer_b, last_call
  c00000135 Sofía has no timezone (quiet hours judged in Europe/Paris and
                  counted); enters Nov 9, opens, offer_a, buys Nov 15
  c00000104 Hiro  enters Nov 9, no open: SMS sent, offer_b, unsubscribes
                  on Nov 14 (exit_on)
  c00000033 Zoé   made gold; enters Nov 16, opens, split to the holdout,
                  and buys on Nov 27 anyway: a conversion after leaving
  c00000130 Emma  has no phone: the SMS has no address; enters Nov 23 after
                  a purchase on Nov 7, still awaiting a purchase on Dec 1

Two carts give cart_abandonment something to do in November too: Yuki's
purchase on Nov 8 follows an add_to_cart within its 2h grace (bought), and
Hiro's late-night cart on Nov 13 gets a reminder held until morning, then
the SMS nudge.
"""
import csv
import io
import json
import os
import sys

# customer_id -> the fields this story sets.
PROFILES = {
    "c00000153": {"age": "47", "city": "Fort-de-France", "timezone": "America/Martinique"},
    "c00000135": {"timezone": ""},
    "c00000033": {"tier": "gold"},
    "c00000130": {"age": "52"},
}


def purchase(cid, ts, amount, sku):
    return {"customer_id": cid, "event": "purchase", "ts": ts, "properties": {"amount": amount, "sku": sku}}


def cart(cid, ts, url):
    return {"customer_id": cid, "event": "add_to_cart", "ts": ts, "properties": {"url": url}}


def plain(cid, event, ts):
    return {"customer_id": cid, "event": event, "ts": ts, "properties": {}}


# Two purchases in the 90 days before the Monday a profile should enter,
# none in the 14 days before it (lapsed_vip), then what happens in November.
EVENTS = [
    purchase("c00000125", "2026-08-21T17:42:10Z", 84.5, "sku-212"),
    purchase("c00000125", "2026-09-28T12:05:33Z", 139.0, "sku-48"),
    plain("c00000125", "email_open", "2026-11-03T19:12:44Z"),
    cart("c00000125", "2026-11-08T13:50:26Z", "/p/311"),
    purchase("c00000125", "2026-11-08T14:31:02Z", 96.4, "sku-311"),

    purchase("c00000049", "2026-08-24T09:15:00Z", 212.3, "sku-77"),
    purchase("c00000049", "2026-10-05T18:40:21Z", 58.9, "sku-402"),

    purchase("c00000153", "2026-09-03T22:10:05Z", 71.25, "sku-150"),
    purchase("c00000153", "2026-10-12T23:54:40Z", 45.0, "sku-9"),
    plain("c00000153", "email_open", "2026-11-04T01:20:18Z"),

    purchase("c00000135", "2026-08-30T10:02:47Z", 310.0, "sku-488"),
    purchase("c00000135", "2026-10-22T16:25:09Z", 64.8, "sku-23"),
    plain("c00000135", "email_open", "2026-11-10T07:48:51Z"),
    purchase("c00000135", "2026-11-15T11:03:27Z", 129.99, "sku-266"),

    purchase("c00000104", "2026-09-10T13:30:00Z", 99.0, "sku-341"),
    purchase("c00000104", "2026-10-24T08:12:36Z", 47.6, "sku-120"),
    cart("c00000104", "2026-11-13T22:41:09Z", "/p/1420"),
    plain("c00000104", "unsubscribe", "2026-11-14T20:05:12Z"),

    purchase("c00000033", "2026-09-15T19:22:08Z", 88.0, "sku-64"),
    purchase("c00000033", "2026-10-30T12:47:55Z", 35.5, "sku-197"),
    plain("c00000033", "email_open", "2026-11-17T12:30:00Z"),
    purchase("c00000033", "2026-11-27T18:09:41Z", 74.2, "sku-433"),

    purchase("c00000130", "2026-09-01T10:00:00Z", 152.0, "sku-5"),
    purchase("c00000130", "2026-11-07T15:16:17Z", 61.3, "sku-380"),
]


def csv_row(row):
    """A profile row as gen_data.py writes it: last_name always quoted,
    a city with a space quoted, nothing else."""
    out = []
    for name, value in row.items():
        if name == "last_name" or (name == "city" and " " in value):
            value = '"' + value.replace('"', '""') + '"'
        out.append(value)
    return ",".join(out) + "\n"


def edit_profiles(path):
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    reader = csv.DictReader(io.StringIO(text))
    lines = [text.splitlines(keepends=True)[0]]
    for row in reader:
        if row["customer_id"] in PROFILES:
            row.update(PROFILES[row["customer_id"]])
        lines.append(csv_row(row))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("".join(lines))


def event_line(event):
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n"


def add_events(path):
    story = [event_line(e) for e in EVENTS]
    with open(path, encoding="utf-8") as handle:
        kept = [line for line in handle if line not in story]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("".join(kept + story))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    edit_profiles(os.path.join(folder, "profiles.csv"))
    add_events(os.path.join(folder, "events.jsonl"))


if __name__ == "__main__":
    main()
