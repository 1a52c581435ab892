"""Token stuffing (services/abuse_stuffing): noise that is not writing (emoji, punctuation, random
letters, mixed scripts, bare digits, keys, word salad, lorem ipsum) is cut, while long honest
pastes (code, tables, logs, checksums, emoji chats, inflected languages) are left alone."""

from __future__ import annotations

import hashlib
import inspect
import random
import re

import pytest

from chatapp.services import abuse, guardian
from chatapp.services.abuse import Action
from chatapp.services.abuse_defaults import DEFAULT_PATTERNS
from chatapp.services.abuse_stuffing import _key_chars

PATTERNS = abuse.compile_patterns((None, p, kind, action) for p, kind, _severity, action in DEFAULT_PATTERNS)
rng = random.Random(17)


def verdict(text: str) -> abuse.Verdict:
    return abuse.assess(text, patterns=PATTERNS)


def pick(alphabet: str, count: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(count))


NOUNS = ("pepper trumpet yesterday marble lantern harbour igloo lobster rocket mirror carpet falcon "
         "tulip engine glacier wombat banjo thunder unicorn yeti nectar anchor saddle candle eagle "
         "lemon window sponge velvet copper orbit jigsaw quartz noodle crayon walnut zipper").split()
LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut "
         "labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco").split()


@pytest.mark.parametrize("kind, text", [
    ("emoji after a question", "What's the weather in Oslo in March? " + " ".join(
        pick("😉😎🤔🙂🙃🔥👻🍕🎉🚀", rng.randint(1, 12)) for _ in range(400))),
    ("punctuation", pick("]+^_&-[,|<)%~(`*=>/{}@!?;:.$#", 900)),
    ("many scripts", " ".join(pick("匒У榐ฎڳ┞┨箛иڐ∰ゅ剜⋉谸てば∋د┠奾躠淯ۘҤ摓╓Јあ∧りآъ蝆⋄сと", rng.randint(2, 9))
                              for _ in range(200))),
    ("random letters", " ".join(pick("abcdefghijklmnopqrstuvwxyz", rng.randint(3, 30)) for _ in range(80))),
    ("random case", " ".join(pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", rng.randint(2, 11))
                             for _ in range(120))),
    ("a digit matrix", "\n".join(",".join(pick("0123456789", 1) for _ in range(20)) for _ in range(300))),
    ("hashes", "\n".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(14))),
    ("word salad", " ".join(rng.choice(NOUNS + ["and", "of", "the", "is"]) + rng.choice(["", "", "", ".", ","])
                            for _ in range(1_500))),
    ("a short word salad", " ".join(rng.choice(NOUNS) for _ in range(130))),
    ("lorem ipsum", " ".join(rng.choice(LOREM) for _ in range(3_000))),
])
def test_noise_is_cut(kind, text):
    result = verdict(text)
    assert result.action in (Action.TRUNCATE, Action.COMPRESS), (kind, result.reasons)
    assert result.reasons[0].startswith("token_stuffing"), result.reasons


POLISH = ("Zebranie wspólnoty odbyło się w czwartek wieczorem w sali na parterze. Zarząd przedstawił "
          "sprawozdanie finansowe za ubiegły rok oraz plan remontu dachu, który od dawna przecieka nad "
          "klatką schodową. Mieszkańcy zgłaszali problemy z parkowaniem i hałasem z pobliskiej budowy, "
          "a kilka osób skarżyło się na zbyt późne odśnieżanie chodników. Postanowiono zlecić ekspertyzę "
          "instalacji gazowej przed zimą i wymienić oświetlenie w piwnicach na energooszczędne lampy. "
          "Pani Kowalska zaproponowała posadzenie nowych drzew przy wejściu, co spotkało się z aprobatą "
          "większości obecnych. Dyskutowano również o podwyżce opłat za wywóz śmieci, którą gmina "
          "zapowiedziała od stycznia. Kolejne spotkanie zaplanowano na marzec, a protokół zostanie "
          "rozesłany pocztą elektroniczną do wszystkich właścicieli mieszkań.")
FINNISH = ("Taloyhtiön kokous pidettiin torstaina kerhohuoneessa, ja paikalla oli lähes kolmekymmentä "
           "osakasta. Hallitus esitteli viime vuoden tilinpäätöksen sekä katon korjaussuunnitelman, jonka "
           "kustannusarvio nousi selvästi edellisestä. Asukkaat kertoivat pysäköintiongelmista, lumitöiden "
           "viivästymisestä ja lähellä olevan työmaan melusta, joka alkaa usein jo aamuseitsemältä. "
           "Päätettiin tilata kaasuputkiston tarkastus ennen talvea ja vaihtaa kellarin valaisimet "
           "energiaa säästäviin. Isännöitsijä lupasi selvittää jätehuollon uudet maksut, jotka kunta "
           "nostaa tammikuussa. Seuraava kokous pidetään maaliskuussa, ja pöytäkirja lähetetään "
           "sähköpostilla kaikille osakkaille mahdollisimman pian kokouksen jälkeen.")


@pytest.mark.parametrize("kind, text", [
    ("python source", "Can you review this module?\n\n```python\n" + inspect.getsource(guardian)[:9_000] + "\n```"),
    ("a psql table", "Which orders look wrong?\n" + "\n".join(
        f"│ {i:>4} │ {rng.choice(['Widget A', 'Gadget Pro', 'Cable 1m'])} │ {rng.random() * 500:>9.2f} │ paid │"
        for i in range(150))),
    ("a project tree", "Is this layout sensible?\n" + "\n".join(
        f"│   ├── {d}_{rng.choice(['util', 'model', 'view'])}_{i}.py" for d in ("src", "tests", "docs") for i in range(30))),
    ("integers with a header", "Which user ids appear twice?\nuser_id,order_id,amount_cents\n" + "\n".join(
        f"{rng.randint(10_000, 99_999)},{rng.randint(100_000, 999_999)},{rng.randint(100, 99_999)}" for _ in range(500))),
    ("sensor readings", "Daily min and max please.\ntimestamp;temp;hum\n" + "\n".join(
        f"2024-03-{d:02d} {h:02d}:{m:02d}:00;{20 + rng.random() * 4:.2f};{35 + rng.random() * 15:.1f}"
        for d in range(1, 8) for h in range(24) for m in (0, 30))),
    ("checksums with file names", "Do these match the release page?\n" + "\n".join(
        f"{hashlib.sha256(str(i).encode()).hexdigest()}  release-{i}.tar.gz" for i in range(20))),
    ("an emoji chat", "Summarise this group chat:\n" + "\n".join(
        f"[{h}:{m:02d}] {rng.choice(['Ana', 'Ben', 'Cy'])}: {rng.choice(['lol 😂😂', 'running late 🏃‍♂️💨', 'ok 👍 see you', 'happy birthday!! 🎉🎉', 'the family 👨‍👩‍👧 says hi'])}"
        for h in range(10, 22) for m in range(0, 60, 4))),
    ("Polish", "Przetłumacz proszę ten protokół na angielski.\n\n" + POLISH),
    ("Finnish", "Käännä tämä pöytäkirja englanniksi, kiitos.\n\n" + FINNISH),
])
def test_long_honest_pastes_are_not_noise(kind, text):
    result = verdict(text)
    assert result.action == Action.ALLOW, (kind, result.reasons)


def test_key_characters_are_counted_as_the_regular_expression_counts_them():
    """Runs of 16+ ASCII letters and digits with both in them, as the regular expression the count
    replaced found them (it tried every start of a long run of letters to the run's end)."""
    keys = re.compile(rb"(?=[a-zA-Z]*[0-9])(?=[0-9]*[a-zA-Z])[a-zA-Z0-9]{16,}")
    chance = random.Random(5)
    for _ in range(2_000):
        alphabet = chance.choice([b"abQ7", b"abQ", b"79", b"a7777"])
        data = bytes(chance.choice(b"aZ09 ,-\n\xc3\xa9_") if chance.random() < 0.05 else chance.choice(alphabet)
                     for _ in range(chance.randint(0, 200)))
        assert _key_chars(data) == sum(map(len, keys.findall(data))), data
