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


def test_a_base_url_gets_a_trailing_slash_and_the_site_url_too(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "outlets:\n  - key: mine\n    name: M\n    base_url: o/mine\n    language: ar\n"
        "  - key: abs\n    name: A\n    base_url: https://abs.test/ar\n    language: ar\n",
    )
    registry = load_registry(path, "http://127.0.0.1:9999/site")
    assert registry.by_key("mine").base_url == "http://127.0.0.1:9999/site/o/mine/"
    assert registry.by_key("abs").base_url == "https://abs.test/ar/"


def test_a_valid_outlet_keeps_every_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "topics: [sport, crime]\noutlets:\n"
        + OUTLET
        + "    aliases: [My Site, mysite.ma]\n    aggregator: true\n    local: true\n"
        "    sitemap: sitemap.xml\n    rss: rss.xml\n    listing: s/{section}?p={page}\n"
        "    sections: {sports: sport, حوادث: crime}\n"
        "    hints: {title: h1.t, author: .by}\n"
        "    politeness: {min_interval_seconds: 2, respect_robots: false}\n",
    )
    outlet = load_registry(path).by_key("mine")
    assert outlet.aliases == ("My Site", "mysite.ma")
    assert outlet.aggregator and outlet.local
    assert (outlet.sitemap, outlet.rss) == ("sitemap.xml", "rss.xml")
    assert outlet.listing == "s/{section}?p={page}"
    assert outlet.sections == {"sports": "sport", "حوادث": "crime"}
    assert outlet.hints == {"title": "h1.t", "author": ".by"}
    assert outlet.min_interval_seconds == 2.0 and isinstance(outlet.min_interval_seconds, float)
    assert outlet.respect_robots is False
    defaults = load_registry(_write(tmp_path, "outlets:\n" + OUTLET)).by_key("mine")
    assert (defaults.aliases, defaults.sitemap, defaults.hints) == ((), None, {})
    assert (defaults.min_interval_seconds, defaults.respect_robots) == (None, True)
    assert not defaults.aggregator and not defaults.local


OUTLET = "  - key: mine\n    name: M\n    base_url: http://x.test/\n    language: ar\n"


BAD_OUTLETS = [
    (OUTLET + "    languag: ar\n", "languag", "is not a known field"),
    (OUTLET.replace("    language: ar\n", ""), "language", "is required"),
    (OUTLET.replace("name: M", "name: '  '"), "name", "must be a non-empty string"),
    (OUTLET.replace("name: M", "name: 12"), "name", "must be a non-empty string"),
    (OUTLET + "    rss: ''\n", "rss", "must be a non-empty string"),
    (OUTLET.replace("http://x.test/", "ftp://x.test/"), "base_url", "http(s) URL"),
    (OUTLET + "    aliases: mine.ma\n", "aliases", "must be a list"),
    (OUTLET + "    aliases: [mine.ma, 7]\n", "aliases.1", "must be a non-empty string"),
    (OUTLET + "    aggregator: 'yes'\n", "aggregator", "must be true or false"),
    (OUTLET + "    local: 1\n", "local", "must be true or false"),
    (OUTLET + "    listing: s/{section}\n", "listing", "must contain a {page} placeholder"),
    (OUTLET + "    sections: [sport]\n", "sections", "must be a mapping"),
    (OUTLET + "    sections: {sports: spor}\n", "sections", "unknown topic 'spor'"),
    (OUTLET + "    sections: {أخبار: sport}\n", "sections", "too broad to name a topic"),
    (OUTLET + "    hints: {titel: h1}\n", "hints.titel", "is not a known field"),
    (OUTLET + "    hints: {title: [h1]}\n", "hints.title", "must be a non-empty string"),
    (OUTLET + "    politeness: {delay: 3}\n", "politeness.delay", "is not a known field"),
    (OUTLET + "    politeness: 3\n", "politeness", "must be a mapping of fields"),
    (
        OUTLET + "    politeness: {min_interval_seconds: -0.5}\n",
        "politeness.min_interval_seconds",
        "must be a number >= 0",
    ),
    (
        OUTLET + "    politeness: {min_interval_seconds: true}\n",
        "politeness.min_interval_seconds",
        "must be a number",
    ),
    (
        OUTLET + "    politeness: {min_interval_seconds: '1'}\n",
        "politeness.min_interval_seconds",
        "must be a number",
    ),
    (
        OUTLET + "    politeness: {respect_robots: 'no'}\n",
        "politeness.respect_robots",
        "must be true or false",
    ),
    (OUTLET + OUTLET, "key", "listed twice (outlets #1 and #2)"),
]


@pytest.mark.parametrize(
    ("outlet", "field", "reason"), BAD_OUTLETS, ids=[f"{f}: {r}" for _, f, r in BAD_OUTLETS]
)
def test_every_rule_names_file_outlet_and_field_in_one_line(
    tmp_path: Path, outlet: str, field: str, reason: str
) -> None:
    path = _write(tmp_path, "topics: [sport]\noutlets:\n" + outlet)
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    message = str(error.value)
    assert message.startswith(f"{path}: outlet 'mine': field '{field}' ")
    assert reason in message
    assert "\n" not in message and "pydantic" not in message
    # No pydantic error chained behind ours: the user sees one line, not a traceback.
    assert error.value.__cause__ is None
    assert error.value.__context__ is None or error.value.__suppress_context__


def test_an_outlet_without_a_usable_key_is_named_by_its_position(tmp_path: Path) -> None:
    path = _write(tmp_path, "outlets:\n" + OUTLET + OUTLET.replace("key: mine", "key: ''"))
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert str(error.value) == f"{path}: outlet #2: field 'key' must be a non-empty string"
    path = _write(tmp_path, "outlets:\n" + OUTLET + "  - just a name\n")
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    assert str(error.value) == f"{path}: outlet #2 must be a mapping of fields"


def test_registry_topics_must_be_taxonomy_topics(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"field 'topics' has topic\(s\) nope that are not"):
        load_registry(_write(tmp_path, "topics: [sport, nope]\noutlets: []\n"))
    with pytest.raises(RegistryError, match=r"field 'topics' must be a list$"):
        load_registry(_write(tmp_path, "topics: sport\noutlets: []\n"))
    # Without a 'topics' list, every taxonomy topic may be mapped.
    registry = load_registry(_write(tmp_path, "outlets:\n" + OUTLET + "    sections: {x: tech}\n"))
    assert registry.topic_for_section("mine", "x") == "tech"


def test_a_document_without_an_outlets_list_is_refused(tmp_path: Path) -> None:
    for text in ("- a\n", "topics: [sport]\n", "outlets: {mine: {}}\n"):
        with pytest.raises(RegistryError, match="expected a mapping with an 'outlets' list"):
            load_registry(_write(tmp_path, text))


def test_a_broad_label_is_refused_in_any_spelling(tmp_path: Path) -> None:
    """Broad labels are compared as normalised keys: bare alef and extra spaces still match."""
    path = _write(tmp_path, "outlets:\n" + OUTLET + "    sections: {' اخبار  وطنية': politics}\n")
    with pytest.raises(RegistryError) as error:
        load_registry(path)
    message = str(error.value)
    assert message.startswith(f"{path}: outlet 'mine': field 'sections' maps ' اخبار  وطنية'")
    assert "too broad to name a topic" in message and "classifier" in message


def test_bundled_registries_map_no_broad_label() -> None:
    for path in sorted(DEFAULT_REGISTRY.parent.glob("*.yaml")):
        registry = load_registry(path)
        assert registry.outlets, path
        for outlet in registry.outlets:
            assert set(outlet.sections.values()) <= set(registry.topics)
