from pathlib import Path

import pytest

from pipelines.news.arabic import normalize_key
from pipelines.news.sources import RegistryError, load_registry
from pipelines.news.taxonomy import TaxonomyError, load_taxonomy

TOPICS = "topics:\n  politics: {ar: سياسة}\n  sport: {ar: رياضة}\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_taxonomy_keeps_broad_labels_apart_from_topic_labels() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.broad, "the bundled taxonomy lists broad labels"
    assert normalize_key("أخبار") in taxonomy.broad
    assert not taxonomy.broad & set(taxonomy.labels)
    assert taxonomy.topic_for_label("أخبار") is None
    assert taxonomy.topic_for_label("Sport") == "sport"


def test_a_label_both_broad_and_under_a_topic_is_refused(tmp_path: Path) -> None:
    # The same label, spelled with a hamza on the alef under the topic and without it in broad.
    path = _write(
        tmp_path,
        "taxonomy.yaml",
        TOPICS + "labels:\n  politics: [سياسة, أخبار سياسية]\nbroad: [اخبار سياسية, news]\n",
    )
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path)
    message = str(error.value)
    assert message.startswith(f"{path}: label 'اخبار سياسية' is listed under 'broad'")
    assert "'politics'" in message


def test_broad_labels_that_name_no_topic_load(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "taxonomy.yaml", TOPICS + "labels:\n  sport: [sport]\nbroad: [News, أخبار]\n"
    )
    taxonomy = load_taxonomy(path)
    assert taxonomy.broad == {"news", normalize_key("أخبار")}
    assert taxonomy.labels == {"sport": "sport"}


def test_a_registry_may_not_map_a_label_its_taxonomy_calls_broad(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, "taxonomy.yaml", TOPICS + "broad: [Une, الرئيسية]\n"))
    outlet = (
        "outlets:\n  - key: mine\n    name: M\n    base_url: http://x.test/\n    language: ar\n"
    )
    registry = _write(tmp_path, "sources.yaml", outlet + "    sections: {UNE: sport}\n")
    with pytest.raises(RegistryError) as error:
        load_registry(registry, taxonomy=taxonomy)
    message = str(error.value)
    assert message.startswith(f"{registry}: outlet 'mine': field 'sections' maps 'UNE'")
    assert "too broad to name a topic" in message and "leave it to the classifier" in message
    # The same outlet loads under the bundled taxonomy, which does not call "une" broad.
    assert load_registry(registry).topic_for_section("mine", "UNE") == "sport"
