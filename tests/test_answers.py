"""Answering from articles on a real SQLite file: the short answer and the quoted sentence
survive typos, casing, terse questions and paraphrase; off-topic questions are not answered;
the runners-up are kept as candidates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facts import Engine
from facts.answer import best_fact
from facts.extract import extract_facts
from facts.text import stem, words

RAIL = """\
Norland is close to signing a contract with Velmar Rail to run its northern commuter \
network, reports the Coastal Ledger.
People briefed on the talks said the seven-year contract, valued at approximately $2.3bn \
(€2.1bn), still needs the approval of the transport regulator.
Norwegian Prime Minister Ingrid Halvorsen called the agreement a milestone for the region.
Velmar Rail, led by Bianca Holm, has run trains in the south of the country since early 2019.
Tomas Berg, chief financial officer of Velmar Rail, said the trains would be paid for in cash.
The network carries more than three million passengers a month across over 40 towns and \
villages.
Velmar will test eight prototype hydrogen trains on the coastal line later in March 2026.
The March run will be the operator's fifth trial of hydrogen engines.
Fares on the northern lines will fall by 12% once the contract starts.
The Velmar ticket app already has more than 900,000 users.
The northern network runs on 620 km of track, most of it single-line.
A monthly pass will cost €89 in Norland and £76 for travellers from the UK.
Opposition politicians have criticised the deal since mid-2024, arguing that it favours a \
foreign operator.
"""

PORT = """\
Dockworkers at Port Halvik voted on Sunday to extend their strike for another ten days.
The walkout, the third at the port this year, has left about 1,800 containers stranded on \
the quays.
Shipping lines have lost an estimated $310m (£245m) since the stoppage began.
Marta Quinn, who leads the Harbour Workers Union, said her members want a pay rise of 9%.
The port authority has offered 4%, spread over two years.
About 2,400 workers at Port Halvik belong to the union.
The port covers more than 450 hectares of reclaimed land and employs 3,100 people.
A second ballot of the members is scheduled for June 3.
Union veteran Ola Brandt, 63, replaced Piet Ruud as chief negotiator.
Talks with the port authority were adjourned on Monday and resume at 9:30 a.m. on Friday.
"""

BUDGET = """\
The Arlenburg city council approved a budget of €1.2bn for 2025 on Tuesday.
Mayor Lucia Ferrante said most of the money would go to schools and public transport.
The city will hire 300 new teachers and buy 45 electric buses.
Property taxes will rise by 3% for the first time since 2016.
The budget vote passed by 31 votes to 18.
Deputy Mayor Zoë Brønnum will oversee the purchase of the buses from March 2025.
"""

TRANSFER = """\
Bramhall United have signed the striker Leo Marchetti from Porto for a fee of around £68m.
Marchetti has agreed a five-year contract with the club.
The 24-year-old scored 27 goals in all competitions last season.
Bramhall United coach Sanne Dijkstra said the signing was the club's biggest in a decade.
Porto coach Rui Almeida said Bramhall United had paid a fair price for the striker.
The club's new stadium will hold 52,000 fans when it opens in August 2026.
Its roof weighs 3,000 tonnes and rises 45 metres above the pitch.
"""

ARTICLES = {
    "rail-deal": ("Norland nears $2.3bn rail deal with Velmar; hydrogen trains to follow", RAIL),
    "port-strike": ("Dockworkers at Port Halvik extend their strike", PORT),
    "city-budget": ("Arlenburg council approves a record city budget", BUDGET),
    "football-transfer": ("Bramhall United sign striker Leo Marchetti", TRANSFER),
}


def sentence(seed_id: str, start: str) -> str:
    """The one sentence of an article that begins with ``start``, verbatim."""
    (found,) = [s for s in ARTICLES[seed_id][1].splitlines() if s.startswith(start)]
    return found


CONTRACT = sentence("rail-deal", "People briefed")
HYDROGEN = sentence("rail-deal", "Velmar will test")


@pytest.fixture
async def corpus(engine: Engine, tmp_path: Path, write_seed: Callable[..., Path]) -> Engine:
    """The engine with the four articles above loaded."""
    folder = tmp_path / "news"
    for seed_id, (title, body) in ARTICLES.items():
        write_seed(folder, seed_id, body, title=title)
    diff = await engine.reload(folder)
    assert sorted(s.seed_id for s in diff.seeds) == sorted(ARTICLES)
    return engine


# (question, short answer, seed id, start of the quoted sentence)
ANSWERED = [
    pytest.param(
        "How much is the rail contract worth?",
        "approximately $2.3bn (€2.1bn)",
        "rail-deal",
        "People briefed",
        id="money",
    ),
    pytest.param(
        "how mcuh is teh rail deal wroth",
        "approximately $2.3bn (€2.1bn)",
        "rail-deal",
        "People briefed",
        id="money-typos",
    ),
    pytest.param(
        "DEAL VALUE",
        "approximately $2.3bn (€2.1bn)",
        "rail-deal",
        "People briefed",
        id="money-terse-upper-case",
    ),
    pytest.param(
        "What is the Velmar agreement worth?",
        "approximately $2.3bn (€2.1bn)",
        "rail-deal",
        "People briefed",
        id="money-paraphrase",
    ),
    pytest.param(
        "How long is the Velmar contract?",
        "seven-year",
        "rail-deal",
        "People briefed",
        id="duration",
    ),
    pytest.param(
        "When will the hydrogen trains be tested?",
        "later in March 2026",
        "rail-deal",
        "Velmar will test",
        id="date-later-in",
    ),
    pytest.param(
        "Since when have opposition politicians criticised the deal?",
        "since mid-2024",
        "rail-deal",
        "Opposition",
        id="date-since",
    ),
    pytest.param(
        "How many passengers does the network carry?",
        "more than three million passengers",
        "rail-deal",
        "The network",
        id="count-number-words",
    ),
    pytest.param(
        "Velmar app users?",
        "more than 900,000 users",
        "rail-deal",
        "The Velmar ticket app",
        id="count-terse-users",
    ),
    pytest.param(
        "HOW MANY PROTOTYPE TRAINS WILL VELMAR TEST?",
        "eight prototype hydrogen trains",
        "rail-deal",
        "Velmar will test",
        id="count-upper-case",
    ),
    pytest.param("What percent will fares fall?", "12%", "rail-deal", "Fares", id="percent"),
    pytest.param(
        "What number strike is the Halvik walkout?",
        "third",
        "port-strike",
        "The walkout",
        id="ordinal",
    ),
    pytest.param(
        "who leds velmar rial",
        "Bianca Holm",
        "rail-deal",
        "Velmar Rail, led by",
        id="person-led-by-typos",
    ),
    pytest.param(
        "Who leads the Harbour Workers Union?",
        "Marta Quinn",
        "port-strike",
        "Marta Quinn",
        id="person-who-leads",
    ),
    pytest.param(
        "Which newspaper reported the rail talks?",
        "Coastal Ledger",
        "rail-deal",
        "Norland is close",
        id="organisation",
    ),
    pytest.param(
        "Where is Marchetti from?",
        "Porto",
        "football-transfer",
        "Bramhall United have signed",
        id="place",
    ),
    pytest.param(
        "how long will the strike at port halvik be extended",
        "ten days",
        "port-strike",
        "Dockworkers",
        id="duration-lower-case",
    ),
    pytest.param(
        "How much have shipping lines lost?",
        "an estimated $310m (£245m)",
        "port-strike",
        "Shipping lines",
        id="money-paired",
    ),
    pytest.param(
        "how mnay fans will teh stadum hold",
        "52,000 fans",
        "football-transfer",
        "The club's new stadium",
        id="count-typos",
    ),
    pytest.param(
        "Marchetti fee?",
        "around £68m",
        "football-transfer",
        "Bramhall United have signed",
        id="money-terse",
    ),
    pytest.param(
        "What percentage will property taxes rise?",
        "3%",
        "city-budget",
        "Property taxes",
        id="percent-paraphrase",
    ),
    pytest.param(
        "By how much will fares fall?",
        "12%",
        "rail-deal",
        "Fares",
        id="percent-asked-how-much",
    ),
    pytest.param(
        "How much did the port authority offer?",
        "4%",
        "port-strike",
        "The port authority",
        id="offer-asked-how-much",
    ),
    pytest.param(
        "stadium capacity",
        "52,000 fans",
        "football-transfer",
        "The club's new stadium",
        id="terse-capacity",
    ),
    pytest.param(
        "passengers?",
        "more than three million passengers",
        "rail-deal",
        "The network",
        id="terse-passengers",
    ),
    pytest.param(
        "What union does Marta Quinn lead?",
        "Harbour Workers Union",
        "port-strike",
        "Marta Quinn, who leads",
        id="what-thing-names-it",
    ),
    pytest.param(
        "How many teachers will the city hire?",
        "300 new teachers",
        "city-budget",
        "The city will hire",
        id="count-and-verb",
    ),
    pytest.param(
        "What day was the budget approved?",
        "on Tuesday",
        "city-budget",
        "The Arlenburg city council",
        id="date-of-approval",
    ),
    pytest.param(
        "Which club signed Marchetti?",
        "Bramhall United",
        "football-transfer",
        "Bramhall United have signed",
        id="which-club-signed",
    ),
    pytest.param(
        "When will Zoe Bronnum oversee the bus purchase?",
        "from March 2025",
        "city-budget",
        "Deputy Mayor",
        id="name-without-its-accents",
    ),
    pytest.param(
        "How many hectares does the port cover?",
        "more than 450 hectares",
        "port-strike",
        "The port covers",
        id="how-many-of-a-unit",
    ),
    pytest.param(
        "How many people does the port employ?",
        "3,100 people",
        "port-strike",
        "The port covers",
        id="how-many-beside-a-measure",
    ),
    pytest.param(
        "What did Ferrante say about the money?",
        "most of the money would go to schools and public transport",
        "city-budget",
        "Mayor Lucia Ferrante said",
        id="what-was-said",
    ),
    pytest.param(
        "What did Marta Quinn say?",
        "her members want a pay rise of 9%",
        "port-strike",
        "Marta Quinn, who leads",
        id="what-was-said-before-the-speaker",
    ),
    pytest.param(
        "Who is Velmar's CEO?",
        "Bianca Holm",
        "rail-deal",
        "Velmar Rail, led by",
        id="not-the-holder-of-another-office",
    ),
    pytest.param(
        "Who is the chief financial officer of Velmar?",
        "Tomas Berg, chief financial officer of Velmar Rail",
        "rail-deal",
        "Tomas Berg",
        id="the-office-asked-for",
    ),
    pytest.param(
        "Who is the CFO of Velmar Rail?",
        "Tomas Berg, chief financial officer of Velmar Rail",
        "rail-deal",
        "Tomas Berg",
        id="the-office-by-its-acronym",
    ),
    pytest.param(
        "What percentage pay rise does the HWU want?",
        "9%",
        "port-strike",
        "Marta Quinn, who leads",
        id="an-acronym-spelt-out",
    ),
    pytest.param(
        "What do HWU members want?",
        "a pay rise of 9%",
        "port-strike",
        "Marta Quinn, who leads",
        id="an-acronym-and-what-it-adds",
    ),
    pytest.param(
        "How old is Marchetti?",
        "24-year-old",
        "football-transfer",
        "The 24-year-old",
        id="age",
    ),
    pytest.param(
        "How much will property taxes rise?",
        "3%",
        "city-budget",
        "Property taxes",
        id="how-much-a-rise-is-a-percentage",
    ),
    pytest.param(
        "When is the second ballot?",
        "June 3",
        "port-strike",
        "A second ballot",
        id="date-scheduled-for-a-day",
    ),
    pytest.param(
        "What will Velmar test on the coastal line?",
        "eight prototype hydrogen trains",
        "rail-deal",
        "Velmar will test",
        id="what-the-verb-takes",
    ),
    pytest.param(
        "How old is Ola Brandt?",
        "63",
        "port-strike",
        "Union veteran",
        id="age-between-commas",
    ),
    pytest.param(
        "How long is the northern network?",
        "620 km",
        "rail-deal",
        "The northern network runs",
        id="how-long-a-length",
    ),
    pytest.param(
        "What is the fall in fares?",
        "12%",
        "rail-deal",
        "Fares on the northern lines",
        id="what-is-a-figure",
    ),
    pytest.param(
        "How much is a monthly pass in pounds?",
        "£76",
        "rail-deal",
        "A monthly pass",
        id="amount-in-the-currency-asked",
    ),
    pytest.param(
        "How heavy is the stadium roof?",
        "3,000 tonnes",
        "football-transfer",
        "Its roof weighs",
        id="a-weight-for-how-heavy",
    ),
    pytest.param(
        "How high is the stadium roof?",
        "45 metres",
        "football-transfer",
        "Its roof weighs",
        id="a-height-for-how-high",
    ),
    pytest.param(
        "What time will talks resume?",
        "at 9:30 a.m.",
        "port-strike",
        "Talks with the port authority",
        id="time-of-day",
    ),
]


# Known engine failures (each marked): answers it should give but does not.
WRONG = [
    pytest.param(
        "transfer fee",
        "around £68m",
        "football-transfer",
        "Bramhall United have signed",
        id="terse-transfer-fee",
        marks=pytest.mark.xfail(
            reason="the fee's sentence never says 'transfer', so the engine abstains "
            "(it no longer answers the much weaker rail contract's $2.3bn instead)",
            strict=True,
        ),
    ),
    pytest.param(
        "Which club did Marchetti join?",
        "Bramhall United",
        "football-transfer",
        "Bramhall United have signed",
        id="which-club",
        marks=pytest.mark.xfail(
            reason="the sentence says 'signed', not 'join': the engine abstains",
            strict=True,
        ),
    ),
]


@pytest.mark.parametrize(("question", "short", "seed_id", "start"), ANSWERED + WRONG)
async def test_a_question_is_answered_with_the_fact_and_its_sentence(
    corpus: Engine, question: str, short: str, seed_id: str, start: str
) -> None:
    answer = await corpus.ask(question)

    assert answer.answered is True
    assert answer.answer == short
    assert answer.quote == sentence(seed_id, start)
    assert answer.source is not None
    assert (answer.source.id, answer.source.title) == (seed_id, ARTICLES[seed_id][0])


async def test_a_person_answer_carries_the_name_and_the_role(corpus: Engine) -> None:
    answer = await corpus.ask("Who is the Norwegian prime minister?")

    assert answer.answered is True
    assert answer.intent == "person"
    assert answer.answer == "Norwegian Prime Minister Ingrid Halvorsen"
    assert answer.fact is not None
    assert (answer.fact.kind, answer.fact.value) == ("person", "Ingrid Halvorsen")
    assert answer.quote == sentence("rail-deal", "Norwegian Prime Minister")


async def test_the_normalised_value_comes_with_the_answer(corpus: Engine) -> None:
    answer = await corpus.ask("deal value")

    assert answer.fact is not None
    assert (answer.fact.kind, answer.fact.value) == ("money", "USD 2300000000; EUR 2100000000")


@pytest.mark.parametrize(
    "question",
    [
        "How fast do the hydrogen trains go?",  # the trains are there, their speed is not
        "How tall is Leo Marchetti?",
        "Who is the president of Norland?",
        "How much does a Velmar ticket cost?",
        "What is the capital of France?",
        "What is the price of bitcoin?",
        "Who won the 2022 World Cup?",
        "What did Halvorsen say about Velmar's 2031 results?",  # no article has 2031
        "How much did Norland pay Siemens?",  # no article names Siemens
        "What budget did the council approve for 2026?",  # the budget is for 2025
        "What did Bianca Holm say?",  # she is named, but reported as saying nothing
        "How old is Piet Ruud?",  # the age in his sentence is Ola Brandt's
        "How old is Deputy Mayor Zoë Brønnum?",  # named, but no age: words are no answer
        "How many containers did the fourth walkout leave stranded?",  # it was the third
    ],
)
async def test_a_question_the_articles_do_not_answer_is_not_answered(
    corpus: Engine, question: str
) -> None:
    answer = await corpus.ask(question)

    assert answer.answered is False
    assert (answer.answer, answer.quote, answer.source, answer.fact) == (None, None, None, None)


async def test_an_unanswered_question_still_offers_the_nearest_sentences(
    corpus: Engine,
) -> None:
    answer = await corpus.ask("How fast do the hydrogen trains go?")

    assert answer.answered is False
    assert answer.candidates
    assert answer.candidates[0].quote == HYDROGEN
    assert answer.candidates[0].source.id == "rail-deal"


async def test_the_runners_up_are_kept_as_candidates(corpus: Engine) -> None:
    """The other article's contract length is offered after the answer."""
    answer = await corpus.ask("How long is Marchetti's contract?", top=3)

    assert (answer.answered, answer.answer) == (True, "five-year")
    assert answer.quote == sentence("football-transfer", "Marchetti has agreed")
    assert len(answer.candidates) == 3
    assert answer.candidates[0].quote == answer.quote
    assert (CONTRACT, "seven-year") in [(c.quote, c.answer) for c in answer.candidates[1:]]
    scores = [c.score for c in answer.candidates]
    assert scores == sorted(scores, reverse=True)


async def test_asking_within_one_source_answers_from_it(corpus: Engine) -> None:
    answer = await corpus.ask("How long is the contract?", source="football-transfer")

    assert (answer.answered, answer.answer) == (True, "five-year")
    assert all(c.source.id == "football-transfer" for c in answer.candidates)


@pytest.mark.parametrize(
    "question",
    [
        pytest.param(
            "What is the speed of the hydrogen trains?",
            id="speed-not-given",
        ),
        pytest.param(
            "When will the Port Halvik strike end?",
            id="end-not-given",
            marks=pytest.mark.xfail(
                reason="answers 'on Sunday', the day of the vote to extend the strike", strict=True
            ),
        ),
    ],
)
async def test_questions_the_engine_should_not_answer(corpus: Engine, question: str) -> None:
    answer = await corpus.ask(question)

    assert answer.answered is False


@pytest.mark.parametrize(
    ("question", "names", "expected"),
    [
        ("Who coaches Porto?", ["Porto"], "Rui Almeida"),
        ("Who coaches Bramhall United?", ["Bramhall", "United"], None),  # Porto's coach
    ],
)
def test_an_office_of_another_body_is_not_the_answer(
    question: str, names: list[str], expected: str | None
) -> None:
    quote = sentence("football-transfer", "Porto coach")
    asked = frozenset(stem(w) for w in words(question))

    fact = best_fact(extract_facts(quote), ("person", "organisation"), asked, quote,
                     names=frozenset(stem(n.lower()) for n in names))

    assert (fact.value if fact else None) == expected
