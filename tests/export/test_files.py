"""`sitrep export` as a command: filters, OUT handling, and no half file when writing fails."""
import pandas as pd
import pytest

from sitrep.errors import ConfigError
from sitrep.export.files import export

from .conftest import run_export, sitrep


def ids_exported(runner, db, tmp_path, *filters) -> set[int]:
    out = tmp_path / f"f{len(list(tmp_path.iterdir()))}.csv"
    result = run_export(runner, db, "acled-csv", out, *filters)
    assert result.exit_code == 0, result.output
    return set(pd.read_csv(out)["event_id_no_cnty"])


def test_each_filter_narrows_the_export_to_the_events_it_names(runner, store_db, stored, tmp_path):
    everything = ids_exported(runner, store_db, tmp_path)
    assert everything == {r["event_id"] for r in stored}
    cases = {
        ("--country", "Kenya"): lambda r: r["country"] == "Kenya",
        ("--admin1", "Nakuru"): lambda r: r["admin1"] == "Nakuru",
        ("--type", "Protests"): lambda r: "Protests" in (r["event_type"], r["sub_event_type"]),
        ("--type", "Armed clash"): lambda r: r["sub_event_type"] == "Armed clash",
        ("--actor", "police"): lambda r: any("police" in (r[c] or "").lower()
                                             for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")),
        ("--text", "mogadishu"): lambda r: any("mogadishu" in (r[c] or "").lower() for c in
                                               ("notes", "location", "admin1", "country", "actor1", "actor2", "source")),
        ("--since", "2023-04-01"): lambda r: (r["event_date"] or "") >= "2023-04-01",
        ("--until", "2023-04-01"): lambda r: r["event_date"] is not None and r["event_date"] <= "2023-04-01",
        ("--article", "kirkuk-army-post-attack"): lambda r: r["article_id"] == "kirkuk-army-post-attack",
    }
    for args, keep in cases.items():
        expected = {r["event_id"] for r in stored if keep(r)}
        assert 0 < len(expected) < len(everything), args  # each case really narrows
        assert ids_exported(runner, store_db, tmp_path, *args) == expected, args
    both = ids_exported(runner, store_db, tmp_path, "--country", "Kenya", "--type", "Riots")
    assert both == {r["event_id"] for r in stored if r["country"] == "Kenya" and r["event_type"] == "Riots"}
    # LIKE's wildcards are matched as characters: "%" names no actor
    assert ids_exported(runner, store_db, tmp_path, "--actor", "%") == set()


def test_export_and_events_offer_the_same_filters(runner):
    from sitrep.cli import cli
    from sitrep.filters import FILTERS

    for command in ("export", "events"):
        text = runner.invoke(cli, [command, "--help"]).output
        for f in FILTERS:
            assert f.option in text, (command, f.option)


def test_the_events_command_filters_the_same_way(runner, store_db, stored):
    import json

    from sitrep.cli import cli

    result = runner.invoke(cli, ["events", "--db", str(store_db), "--format", "jsonl", "--admin1", "Nakuru"])
    assert result.exit_code == 0, result.output
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["event_id"] for r in got] == [r["event_id"] for r in stored if r["admin1"] == "Nakuru"]


def test_an_existing_out_is_kept_without_force_and_replaced_with_it(runner, store_db, tmp_path):
    out = tmp_path / "events.geojson"
    out.write_text("my own notes")
    refused = sitrep("export", "--db", store_db, "--format", "geojson", out)
    assert refused.returncode == 2 and "E601" in refused.stderr and "--force" in refused.stderr
    assert out.read_text() == "my own notes"
    forced = run_export(runner, store_db, "geojson", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith('{"type": "FeatureCollection"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]  # no temporary file left


def test_bad_targets_and_filters_are_coded_errors(store_db, tmp_path):
    cases = [
        (("parquet", "-"), "E602"),
        (("acled-csv", tmp_path / "no-such-folder" / "x.csv"), "E603"),
        (("acled-csv", tmp_path), "E603"),
        (("acled-csv", tmp_path / "x.csv", "--since", "2024-02-01", "--until", "2024-01-01"), "E605"),
    ]
    for (fmt, out, *args), code in cases:
        done = sitrep("export", "--db", store_db, "--format", fmt, *args, out)
        assert done.returncode == 2 and code in done.stderr and done.stdout == "", (fmt, out, done.stderr)
    missing = sitrep("export", "--db", tmp_path / "nothing.db", "--format", "acled-csv", tmp_path / "y.csv")
    assert missing.returncode == 2 and "E607" in missing.stderr
    assert not (tmp_path / "nothing.db").exists()  # exporting never creates a store
    not_a_day = sitrep("export", "--db", store_db, "--format", "acled-csv", "--since", "2024-02-30", tmp_path / "z.csv")
    assert not_a_day.returncode == 2 and "not a day" in not_a_day.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["acled-csv", "geojson", "parquet", "hxl"])
def test_a_crash_mid_export_leaves_no_half_file_and_the_old_one_intact(fmt, stored, tmp_path):
    def records():
        yield from stored[:3]
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C, or the machine died, mid-write

    out = tmp_path / "events.out"
    with pytest.raises(KeyboardInterrupt):
        export(records(), fmt, str(out))
    assert list(tmp_path.iterdir()) == []
    out.write_bytes(b"yesterday's export")
    with pytest.raises(KeyboardInterrupt):
        export(records(), fmt, str(out), force=True)
    assert out.read_bytes() == b"yesterday's export" and list(tmp_path.iterdir()) == [out]


def test_an_unknown_format_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(ConfigError) as err:
        export(iter([]), "xlsx", str(tmp_path / "x.xlsx"))
    assert err.value.code == "E606" and list(tmp_path.iterdir()) == []
