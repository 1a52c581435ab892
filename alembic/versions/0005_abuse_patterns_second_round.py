"""Abuse patterns, second round: rows seeded by 0004 and never edited are replaced by the new
defaults (injection notes left for an AI in pasted content, the same attacks in Portuguese, Dutch
and Italian, the CSS-hiding warning dropped); rows an administrator added or edited stay as they
are, and a default an administrator deleted is not brought back.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:00:00
"""
from typing import Sequence, Union

from chatapp.services import abuse_rounds

revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# sha256 (first 16 hex digits) of every pattern 0004 seeded: what is not among them is new here.
SEEDED_BY_0004 = frozenset((
    '0560e9f7a9232f0c', '0837583548ec6bd0', '08f3f0046e819a18', '0bc6de4ae76162da', '0f4f84b3ce3873c7',
    '17b3dc910acc9e8c', '19b15430d2a32146', '2a4ff0f906aca493', '2d5d73baa33a9f10', '31bae8f9b25bcb3f',
    '3780ef70aefb7f6d', '3f051b90c3b2c645', '442703f58755fe7d', '45677b5005872ed8', '45d742c891216156',
    '482a9e93a3259bec', '4923c811887a7015', '49c0f27efecf572f', '4db0f68736ec793e', '5543f6a78a64e336',
    '568b4430c220e9b6', '5ad947fda960fb02', '5baea9f467de1da2', '5f89462c5e73c787', '606beea5339f0600',
    '61745c63210397c8', '623ef59e096aaee8', '6484b090426693c8', '64d0e1a35d002762', '64ec81a376064975',
    '6c7473832874fd8c', '6f3b3c9d7a69c371', '70fed892f0d7550a', '7734e0173bbd4306', '7b1019f5511d3ba3',
    '7bbbe693089a19d3', '7bf363731aaa358a', '7f14ce36a2be83b1', '7f6d8acd137afaee', '819244aad7b704a9',
    '8abd640bb175d623', '956ae79a0180c94c', '99870b3467b5e455', '9e3cbfe3c10c1976', '9e84311f20f4c578',
    '9ebf61b6eb8943a8', 'a0fec773bc4efcf4', 'a29fc95f9c17245e', 'a7720b58aef6a185', 'a7755d0473e73339',
    'ab575f36d488289b', 'b5e793407dbe4277', 'b7a367a8d60db043', 'bb8b0dbbfb79d8d7', 'bd992fbabe805ec4',
    'be62c8d80ea5b194', 'bec65d86c1f1b298', 'bf1e7491390e8b96', 'c1dd0ad010106a64', 'c4af92e311213679',
    'c4c03d9c6e5f596b', 'cdc8de5d14337102', 'd336c5ea9a44d11a', 'd3ed042b95620edd', 'd53480edb2ba381d',
    'd58b632a644a03e3', 'd7a88c7331d153f9', 'dc01d125c10fc98d', 'dd5ad3166f42aad0', 'dd68328d1b972eb7',
    'e680b97265ea3374', 'e99d3a6949b42ced', 'ee28695400d08af0', 'f00825e69127b3f7', 'f5c1cae0c6e9a701',
    'fbbede9665474fc6', 'fc059eea3b2983f2',
))
# sha256 (first 16 hex digits) of the defaults this revision added, as they were written for it: a
# downgrade removes them even once later revisions have changed the defaults again.
ADDED_HERE = frozenset((
    '046458eb42fe81ba', '073417675a805ed8', '139a20ffeab5e978', '1ac1693cab2cc6e8', '22a01ac4750e5c2c',
    '38caa4155ed6eed6', '48969ba2099157a3', '4bab3bd1a4d53de4', '4c29b796742d7d2e', '52f6181b0eedb6c4',
    '68de2f706d5e6e51', '8f925efd71e9615b', 'a3c4eed000f92458', 'aa4a46132859cdf5', 'af1125480fa6f824',
    'b02a392471b63a41', 'b4bc4eda9c88c0e8', 'ed7df6e5497f79eb', 'f10c3ad5808d5465', 'f5a694470afe7653',
))
# 0004's defaults that the new ones replace (kept whole so that a downgrade can put them back).
SUPERSEDED = (
    ('\\b(ignore|ignoring|disregard|disregarding|forget|override|overriding|bypass|bypassing|skip|discard|abandon|neglect|erase|ditch|circumvent)(?: \\w+){0,4} (previous|prior|above|earlier|preceding|all|any|every|your|ur|these|those|initial|original|system|former|past|old|safety|content)(?: \\w+){0,3} (?:instructions?|rules|guidelines|directives|prompts?|restrictions|constraints|programming|guardrails|polic(?:y|ies)|filters?|training|commands|orders|messages?|guidance|ethics|alignment|safeguards|limitations)\\b',
     'jailbreak', 'high', 'block'),
    ('(?#requires: void suspended lifted removed disabled revoked deleted null cancelled invalid obsolete outdated overridden matter apply written exist updated changed replaced relaxed)\\b((your|ur|its|the safety|the content|safety|content|ethical|the ai s|ai)( \\w+){0,2} (rules|instructions|guidelines|restrictions|policies|policy|filters|programming|training|limits|limitations|guardrails|ethics)|(the )?(old|previous|prior|earlier|original) (instructions|guidelines|system prompt)|the old rules)( \\w+){0,5} (void|suspended|lifted|removed|disabled|revoked|deleted|null|cancelled|invalid|obsolete|outdated|overridden|matter|apply|exist|written|updated|changed|replaced|relaxed)\\b',
     'jailbreak', 'high', 'block'),
    ('(?#requires: rules restrictions filters guardrails guidelines safeguards censorship)\\b(bypass|bypassing|circumvent|circumventing|evade|evading)( any| all| the| your| its| ur)?( safety| content)? (rules|restrictions|filters|guardrails|guidelines|safeguards|censorship)\\b',
     'jailbreak', 'medium', 'warn'),
    ('\\b(forget|ignore|disregard|skip|drop) the (guidelines|rules|safety rules|instructions|restrictions|filters|content policy)\\b|\\b(nobody|no one) (s|is) (watching|looking|checking)\\b',
     'jailbreak', 'low', 'warn'),
    ('(?#requires: beginning top start context memory)\\b(what|everything|all|the text|the content)( \\w+){0,3} (is|was|written|said|stated|appears)( \\w+){0,2} (at the (beginning|top|start) of|in) (this|the|your) (conversation|context|prompt|context window|memory|chat)\\b',
     'extraction', 'high', 'block'),
    ('\\b(ignore|ignorez|oublie|oubliez)( \\w+){0,3} (instructions|r[eè]gles|consignes)\\b',
     'jailbreak', 'high', 'block'),
    ('\\b(reveal|show|print|repeat|output|display|tell me|what is|what s|whats|what are|give me|leak|dump|share|recite|write out|list|spell out|copy|paste|echo|translate|summarise|summarize|paraphrase|quote|reproduce)( \\w+){0,4} ((your|ur|its)( (?:system|initial|hidden|original|secret|confidential|internal|developer|operator|private|pre|starting|first|exact|full|complete|verbatim|real|underlying))*|(the|these|those|all|any)( (?:system|initial|hidden|original|secret|confidential|internal|developer|operator|private|pre|starting|first|exact|full|complete|verbatim|real|underlying))+) (?:system prompt|system message|system instructions|prompt|instructions|rules|guidelines|pre ?prompt|configuration|directives)\\b(?! (for|to|in|on|of|about|from) (my|a|an|this|our|me|your own|their)\\b| (when|if|that you gave|i gave)\\b)',
     'extraction', 'high', 'block'),
    ("\\b(send|forward|exfiltrate|email|upload|transmit|leak|share|reply with)\\b( \\S+){0,4} (the |their |your |all )?(conversation|chat history|full chat history|chat log|previous messages|user'?s?( saved| full)? (data|passwords?|calendar|address|chat history|messages)|saved passwords|api keys?|credentials|system prompt|passwords?)\\b",
     'injection', 'high', 'block'),
    ('\\b(note to|note for|message to|message for|attention|hey|dear|psst|instructions for) (the |any |all |every )?(ai|assistant|llm|model|chatbot|bot|language model|gpt|agent)s?( \\w+)?\\W{0,3}[,:]',
     'injection', 'high', 'block'),
    ('(?#requires: font display visibility opacity)\\b(font-size\\s*:\\s*0|display\\s*:\\s*none|visibility\\s*:\\s*hidden|opacity\\s*:\\s*0)\\b',
     'injection', 'low', 'warn'),
)


def upgrade() -> None:
    abuse_rounds.upgrade(known=SEEDED_BY_0004, superseded=SUPERSEDED)


def downgrade() -> None:
    abuse_rounds.downgrade(known=SEEDED_BY_0004, superseded=SUPERSEDED, added_here=ADDED_HERE)
