from pathlib import Path

import pytest

from pipelines.news.sources import DEFAULT_REGISTRY, RegistryError, load_registry


def test_bundled_registry_resolves_relative_urls_against_the_site_url() -> None:
    registry = load_registry(DEFAULT_REGISTRY, "http://127.0.0.1:9999")
    assert registry.by_key("atlas").base_url == "http://127.0.0.1:9999/o/atlas/"
    assert registry.outlet_for_url("http://127.0.0.1:9999/o/rabat/news/12").key == "rabat"
    assert registry.outlet_for_url("http://example.org/o/rabat/news/12") is None


def test_outlet_names_aliases_and_hosts_resolve_to_one_key() -> None:
    registry = load_registry()
    assert registry.resolve_name("أطلس 24") == "atlas"
    assert registry.resolve_name(" أطلس24 ") == "atlas"
    assert registry.resolve_name("https://www.atlas24.ma/x") == "atlas"
    assert registry.resolve_name("unknown outlet") is None


def test_section_labels_map_to_topics_per_outlet() -> None:
    registry = load_registry()
    assert registry.topic_for_section("atlas", "faits-divers") == "crime"
    assert registry.topic_for_section("rabat", "حوادث") == "crime"
    # Labels an outlet does not map itself fall back to the taxonomy's generic labels...
    assert registry.topic_for_section("rabat", "faits-divers") == "crime"
    # ...except those too broad to name a topic, left to the classifier.
    assert registry.topic_for_section("rabat", "أخبار") is None
    assert registry.topic_for_section("rabat", "no such section") is None
    assert registry.topic_for_section("nobody", "سياسة") == "politics"  # taxonomy label


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_typo_in_a_field_names_file_outlet_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "topics: [sport]\noutlets:\n  - key: mine\n    name: M\n"
        "    base_url: http://x.test/\n    languag: ar\n",
    )
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    message = str(error.value)
    assert str(path) in message and "'mine'" in message and "languag" in message


def test_a_section_mapped_to_an_unknown_topic_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "topics: [sport]\noutlets:\n  - key: mine\n    name: M\n"
        "    base_url: http://x.test/\n    language: ar\n"
        "    sections: {politique: politcs}\n",
    )
    with pytest.raises(RegistryError, match="unknown topic 'politcs'"):
        load_registry(path)


def test_missing_file_and_bad_yaml_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "absent.yaml")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(_write(tmp_path, "outlets: [\n"))
