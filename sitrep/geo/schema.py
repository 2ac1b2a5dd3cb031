"""The gazetteer's SQLite schema, shared by the builder and the GeoNames importer."""
from __future__ import annotations

import sqlite3

GAZETTEER_VERSION = "7"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places(
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    country_code TEXT,
    admin1_code TEXT,          -- 'SY.12': country code and GeoNames admin1 code
    admin2_code TEXT,          -- 'US.KY.125'
    feature_class TEXT,
    feature_code TEXT,
    population INTEGER NOT NULL DEFAULT 0,
    precision INTEGER NOT NULL DEFAULT 1,
    parent TEXT,               -- the city a district belongs to, for ACLED location strings
    source TEXT
);
CREATE TABLE IF NOT EXISTS names(
    key TEXT NOT NULL,         -- normalize.loose_key(name)
    fold TEXT NOT NULL,        -- normalize.fold(name)
    geonameid INTEGER NOT NULL,
    name TEXT NOT NULL,        -- one spelling that gave this key, as written
    case_sensitive INTEGER NOT NULL DEFAULT 0,  -- 1: match only this exact surface form ('US', 'Ga.')
    PRIMARY KEY(key, fold, geonameid, case_sensitive)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS names_fold ON names(fold);
CREATE INDEX IF NOT EXISTS names_gid ON names(geonameid);
CREATE TABLE IF NOT EXISTS countries(
    code TEXT PRIMARY KEY, name TEXT NOT NULL, iso_numeric INTEGER, geonameid INTEGER, capital TEXT
);
CREATE TABLE IF NOT EXISTS admin1(code TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid INTEGER);
CREATE TABLE IF NOT EXISTS admin2(code TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid INTEGER);
-- ACLED's admin names for curated places whose units GeoNames does not list (e.g. Jebel Saman)
CREATE TABLE IF NOT EXISTS labels(geonameid INTEGER PRIMARY KEY, admin1 TEXT, admin2 TEXT);
CREATE INDEX IF NOT EXISTS places_admin1 ON places(admin1_code);
"""

# A fresh build goes to a temporary file that is renamed when complete, so it needs no journal;
# an import into an existing file keeps a journal in memory so a failed import can roll back.
FAST_PRAGMAS = ("PRAGMA synchronous=OFF", "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-200000")


def connect_for_writing(path, fresh: bool = True) -> sqlite3.Connection:
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA journal_mode=OFF" if fresh else "PRAGMA journal_mode=MEMORY")
    for p in FAST_PRAGMAS:
        con.execute(p)
    con.executescript(SCHEMA)
    return con
