"""Private chats: every text message is a question, answered in HTML as a reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot_harness import RunningBot

pytest_plugins = ["fake_telegram", "bot_harness"]

TITLE = ("Italy nears $1.6bn SpaceX deal for secure communications; Starship to deploy "
         "Starlink simulators")


async def test_a_question_gets_the_answer_quote_and_source_as_a_reply(bot: RunningBot) -> None:
    user = bot.fake.user(1001)
    question = bot.fake.send(bot.fake.private(user), user, "How much is the contract worth?")
    reply = await bot.fake.reply_to(question)
    text = reply.params["text"]
    answer, rest = text.split("\n", 1)
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["reply_parameters"]["message_id"] == question["message_id"]
    assert answer.startswith("<b>") and answer.endswith("</b>") and "$1.6bn" in answer
    assert rest.startswith("<blockquote>") and "</blockquote>\n— " in rest
    quote = rest.split("<blockquote>")[1].split("</blockquote>")[0]
    assert "the five-year contract, valued at approximately $1.6bn (€1.5bn)" in quote
    assert rest.endswith(f"— <i>{TITLE}</i>")


async def test_a_question_the_articles_do_not_answer_is_declined_plainly(bot: RunningBot
                                                                         ) -> None:
    reply = await bot.ask("What is the capital of France?")
    text = reply.params["text"]
    assert text.startswith("I don't know that from my sources.\n")
    assert f"I have read <i>{TITLE}</i>." in text
    assert "for example <i>How much is the deal worth?</i>" in text
    assert "reply_markup" not in reply.params


async def test_start_and_help_explain_the_bot_and_list_the_articles(bot: RunningBot) -> None:
    for command in ("/start", "/help"):
        [reply] = await bot.say(command)
        text = reply.params["text"]
        assert text.startswith("I answer questions about the news articles I have read")
        assert "<b>In a group</b> use <code>/ask your question</code>" in text
        assert text.endswith(f"<b>Articles</b> (1):\n• <i>{TITLE}</i>")
        assert "/reload" not in text


async def test_help_tells_a_bot_admin_about_the_admin_commands(bot: RunningBot) -> None:
    [reply] = await bot.say("/help", user=bot.admin)
    assert "<b>Admin</b>: /reload the articles, /stats, /unanswered questions." in (
        reply.params["text"])


async def test_a_message_without_words_gets_a_hint(bot: RunningBot) -> None:
    user = bot.fake.user(1002)
    chat = bot.fake.private(user)
    bot.fake.send(chat, user, "", sticker={"file_id": "s1", "file_unique_id": "u1",
                                           "type": "regular", "width": 512, "height": 512,
                                           "is_animated": False, "is_video": False})
    bot.fake.send(chat, user, "/weather tomorrow")
    replies = await bot.fake.wait(count=2, where=lambda c: c.params["chat_id"] == chat["id"])
    assert [r.params["text"].split(",")[0] for r in replies] == [
        "Please ask a question in words"] * 2


async def test_a_question_in_a_photo_caption_is_answered(bot: RunningBot) -> None:
    user = bot.fake.user(1003)
    chat = bot.fake.private(user)
    bot.fake.send(chat, user, "", caption="How much is the contract worth?",
                  photo=[{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}])
    [reply] = await bot.fake.wait(where=lambda c: c.params["chat_id"] == chat["id"])
    assert reply.params["text"].startswith("<b>approximately $1.6bn (€1.5bn)</b>")


async def test_the_questions_are_logged_with_chat_type_and_outcome_only(bot: RunningBot
                                                                        ) -> None:
    await bot.ask("How much is the contract worth?")
    await bot.ask("What is the capital of France?")
    store = bot.services.engine.store
    assert await store.question_counts() == {"answered": 1, "abstained": 1}
    assert await store.unanswered() == [("what is the capital of france?", 1)]
