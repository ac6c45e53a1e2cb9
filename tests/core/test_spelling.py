"""Spell checking with the real dictionaries: only prose is checked, in the post's own
languages, with the site's and the author's words, and from the command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core import spelling
from editor.core.checks_spelling import path_languages, post_dictionaries
from editor.core.site import Site
from editor.core.spelling_text import body_words, line_words

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples/sample-site"


def words(line: str) -> list[str]:
    return [w for _, w in line_words(line)]


@pytest.mark.parametrize(
    "line",
    [
        "`recieve` in inline code",
        "``a `recieve` b`` in a double run",
        "a [link](https://example.com/recieve) target",
        "an ![image](img/recieve.png) target",
        "a [reference][recieve] label",
        "[recieve]: https://example.com/recieve",
        "an autolink <https://example.com/recieve>",
        "a bare https://example.com/recieve URL and www.recieve.com",
        'HTML <span class="recieve" data-x="recieve">text</span>',
        "<!-- recieve in a comment -->",
        '{{< figure src="recieve.png" caption="recieve" >}}',
        '{{% notice type="recieve" %}}',
        "{% post_url recieve %} and {{ page.recieve }}",
        '<Callout type="recieve" /> and {props.recieve}',
        "math $x = recieve$ and \\(recieve\\) and $$recieve$$",
        "mail recieve@example.com",
        "paths /etc/recieve and ./recieve/x and src/recieve.py and recieve.md",
        "names recieve2 RECIEVE recieveThis recieve_this",
    ],
)
def test_what_is_not_prose_is_never_checked(line: str) -> None:
    assert "recieve" not in [w.lower() for w in words(line)]
    assert "RECIEVE" not in words(line)


def test_prose_words_keep_apostrophes_hyphens_and_emphasis_off() -> None:
    line = "I _really_ **recieve** l'été, aujourd’hui and well-known costs $5 and $10."
    assert words(line) == ["really", "recieve", "l'été", "aujourd’hui", "and", "well-known", "costs", "and"]


def test_code_blocks_math_blocks_and_comments_over_lines_are_skipped() -> None:
    body = (
        "Para recieve.\n\n```python\nrecieve = 1\n```\n\n    indented recieve\n\n"
        "$$\nrecieve\n$$\n\n<!--\nrecieve\n-->\n\nimport X from './recieve'\n\nEnd teh.\n"
    )
    found = [(w.line, w.word) for w in body_words(body)]
    assert found == [(0, "Para"), (0, "recieve"), (18, "End"), (18, "teh")]


def test_english_misspellings_are_found_with_suggestions() -> None:
    speller = spelling.Speller(["en_US"])
    assert not speller.correct("recieve")
    assert "receive" in speller.suggestions("recieve")
    assert speller.correct("receive") and speller.correct("don't") and speller.correct("Blog's")
    assert not spelling.Speller(["en_US"]).correct("colour") and spelling.Speller(["en_GB"]).correct("colour")


def test_french_elision_and_accents_are_right() -> None:
    speller = spelling.Speller(["fr_FR"])
    assert speller.correct("déjà") and speller.correct("l'été") and speller.correct("l’été")
    assert speller.correct("qu'il") and speller.correct("aujourd’hui")
    assert not speller.correct("bonjuor")
    assert speller.suggestions("bonjuor")[0] == "bonjour"


def test_german_compounds_and_the_other_shipped_languages() -> None:
    assert spelling.Speller(["de_DE"]).correct("Donaudampfschifffahrt")
    good = {
        "es_ES": "añadido",
        "pt_BR": "ação",
        "pt_PT": "autocarro",
        "it_IT": "perché",
        "nl_NL": "fiets",
        "ru_RU": "привет",
    }
    for name, word in good.items():
        speller = spelling.Speller([name])
        assert speller.correct(word), name
        assert not speller.correct(word + "qx"), name


def test_a_word_is_right_when_any_of_the_posts_languages_accepts_it() -> None:
    speller = spelling.Speller(["en_US", "fr_FR"])
    assert speller.correct("receive") and speller.correct("déjà")
    assert not speller.correct("bonjuor")


def test_the_pure_python_engine_reads_the_same_dictionaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POST_EDITOR_SPELLER", "spylls")
    assert spelling.engine_name() == "spylls"
    speller = spelling.Speller(["en_US"])
    assert speller.correct("receive") and not speller.correct("recieve")
    assert "receive" in speller.suggestions("recieve")


def test_language_tags_map_to_dictionaries() -> None:
    assert spelling.dictionary_for("en") == "en_US"
    assert spelling.dictionary_for("en-GB") == "en_GB"
    assert spelling.dictionary_for("fr-CA") == "fr_FR"
    assert spelling.dictionary_for("pt_PT") == "pt_PT"
    assert spelling.dictionary_for("de-AT") == "de_DE"
    assert spelling.dictionary_for("tlh") is None
    assert spelling.languages_of("en, fr") == ["en", "fr"] and spelling.languages_of(["en", "fr"]) == ["en", "fr"]


def test_the_posts_language_comes_from_its_front_matter_then_its_path_then_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".post-editor.toml").write_text('spelling_languages = ["de"]\n', encoding="utf-8")
    (tmp_path / "content/fr").mkdir(parents=True)
    site = Site.detect(tmp_path)
    assert post_dictionaries({"lang": ["en", "fr"]}, tmp_path / "content/fr/a.md", site) == ["en_US", "fr_FR"]
    assert post_dictionaries({"Language": "es"}, None, site) == ["es_ES"]
    assert post_dictionaries({}, tmp_path / "content/fr/a.md", site) == ["fr_FR"]
    assert post_dictionaries({}, tmp_path / "content/post.it.md", site) == ["it_IT"]
    assert post_dictionaries({}, tmp_path / "i18n/nl/docusaurus-plugin-content-blog/a.md", site) == ["nl_NL"]
    assert post_dictionaries({}, tmp_path / "content/blog/a.md", site) == ["de_DE"]
    monkeypatch.setenv("LC_ALL", "pt_BR.UTF-8")
    assert post_dictionaries({}, tmp_path / "content/blog/a.md", None) == ["pt_BR"]
    assert path_languages(tmp_path / "js/app.md", tmp_path) == []


def test_adding_a_word_writes_one_sorted_line(tmp_path: Path) -> None:
    words_file = tmp_path / ".post-editor/words.txt"
    spelling.add_word(words_file, "Zettlr")
    spelling.add_word(words_file, "Astro")
    spelling.add_word(words_file, "astro")
    spelling.add_word(words_file, "Astro")  # twice: no second line
    assert words_file.read_text(encoding="utf-8") == "Astro\nastro\nZettlr\n"
    words_file.write_text("# names\nZettlr\nAstro\n", encoding="utf-8")
    spelling.add_word(words_file, "Hugo")
    assert words_file.read_text(encoding="utf-8") == "# names\nAstro\nHugo\nZettlr\n"
    with pytest.raises(ValueError):
        spelling.add_word(words_file, "two words")
    speller = spelling.Speller(["en_US"], spelling.read_words(words_file))
    assert speller.correct("Hugo") and speller.correct("Hugo's") and not speller.correct("Hugoo")


def _run_check(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "editor", "check", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_check_spelling_on_the_sample_site_lists_the_planted_words_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SAMPLE, site)
    post = site / "src/content/blog/planted.md"
    post.write_text(
        "---\ntitle: A tset of spelling\nlang: en\n---\n\nWe recieve mail.\n\n```python\nrecieve = teh\n```\n\n"
        "Then `teh` and [a link](https://example.com/teh) and teh end.\n",
        encoding="utf-8",
    )
    plain = _run_check(str(site))
    assert "dictionary" not in plain.stdout  # off unless asked
    out = _run_check(str(site), "--spelling")
    lines = [line for line in out.stdout.splitlines() if "not in the dictionary" in line]
    assert len(lines) == 3, out.stdout
    assert lines[0].startswith(f"{post}:2:") and "'tset'" in lines[0]
    assert lines[1].startswith(f"{post}:6:4: ") and "'recieve'" in lines[1] and "receive" in lines[1]
    assert lines[2].startswith(f"{post}:12:") and "'teh'" in lines[2]
    data = json.loads(_run_check(str(post), "--spelling", "--json").stdout)
    spelled = [p for p in data[0]["problems"] if p["code"] == "spelling"]
    assert [(p["line"], p["column"], p["severity"]) for p in spelled][1] == (6, 4, "warning")
    (site / ".post-editor.toml").write_text("spelling = true\n", encoding="utf-8")
    assert "'recieve'" in _run_check(str(post)).stdout
    spelling.add_word(site / ".post-editor/words.txt", "recieve")
    assert "'recieve'" not in _run_check(str(post)).stdout
