import pytest

from sitrep import settings
from sitrep.errors import ConfigError

from .conftest import ROOT


def test_option_beats_environment_beats_default():
    env = {"SITREP_DB": "env.db", "SITREP_BATCH_SIZE": "8"}
    got = settings.resolve({"db": "cli.db", "batch_size": None}, environ=env)
    assert got["db"] == "cli.db"
    assert got["batch_size"] == 8
    assert got["min_confidence"] == settings.BY_NAME["min_confidence"].default


def test_bad_environment_value_is_a_config_error():
    with pytest.raises(ConfigError) as info:
        settings.resolve({}, environ={"SITREP_BATCH_SIZE": "many"})
    assert "SITREP_BATCH_SIZE" in str(info.value)


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in settings.SETTINGS:
        assert s.option in readme and s.env in readme, f"README does not document {s.name}"


def test_a_value_below_a_settings_minimum_is_a_config_error():
    with pytest.raises(ConfigError) as info:
        settings.resolve({}, environ={"SITREP_TIME_BUDGET": "-1"})
    assert info.value.code == "E410" and "time_budget" in str(info.value)
    with pytest.raises(ConfigError):
        settings.resolve({"batch_size": 0}, environ={})


def test_serve_flags_and_limits_from_the_environment():
    got = settings.resolve({}, environ={"SITREP_ALLOW_EXTRACT": "yes", "SITREP_MAX_BODY_BYTES": "2048"})
    assert got["allow_extract"] is True and got["max_body_bytes"] == 2048
    assert settings.resolve({}, environ={})["allow_extract"] is False
    with pytest.raises(ConfigError) as info:
        settings.resolve({}, environ={"SITREP_ALLOW_EXTRACT": "perhaps"})
    assert "SITREP_ALLOW_EXTRACT" in str(info.value)


def test_workers_zero_means_one_per_usable_core_at_most_four(monkeypatch):
    assert settings.BY_NAME["workers"].default == 0
    assert settings.worker_count(3) == 3
    monkeypatch.setattr(settings.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5, 6, 7}, raising=False)
    assert settings.worker_count(0) == settings.MAX_AUTO_WORKERS == 4
    monkeypatch.setattr(settings.os, "sched_getaffinity", lambda pid: {5}, raising=False)
    assert settings.worker_count(0) == 1
    monkeypatch.setattr(settings.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert settings.worker_count(0) == 2


def test_workers_zero_is_one_process_where_the_platform_cannot_fork(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(settings.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert settings.worker_count(0) == 1
    assert settings.worker_count(2) == 2  # asked for: the pipeline refuses it with E414


def test_a_negative_number_of_workers_is_refused():
    with pytest.raises(ConfigError) as info:
        settings.resolve({}, environ={"SITREP_WORKERS": "-1"})
    assert info.value.code == "E410"
