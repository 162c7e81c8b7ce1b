#!/usr/bin/env python3
"""pg-snapshot.py URL FILE

Copies every table and view of the PostgreSQL database at URL into a new
SQLite file FILE, as tables of the same names and columns (bigint and
integer: INTEGER, numeric and double: REAL, the rest TEXT; jsonb as
compact JSON text with sorted keys, as the SQLite store keeps it), so the
checks written for the SQLite store (tests/check-truth.py, the sql helper)
read what the PostgreSQL store holds.  Reads through psql ($PG_BIN/psql).
"""
import json, os, sqlite3, subprocess, sys

url, path = sys.argv[1:3]
psql = os.path.join(os.environ.get("PG_BIN", ""), "psql")


def query(sql):
    out = subprocess.run([psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


AFFINITY = {"bigint": "INTEGER", "integer": "INTEGER", "smallint": "INTEGER",
            "numeric": "REAL", "double precision": "REAL", "real": "REAL"}
cols = query("SELECT json_agg(json_build_array(table_name, column_name, data_type) "
             "ORDER BY table_name, ordinal_position) FROM information_schema.columns "
             "WHERE table_schema = current_schema()")
tables = {}
for t, c, ty in cols:
    tables.setdefault(t, []).append((c, ty))
if os.path.exists(path):
    os.unlink(path)
con = sqlite3.connect(path)
for t, cs in tables.items():
    con.execute("CREATE TABLE %s (%s)" % (t, ", ".join("%s %s" % (c, AFFINITY.get(ty, "TEXT")) for c, ty in cs)))
    rows = query("SELECT coalesce(json_agg(t), '[]') FROM %s t" % t)
    vals = []
    for r in rows:
        row = []
        for c, ty in cs:
            v = r[c]
            if ty in ("jsonb", "json") and v is not None:
                v = json.dumps(v, sort_keys=True, separators=(",", ":"))
            row.append(v)
        vals.append(row)
    con.executemany("INSERT INTO %s VALUES (%s)" % (t, ", ".join("?" * len(cs))), vals)
con.commit()
con.close()
