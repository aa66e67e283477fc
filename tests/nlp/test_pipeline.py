"""Loading a user's pipeline (clear errors, nothing downloaded), label mapping, model suggestions."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import SpanGroup

from annotator.core.schema import schema_from_dict
from annotator.errors import AnnotatorError
from annotator.nlp.pipeline import LabelMapping, load_pipeline, pipeline_labels, unneeded_for_suggestions
from annotator.nlp.recommenders import ModelRecommender

SCHEMA = schema_from_dict({"name": "t", "entity_labels": [{"name": "PERSON"}, {"name": "GPE"},
                                                          {"name": "ORG"}]})
TEXT = "Kofi Annan visited Accra and Lagos for the United Nations."


def ruler_pipeline(path: Path) -> Path:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Kofi Annan"},
        {"label": "GPE", "pattern": "Accra"},
        {"label": "LOC", "pattern": "Lagos"},
        {"label": "NORP", "pattern": [{"LOWER": "united"}, {"LOWER": "nations"}]},
    ])
    nlp.to_disk(path)
    return path


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="path does not exist") as caught:
        load_pipeline(tmp_path / "nowhere")
    assert "no pipeline is downloaded" in str(caught.value)
    assert str(tmp_path / "nowhere") in str(caught.value)


def test_a_folder_or_file_that_is_not_a_pipeline_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    for target in (tmp_path, tmp_path / "notes.txt"):
        with pytest.raises(AnnotatorError, match="not a spaCy pipeline"):
            load_pipeline(target)


def test_an_uninstalled_package_says_how_to_install_one() -> None:
    with pytest.raises(AnnotatorError, match="no spaCy pipeline named 'xx_not_installed_sm'") as caught:
        load_pipeline("xx_not_installed_sm")
    assert "pip install" in str(caught.value)


def test_a_broken_pipeline_folder_is_an_annotator_error(tmp_path: Path) -> None:
    ruler_pipeline(tmp_path / "model")
    (tmp_path / "model" / "config.cfg").write_text("[nlp]\nlang = \"zz-nope\"\n")
    with pytest.raises(AnnotatorError, match="cannot load"):
        load_pipeline(tmp_path / "model")


def test_mapping_defaults_to_the_schema_labels_and_counts_what_it_drops() -> None:
    mapping = LabelMapping.for_schema(SCHEMA, {"LOC": "GPE", "PERSON": ""})
    assert [mapping.project_label(x) for x in ("GPE", "LOC", "PERSON", "NORP", "NORP")] == [
        "GPE", "GPE", None, None, None]
    assert mapping.dropped == {"PERSON": 1, "NORP": 2}
    assert mapping.table(["GPE", "LOC", "NORP"]) == {"GPE": "GPE", "LOC": "GPE", "NORP": ""}


def test_a_pipeline_loaded_by_path_proposes_mapped_entities(tmp_path: Path) -> None:
    path = ruler_pipeline(tmp_path / "model")
    recommender = ModelRecommender.load(path, SCHEMA, {"LOC": "GPE", "NORP": "ORG"})
    assert recommender.id == f"model:{path}"
    assert pipeline_labels(recommender.nlp) == ["GPE", "LOC", "NORP", "PERSON"]
    spans = recommender.suggest(7, TEXT)
    assert [(s.text, s.label, s.doc_id, s.source) for s in spans] == [
        ("Kofi Annan", "PERSON", 7, recommender.id), ("Accra", "GPE", 7, recommender.id),
        ("Lagos", "GPE", 7, recommender.id), ("United Nations", "ORG", 7, recommender.id)]
    assert all(TEXT[s.start:s.end] == s.text for s in spans)
    batched = list(recommender.suggest_many([(1, TEXT), (2, "Nobody here.")], batch_size=1))
    assert [(doc_id, len(found)) for doc_id, found in batched] == [(1, 4), (2, 0)]


def test_span_categorizer_groups_are_proposed_with_their_scores() -> None:
    nlp = spacy.blank("en")
    spancat = nlp.add_pipe("spancat", config={"spans_key": "found"})
    for label in ("GPE", "FAC"):
        spancat.add_label(label)
    nlp.initialize()
    recommender = ModelRecommender(nlp, "model:test", LabelMapping.for_schema(SCHEMA))
    doc = nlp.make_doc(TEXT)
    doc.spans["found"] = SpanGroup(doc, spans=[doc.char_span(19, 24, "GPE"), doc.char_span(29, 34, "FAC")],
                                   attrs={"scores": numpy.array([0.83, 0.5], dtype="f")})
    (span,) = recommender.spans_in(doc, 3)
    assert (span.text, span.label, span.confidence) == ("Accra", "GPE", pytest.approx(0.83))
    assert recommender.mapping.dropped == {"FAC": 1}


def _ruler_recommender(max_length: int | None = None) -> ModelRecommender:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Kofi Annan"},
                                               {"label": "GPE", "pattern": "Accra"}])
    if max_length is not None:
        nlp.max_length = max_length
    return ModelRecommender(nlp, "model:test", LabelMapping.for_schema(SCHEMA))


def test_texts_longer_than_max_length_are_read_in_pieces_with_exact_offsets() -> None:
    texts = [(1, "Short: Kofi Annan."),
             (2, "".join(f"Day {n}: Kofi Annan\nvisited Accra. " + ("\n\n" if n % 3 else "")
                         for n in range(40))),
             (3, "Accra " + "x" * 500 + " Kofi Annan")]
    whole = dict(_ruler_recommender().suggest_many(texts))

    pieces = list(_ruler_recommender(max_length=100).suggest_many(texts, batch_size=4))

    assert [doc_id for doc_id, _ in pieces] == [1, 2, 3]
    for doc_id, spans in pieces:
        text = dict(texts)[doc_id]
        assert all(text[span.start:span.end] == span.text for span in spans)
        assert [(s.start, s.end, s.label) for s in spans] == [(s.start, s.end, s.label)
                                                              for s in whole[doc_id]]
    assert len(dict(pieces)[2]) == 80


def test_a_model_reads_a_document_past_a_million_characters() -> None:
    paragraph = "Kofi Annan visited Accra on a long day.\n\n"
    text = paragraph * (1_200_000 // len(paragraph) + 1)
    spans = _ruler_recommender().suggest(7, text)
    assert len(spans) == 2 * text.count(paragraph)
    assert all(text[span.start:span.end] == span.text for span in spans)
    assert spans[-1].end == len(text) - len(" on a long day.\n\n")


CALLS: list[str] = []


@Language.component("annotator_test_recorder")
def recorder(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    """A component suggestions do not need, which notes every call."""
    CALLS.append(doc.text)
    return doc


def test_a_model_recommender_loads_only_what_suggests_with_identical_suggestions(tmp_path: Path) -> None:
    nlp = spacy.load(ruler_pipeline(tmp_path / "ruler"))
    nlp.add_pipe("annotator_test_recorder")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "model")
    CALLS.clear()
    full = ModelRecommender(load_pipeline(tmp_path / "model"), "full", LabelMapping.for_schema(SCHEMA))
    expected = [(s.start, s.end, s.label) for s in full.suggest(1, TEXT)]
    assert CALLS == [TEXT]
    CALLS.clear()
    lean = ModelRecommender.load(tmp_path / "model", SCHEMA)
    assert lean.nlp.pipe_names == ["entity_ruler"]
    assert [(s.start, s.end, s.label) for s in lean.suggest(1, TEXT)] == expected
    assert CALLS == []


def component(factory: str, upstream: str | None = None) -> dict:
    if upstream is None:
        return {"factory": factory}
    return {"factory": factory, "model": {"@architectures": "spacy.Tagger.v2", "tok2vec": {
        "@architectures": "spacy.Tok2VecListener.v1", "upstream": upstream}}}


def test_entity_and_span_producers_keep_what_they_listen_to_and_what_precedes_a_ruler() -> None:
    config = {"nlp": {"lang": "en", "pipeline": [
        "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "textcat"]},
        "components": {"tok2vec": component("tok2vec"), "tagger": component("tagger", "tok2vec"),
                       "parser": component("parser", "tok2vec"),
                       "attribute_ruler": component("attribute_ruler"), "lemmatizer": component("lemmatizer"),
                       "ner": component("ner"), "textcat": component("textcat")}}
    # the parser's sentence starts bound the entities, and the parser listens to tok2vec
    assert unneeded_for_suggestions(config) == ["tagger", "attribute_ruler", "lemmatizer", "textcat"]
    config["nlp"]["pipeline"].remove("parser")
    assert unneeded_for_suggestions(config) == [
        "tok2vec", "tagger", "attribute_ruler", "lemmatizer", "textcat"]
    config["components"]["ner"] = component("ner", "*")
    assert unneeded_for_suggestions(config) == ["tagger", "attribute_ruler", "lemmatizer", "textcat"]
    config["nlp"]["pipeline"].append("spans")
    config["components"]["spans"] = component("span_ruler")
    assert unneeded_for_suggestions(config) == []
    config["components"]["mystery"] = {"source": "en_core_web_sm"}
    config["nlp"]["pipeline"] = ["mystery", "textcat"]
    assert unneeded_for_suggestions(config) == ["textcat"]
    assert unneeded_for_suggestions({}) == []
