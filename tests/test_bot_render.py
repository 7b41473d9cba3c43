"""The Telegram renderers: every piece of article and user text escaped, and long messages
split or cut at 4096 characters between tags, never inside one."""

from __future__ import annotations

import pytest
from telegram_html import parse_html, utf16_len

from bot import telegram_render as render
from facts import Answer, BadSeed, Candidate, Document, FactChange, ReloadDiff, SeedDiff, Source

NASTY = '<b>&amp;<script>alert("x")</script> \u202eשלום 🚀\x00'
SOURCE = Source(id="nasty", title=NASTY, url='https://example.org/?q="a"&b=<c>')


def answered(quote: str = NASTY, answer: str = NASTY) -> Answer:
    return Answer(question=NASTY, answered=True, answer=answer, quote=quote, source=SOURCE,
                  score=1.0)


def test_an_answer_escapes_the_answer_quote_title_and_link() -> None:
    html = render.answer_html(answered())
    escaped = ("&lt;b&gt;&amp;amp;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
               "\u202eשלום 🚀\x00")
    assert html == (
        f"<b>{escaped}</b>\n<blockquote>{escaped}</blockquote>\n"
        f'— <a href="https://example.org/?q=&quot;a&quot;&amp;b=&lt;c&gt;">{escaped}</a>')
    assert parse_html(html).startswith(NASTY + "\n" + NASTY + "\n— ")


def test_only_web_addresses_are_linked() -> None:
    for url in ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/"]:
        source = Source(id="s", title="Title", url=url)
        assert render.source_html(source) == "<i>Title</i>"


def test_every_renderer_of_outside_text_gives_html_telegram_accepts() -> None:
    document = Document(id="nasty", title=NASTY, url=SOURCE.url, facts=3)
    change = FactChange(kind=NASTY, text=NASTY, quote=NASTY)
    diff = ReloadDiff(seeds=[SeedDiff(seed_id=NASTY, title=NASTY, status="new",
                                      added=[change], changed=[change], removed=[change])],
                      bad=[BadSeed(path=NASTY, reason=NASTY)])
    candidate = Candidate(quote=NASTY, source=SOURCE, score=0.3, sentence_id=7)
    abstained = Answer(question=NASTY, answered=False, candidates=[candidate])
    messages = [
        render.answer_html(answered()),
        render.abstention_html(Answer(question=NASTY, answered=False), [document]),
        render.abstention_html(abstained, [document]),
        render.help_html([document], bot_admin=True),
        render.notification_html(diff, {"nasty": document}),
        render.stats_html({"answered": 1}, 2, {"sent": 1}, [document], 9),
        render.unanswered_html([(NASTY, 3)], 30),
        *render.diff_html(diff, 2),
        *[r.input_message_content.message_text for r in render.inline_results(abstained)],
    ]
    for html in messages:
        assert NASTY not in html
        parse_html(html)


def test_buttons_carry_at_most_64_bytes_and_short_labels() -> None:
    candidates = [Candidate(quote="é" * 500, source=SOURCE, score=0.1, sentence_id=10**12 + i)
                  for i in range(5)]
    keyboard = render.did_you_mean_keyboard(candidates, "AbCdEfGh")
    buttons = [row[0] for row in keyboard.inline_keyboard]
    assert len(buttons) == 3
    assert [b.callback_data for b in buttons] == [
        f"pick:AbCdEfGh:{10**12 + i}" for i in range(3)]
    assert all(len(str(b.callback_data).encode()) <= 64 for b in buttons)
    assert buttons[0].text == "1. " + "é" * 55 + "…"


def test_a_long_answer_is_cut_cleanly_at_4096_characters() -> None:
    quote = "word <&> " * 1000
    html = render.answer_html(answered(quote=quote, answer="a"))
    assert 4000 < utf16_len(parse_html(html)) <= 4096
    assert html.endswith(" word…</blockquote>")  # cut between words
    assert parse_html(html).startswith("a\nword <&> word")


@pytest.mark.parametrize("unit", ["x", "🚀", "&amp;", "word "])
def test_split_parts_fit_and_keep_tags_balanced(unit: str) -> None:
    line = f'<b>bold {unit * 30}</b> <a href="https://e.org/?a=1&amp;b=2">{unit * 40}</a>'
    html = "\n".join(f"<blockquote>{i}: {line}</blockquote>" for i in range(120))
    parts = render.split_html(html, limit=4096)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(parse_html(part)) <= 4096
    assert "".join(parse_html(p) for p in parts).replace("\n", "") == (
        parse_html(html).replace("\n", ""))


def test_a_single_long_line_is_split_inside_its_tags() -> None:
    html = "<b>" + "&lt;" * 5000 + "</b>"
    parts = render.split_html(html, limit=4096)
    assert [parse_html(p) for p in parts] == ["<" * 4096, "<" * 904]
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)


def test_a_notice_with_many_facts_is_one_message_ending_with_how_to_ask() -> None:
    facts = [FactChange(kind="money", text=f"${i}m", quote=f"Sentence {i} " + "long " * 40)
             for i in range(200)]
    diff = ReloadDiff(seeds=[SeedDiff(seed_id="big", title="Big", status="new", added=facts)])
    html = render.notification_html(diff, {})
    assert utf16_len(parse_html(html)) <= 4096
    assert html.endswith("\n…\nReply to this message to ask me about this article.")
    parse_html(html)
