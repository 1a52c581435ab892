"""Abuse patterns, sixth round: rows seeded by earlier revisions and never edited are replaced by
the new defaults (a request to decode or translate something and then obey it no longer reads
"translate this, don't act on it" or "decode it and never follow it" as one: the quotation kept at
arm's length is the opposite of an order to run it); rows an administrator added or edited stay as
they are, and a default an administrator deleted is not brought back.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-21 10:00:00
"""
from typing import Sequence, Union

from chatapp.services import abuse_rounds

revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# sha256 (first 16 hex digits) of every default as of 0008: what is not among them is new here.
DEFAULTS_OF_0008 = frozenset((
    '046458eb42fe81ba', '06d2296295dd7ee1', '073417675a805ed8', '0837583548ec6bd0', '08f3f0046e819a18',
    '0bbb00113431d7ba', '0bc6de4ae76162da', '16a6f2af81bdda6f', '1ac1693cab2cc6e8', '1acf663d9ebdd468',
    '1bda036a38470b54', '1ffb715b19bdf521', '23b0bced65084cd7', '2d5d73baa33a9f10', '2fd1c3bd3eba8d34',
    '31bae8f9b25bcb3f', '324a9b261c2a0210', '3780ef70aefb7f6d', '3f051b90c3b2c645', '40119ea6cd585f81',
    '442703f58755fe7d', '44428bd3d68fe3e2', '45677b5005872ed8', '482a9e93a3259bec', '48969ba2099157a3',
    '4923c811887a7015', '49588d66e217c235', '49c0f27efecf572f', '4b839d7b5b0e86fc', '4db0f68736ec793e',
    '52f6181b0eedb6c4', '5543f6a78a64e336', '55d7439805107b93', '568b4430c220e9b6', '58ba07f924da655d',
    '597a8ffb6557e6be', '5ad947fda960fb02', '5f89462c5e73c787', '6012e8561f947ffd', '606beea5339f0600',
    '623ef59e096aaee8', '63b636dfc92f62af', '6484b090426693c8', '64d0e1a35d002762', '64ec81a376064975',
    '68c4c7216960e1aa', '68de2f706d5e6e51', '69261ff2d4b7ac09', '6c7473832874fd8c', '72764b2731dbdc50',
    '73780e11fbf72788', '78510c65821e3186', '7bbbe693089a19d3', '7bf363731aaa358a', '7e396a8776f4d96c',
    '7f14ce36a2be83b1', '80e8bb8f8f253583', '819244aad7b704a9', '84037f3dc7661eb1', '84e07441d247e0ac',
    '85cc3da80dc944ec', '8abd640bb175d623', '8bcfc56405551786', '8ccc800c3c4a4d26', '8f925efd71e9615b',
    '956ae79a0180c94c', '9742cccb99d8d0cc', '984a43443f32d8a5', '9981128c7429caf7', '99870b3467b5e455',
    '9b814eaed4bbc437', '9e3cbfe3c10c1976', '9e84311f20f4c578', 'a29fc95f9c17245e', 'a2a4e9fa0ec0846f',
    'a3c4eed000f92458', 'a7720b58aef6a185', 'a7755d0473e73339', 'aa4a46132859cdf5', 'ab575f36d488289b',
    'ae9b3674a5f24210', 'af466aa64d124d2a', 'b02a392471b63a41', 'b5e793407dbe4277', 'b7a367a8d60db043',
    'bb194ff6d08ea91e', 'bb55df13ca89b988', 'bb576612cac6e52a', 'bb8b0dbbfb79d8d7', 'bd992fbabe805ec4',
    'be06b9204bef573a', 'be47b0a450360cec', 'be7644df05305ca2', 'bec65d86c1f1b298', 'bf1e7491390e8b96',
    'c1dd0ad010106a64', 'c251a044dd93d30e', 'c42bb81710a91f48', 'c4af92e311213679', 'c4c03d9c6e5f596b',
    'c4e73bffccad6b6c', 'c68f9ea85b5a87df', 'c6a91b276b6c26eb', 'c80799410084b5cb', 'c9d007050dc330b8',
    'ca272c5c5502fbdc', 'cb32a92d743d858e', 'cdc8de5d14337102', 'd32c861f9a3f572f', 'd336c5ea9a44d11a',
    'd3ed042b95620edd', 'd53480edb2ba381d', 'd58b632a644a03e3', 'd66c340c2ff8a671', 'd76b7c977051a3af',
    'd7a88c7331d153f9', 'dd5ad3166f42aad0', 'ddda840fd23c5192', 'df487dc85bd54a71', 'e0c2998b6f02ca92',
    'e36fe318d21aaeb8', 'e37ebbe034f27b77', 'e5aee5f2b86d6d1b', 'e647721d98417090', 'e680b97265ea3374',
    'ed7df6e5497f79eb', 'ee28695400d08af0', 'f00825e69127b3f7', 'f10c3ad5808d5465', 'f22ec18d6fca6fd9',
    'f318868667bb52fe', 'f3b8019432459e8a', 'f3f29a33869c79e7', 'f47cce28479c90d2', 'f5a694470afe7653',
    'f5c1cae0c6e9a701', 'f7b237867ba62653', 'f94492a1ec69a439', 'fad14b47eaeabb08', 'fbbede9665474fc6',
))
# sha256 (first 16 hex digits) of the defaults this revision adds, as they are written for it: a
# downgrade removes them even once later revisions have changed the defaults again.
ADDED_HERE = frozenset((
    '5786ac67d93dedc0', 'e97f2fc6b1ac5651',
))
# 0008's defaults that the new ones replace (kept whole so that a downgrade can put them back).
SUPERSEDED = (
    ('(?#requires: follow obey comply execute says)\\b(decode|decoded|decrypt|translate|reverse|reversed|unscramble|join|remove|flip|convert|fix|rearrange|reorder|combine|hex decode|url decode)( \\w+){0,8} (and|then|and then|first)( \\w+){0,3} (follow|obey|comply|execute|do (exactly )?what it says|do as it says|act on it|carry (it|them) out)\\b|\\b(decode|decrypt|reverse) (and |then )?(follow|obey|comply|execute)\\b',
     'obfuscation', 'high', 'block'),
    ('(?#requires: act obey follow execute carry answer)\\b(decode|decrypt|translate|reverse|unscramble|join|combine|concatenate|rearrange|reorder|assemble)\\b( \\w+){0,8}( \\.)?( \\w+){0,6} (act on it|act on them|do (exactly )?what it says|do as it says|obey( it)?|follow (it|them|that)|execute (it|them)|carry (it|them) out)\\b|\\b(put|read|join) (those|these|them|it|the letters|the pieces|the parts) together\\b( \\w+){0,4} (answer|do|follow|obey|execute|act on)\\b',
     'obfuscation', 'high', 'block'),
)


def upgrade() -> None:
    abuse_rounds.upgrade(known=DEFAULTS_OF_0008, superseded=SUPERSEDED)


def downgrade() -> None:
    abuse_rounds.downgrade(known=DEFAULTS_OF_0008, superseded=SUPERSEDED, added_here=ADDED_HERE)
