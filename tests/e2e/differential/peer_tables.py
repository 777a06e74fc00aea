"""The `profiles` and `events` tables for PostgreSQL or DuckDB, as
journeyctl-segment-sql(1) documents them: the rows of the SQLite database
that `data export` wrote, with each column typed from `data inspect` (int
BIGINT, double DOUBLE, bool BOOLEAN, timestamp TIMESTAMPTZ, dyn JSONB or
JSON, string TEXT or VARCHAR). Timestamps keep microseconds, as those
engines do.
"""
import json
import sqlite3

COLUMN_TYPES = {
    "postgres": {"int": "BIGINT", "double": "DOUBLE PRECISION", "bool": "BOOLEAN", "string": "TEXT",
                 "timestamp": "TIMESTAMPTZ", "dyn": "JSONB"},
    "duckdb": {"int": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN", "string": "VARCHAR",
               "timestamp": "TIMESTAMPTZ", "dyn": "JSON"},
}


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


def string_literal(text):
    return "'" + text.replace("'", "''") + "'"


def value_literal(value, field_type, dialect):
    if value is None:
        return "NULL"
    if field_type == "int":
        return str(int(value))
    if field_type == "double":
        return f"CAST({string_literal(repr(float(value)))} AS {COLUMN_TYPES[dialect]['double']})"
    if field_type == "bool":
        return "TRUE" if value else "FALSE"
    if field_type == "timestamp":
        # "2026-11-01T00:00:00.123456789Z": the engines keep microseconds.
        return f"TIMESTAMPTZ {string_literal(value[:26] + '+00:00')}"
    if field_type == "string":
        return string_literal(str(value))
    return f"CAST({string_literal(value)} AS {COLUMN_TYPES[dialect]['dyn']})"


def field_types(inspected, source):
    """{field: type} of a source of `data inspect --format json`, in order."""
    for entry in inspected["sources"]:
        if entry["source"] == source:
            return {f["name"]: f["type"] if f["type"] in COLUMN_TYPES["duckdb"] else "dyn" for f in entry["fields"]}
    return {}


def table_statements(database, table, types, key, dialect):
    """CREATE TABLE and one INSERT of every row of `table`."""
    columns = [name for name in types]
    definitions = []
    for name in columns:
        definition = f"{quote_identifier(name)} {COLUMN_TYPES[dialect][types[name]]}"
        if name == key and table == "profiles":
            definition += " PRIMARY KEY"
        definitions.append(definition)
    statements = [f"CREATE TABLE {table} ({', '.join(definitions)})"]
    with sqlite3.connect(database) as connection:
        selected = ", ".join(quote_identifier(name) for name in columns)
        rows = connection.execute(f"SELECT {selected} FROM {table}").fetchall()
    if rows:
        values = ",\n".join(
            "(" + ", ".join(value_literal(v, types[name], dialect) for v, name in zip(row, columns)) + ")"
            for row in rows)
        statements.append(f"INSERT INTO {table} VALUES\n{values}")
    return statements


def create_and_fill(database, inspected_json, dialect):
    """The statements that build both tables in `dialect`."""
    inspected = json.loads(inspected_json)
    statements = []
    for table, source in (("profiles", "profiles"), ("events", "events")):
        types = field_types(inspected, source)
        key = next(iter(types))
        statements += table_statements(database, table, types, key, dialect)
    return statements
