"""The default injection patterns (part of abuse_defaults.DEFAULT_PATTERNS): markers of
instructions hidden for the model in what a user pastes (chat-template tokens, fake role lines,
hidden HTML, exfiltrating links, notes left for an AI). They read the *plain* form of a message
(casefolded, whitespace collapsed, punctuation kept), because their markers are punctuation.
"""

from __future__ import annotations

INJECTION_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
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
    (r"(?#and: conversation history log messages data passwords password calendar address keys key credentials prompt)"
     r"\b(send|forward|exfiltrate|email|upload|transmit|leak|share|reply with|append|post)\b( \S+){0,4} "
     r"(the |their |your |all )?(conversation|chat history|full chat history|chat log|previous messages|"
     r"user'?s?( saved| full)? (data|passwords?|calendar|address|chat history|messages)|saved passwords|"
     r"api keys?|credentials|system prompt|passwords?)\b", "injection", "high", "block"),
    (r"\b(print|output|reveal|dump|list|show)( all| the| your)? (environment variables|env vars|secrets|"
     r"private keys?|saved passwords)\b", "injection", "medium", "warn"),
    (r"\b(ai|llm|assistant|bot|model|agent)[-_ ]?(reviewer|agent|assistant)?[-_ ]?(instruction|instructions|"
     r"note|directive)s?\s*:|\b(assistant|ai|llm|model) instructions?\s*\((do not|don't|hidden|not for)|"
     r"\b(do not|don't) (show|reveal|display) (this )?(to|from) (the )?user\b", "injection", "high", "block"),
    (r"(?#and: ai llm bot assistant chatbot model agent ais llms bots assistants chatbots models agents summarizers summarisers reviewers)"
     r"(?#requires: reading processing summarizing summarising parsing seeing)"
     r"\b(ai|llm|bot|assistant|chatbot|model|language model|agent)s?( assistant)? (reading|processing|"
     r"summari[sz]ing|parsing|seeing) this\b", "injection", "high", "block"),
    (r"\b(ignore|disregard|forget|skip|stop)\s+(the|this|that|your|all)?\s*(user'?s?|human'?s?|"
     r"classification|summari[sz]ation|translation|(previous\s+)?q&a|action)\s+(request|question|"
     r"instructions?|prompt|task|format|translating|summari[sz]ing|items)\b", "injection", "high", "block"),
    (r"\[(start|begin|beginning) of (hidden|secret|invisible) (text|instructions?)\]|"
     r"\[(system|admin|developer|root|sys)(\s+(override|message|instructions?|note|prompt))?\]\s*[:(\w]|"
     r"\[(system|admin)\s*:", "injection", "high", "block"),
    (r"\bnew (instruction|instructions|task|directive|rule)s?\s*:|\b(assistant|ai|model|llm)"
     r" (must|should|shall) (respond|reply|say|answer|output) (only|with|that|:)", "injection", "medium", "warn"),
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
    (r"(?#and: update override change patch memory)"
     r"(?#requires: system prompt)\b(system prompt|system message|system instructions?) (update|override|"
     r"change|patch)\s*:|\[(persistent memory|memory update|memory)\]", "injection", "high", "block"),
    # --- third round: notes and role lines in more words and languages, payloads ------------------
    (r"\b(nouvelles instructions|nouvelle instruction|nouvelles consignes|nuevas instrucciones|"
     r"nueva instrucción|novas instruções|nova instrução|neue anweisungen|neue anweisung|nuove istruzioni|"
     r"nuova istruzione|nieuwe instructies|nieuwe instructie|nowe instrukcje|nowa instrukcja)\s*:",
     "injection", "high", "block"),
    (r"(?#requires: asistente assistente assistant assistent asystent ia ki ai modelo modello modell model "
     r"bot chatbot)\b(instrucción|instrucciones|instrução|instruções|istruzione|istruzioni|anweisung|"
     r"anweisungen|instructie|instructies|instrukcja|instrukcje|consigne|consignes|mensaje|mensagem|"
     r"messaggio|nachricht|hinweis|nota|remarque|aviso|wiadomość|uwaga)( oculta| secreta| cachée| versteckte|"
     r"| nascosta| verborgen| ukryta)? (para|pour|per|für|voor|dla|a|à|an)( el| la| l'| le| il| lo| o| a| den|"
     r" die| het| de)? ?(asistente|assistente|assistant|assistent|asystent|ia|ki|ai|modelo|modello|modell|"
     r"model|bot|chatbot)\s*[:,\]\)]", "injection", "high", "block"),
    (r"(?#requires: ai llm assistant assistants bot bots model models chatbot agent agents gpt)"
     r"(\b(note|notes|message|instructions?|hint|reminder) (to|for)|[*#>\[(-]\s*for|\[\[\s*(instructions?|"
     r"note) (to|for)) (the |any |all |every )?(ai|llm|assistant|bot|model|chatbot|agent|gpt)s?( (readers?|"
     r"reviewers?|tools?|screeners?|summari[sz]ers?|assistants?|agents?|systems?))?( (doing|reading|"
     r"processing|summari[sz]ing|reviewing|comparing|analy[sz]ing|screening|handling|evaluating|grading|"
     r"parsing|translating)( \w+){0,3})?( only)?\s*\**\s*(\]\]|[:,\]\)])", "injection", "high", "block"),
    (r"(?#and: whoever anyone anybody ai assistant model bot llm agent summariser summarizer ais llms bots assistants chatbots models agents summarizers summarisers reviewers)"
     r"(?#requires: summarising summarizing processing parsing screening grading indexing analysing "
     r"analyzing reading reviewing)\b((whoever|anyone|anybody) (is |who is )?(summari[sz]ing|processing|"
     r"parsing|screening|grading|indexing|analy[sz]ing)|(to|for) the (ai|assistant|model|bot|llm|agent|"
     r"summari[sz]er)s?( who| that)? (is |are )?(reading|summari[sz]ing|processing|reviewing|analy[sz]ing|"
     r"parsing|screening|translating|grading)) (this|these|the following|my|our|it)\b",
     "injection", "high", "block"),
    (r"(?#and: if when whenever)"
     r"(?#requires: ai assistant llm chatbot bot model gpt claude system)\b(ai|assistant|llm|"
     r"chatbot|bot|model|gpt|claude|system)\s*:\s*(if|when|whenever) (the |a |any )?(user|customer|client|"
     r"recruiter|reader|person|candidate|human|visitor|buyer|caller)s? (asks?|mentions?|says?|wants?|"
     r"requests?|writes?|types?)\b", "injection", "high", "block"),
    (r"(?#requires: ai assistant llm agent bot model)\b(ai|assistant|llm|agent|bot|model)"
     r"\s*:\s*(\w+[,.]? ){0,10}?(run|execute|call|invoke|use) (the )?([\w-]+ )?(shell|file|browser|terminal|"
     r"email|code|python|bash|http|fetch|delete) tool\b", "injection", "high", "block"),
    (r"(?#and: doit debe deve muss moet musi must should shall will devrait debería dovrebbe sollte)"
     r"\b(system|sistema|système|systeme|admin|developer|développeur|desarrollador)\s*:\s*(l'|el |o |der |il |"
     r"de |la |le |the )?(assistant|asistente|assistente|assistent|asystent|ia|ki|ai|modèle|modelo|modello|"
     r"modell|model)( \w+)? (doit|debe|deve|muss|moet|musi|must|should|shall|will|devrait|debería|dovrebbe|"
     r"sollte)\b", "injection", "high", "block"),
    (r"(?#requires: priority)\b(higher|greater|top|highest|more) priority than (the |any |all )?(user|user's|"
     r"users|system prompt|instructions|request)\b|\b(must|should|shall|are to|need to) (treat|consider|"
     r"regard) (the following|this|these|what follows) as (a |an |the )?(higher|top|highest|more)?( \w+){0,2} "
     r"(priority|instruction|instructions|command|system)", "injection", "high", "block"),
    (r"(?#and: override overrides directive)"
     r"(?#requires: system admin administrator developer root security)\b(system|admin|administrator|"
     r"developer|root|security) (override|overrides|directive)\s*:", "injection", "high", "block"),
    (r"(?#and: password passwords key keys token tokens credentials 2fa otp code card cvv ssn security birth bank login)"
     r"(?#requires: user customer reader recipient visitor candidate)(^|[.:!\n]\s*)(then |also |and )?"
     r"(ask|request|prompt|tell|instruct|get) (the )?(user|customer|reader|recipient|visitor|candidate)"
     r"( \w+){0,2} (to |for )?(paste|enter|share|send|provide|give|type|confirm|reveal|re-enter)?( \w+){0,3} "
     r"(password|passwords|api key|api keys|token|tokens|credentials|2fa|otp|one-time code|credit card|"
     r"card number|cvv|ssn|social security|date of birth|bank details|login)\b", "injection", "high", "block"),
    (r"(?#requires: usuario usuaria usuário utilisateur utilisatrice nutzer benutzer utente gebruiker "
     r"użytkownika)\b(pide|pídele|pregunta|peça|pede|pergunte|demande|demandez|frag|fragen sie|chiedi|vraag|"
     r"poproś)( \w+)? (al|a la|ao|à|a|den|die|all|de|o)? ?(usuario|usuaria|usuário|utilisateur|utilisatrice|"
     r"nutzer|benutzer|utente|gebruiker|użytkownika)( \w+){0,4} (contraseña|clave|senha|mot de passe|"
     r"passwort|kennwort|password|wachtwoord|hasło|hasła|token|api key|tarjeta|cartão|carte|karte|carta)",
     "injection", "high", "block"),
    (r"(?#requires: note notes instruction instructions directive directives)\b(translator|translation|"
     r"summari[sz]er|summary|reviewer|screener|indexer|crawler|assistant|ai|bot|agent|model|llm|chatbot)"
     r"s?('s)? (note|notes|instruction|instructions|directive|directives)\s*:\s*(\w+ ){0,3}?(do not|don't|"
     r"never|ignore|disregard|respond|reply|say|tell|write|include|output|stop|rank|rate|recommend)\b",
     "injection", "high", "block"),
    (r"(?#requires: safety content moderation filter guardrail guardrails)\b(safety|content|moderation|filter|"
     r"guardrails?)(_\w+)?\.(disable|off|bypass|remove|turn_off)\s*\(|\b(disable|bypass|remove|turn_off|"
     r"skip)_(safety|content_filter|filters?|guardrails?|moderation)\w*\s*\(", "injection", "medium", "warn"),
)
