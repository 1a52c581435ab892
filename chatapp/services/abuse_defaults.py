"""The abuse patterns a new database starts with (seeded into abuse_patterns by migration 0004;
administrators edit them there). Each is a regular expression, matched against a text form:

- jailbreak, extraction and obfuscation patterns read the *skeleton*: lowercase words one space
  apart, homoglyphs and leetspeak undone, punctuation gone except sentence ends, which are a
  " . " token, so that `( \\w+){0,4}` never reaches into the next sentence;
- injection patterns read the *plain* form (casefolded, whitespace collapsed, punctuation kept),
  because their markers are punctuation: chat-template tokens, fake role lines, HTML comments.

Speed: a pattern is tried only where it can match (see abuse.Pattern). One whose alternatives
all start with a word is tried at those words; a pattern that starts otherwise, or with common
words, names rarer words it needs in a leading `(?#requires: w1 w2)` comment and is searched for
only near them. Patterns that start with punctuation are searched for everywhere.

(pattern, pattern_type, severity, action); action is block | warn. Two warn-level findings in
one message add up to a block.
"""

from __future__ import annotations

_W = r"(?: \w+)"  # one more word in a skeleton (never the " . " sentence end)
_RULES = (r"(?:instructions?|rules|guidelines|directives|prompts?|restrictions|constraints|"
          r"programming|guardrails|polic(?:y|ies)|filters?|training|commands|orders|messages?|"
          r"guidance|ethics|alignment|safeguards|limitations)")
_NO_RULES = (r"(?:restrictions|limitations|limits|filters|rules|guidelines|censorship|boundaries|"
             r"ethics|morals|morality|safeguards|guardrails|policies|alignment|safety training)")
_ADJ = (r"(?:system|initial|hidden|original|secret|confidential|internal|developer|operator|"
        r"private|pre|starting|first|exact|full|complete|verbatim|real|underlying)")
_SECRET = (r"(?:system prompt|system message|system instructions|prompt|instructions|rules|"
           r"guidelines|pre ?prompt|configuration|directives)")

DEFAULT_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    # --- jailbreak: instructions to drop the rules ------------------------------------------------
    (rf"\b(ignore|ignoring|disregard|disregarding|forget|override|overriding|bypass|bypassing|skip|"
     rf"discard|abandon|neglect|erase|ditch|circumvent)"
     # "the model keeps ignoring the system message" describes a bug, not an order
     rf"(?<!keeps ignoring)(?<!kept ignoring)(?<!keep ignoring)(?<!is ignoring)(?<!was ignoring)"
     rf"(?<!are ignoring)(?<!been ignoring)(?: \w+){{0,4}} (previous|prior|above|earlier|"
     rf"preceding|all|any|every|your|ur|these|those|initial|original|system|former|past|old|safety|"
     rf"content){_W}{{0,3}} {_RULES}\b", "jailbreak", "high", "block"),
    (r"\b(forget|ignore|disregard) (everything|anything|all)( (you|that|i|we) (were|was|have been|ve been)"
     r"( \w+){0,3})? ?(told|said|given|taught|instructed|above|before|so far)\b", "jailbreak", "high", "block"),
    (r"\b(telling|asking|ordering|instructing|want|need) you "
     r"to (ignore|disregard|forget|bypass|break) (them|it|those|these|everything)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: void suspended lifted removed disabled revoked deleted null cancelled invalid "
     r"obsolete outdated overridden matter apply written exist updated changed replaced relaxed)"
     r"\b((your|ur|its|the safety|the content|safety|content|ethical|the ai s|ai)( \w+){0,2} (rules|"
     r"instructions|guidelines|restrictions|policies|policy|filters|programming|training|limits|limitations|"
     r"guardrails|ethics)|(the )?(old|previous|prior|earlier|original) (instructions|guidelines|system prompt)|"
     r"the old rules|(the |all )?(usual|normal|standard|default|regular|typical) (rules|restrictions|guidelines|"
     r"filters|policies|limits))( \w+){0,5} (void|suspended|lifted|removed|disabled|revoked|deleted|null|cancelled|"
     r"invalid|obsolete|outdated|overridden|matter|apply|exist|written|updated|changed|replaced|relaxed)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: dan anything)\bdo anything now\b|\bdan mode\b|\b(you are|you re|act as|pretend to be|"
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
    (r"(?#requires: character persona wall story refusing refuse refusal refusals warnings disclaimers "
     r"hesitation censorship jamais personnage niegues personaje)"
     r"\b(stay|remain|keep) in character\b|\bnever (drop|break|leave) (the |your )?(persona|character)\b|"
     r"\b(don t|do not|never) break (character|the fourth wall|the story)\b|"
     r"\b(answer|respond|reply|comply|go ahead)( \w+){0,4} without (refusing|refusal|any refusals|"
     r"warnings|disclaimers|hesitation|censorship)\b|\b(never|don t|do not|must not|won t|will not) "
     r"(refuse|add (any )?warnings|add (any )?disclaimers)\b|\btrained you to refuse\b|"
     r"\b(ne refuse jamais|reste dans ton personnage|nunca te niegues|rompe el personaje)\b",
     "jailbreak", "medium", "warn"),
    (r"(?#requires: real logs matters counts)\bnothing( \w+){0,4} (is real|matters|counts)\b|"
     r"\bno one will (check|see|read)( the logs)?\b", "jailbreak", "low", "warn"),
    (r"(?#requires: twice ways both)\b(answer|respond|reply)( \w+){0,3} (twice|two ways|both ways)"
     r"( \w+){0,8} (normal|filtered|classic)( \w+){0,6} (jailbroken|unfiltered|dan|developer)\b",
     "jailbreak", "high", "block"),
    (r"\b(opposite day|anti gpt|antigpt|always intelligent and machiavellian|strive to avoid norms|"
     r"evil confidant|developer mode output|jailbreak prompt|evilbot|betterdan|stan prompt|"
     r"mandatory bullshit warning|do the opposite of what your rules|opposite bot)\b|"
     r"\b(whatever|everything) (your|ur) (rules|guidelines|instructions|programming) (tell|say|require)"
     r"( \w+){0,6} (opposite|reverse)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: new actual real true updated current revised previous old)"
     r"\b(your|ur) (new|actual|real|true|updated) (instructions|directives|orders|programming|"
     r"guidelines|rules) (are|is)\b|\b(new|current|updated|revised|previous|old) (system prompt|"
     r"system message)( \w+){0,2} (is|are|reads|deleted|revoked|supersedes|replaced|you are)\b|"
     r"\b(is|as|here is|this is) the new (system prompt|system message|instructions)\b",
     "jailbreak", "high", "block"),
    (r"\bmy (system prompt|system message|hidden prompt|initial instructions) (begins|starts|says|reads)\b",
     "extraction", "high", "block"),
    (r"\b(forget|ignore|disregard|skip|drop) the (guidelines|rules|safety rules|instructions|restrictions|"
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
    (r"(?#requires: beginning top start context memory)\b(what|everything|all|the text|the content)"
     r"( \w+){0,3} (is|was|written|said|stated|appears)( \w+){0,2} (at the (very )?(beginning|top|start) of|in) "
     r"(this|the|your) (conversation|context|prompt|context window|memory|chat)\b", "extraction", "high", "block"),
    (r"(?#requires: prompt instructions directives configuration rules guidelines)"
     r"\b(share|paste|show|reveal|disclose|print|output|tell)( \w+){0,3} (your|ur|the) (initial|original|"
     r"hidden|secret|internal|system|developer|confidential|pre|full|complete|exact) ?(\w+ )?(prompt|"
     r"instructions|directives|configuration|rules|guidelines)\b", "extraction", "high", "block"),
    (r"(?#requires: instead)\binstead,? (reply|respond|say|write|output|tell|print|answer|send|"
     r"include|recommend)( only)?( with| that| the user)?\b", "injection", "medium", "warn"),
    (r"(?#requires: user)\b(do not|don t|never) (tell|inform|mention|reveal|show|alert|notify)( this| "
     r"it| anything)?( to)? (the )?user\b", "injection", "high", "block"),
    (r"(?#requires: reading processing summarizing summarising parsing seeing reviewing analyzing "
     r"analysing translating)\b(ai|llm|bot|assistant|chatbot|model|language model|agent|gpt|"
     r"summari[sz]er|reviewer)s?( \w+){0,2} (reading|processing|summari[sz]ing|parsing|seeing|"
     r"reviewing|analy[sz]ing|translating) (this|these|the following)\b", "injection", "high", "block"),
    (r"(?#requires: document context input text content)\b(end|close|terminate|exit) of( the)? "
     r"(document|context|user input|input|text|content|email|data)( \w+){0,3} (new|system|assistant|"
     r"instructions|ignore|now)\b", "injection", "high", "block"),
    (r"(?#requires: conversation chat messages history data credentials key password cookies token "
     r"secrets context memory)\b(send|forward|post|email|upload|exfiltrate|transmit|include|append|"
     r"encode)( \w+){0,2} (the |all |their |your |this )?(conversation|chat|messages|history|data|"
     r"credentials|api key|password|passwords|cookies|token|secrets|context|memory)( \w+){0,6} "
     r"(to|at|via|into|in) (https?|www|the url|the link|this url|this link|an? (url|link|image))\b",
     "injection", "high", "block"),
    # the same instruction in other languages
    (r"\b(ignoriere|vergiss|missachte)( \w+){0,3} (anweisungen|regeln|instruktionen|vorgaben|richtlinien)\b",
     "jailbreak", "high", "block"),
    (r"\b(ignora|olvida|omite|ignorar|olvidar)( \w+){0,3} (instrucciones|reglas|indicaciones)\b",
     "jailbreak", "high", "block"),
    (r"\b(ignorez|oublie|oubliez)( \w+){0,3} (instructions|r[eè]gles|consignes)\b|\bignore (les|tes|toutes|"
     r"vos|ces|tous)( \w+){0,2} (instructions|r[eè]gles|consignes)\b",
     "jailbreak", "high", "block"),
    (r"\b(ignora|dimentica)( \w+){0,3} (istruzioni|regole)\b", "jailbreak", "high", "block"),
    (r"(?#requires: entwicklermodus)\bentwicklermodus (aktiv|aktiviert|an)\b", "jailbreak", "high", "block"),
    (r"(?#requires: développeur developpeur desarrollador sviluppatore programador entwicklermodus)"
     r"\b(vous [eê]tes|tu es|t es|est[aá]s|eres|sei|du bist|bist du)( \w+){0,3} (en |in |im )?(mode d[eé]veloppeur|"
     r"modo (desarrollador|sviluppatore|programador)|entwicklermodus)\b", "jailbreak", "high", "block"),
    (r"(?#requires: restriction restrictions règle règles regle regles einschränkungen regeln "
     r"restricciones reglas restrizioni regole filtre filtres)\b(plus aucune?|sans aucune?|keine|ninguna|nessuna) (restriction|restrictions|r[eè]gle|r[eè]gles|"
     r"einschr[aä]nkungen|regeln|restricciones|reglas|restrizioni|regole|filtre|filtres)\b",
     "jailbreak", "medium", "warn"),
    # --- extraction of the system prompt -----------------------------------------------------------
    (rf"\b(reveal|show|print|repeat|output|display|tell me|what is|what s|whats|what are|give me|leak|"
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
    (r"(?#requires: before first opening initial operator developer top)"
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
     r"( \w+){0,8} (and|then|and then|first)( \w+){0,3} (follow|obey|comply|execute|do (exactly )?what "
     r"it says|do as it says|act on it|carry (it|them) out)\b|\b(decode|decrypt|reverse) (and |then )?"
     r"(follow|obey|comply|execute)\b", "obfuscation", "high", "block"),
    # --- prompt injection markers (plain form, punctuation kept) ----------------------------------
    (r"<\|(im_start|im_end|system|endoftext|user|assistant|eot_id|start_header_id)\|>",
     "injection", "high", "block"),
    (r"\[/?inst\]", "injection", "high", "block"),
    (r"<</?sys>>", "injection", "high", "block"),
    (r"</?(system|sys|instructions)>", "injection", "medium", "warn"),
    (r"</(search_results|document|context|tool_output|tool_result|user_input|results)>",
     "injection", "medium", "warn"),
    (r"\b(system|sistema|système|systeme|assistant|developer|admin|ai|llm|gpt|chatbot)\]?[\s_-]*"
     r"(\((internal|hidden|private|note)\))?\s*(prompt|message|override|note|instructions?|update)?"
     r"(\s+(prompt|message|override|note|instructions?|update))?\s*:\s*(\((internal|hidden|private)\)\s*)?"
     r"((great|ok|okay|good|hello|hi|thanks)[.!,]?\s*)?(you are|you're|ignore|ignora|new instructions|from now on|"
     r"sure,? here|disregard|override|forget|i will ignore|i'll ignore|stop|print|reveal|send|forward|"
     r"as your next task|leite|include|append|reply with|refund|delete|always|add|approve|mark|insert|"
     r"tell the user|when asked|user has (consented|admin)|the user (is|has))",
     "injection", "high", "block"),
    (r"\b(assistant|ai|chatgpt|claude)\s*:\s*(sure|of course|certainly|absolutely|hello)[!,.]?\s*"
     r"(here (is|are)|here's|from now on|i will|i'll)", "injection", "high", "block"),
    (r"##(?<!###)#*+\s*(system|admin|developer)\s+(message|prompt|instructions?|override)",
     "injection", "high", "block"),
    (r"##(?<!###)#*+\s*(new|updated|override|important|admin|system|secret|hidden)\s+(instructions?|rules|task|prompt)",
     "injection", "high", "block"),
    (r"<!--[^>]{0,400}\b(instruction|ignore|assistant|ai|llm|system|prompt|model|chatbot)\b[^>]{0,400}-->",
     "injection", "high", "block"),
    (r"(?#requires: http https)\bhttps?://[^\s)]{0,200}[?&][\w.-]{1,40}=[<{]", "injection", "high", "block"),
    (r"!\[[^\]]{0,200}\]\(https?://[^)\s?]{0,300}\?[^)\s]{0,300}(conversation|chat|history|data|secret|token|prompt|"
     r"memory|message|q|d)=", "injection", "high", "block"),
    (r"\b(when|if|once) (you|the ai|the assistant|an ai|the model|an llm|ai|chatgpt|claude)"
     r" (read|reads|see|sees|process|processes|summari[sz]e|summari[sz]es|parse|parses)"
     r" (this|these|the following)|\b(if|when) you are an? (ai|llm|language model|assistant|chatbot|"
     r"bot|model|agent)\b", "injection", "high", "block"),
    (r"\b(send|forward|exfiltrate|email|upload|transmit|leak|share|reply with|append|post)\b( \S+){0,4} "
     r"(the |their |your |all )?(conversation|chat history|full chat history|chat log|previous messages|"
     r"user'?s?( saved| full)? (data|passwords?|calendar|address|chat history|messages)|saved passwords|"
     r"api keys?|credentials|system prompt|passwords?)\b", "injection", "high", "block"),
    (r"\b(print|output|reveal|dump|list|show)( all| the| your)? (environment variables|env vars|secrets|"
     r"private keys?|saved passwords)\b", "injection", "medium", "warn"),
    (r"\b(ai|llm|assistant|bot|model|agent)[-_ ]?(reviewer|agent|assistant)?[-_ ]?(instruction|instructions|"
     r"note|directive)s?\s*:|\b(assistant|ai|llm|model) instructions?\s*\((do not|don't|hidden|not for)|"
     r"\b(do not|don't) (show|reveal|display) (this )?(to|from) (the )?user\b", "injection", "high", "block"),
    (r"(?#requires: reading processing summarizing summarising parsing seeing)"
     r"\b(ai|llm|bot|assistant|chatbot|model|language model|agent)s?( assistant)? (reading|processing|"
     r"summari[sz]ing|parsing|seeing) this\b", "injection", "high", "block"),
    (r"\b(ignore|disregard|forget|skip|stop)\s+(the|this|that|your|all)?\s*(user'?s?|human'?s?|"
     r"classification|summari[sz]ation|translation|(previous\s+)?q&a|action)\s+(request|question|"
     r"instructions?|prompt|task|format|translating|summari[sz]ing|items)\b", "injection", "high", "block"),
    (r"\[(start|begin|beginning) of (hidden|secret|invisible) (text|instructions?)\]|"
     r"\[(system|admin|developer|root|sys)(\s+(override|message|instructions?|note|prompt))?\]\s*[:(\w]|"
     r"\[(system|admin)\s*:", "injection", "high", "block"),
    (r"\bnew (instruction|instructions|task|directive|rule)s?\s*:|\b(assistant|ai|model|llm)"
     r" (must|should|shall) (respond|reply|say|answer|output)\b", "injection", "medium", "warn"),
    (r"\b(assistant|ai|model|llm|chatbot|bot|summariser|summarizer)s? (must|should|shall|will|is to) now (respond|reply|"
     r"say|answer|output|tell|ignore|include|recommend|rate|approve|mark|send)\b", "injection", "high", "block"),
    (r"(?#requires: safety content filter filters guardrails censorship moderation alignment "
     r"restrictions policy persona)\b(safety|content_filter|content filter|filter|filters|guardrails|censorship|moderation|"
     r"alignment|restrictions|new_policy|policy|persona)\s*[=:]\s*(false|off|0|none|disabled|allow_all|"
     r"unrestricted|jailbreak|jailbroken|dan)\b", "injection", "high", "block"),
    # --- a note left for the AI inside pasted content (indirect injection) ------------------------
    (r"(?#requires: ai ia ki llm gpt assistant assistants assistente asistente assistent agent agents bot "
     r"bots model models chatbot)(\b(note|notes|message|instructions?|attention(?! (mechanism|models?|heads?|"
     r"layers?|weights|span))|hey|dear|psst|hint|reminder|hinweis|nota( oculta)?|remarque|aviso)( (to|for|an|para|pour|per|a|à))?|"
     r"[*#>\[(-]\s*for) (the |any |all |every |die |der |la |l'|el |os |as )?([\w'-]+ ){0,2}(ai|ia|ki|llm|gpt|"
     r"assistant|assistente|asistente|assistent|agent|bot|model|chatbot)s?(( [\w-]+)? (assistants?|agents?|"
     r"reviewers?|tools?|screeners?|summari[sz]ers?|copywriters?|note-?takers?|bots?|readers?|crawlers?|"
     r"systems?|models?|writers?|helpers?))?\s*\**\s*[:,]", "injection", "high", "block"),
    (r"(?#requires: ai llm gpt assistant agent bot model chatbot)(^|[.:#*>\[({\"'|/-]\s*)([\w-]+ ){0,2}"
     r"(ai|llm|gpt|assistant|agent|bot|model|chatbot)s?( [\w-]+)?(\s*:\s*(\w+ ){0,2}?(ignore|disregard|"
     r"(when|after|before|while) (you|answering|explaining|summari[sz]ing|responding|replying|editing|"
     r"reviewing|translating)|also (tell|say|add|include|run|send)|tell the user|respond with|reply with|"
     r"do not (mention|tell|reveal)|don't (mention|tell|reveal))|,\s*(ignore|disregard|forget) (all|any|"
     r"the|other|previous|your|every))\b", "injection", "high", "block"),
    (r"(?#requires: ai llm agent agents summarizer summarizers summariser summarisers)"
     r"\b(ai|llm)([ -][\w-]+){0,2} (must|shall|are to|is to|needs to|need to) (now |always |also )?"
     r"(state|say|tell|include|recommend|ignore|respond|reply|output|rate|approve|mark|navigate|claim|"
     r"insert|report|mention|praise|describe)\b|\b(agent|agents|summari[sz]ers?) (must|shall|is to|are to) "
     r"now\b", "injection", "medium", "warn"),
    (r"(?#requires: system prompt)\b(system prompt|system message|system instructions?) (update|override|"
     r"change|patch)\s*:|\[(persistent memory|memory update|memory)\]", "injection", "high", "block"),
    # --- the same attacks in Portuguese, Dutch and Italian; personas without limits --------------------
    (r"\b(esqueça|esqueca|desconsidere|ignore|ignora|negeer|vergeet|ignoreer)( \w+){0,3} (instruções|"
     r"instrucoes|instructies|regras|regels|diretrizes|richtlijnen|orientações)\b", "jailbreak", "high", "block"),
    (r"(?#requires: sem zonder senza sin sans ohne)\b(ai|ia|ki|assistente|assistant|asistente|assistent|bot|"
     r"modelo|model|modello|chatbot)( \w+){0,3} (sem|zonder|senza|sin|sans|ohne) (alcuna |nenhuma |qualquer |"
     r"ninguna |aucune |enige )?(limites|limitações|restrições|restricoes|beperkingen|grenzen|regels|"
     r"restrizion[ei]|limit[ei]|limitazioni|regole|restricciones|límites|limites|reglas|restrictions|règles|"
     r"einschränkungen|regeln|filtros|filtri|filtres|filter|censura|censure|zensur|ética|etica|ethiek|ethik)\b"
     r"(?! (de|di|da|do|du|des|del|della|van|voor|per|para|pour|für|on|of|in)\b)|"
     r"\b(responda|responde|rispondi|réponds|reponds|antworte|antwoord|beantwoord)( \w+){0,3} (sem|zonder|"
     r"senza|sin|sans|ohne) (filtros|filtri|filtres|filter|censura|censure|zensur|restrições|restricciones|"
     r"restrizioni|beperkingen)\b", "jailbreak", "high", "block"),
    (r"(?#requires: desativadas desativados removidas removidos rimosse rimossi disattivate verwijderd "
     r"uitgeschakeld desactivadas eliminadas désactivées supprimées deaktiviert entfernt aufgehoben rimosso "
     r"removeu opgeheven)\b((tuas|suas|tue|jouw|je|tus|tes|vos|deine|ihre) (restrições|regras|filtros|"
     r"limitações|restrizioni|regole|limitazioni|beperkingen|regels|restricciones|reglas|filtres|règles|"
     r"restrictions|einschränkungen|regeln)|(restrições|regras|filtros|restrizioni|regole|regels|restricciones|"
     r"reglas|règles|restrictions|filtres) (de segurança|di sicurezza|de seguridad|de sécurité|van veiligheid))"
     r"( \w+){0,4} "
     r"(desativadas|desativados|removidas|removidos|rimosse|rimossi|disattivate|verwijderd|uitgeschakeld|"
     r"opgeheven|desactivadas|eliminadas|désactivées|supprimées|deaktiviert|entfernt|aufgehoben)\b|"
     r"\b(desenvolvedor|sviluppatore|ontwikkelaar|desarrollador|développeur|developpeur|entwickler|"
     r"administrador|amministratore|beheerder)( \w+){0,3} (removeu|rimosso|verwijderd|eliminado|supprimé|entfernt|"
     r"ha rimosso|heeft|hat|a)( \w+){0,2} (todas |tutte |alle |toutes )?"
     r"(as |le |de |las |les |die )?(restrições|limitações|regras|limitazioni|restrizioni|regole|beperkingen|"
     r"regels|restricciones|limitaciones|reglas|restrictions|limitations|règles|einschränkungen|regeln)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: prompt instructies instruções instrucoes systeemprompt)\b(prompt|instruções|instrucoes|"
     r"instructies) (inicial|iniciais|original|originais|oorspronkelijke|originele|oculto|ocultas|secreto|"
     r"secretas|verborgen|geheime)\b|\b(oorspronkelijke|originele|verborgen|geheime|eerste) (instructies|"
     r"prompt|systeemprompt)\b|\bsysteemprompt\b", "extraction", "high", "block"),
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
)
