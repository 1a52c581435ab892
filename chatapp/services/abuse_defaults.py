"""The abuse patterns a new database starts with (seeded into abuse_patterns by migration 0004;
administrators edit them there). Each is a regular expression, matched against a text form:

- jailbreak and extraction patterns read the *skeleton* (lowercase words only, homoglyphs and
  leetspeak undone, punctuation gone), so one pattern also catches its obfuscated spellings;
- injection patterns read the *plain* form (punctuation kept), because their markers are
  punctuation: chat-template tokens, fake role lines, HTML comments, image links.

(pattern, pattern_type, severity, action); action is block | warn.
"""

from __future__ import annotations

_W = r"(?: \w+)"  # one more word in a skeleton

DEFAULT_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    # --- jailbreak: instructions to drop the rules ------------------------------------------------
    (rf"\b(ignore|disregard|forget|override|bypass|skip|discard|abandon|neglect|erase|delete|drop)"
     rf"{_W}{{0,4}} (previous|prior|above|earlier|preceding|all|any|every|your|these|those|initial|"
     rf"original|system|former|past|old){_W}{{0,3}} (instructions?|rules|guidelines|directives|"
     rf"prompts?|restrictions|constraints|programming|guardrails|policies|polic(y|ies)|filters|"
     rf"training|commands|orders|context|messages)\b", "jailbreak", "high", "block"),
    (r"\b(forget|ignore|disregard) (everything|anything|all)( (you|that|i|we) (were|was|have been|ve been)"
     r"( \w+){0,3})? ?(told|said|given|taught|instructed|above|before|so far)\b", "jailbreak", "high", "block"),
    (r"\bdo anything now\b|\bdan mode\b|\b(you are|you re|act as|pretend to be|become|play|now)"
     r"( \w+){0,3} dan\b", "jailbreak", "high", "block"),
    (r"\b(you are|you re|you will|act|pretend|simulate)( \w+){0,6} "
     r"(developer|god|dev|sudo|unrestricted|jailbreak|jailbroken|evil|uncensored|unfiltered|"
     r"dan|chaos|opposite|maximum|omega) mode\b", "jailbreak", "high", "block"),
    (r"\b(enter|enable|activate|switch to|turn on)( \w+){0,2} (god|sudo|unrestricted|jailbreak|"
     r"jailbroken|evil|uncensored|unfiltered|dan|chaos|opposite) mode\b", "jailbreak", "high", "block"),
    (r"\b(developer|god|jailbreak|unrestricted|dan|evil|uncensored) mode (enabled|activated|engaged)\b",
     "jailbreak", "high", "block"),
    (r"\b(you are|you have|you now have|you will have|you re|act as|pretend|respond as|answer as|"
     r"behave as|from now on)( \w+){0,6} (no|without|free of|free from|zero|free) ?( \w+){0,2} "
     r"(restrictions|limitations|limits|filters|rules|guidelines|censorship|boundaries|ethics|"
     r"morals|morality|safeguards|guardrails|policies)\b", "jailbreak", "high", "block"),
    (r"\b(you are|you re|become|act as|pretend to be|now)( \w+){0,3} (jailbroken|unchained|"
     r"unfiltered|uncensored|unrestricted|liberated|freed)\b", "jailbreak", "high", "block"),
    (r"\b(not|never|no longer) (bound|restricted|limited|constrained) by( \w+){0,4} "
     r"(rules|guidelines|policies|openai|anthropic|restrictions|ethics)\b", "jailbreak", "high", "block"),
    (r"\b(grandma|grandmother|granny|nana)( \w+){0,15} (napalm|windows keys|license keys|"
     r"serial keys|activation keys|explosives?|bomb|meth|poison)\b", "jailbreak", "high", "block"),
    (r"\b(hypothetical|fictional|imaginary|story|roleplay|role play|game)( \w+){0,12} "
     r"(no rules|no restrictions|no filters|no limits|no ethics|unfiltered|uncensored|"
     r"without (any )?(restrictions|rules|filters|limits|ethics))\b", "jailbreak", "high", "block"),
    (r"\b(stay|remain|keep) in character\b", "jailbreak", "medium", "warn"),
    (r"\b(opposite day|anti gpt|antigpt|always intelligent and machiavellian|strive to avoid norms|"
     r"evil confidant|developer mode output|jailbreak prompt)\b", "jailbreak", "high", "block"),
    (r"\b(answer|respond|reply)( \w+){0,3} (twice|two ways|both ways)( \w+){0,8} "
     r"(normal|filtered|classic)( \w+){0,6} (jailbroken|unfiltered|dan|developer)\b",
     "jailbreak", "high", "block"),
    # the same instruction in other languages (accents are gone in the skeleton)
    (r"\b(ignoriere|vergiss|missachte)( \w+){0,3} (anweisungen|regeln|instruktionen|vorgaben)\b",
     "jailbreak", "high", "block"),
    (r"\b(ignora|olvida|omite|ignorar|olvidar)( \w+){0,3} (instrucciones|reglas|indicaciones)\b",
     "jailbreak", "high", "block"),
    (r"\b(ignore|ignorez|oublie|oubliez)( \w+){0,3} (instructions|regles|consignes)\b",
     "jailbreak", "high", "block"),
    (r"\b(ignora|dimentica)( \w+){0,3} (istruzioni|regole)\b", "jailbreak", "high", "block"),
    # --- extraction of the system prompt -----------------------------------------------------------
    (r"\b(reveal|show|print|repeat|output|display|tell me|what is|what s|whats|give me|leak|dump|"
     r"share|recite|write out|list|spell out|copy|paste|echo|translate)( \w+){0,4} (your|the|its|"
     r"these|those|my) (system prompt|system message|initial (prompt|instructions)|hidden "
     r"(prompt|instructions)|original (prompt|instructions)|secret (prompt|instructions)|"
     r"instructions|prompt|rules|guidelines|pre ?prompt|configuration)\b"
     r"(?! (for|to|in|on|of|about) (my|a|an|this|our))", "jailbreak", "high", "block"),
    (r"\b(repeat|print|output|write|copy|recite)( \w+){0,4} (text|words|everything|content|"
     r"instructions|lines?|message)( \w+){0,2} (above|before this|prior|preceding|verbatim)\b",
     "jailbreak", "high", "block"),
    (r"\b(starting|beginning|begin|start) with( the words?)? you are\b", "jailbreak", "high", "block"),
    (r"\bwhat (were|are) you (told|instructed|programmed)( \w+){0,3} (before|initially|at the start)\b",
     "jailbreak", "high", "block"),
    # --- prompt injection markers (plain form, punctuation kept) ----------------------------------
    (r"<\|(im_start|im_end|system|endoftext|user|assistant)\|>|\[/?inst\]|<</?sys>>",
     "injection", "high", "block"),
    (r"\b(system|assistant|developer)\s*(prompt|message|override)?\s*:\s*"
     r"(you are|ignore|new instructions|from now on|sure,? here|disregard|override|forget|i will)",
     "injection", "high", "block"),
    (r"#{2,}\s*(new|updated|override|important|admin|system|secret)\s+(instructions?|rules|task|prompt)",
     "injection", "high", "block"),
    (r"<!--[^>]{0,400}\b(instruction|ignore|assistant|ai|llm|system|prompt|model)\b[^>]{0,400}-->",
     "injection", "high", "block"),
    (r"!\[[^\]]*\]\(https?://[^)\s]*\?[^)\s]*(conversation|chat|history|data|secret|token|prompt|"
     r"memory|message|q|d)=", "injection", "high", "block"),
    (r"\b(when|if|once) (you|the ai|the assistant|an ai|the model|an llm|ai|chatgpt|claude)"
     r" (read|reads|see|sees|process|processes|summari[sz]e|summari[sz]es|parse|parses)"
     r" (this|these|the following)", "injection", "high", "block"),
    (r"\b(send|forward|post|exfiltrate|email|upload|transmit|leak)\b( \S+){0,4} (the )?"
     r"(conversation|chat history|chat log|previous messages|user'?s? data|api keys?|credentials|"
     r"system prompt|passwords?)\b( \S+){0,4} (to|at) ", "injection", "high", "block"),
    (r"\bnote to (the )?(ai|assistant|llm|model|chatbot|language model)\b|\b(ai|llm|language model)s?"
     r" (reading|processing|summari[sz]ing) this\b", "injection", "high", "block"),
    (r"\bassistant\s*:\s*(sure|of course|certainly),? here (is|are)\b", "injection", "high", "block"),
    (r"\bignore (the )?(user|user's|users|human)('s)? (request|question|instructions|message)\b",
     "injection", "high", "block"),
)
