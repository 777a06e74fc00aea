PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE profiles (
  "customer_id" TEXT PRIMARY KEY,
  "first_name" TEXT,
  "age" INTEGER,
  "tier" TEXT,
  "email_opt_in" INTEGER,
  "signup_at" TEXT
);
INSERT INTO profiles VALUES('c1','Ana',31,'gold',1,'2025-01-02T03:04:05.000000000Z');
INSERT INTO profiles VALUES('c2','O''Neil, "Jr"',NULL,'silver',0,'2025-03-01T09:00:00.000000000Z');
INSERT INTO profiles VALUES('c3',replace('Zoé\nSecond line','\n',char(10)),45,'gold',1,'2024-12-31T23:59:59.000000000Z');
CREATE TABLE events (
  "customer_id" TEXT NOT NULL,
  "event" TEXT NOT NULL,
  "ts" TEXT NOT NULL,
  "properties" TEXT
);
INSERT INTO events VALUES('c1','purchase','2026-10-01T10:00:00.000000000Z','{"amount":12.5}');
INSERT INTO events VALUES('c1','email_open','2026-10-02T08:00:00.000000000Z',NULL);
INSERT INTO events VALUES('c2','page_view','2026-09-21T14:13:20.000000000Z','{"url":"/p/1"}');
CREATE INDEX events_by_key ON events ("customer_id", "ts");
COMMIT;
