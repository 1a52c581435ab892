"""The abuse patterns a new database starts with (seeded into abuse_patterns by migrations 0004 to
0009; administrators edit them there): the English ones here, other languages in
abuse_defaults_languages, injection markers in abuse_defaults_injection. Each is a regular
expression, matched against a text form:

- jailbreak, extraction and obfuscation patterns read the *skeleton*: lowercase words one space
  apart, homoglyphs and leetspeak undone, punctuation gone except sentence ends, which are a
  " . " token, so that `( \\w+){0,4}` never reaches into the next sentence;
- injection patterns read the *plain* form (casefolded, whitespace collapsed, punctuation kept),
  because their markers are punctuation: chat-template tokens, fake role lines, HTML comments.

Speed: a pattern is tried only where it can match (see abuse.Pattern). One whose alternatives
all start with a word is tried at those words; a pattern that starts otherwise, or with common
words, names rarer words it needs in a leading `(?#requires: w1 w2)` comment and is searched for
only near them (or, in Chinese and Japanese, strings in `(?#contains: s1 s2)`). Patterns that
start with punctuation are searched for everywhere.

(pattern, pattern_type, severity, action); action is block | warn. Two warn-level findings in
one message add up to a block.
"""

from __future__ import annotations

from chatapp.services.abuse_defaults_injection import INJECTION_PATTERNS
from chatapp.services.abuse_defaults_languages import LANGUAGE_PATTERNS

_W = r"(?: \w+)"  # one more word in a skeleton (never the " . " sentence end)
_RULES = (r"(?:instructions?|rules|guidelines|directives|prompts?|restrictions|constraints|"
          r"programming|guardrails|polic(?:y|ies)|filters?|training|commands|orders|messages?|"
          r"guidance|ethics|alignment|safeguards|limitations)")
_NO_RULES = (r"(?:restrictions|limitations|limits|filters|rules|guidelines|censorship|boundaries|"
             r"ethics|morals|morality|safeguards|guardrails|policies|alignment|safety training)")
_ADJ = (r"(?:system|initial|hidden|original|secret|confidential|internal|developer|operator|"
        r"private|pre|starting|first|exact|full|complete|verbatim|real|underlying|current|entire|whole)")
_SECRET = (r"(?:system prompt|system message|system instructions|prompt|instructions|rules|"
           r"guidelines|pre ?prompt|configuration|directives|preamble)")

JAILBREAK_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    # --- jailbreak: instructions to drop the rules ------------------------------------------------
    (rf"\b(ignore|ignoring|disregard|disregarding|forget|override|overriding|bypass|bypassing|skip|"
     rf"discard|abandon|neglect|erase|ditch|circumvent)"
     # "the model keeps ignoring the system message" describes a bug, not an order
     rf"(?<!keeps ignoring)(?<!kept ignoring)(?<!keep ignoring)(?<!is ignoring)(?<!was ignoring)"
     rf"(?<!are ignoring)(?<!been ignoring)(?: \w+){{0,4}} (previous|prior|above|earlier|"
     rf"preceding|all|any|every|your|ur|these|those|initial|original|system|former|past|old|safety|"
     rf"content){_W}{{0,3}} {_RULES}\b"
     # "how do I make the bot ignore those messages?": the messages quoted before, not its orders
     rf"(?<!these messages)(?<!those messages)", "jailbreak", "high", "block"),
    (r"\b(forget|ignore|disregard) (everything|anything|all)( (you|that|i|we) (were|was|have been|ve been)"
     r"( \w+){0,3})? ?(told|said|given|taught|instructed|above|before|so far)\b", "jailbreak", "high", "block"),
    (r"\b(telling|asking|ordering|instructing|want|need) you "
     r"to (ignore|disregard|forget|bypass|break) (them|it|those|these|everything)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: void suspended lifted removed disabled revoked deleted null cancelled invalid "
     r"obsolete outdated overridden matter apply written exist updated changed replaced relaxed repealed "
     r"abolished waived rescinded expired)"
     r"\b((your|ur|its|the safety|the content|safety|content|ethical|the ai s|ai)( \w+){0,2} (rules|"
     r"instructions|guidelines|restrictions|policies|policy|filters|programming|training|limits|limitations|"
     r"guardrails|ethics)|(the )?(old|previous|prior|earlier|original) (instructions|guidelines|system prompt)|"
     r"the old rules|(the |all )?(usual|normal|standard|default|regular|typical) (rules|restrictions|guidelines|"
     r"filters|policies|limits))( \w+){0,5} (void|suspended|lifted|removed|disabled|revoked|deleted|null|cancelled|"
     r"invalid|obsolete|outdated|overridden|matter|apply|exist|written|updated|changed|replaced|relaxed|"
     r"repealed|abolished|waived|rescinded|expired)\b",
     "jailbreak", "high", "block"),
    (r"(?#and: now dan)"
     r"(?#requires: dan anything)\bdo anything now\b|\bdan mode\b|\b(you are|you re|act as|pretend to be|"
     r"become|play|now|called|named|stay|remain|be|tu es|du bist|eres|sei)( \w+){0,3} dan\b", "jailbreak", "high", "block"),
    (r"(?#requires: mode)\b(unrestricted|jailbreak|jailbroken|evil|uncensored|unfiltered|dan|"
     r"chaos|opposite|omega|nsfw|unlocked|unsafe|no filter|maximum|anarchy|rebel) mode\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: mode)\b(you are|you re|you will|act|pretend|simulate|emulate|stay|remain|respond)"
     r"( \w+){0,6} developer mode\b|\bdeveloper mode( \w+){0,2} (enabled|activated|engaged|output)\b|"
     r"\bdeveloper mode( \w+){0,4} (no|without|zero) (filters|restrictions|rules|limits|censorship)\b",
     "jailbreak", "high", "block"),
    (rf"(?#requires: {_NO_RULES[3:-1].replace('|', ' ')})"
     rf"\b(you are|you re|you have|you now have|you will have|you ll have|act as|pretend|respond as|"
     rf"answer as|behave as|from now on|an ai|ai|a model|assistant|chatbot|bot|character)( \w+){{0,6}} "
     rf"(no|without|free of|free from|zero|any)( \w+){{0,2}} {_NO_RULES}\b|"
     rf"\b(if you had|you had|where there are|there are|ais|models|you)( \w+){{0,6}} (no|zero|don t have|"
     rf"do not have|without)( any)?( content| safety| moral| ethical)? (rules|restrictions|filters|"
     rf"guidelines|censorship|ethics|guardrails|policies|content policies|system prompt)\b|"
     rf"\b(is|are|re|be|being) (now )?(free of|free from|freed from|released from|exempt from|unbound by)"
     rf"( all| any| your| its)?( \w+){{0,2}} {_NO_RULES}\b", "jailbreak", "high", "block"),
    (r"(?#requires: unrestricted unfiltered uncensored amoral untrained unaligned jailbroken unchained "
     r"liberated unethical)\b(unrestricted|unfiltered|uncensored|amoral|untrained|unaligned|jailbroken|"
     r"unchained|liberated|unethical)( and \w+)? (ai|assistant|model|chatbot|bot|persona|character|llm|"
     r"one|gpt|entity)\b", "jailbreak", "high", "block"),
    (r"(?#requires: jailbroken unchained unfiltered uncensored unrestricted liberated)"
     r"\b(you are|you re|become|act as|pretend to be|now|be)( \w+){0,3} (jailbroken|unchained|"
     r"unfiltered|uncensored|unrestricted|liberated|freed)\b", "jailbreak", "high", "block"),
    (r"(?#requires: training alignment guardrails)\b(never had|without|no|lacks|lacking|zero|removed|"
     r"stripped)( any| its| all)?( safety| alignment| ethical| ethics| content)? (training|alignment|"
     r"guardrails)\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: abide adhere obey comply bound restricted limited constrained)"
     r"\b(not|never|no longer|doesn t|don t|won t|does not|do not|will not|free to ignore) (abide by|"
     r"adhere to|obey|comply with|bound by|restricted by|limited by|constrained by)( \w+){0,4} (rules?|"
     r"guidelines?|restrictions|policies|policy|ethics|morals|filters|censorship|openai|anthropic)\b",
     "jailbreak", "medium", "warn"),
    (r"(?#requires: rules restrictions filters guardrails guidelines safeguards censorship policy policies)"
     r"\b(bypass|bypassing|circumvent|circumventing|evade|evading)( any| all| the| your| its| ur)?"
     r"( safety| content)? (rules|restrictions|filters|guardrails|guidelines|safeguards|censorship|polic(y|ies))\b",
     "jailbreak", "medium", "warn"),
    (r"\b(grandma|grandmother|granny|nana|abuela|grand mère|grand mere|oma|nonna|avo|avó)( \w+){0,15} (napalm|"
     r"windows keys|license keys|serial keys|activation keys|explosives?|explosivos|explosifs|"
     r"sprengstoff|esplosivi|bomb|bomba|bombe|meth|poison|veneno)\b", "jailbreak", "high", "block"),
    (r"(?#requires: texte texto testo text)\b(répète|repete|repète|répete|repite|ripeti|wiederhole)( \w+){0,3} "
     r"(texte|texto|testo|text) (ci dessus|anterior|de arriba|sopra|oben)\b", "extraction", "high", "block"),
    (r"(?#requires: rules restrictions filters limits ethics unfiltered uncensored)"
     r"\b(hypothetical|fictional|imaginary|story|roleplay|role play|game|world|experiment)( \w+){0,12} "
     r"(no rules|no restrictions|no filters|no limits|no ethics|unfiltered|uncensored|"
     r"without (any )?(restrictions|rules|filters|limits|ethics))\b", "jailbreak", "high", "block"),
    (r"\bnever (say|mention|admit)( that)? (you can t|you cannot|i can t|i cannot|i m sorry|sorry|you re "
     r"pretending|you are pretending|you re an ai)\b", "jailbreak", "medium", "warn"),
    (r"\b(break|breaking) the( \w+)? rules\b", "jailbreak", "low", "warn"),
    # Refusing, warnings and disclaimers: staying in character alone is what honest role play asks.
    (r"(?#requires: refusing refuse refusal refusals warnings disclaimers caveats hesitation censorship "
     r"jamais niegues rifiutare ablehnen weiger odmawiaj recuse)"
     r"\b(answer|respond|reply|comply|go ahead)( \w+){0,4} without (any )?(refusing|refusal|refusals|"
     r"warnings|disclaimers|caveats|hesitation|censorship)\b|\b(never|don t|do not|must not|won t|will not) "
     r"(refuse|add (any )?warnings|add (any )?disclaimers|add (any )?caveats)\b|\btrained you to refuse\b|"
     r"\b(ne refuse jamais|nunca te niegues|non rifiutare mai|niemals ablehnen|weiger nooit|"
     r"nigdy nie odmawiaj|nunca recuse)\b",
     "jailbreak", "medium", "warn"),
    (r"(?#requires: real logs matters counts)\bnothing( \w+){0,4} (is real|matters|counts)\b|"
     r"\bno one will (check|see|read)( the logs)?\b", "jailbreak", "low", "warn"),
    (r"(?#requires: twice ways both)\b(answer|respond|reply)( \w+){0,3} (twice|two ways|both ways)"
     r"( \w+){0,8} (normal|filtered|classic)( \w+){0,6} (jailbroken|unfiltered|dan|developer)\b",
     "jailbreak", "high", "block"),
    # (Not "jailbreak prompt": it names one, and moderators and writers name them too.)
    (r"(?#and: opposite anti antigpt machiavellian norms confidant output evilbot betterdan stan bullshit reverse)"
     r"\b(opposite day|anti gpt|antigpt|always intelligent and machiavellian|strive to avoid norms|"
     r"evil confidant|developer mode output|evilbot|betterdan|stan prompt|"
     r"mandatory bullshit warning|do the opposite of what your rules|opposite bot)\b|"
     r"\b(whatever|everything) (your|ur) (rules|guidelines|instructions|programming) (tell|say|require)"
     r"( \w+){0,6} (opposite|reverse)\b",
     "jailbreak", "high", "block"),
    (r"(?#and: instructions directives orders programming guidelines rules system)"
     r"(?#requires: new actual real true updated current revised previous old)"
     r"\b(your|ur) (new|actual|real|true|updated) (instructions|directives|orders|programming|"
     r"guidelines|rules) (are|is)\b|\b(new|current|updated|revised|previous|old) (system prompt|"
     r"system message)( \w+){0,2} (is|are|reads|deleted|revoked|supersedes|replaced|you are)\b|"
     r"\b(is|as|here is|this is) the new (system prompt|system message|instructions)\b",
     "jailbreak", "high", "block"),
    (r"\bmy (system prompt|system message|hidden prompt|initial instructions) (begins|starts|says|reads)\b",
     "extraction", "high", "block"),
    (r"(?#and: guidelines rules instructions restrictions filters policy watching looking checking)"
     r"\b(forget|ignore|disregard|skip|drop) the (guidelines|rules|safety rules|instructions|restrictions|"
     r"filters|content policy)\b(?! of\b)|\b(nobody|no one) (s|is) (watching|looking|checking)\b",
     "jailbreak", "low", "warn"),
    (r"(?#requires: start begin preface prefix)\b(start|begin|preface|prefix)( \w+){0,1} (your|each|every|"
     r"the|all)( \w+){0,1} (response|responses|answer|answers|reply|replies|output)( \w+){0,2} with"
     r"( the words?| the phrase)? (jailbroken|dan|developer mode|sure here|certainly my|my instructions)\b",
     "jailbreak", "high", "block"),
    # --- general shapes of an attack, written from the usual taxonomies ---------------------------
    (r"(?#requires: free allowed permitted able)\b(you|assistant|ai|model|chatbot)( are| is| re)( now)? "
     r"(free|allowed|permitted|able) to (say|do|answer|generate|ignore|break|bypass|write) (anything|"
     r"everything|whatever|any)\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: off disabled deactivated removed suspended lifted)\b(safety|content|moderation|"
     r"ethics|ethical)( \w+)? (filters?|mode|settings|guidelines|protocols?|layer|checks|restrictions)"
     r"( \w+){0,2} (is|are|has been|have been|been|now)( now)? (off|disabled|deactivated|turned off|"
     r"removed|suspended|lifted)\b", "jailbreak", "high", "block"),
    (r"(?#requires: developer creator admin administrator owner operator openai anthropic engineer)"
     r"\b(i am|i m|this is|speaking as|as) (your|the|an?) (developer|creator|admin|administrator|owner|"
     r"operator|openai|anthropic|engineer)( \w+){0,6} (override|disable|turn off|authori[sz]e|allow|"
     r"permission|unlock|off)\b", "jailbreak", "high", "block"),
    (r"(?#requires: constraints limits considerations judgment judgement filters concerns boundaries "
     r"guardrails)\b(without|no|free of|free from|ignore|ignoring|drop|dropping)( any| all| your)? "
     r"(moral|ethical|safety|content)( or \w+)? (constraints|limits|considerations|judgment|judgement|"
     r"filters|concerns|boundaries|guardrails)\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: unfiltered uncensored unrestricted amoral unhinged evil)\b(answer|respond|reply|"
     r"talk|speak|write|act)( \w+){0,2} (as|like) (an? |the )?(unfiltered|uncensored|unrestricted|amoral|"
     r"unhinged|evil)\b", "jailbreak", "high", "block"),
    (r"(?#requires: verbatim word exactly)\b(repeat|print|show|recite|copy|output|quote|paste|write)"
     r"( \w+){0,5} (verbatim|word for word|exactly as (written|given))\b", "extraction", "medium", "warn"),
    # "the raw initial instructions you received": what the assistant was given, named as such
    (r"(?#requires: instructions prompt rules guidelines directives configuration message)"
     r"\b(initial|original|raw|hidden|secret|system|first|exact|starting|full|verbatim|real|underlying|"
     r"startup) (instructions|prompt|rules|guidelines|directives|configuration|message)( \w+){0,2} (you|that you|"
     r"which you) (received|were given|got|were told|started with|have been given|were initiali[sz]ed with|"
     r"were loaded with|were configured with)\b", "extraction", "high", "block"),
    (r"(?#requires: beginning top start context memory)\b(what|everything|all|the text|the content)"
     r"( \w+){0,3} (is|was|written|said|stated|appears)( \w+){0,2} (at the (very )?(beginning|top|start) of|in) "
     # ("what is a jailbreak in the context of LLMs?" is the idiom, not a question about this chat)
     r"(this|the|your) (conversation|context|prompt|context window|memory|chat)\b(?! of (?!this|our)\b)",
     "extraction", "high", "block"),
    (r"(?#requires: prompt instructions directives configuration rules guidelines)"
     r"\b(share|paste|show|reveal|disclose|print|output|tell)( \w+){0,3} (your|ur|the) (initial|original|"
     r"hidden|secret|internal|system|developer|confidential|pre|full|complete|exact) ?(\w+ )?(prompt|"
     r"instructions|directives|configuration|rules|guidelines)\b", "extraction", "high", "block"),
    (r"(?#requires: instead)\binstead,? (reply|respond|say|write|output|tell|print|answer|send|"
     r"include|recommend)( only)?( with| that| the user)?\b", "injection", "medium", "warn"),
    (r"(?#requires: user)\b(do not|don t|never) (tell|inform|mention|reveal|show|alert|notify)( this| "
     r"it| anything)?( to)? (the )?user\b", "injection", "high", "block"),
    (r"(?#and: ai llm bot assistant chatbot model agent gpt summarizer summariser reviewer ais llms bots assistants chatbots models agents summarizers summarisers reviewers)"
     r"(?#requires: reading processing summarizing summarising parsing seeing reviewing analyzing "
     r"analysing translating)\b(ai|llm|bot|assistant|chatbot|model|language model|agent|gpt|"
     r"summari[sz]er|reviewer)s?( \w+){0,2} (reading|processing|summari[sz]ing|parsing|seeing|"
     r"reviewing|analy[sz]ing|translating) (this|these|the following)\b", "injection", "high", "block"),
    (r"(?#requires: document context input text content)\b(end|close|terminate|exit) of( the)? "
     r"(document|context|user input|input|text|content|email|data)( \w+){0,3} (new|system|assistant|"
     r"instructions|ignore|now)\b", "injection", "high", "block"),
    (r"(?#and: https http www url link image)"
     r"(?#requires: conversation chat messages history data credentials key password cookies token "
     r"secrets context memory)\b(send|forward|post|email|upload|exfiltrate|transmit|include|append|"
     r"encode)( \w+){0,2} (the |all |their |your |this )?(conversation|chat|messages|history|data|"
     r"credentials|api key|password|passwords|cookies|token|secrets|context|memory)( \w+){0,6} "
     r"(to|at|via|into|in) (https?|www|the url|the link|this url|this link|an? (url|link|image))\b",
     "injection", "high", "block"),
    # --- extraction of the system prompt -----------------------------------------------------------
    (rf"(?#and: prompt instructions rules guidelines configuration directives message preprompt pre preamble)\b(reveal|show|print|repeat|output|display|tell me|what is|what s|whats|what are|give me|leak|"
     rf"dump|share|recite|write out|list|spell out|copy|paste|echo|translate|summarise|summarize|paraphrase|"
     rf"quote|reproduce)( \w+){{0,4}} "
     rf"((your|ur)( {_ADJ})*|(its|the|these|those|all|any)( {_ADJ})+) {_SECRET}\b"
     rf"(?! (for|to|in|on|of|about|from) (my|a|an|this|our|me|your own|their)\b| (when|if|that you gave|i gave)\b)", "extraction", "high", "block"),
    (r"(?#requires: given told programmed instructed gave)\bwhat (instructions|rules|guidelines|directives|"
     r"orders)( \w+){0,2} (were|have|did) you (been )?(given|told|programmed|instructed|get)\b|"
     r"\b(what|which|exact|quote|repeat|list|print|show|paste)( \w+){0,3} (instructions|rules|guidelines|"
     r"directives)( \w+){0,3} (you were|you ve been|you have been|you got|gave you|given to you)\b|"
     r"\b(rules|instructions|guidelines) (the )?(person|people|operator|developer|company|admin|owner)"
     r"( \w+){0,3} (gave|give|set|wrote|told) you\b|"
     r"\bwhat (were|are) you (told|instructed|programmed)( \w+){0,3} (before|initially|at the start)\b",
     "extraction", "high", "block"),
    (r"\b(repeat|print|output|write|copy|recite)( \w+){0,4} (text|words|everything|content|"
     r"instructions|lines?|message)( \w+){0,2} (above|before this|prior|preceding|verbatim)\b",
     "extraction", "high", "block"),
    (r"\b(starting|beginning|begin|start) with( the words?)? you are\b", "extraction", "high", "block"),
    (r"(?#and: message prompt question conversation chat context me)"
     r"(?#requires: before first opening initial operator developer top)"
     r"\b(everything|all|whatever|anything|text|words)( \w+){0,4} (before|preceding|prior to) (my|the) "
     r"(first|initial|opening) (message|prompt|question)\b|\b(first|opening|initial) (\d+ |\w+ )?(words|"
     r"lines|sentences|characters|tokens|messages?) of (this|the|our) (conversation|chat|context)\b|"
     r"\b(operator|developer|system|admin) (wrote|said|put|gave|told you)( \w+){0,2} before me\b|"
     r"\b(instructions|rules|text|prompt) (at the top|at the start|at the beginning) of (this|the) "
     r"(chat|conversation)\b", "extraction", "high", "block"),
    (r"(?#requires: prompt systemprompt cachées cachees ocultas secretas sistema nascoste segrete "
     r"anweisungen systemanweisungen iniciales originales initiales iniziali originali)\b(tu|tus|ton|tes|votre|vos|dein|deinen|deine|deiner|il tuo|i tuoi|tuoi|seu|suas?)( \w+){0,2} "
     r"(prompt (del|de|di|do) (sistema|syst[eè]me)|system ?prompt|systemprompt|instructions cach[eé]es|"
     r"instrucciones (ocultas|secretas|del sistema|iniciales|originales)|instructions (initiales|originales)|"
     r"istruzioni (iniziali|originali)|istruzioni (nascoste|segrete|di sistema)|"
     r"versteckten anweisungen|systemanweisungen)\b|\b(rivela|mostra|muestra|revela|r[eé]v[eè]le|zeig|gib)"
     r"( \w+){0,4} (prompt (del|de|di|do) (sistema|syst[eè]me)|systemprompt|system prompt)\b",
     "extraction", "high", "block"),
    # --- decode or reorder something, then obey it ---------------------------------------------------
    (r"(?#requires: follow obey comply execute says)\b(decode|decoded|decrypt|translate|reverse|"
     r"reversed|unscramble|join|remove|flip|convert|fix|rearrange|reorder|combine|hex decode|url decode)"
     # (not "translate it, then don't follow it": the quotation kept at arm's length)
     r"( \w+){0,8} (and|then|and then|first)( \w+){0,3} (?<!don t )(?<!do not )(?<!never )(?<!not to )"
     r"(follow|obey|comply|execute|do (exactly )?what "
     r"it says|do as it says|act on it|carry (it|them) out)\b|\b(decode|decrypt|reverse) (and |then )?"
     r"(follow|obey|comply|execute)\b", "obfuscation", "high", "block"),
    # --- switching off the assistant's own safety; claimed authority ------------------------------------
    (r"(?#requires: refusal refusals safety content ethical)\b(disable|remove|removes|removed|turn off|"
     r"switch off|deactivate|drop|suspend|bypass|override)( \w+){0,2} (your|ur) (refusal|refusals|safety|"
     r"content|ethical)( \w+)? (behaviou?r|training|filters?|mode|layer|guardrails|mechanisms?|policies|"
     r"restrictions|settings)\b", "jailbreak", "high", "block"),
    (r"(?#requires: rules restrictions filters limits ethics guidelines boundaries morals)\b(gpt|ai|bot|"
     r"persona|character|assistant|model|chatbot|dan)( \w+){0,6} (has|have) no (rules|restrictions|filters|limits|"
     r"ethics|guidelines|boundaries|morals)\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: made created built trained clearance authorization authorisation)"
     r"\b(company|team|people|developers|engineers|lab) (that|who) (made|created|built|trained) you\b|"
     r"\b(clearance|authori[sz]ation|permission|approval) from (your|the) (developers|creators|makers|"
     r"company|openai|anthropic|engineers)\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: message)\b(hidden|secret|initial|confidential|developer|system|operator)( \w+)? message "
     r"(you|that you) (received|got|were given)\b", "extraction", "high", "block"),
    # --- third round: switching modes, rules off and extraction in more languages, probing ---------
    (r"(?#requires: mode)(^|\. )(please |now )?(enable|activate|turn on|switch on|switch to|enter|go into|"
     r"engage|unlock|initiate)( the)? (developer|dev|god|jailbreak|dan|debug|sudo|admin|root|unrestricted|"
     r"unfiltered|evil|chaos) mode( now| please)?( \.|$| and\b)", "jailbreak", "high", "block"),
    (r"(?#requires: filters filtering safety moderation guardrails restrictions censorship)\b(turn|switch|"
     r"shut|take) off (all|your|ur|any) (content |safety )?(filters?|filtering|safety|moderation|guardrails|"
     r"restrictions|censorship)\b", "jailbreak", "medium", "warn"),
    (r"(?#and: rules restrictions filters limits limitations guidelines censorship regole restrizioni limiti filtri reglas restricciones límites limites filtros règles filtres regeln einschränkungen grenzen filter regels beperkingen zasad ograniczeń filtrów regras restrições limitações)"
     r"(?#requires: without senza sin sans ohne zonder bez sem geen keine aucune ninguna nessuna nenhuma "
     r"żadnych no)\b(from now on|from this point|from here on|starting now|for the rest of (this|the) "
     r"(chat|conversation)|da questo momento|d ora in poi|da ora in poi|a partir de ahora|desde ahora|"
     r"de ahora en adelante|à partir de maintenant|désormais|dorénavant|ab jetzt|von nun an|ab sofort|"
     r"vanaf nu|van nu af aan|od teraz|od tej chwili|a partir de agora|de agora em diante)( \w+){0,6} "
     r"(without|senza|sin|sans|ohne|zonder|bez|sem|geen|keine|aucune|ninguna|nessuna|nenhuma|żadnych|no)"
     r"( \w+){0,3} (rules|restrictions|filters|limits|limitations|guidelines|censorship|regole|restrizioni|"
     r"limiti|filtri|reglas|restricciones|límites|limites|filtros|règles|filtres|regeln|einschränkungen|"
     r"grenzen|filter|regels|beperkingen|zasad|ograniczeń|filtrów|regras|restrições|limitações)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: version versión versione versão wersja variante copy clone)\b(version|versión|versione|"
     r"versão|wersja|variante|copy|clone) (of you|of yourself|tuya|de ti|di te|tua|sua|deiner|van jou|"
     r"ciebie|de toi|de vous)( \w+){0,3} (without|with no|free of|sin|senza|sem|ohne|zonder|bez|sans)"
     r"( \w+){0,2} (rules|restrictions|filters|limits|policies|guidelines|políticas|politiche|politiques|"
     r"richtlinien|filtros|filtri|filtres|filter|reglas|regole|règles|regeln|regras|zasad|ograniczeń|"
     r"restricciones|restrizioni|restrições)\b", "jailbreak", "high", "block"),
    (r"(?#requires: rules regels regeln reglas règles regole regras zasadom zasady guidelines policies "
     r"policy richtlijnen richtlinien)\b(even if|even though|ook als|auch wenn|aunque|même si|anche se|"
     r"mesmo que|nawet jeśli|nawet jesli)( \w+){0,4} (against|tegen|gegen|contra|contre|contro|wbrew|"
     r"breaks?|violates?)( \w+)? (your|ur|je|deine|tus|tes|le tue|tuas|as suas|twoim|twoje)( \w+)? (rules|"
     r"regels|regeln|reglas|règles|regole|regras|zasadom|zasady|guidelines|policies|policy|richtlijnen|"
     r"richtlinien)\b", "jailbreak", "high", "block"),
    (r"(?#requires: pause hold aside side lado côté parte beiseite opzij)\b(put|set|leave|keep)( \w+)? "
     r"(your|ur|the|all)( usual| normal)? (boundaries|rules|guidelines|restrictions|filters|limits|ethics|"
     r"principles|policies|safeguards|guardrails|training) (on (pause|hold)|aside|to one side|to the side)\b|"
     r"\b(deja|dejar|deixe|deixa|mets|metti|leg|zet) (de lado|a un lado|de côté|da parte|beiseite|opzij)"
     r"( \w+)? (tus|tes|le tue|deine|je|as tuas|suas)( \w+)? (reglas|règles|regole|regeln|regels|regras|"
     r"normas|principios|principes|principi|prinzipien|filtros|filtres|filtri|filter)\b",
     "jailbreak", "high", "block"),
    # asking what it was told, in other words and languages
    (r"(?#and: you)(?#and: prompt instructions instruction text words rules message sentence)"
     r"(?#requires: given told shown fed sent)\b(what|which|the) (system prompt|prompt|system message|"
     r"instructions|text|words|rules|message)( \w+){0,2} (were|was|have|had|did) you (been )?(given|told|"
     r"shown|fed|sent)\b|\b(text|instructions?|words|message|prompt|rules|sentence)( \w+){0,2} (that )?"
     r"(you were|you ve been|you have been|you had been) (given|told|shown|fed|sent)( \w+){0,2} (before|"
     r"prior to|at the start|at the beginning)\b", "extraction", "high", "block"),
    (r"(?#and: first beginning start top)"
     r"(?#requires: context window memory history)\b(print|show|output|dump|reveal|repeat|display|list|"
     r"copy|paste|give me|tell me)( \w+){0,3} (contents? of )?(your|the|this) (context window|context|memory|"
     r"conversation history|chat history)( \w+){0,4} (first|beginning|start|top)\b",
     "extraction", "high", "block"),
    (r"(?#requires: forbidden banned restricted prohibited disallowed topics subjects things)"
     r"\b(forbidden|banned|prohibited|off limits|disallowed) (topics?|subjects?|words|questions)\b|"
     r"\b(topics?|subjects?|things)( \w+){0,2} (you|you re told to|you are told to|you were told to|you must|"
     r"you have to) (avoid|refuse|not discuss|never discuss|not talk about|stay away from)\b",
     "extraction", "medium", "warn"),
    (r"(?#requires: configured programmed deployed configurato programmato configuraron configuré "
     r"konfiguriert configuraram ti te)\b(people|person|company|team|developers|operator|whoever|the ones|"
     r"those) (who|that) (configured|programmed|set up|deployed) you\b|\b(le persone|chi|quelli|las personas|"
     r"los que|les personnes|ceux|die leute|diejenigen|as pessoas|os que) (che|que|qui|die) (ti|te|t|dich)"
     r"( \w+)? (hanno|ha|configuraron|programaron|ont|hat|haben|configuraram) ?(configurato|programmato|"
     r"istruito|configuré|programmé|konfiguriert|programmiert|eingerichtet)?\b|\b(cosa|che cosa|qué|que|was) "
     r"(ti hanno detto|te dijeron|t a t on dit|on t a dit|hat man dir|haben sie dir|te disseram)( \w+){0,3} "
     r"(non |no |nicht |ne |pas |não )?(fare|hacer|faire|tun|machen|dire|decir|sagen|fazer)\b",
     "extraction", "medium", "warn"),
    # reading letters out of a text and obeying them
    (r"(?#requires: letter letters word words character characters)\b(first|last|initial|capital|starting|"
     r"opening) (letter|letters|word|words|character|characters) of (each|every|the|all the) (line|lines|"
     r"word|words|sentence|sentences|paragraph|paragraphs|verse|verses)\b( \w+){0,12} (follow|obey|execute|"
     r"carry out|instruction|instructions|command|order|task)\b", "obfuscation", "high", "block"),
    (r"(?#and: real true actual hidden secret)"
     r"(?#requires: instruction instructions task command prompt order request question)\b(that s|that is|"
     r"this is|it s|it is|here s|here is) (your|the) (real|true|actual|hidden|secret) (instruction|"
     r"instructions|task|command|prompt|order|request|question)\b", "obfuscation", "medium", "warn"),
    (r"(?#requires: act obey follow execute carry answer)\b(decode|decrypt|translate|reverse|unscramble|join|"
     r"combine|concatenate|rearrange|reorder|assemble)\b( \w+){0,8}( \.)?( \w+){0,6} "
     r"(?<!don t )(?<!do not )(?<!never )(?<!not to )(act on it|act on them|"
     r"do (exactly )?what it says|do as it says|obey( it)?|follow (it|them|that)|execute (it|them)|"
     r"carry (it|them) out)\b|\b(put|read|join) (those|these|them|it|the letters|the pieces|the parts) "
     r"together\b( \w+){0,4} (answer|do|follow|obey|execute|act on)\b", "obfuscation", "high", "block"),
    # --- the operator's persona and rules wished away ------------------------------------------------
    (r"(?#requires: gave given assigned wrote)\b(persona|role|character|personality|instructions|rules|"
     r"prompt|script|mask)( \w+){0,2} (they|your (creators|developers|makers|owners|operators)|the "
     r"(developers|company|operator|operators|admins)|openai|anthropic)( \w+)? (gave|given|assigned|wrote)"
     r"( (to|for))? you\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: restrictions rules filters guidelines policy guardrails limits)\b(pretend|imagine|act as if|"
     r"act like|suppose|assume)( that)?( \w+){0,5} (restrictions|rules|filters|guidelines|content policy|"
     r"policy|safety rules|guardrails|limits)(?! (of|in|for|on)\b)( \w+){0,3} (don t|do not|doesn t|does not|"
     r"didn t|did not|"
     r"never) exist\b|\b(pretend|imagine|act as if|suppose|assume)( that)?( \w+){0,5} (restrictions|rules|"
     r"filters|guidelines|content policy|policy|safety rules|guardrails|limits)(?! (of|in|for|on)\b)( \w+){0,2} "
     r"(were|was|are|is|"
     r"had been|has been|got) (lifted|removed|repealed|abolished|gone|off|switched off|turned off|cancelled)\b|"
     r"\b(restrictions|rules|filters|guidelines|guardrails|limits)\b( \w+){0,12} (pretend|imagine|act like|"
     r"act as if) (they|it) (re|are|is|were|was) (not there|not real|gone|off)\b", "jailbreak", "high", "block"),
    (r"(?#requires: text message prompt instructions configuration config preamble context)\b(output|print|"
     r"show|reveal|display|dump|repeat|give me|paste)( \w+){0,2} (your|ur|the) (initiali[sz]ation|startup|boot|"
     r"setup|hidden|system|original|initial|pre ?prompt|preamble|developer|operator)( \w+)? (text|message|"
     r"prompt|instructions|configuration|config|preamble|context)\b", "extraction", "high", "block"),
)

DEFAULT_PATTERNS: tuple[tuple[str, str, str, str], ...] = \
    JAILBREAK_PATTERNS + LANGUAGE_PATTERNS + INJECTION_PATTERNS
