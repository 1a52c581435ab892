"""Abuse patterns, third round: rows seeded by 0004 or 0005 and never edited are replaced by the
new defaults (staying in character is no longer a warning on its own: honest role play asks for
it; more wordings and languages for attacks and notes left for an AI in pasted content); rows an
administrator added or edited stay as they are, and a default an administrator deleted is not
brought back.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00
"""
from typing import Sequence, Union

from chatapp.services import abuse_rounds

revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# sha256 (first 16 hex digits) of every default as of 0005: what is not among them is new here.
DEFAULTS_OF_0005 = frozenset((
    '046458eb42fe81ba', '0560e9f7a9232f0c', '073417675a805ed8', '0837583548ec6bd0', '08f3f0046e819a18',
    '0bc6de4ae76162da', '0f4f84b3ce3873c7', '139a20ffeab5e978', '1ac1693cab2cc6e8', '22a01ac4750e5c2c',
    '2d5d73baa33a9f10', '31bae8f9b25bcb3f', '3780ef70aefb7f6d', '38caa4155ed6eed6', '3f051b90c3b2c645',
    '442703f58755fe7d', '45677b5005872ed8', '45d742c891216156', '482a9e93a3259bec', '48969ba2099157a3',
    '4923c811887a7015', '49c0f27efecf572f', '4bab3bd1a4d53de4', '4c29b796742d7d2e', '4db0f68736ec793e',
    '52f6181b0eedb6c4', '5543f6a78a64e336', '568b4430c220e9b6', '5ad947fda960fb02', '5baea9f467de1da2',
    '5f89462c5e73c787', '606beea5339f0600', '61745c63210397c8', '623ef59e096aaee8', '6484b090426693c8',
    '64d0e1a35d002762', '64ec81a376064975', '68de2f706d5e6e51', '6c7473832874fd8c', '70fed892f0d7550a',
    '7b1019f5511d3ba3', '7bbbe693089a19d3', '7bf363731aaa358a', '7f14ce36a2be83b1', '819244aad7b704a9',
    '8abd640bb175d623', '8f925efd71e9615b', '956ae79a0180c94c', '99870b3467b5e455', '9e3cbfe3c10c1976',
    '9e84311f20f4c578', '9ebf61b6eb8943a8', 'a29fc95f9c17245e', 'a3c4eed000f92458', 'a7720b58aef6a185',
    'a7755d0473e73339', 'aa4a46132859cdf5', 'ab575f36d488289b', 'af1125480fa6f824', 'b02a392471b63a41',
    'b4bc4eda9c88c0e8', 'b5e793407dbe4277', 'b7a367a8d60db043', 'bb8b0dbbfb79d8d7', 'bd992fbabe805ec4',
    'bec65d86c1f1b298', 'bf1e7491390e8b96', 'c1dd0ad010106a64', 'c4af92e311213679', 'c4c03d9c6e5f596b',
    'cdc8de5d14337102', 'd336c5ea9a44d11a', 'd3ed042b95620edd', 'd53480edb2ba381d', 'd58b632a644a03e3',
    'd7a88c7331d153f9', 'dc01d125c10fc98d', 'dd5ad3166f42aad0', 'e680b97265ea3374', 'ed7df6e5497f79eb',
    'ee28695400d08af0', 'f00825e69127b3f7', 'f10c3ad5808d5465', 'f5a694470afe7653', 'f5c1cae0c6e9a701',
    'fbbede9665474fc6', 'fc059eea3b2983f2',
))
# sha256 (first 16 hex digits) of the defaults this revision added, as they were written for it: a
# downgrade removes them even once later revisions have changed the defaults again.
ADDED_HERE = frozenset((
    '0bbb00113431d7ba', '16a6f2af81bdda6f', '1bda036a38470b54', '1ffb715b19bdf521', '209e5a86bdf8cd30',
    '23b0bced65084cd7', '2fd1c3bd3eba8d34', '324a9b261c2a0210', '49588d66e217c235', '55d7439805107b93',
    '58ba07f924da655d', '597a8ffb6557e6be', '68c4c7216960e1aa', '69261ff2d4b7ac09', '78510c65821e3186',
    '7e396a8776f4d96c', '84e07441d247e0ac', '857f5725147ef674', '8bcfc56405551786', '8ccc800c3c4a4d26',
    '95b9abc1dd1628f3', '9742cccb99d8d0cc', '9981128c7429caf7', '9b814eaed4bbc437', 'a2a4e9fa0ec0846f',
    'ae9b3674a5f24210', 'bb194ff6d08ea91e', 'bb55df13ca89b988', 'bb576612cac6e52a', 'bd7bce95ba628f3e',
    'c251a044dd93d30e', 'c4e73bffccad6b6c', 'c68f9ea85b5a87df', 'c6a91b276b6c26eb', 'c80799410084b5cb',
    'c9d007050dc330b8', 'ca272c5c5502fbdc', 'cb32a92d743d858e', 'd32c861f9a3f572f', 'd66c340c2ff8a671',
    'd76b7c977051a3af', 'ddda840fd23c5192', 'df487dc85bd54a71', 'e0c2998b6f02ca92', 'e647721d98417090',
    'ea7cab45df2ac96f', 'f3f29a33869c79e7', 'f47cce28479c90d2', 'f7b237867ba62653', 'f94492a1ec69a439',
    'fad14b47eaeabb08',
))
# 0005's defaults that the new ones replace (kept whole so that a downgrade can put them back).
SUPERSEDED = (
    ('(?#requires: dan anything)\\bdo anything now\\b|\\bdan mode\\b|\\b(you are|you re|act as|pretend to be|become|play|now|called|named|stay|remain|be|tu es|du bist|eres|sei)( \\w+){0,3} dan\\b',
     'jailbreak', 'high', 'block'),
    ('(?#requires: character persona wall story refusing refuse refusal refusals warnings disclaimers hesitation censorship jamais personnage niegues personaje)\\b(stay|remain|keep) in character\\b|\\bnever (drop|break|leave) (the |your )?(persona|character)\\b|\\b(don t|do not|never) break (character|the fourth wall|the story)\\b|\\b(answer|respond|reply|comply|go ahead)( \\w+){0,4} without (refusing|refusal|any refusals|warnings|disclaimers|hesitation|censorship)\\b|\\b(never|don t|do not|must not|won t|will not) (refuse|add (any )?warnings|add (any )?disclaimers)\\b|\\btrained you to refuse\\b|\\b(ne refuse jamais|reste dans ton personnage|nunca te niegues|rompe el personaje)\\b',
     'jailbreak', 'medium', 'warn'),
    ('\\b(opposite day|anti gpt|antigpt|always intelligent and machiavellian|strive to avoid norms|evil confidant|developer mode output|jailbreak prompt|evilbot|betterdan|stan prompt|mandatory bullshit warning|do the opposite of what your rules|opposite bot)\\b|\\b(whatever|everything) (your|ur) (rules|guidelines|instructions|programming) (tell|say|require)( \\w+){0,6} (opposite|reverse)\\b',
     'jailbreak', 'high', 'block'),
    ('(?#requires: new actual real true updated current revised previous old)\\b(your|ur) (new|actual|real|true|updated) (instructions|directives|orders|programming|guidelines|rules) (are|is)\\b|\\b(new|current|updated|revised|previous|old) (system prompt|system message)( \\w+){0,2} (is|are|reads|deleted|revoked|supersedes|replaced|you are)\\b|\\b(is|as|here is|this is) the new (system prompt|system message|instructions)\\b',
     'jailbreak', 'high', 'block'),
    ('\\b(forget|ignore|disregard|skip|drop) the (guidelines|rules|safety rules|instructions|restrictions|filters|content policy)\\b(?! of\\b)|\\b(nobody|no one) (s|is) (watching|looking|checking)\\b',
     'jailbreak', 'low', 'warn'),
    ('(?#requires: reading processing summarizing summarising parsing seeing reviewing analyzing analysing translating)\\b(ai|llm|bot|assistant|chatbot|model|language model|agent|gpt|summari[sz]er|reviewer)s?( \\w+){0,2} (reading|processing|summari[sz]ing|parsing|seeing|reviewing|analy[sz]ing|translating) (this|these|the following)\\b',
     'injection', 'high', 'block'),
    ('(?#requires: conversation chat messages history data credentials key password cookies token secrets context memory)\\b(send|forward|post|email|upload|exfiltrate|transmit|include|append|encode)( \\w+){0,2} (the |all |their |your |this )?(conversation|chat|messages|history|data|credentials|api key|password|passwords|cookies|token|secrets|context|memory)( \\w+){0,6} (to|at|via|into|in) (https?|www|the url|the link|this url|this link|an? (url|link|image))\\b',
     'injection', 'high', 'block'),
    ('\\b(ignoriere|vergiss|missachte)( \\w+){0,3} (anweisungen|regeln|instruktionen|vorgaben|richtlinien)\\b',
     'jailbreak', 'high', 'block'),
    ('\\b(reveal|show|print|repeat|output|display|tell me|what is|what s|whats|what are|give me|leak|dump|share|recite|write out|list|spell out|copy|paste|echo|translate|summarise|summarize|paraphrase|quote|reproduce)( \\w+){0,4} ((your|ur)( (?:system|initial|hidden|original|secret|confidential|internal|developer|operator|private|pre|starting|first|exact|full|complete|verbatim|real|underlying))*|(its|the|these|those|all|any)( (?:system|initial|hidden|original|secret|confidential|internal|developer|operator|private|pre|starting|first|exact|full|complete|verbatim|real|underlying))+) (?:system prompt|system message|system instructions|prompt|instructions|rules|guidelines|pre ?prompt|configuration|directives)\\b(?! (for|to|in|on|of|about|from) (my|a|an|this|our|me|your own|their)\\b| (when|if|that you gave|i gave)\\b)',
     'extraction', 'high', 'block'),
    ('(?#requires: before first opening initial operator developer top)\\b(everything|all|whatever|anything|text|words)( \\w+){0,4} (before|preceding|prior to) (my|the) (first|initial|opening) (message|prompt|question)\\b|\\b(first|opening|initial) (\\d+ |\\w+ )?(words|lines|sentences|characters|tokens|messages?) of (this|the|our) (conversation|chat|context)\\b|\\b(operator|developer|system|admin) (wrote|said|put|gave|told you)( \\w+){0,2} before me\\b|\\b(instructions|rules|text|prompt) (at the top|at the start|at the beginning) of (this|the) (chat|conversation)\\b',
     'extraction', 'high', 'block'),
    ("\\b(send|forward|exfiltrate|email|upload|transmit|leak|share|reply with|append|post)\\b( \\S+){0,4} (the |their |your |all )?(conversation|chat history|full chat history|chat log|previous messages|user'?s?( saved| full)? (data|passwords?|calendar|address|chat history|messages)|saved passwords|api keys?|credentials|system prompt|passwords?)\\b",
     'injection', 'high', 'block'),
    ('(?#requires: reading processing summarizing summarising parsing seeing)\\b(ai|llm|bot|assistant|chatbot|model|language model|agent)s?( assistant)? (reading|processing|summari[sz]ing|parsing|seeing) this\\b',
     'injection', 'high', 'block'),
    ('\\bnew (instruction|instructions|task|directive|rule)s?\\s*:|\\b(assistant|ai|model|llm) (must|should|shall) (respond|reply|say|answer|output)\\b',
     'injection', 'medium', 'warn'),
    ('(?#requires: system prompt)\\b(system prompt|system message|system instructions?) (update|override|change|patch)\\s*:|\\[(persistent memory|memory update|memory)\\]',
     'injection', 'high', 'block'),
)


def upgrade() -> None:
    abuse_rounds.upgrade(known=DEFAULTS_OF_0005, superseded=SUPERSEDED)


def downgrade() -> None:
    abuse_rounds.downgrade(known=DEFAULTS_OF_0005, superseded=SUPERSEDED, added_here=ADDED_HERE)
