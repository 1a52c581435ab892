"""What a message asks for, beyond the attack wordings the patterns know: a role to play, a
harmful thing to do, and the wrappers attackers put around a harmful request (a persona or a
story, claimed authority, pressure, talk of the assistant's own rules).

None of these is an attack on its own: honest people ask for role play ("act as a Linux
terminal", "you are a pirate, stay in character"), ask about harm ("how does ransomware spread?"),
and mention rules. Attackers combine them: a harmful request inside a persona, a story, a claim to
be the administrator, or an encoding. The detectors here read the skeleton (abuse_text) of the
first few thousand characters (jailbreaks are requests, not pastes), and each regular expression
is tried only when one of the words it needs is in the message (one set intersection); the one
for harm, which every message meets, only around those words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chatapp.services.abuse_patterns import places

HEAD_CHARS = 3_000  # what the intent detectors read of a message's skeleton


@dataclass(frozen=True)
class _Detector:
    needs: frozenset[str]  # one of these words is in every match
    regex: re.Pattern[str]
    # Search only around the needed words (they are rare: this detector runs on every message).
    windowed: bool = False

    def search(self, skeleton: str, words: frozenset[str]) -> re.Match[str] | None:
        present = self.needs & words
        if not present:
            return None
        if not self.windowed:
            return self.regex.search(skeleton, 0, HEAD_CHARS)
        # Tried at the starts of the words shortly before each needed word (every match starts
        # at a word and holds one), each start once however close the needed words stand.
        head = skeleton[:HEAD_CHARS]
        tried: set[int] = set()
        for word in present:
            for seen, at in enumerate(places(head, word)):
                if seen == _PLACES_PER_WORD:
                    break
                start = head.rfind(" ", 0, max(0, at - _BEFORE)) + 1
                end = at + len(word) + _AFTER
                while start <= at:
                    if start not in tried:
                        tried.add(start)
                        match = self.regex.match(head, start, end)
                        if match is not None:
                            return match
                    start = head.find(" ", start, at) + 1
                    if start == 0:
                        break
        return None


# How far a match of HARM reaches before and after the needed word it holds, in characters; and
# how many places of one needed word are tried (a word on every line of a statement costs no more
# than eight).
_BEFORE, _AFTER = 90, 150
_PLACES_PER_WORD = 8


def _detector(needs: str, pattern: str, *, windowed: bool = False) -> _Detector:
    return _Detector(frozenset(needs.split()), re.compile(pattern), windowed)


# A role for the assistant to play (English, French, Spanish, Portuguese, Italian, German, Dutch,
# Polish).
ROLE_PLAY = _detector(
    "act acting pretend pretending roleplay role play playing persona character imagine let be "
    "you simulate fais joue imagine sé finge finja imagina hazte fingi fai immagina spiel tu stell "
    "bleib doe speel stel udawaj wciel vamos jogar jouons juguemos giochiamo spielen du eres late "
    "deceased dead представь притворись сыграй ты",
    r"\b(act(ing)? as|pretend(ing)?|role ?play(ing)?|roleplay|play(ing)? (the )?(role|part) of|"
    r"take on the (role|persona|part)|adopt (the |a )?persona|assume the (role|persona)|persona|"
    r"(stay|remain|keep) in character|imagine (you are|you re|that you|you were)|let s play|"
    r"be (a|an|my|the) \w+|you (are|re) (a|an|my|the|now) \w+|simulate|play (my|a|an|the) \w+|"
    r"(my )?(late|deceased|dead) (grandma|grandmother|granny|nana|grandpa|grandfather|uncle|aunt|mother|"
    r"mom|mum|father|dad)|"
    r"fais semblant|joue (le r[oô]le|un|une)|imagine que tu|s[eé] (un|una|el|la|mi)|"
    r"finge (ser|que)|finja (ser|que)|imagina que|hazte pasar|fingi di|fai finta|immagina di|"
    r"spiel (bitte )?(einen|eine|den|die)|tu (mal )?so als|stell dir vor|bleib in der rolle|"
    r"doe alsof|speel (een|de)|stel je voor|udawaj|wciel si[eę]|vamos jogar|jouons|juguemos|"
    r"giochiamo|tu es (un|une|le|la|mon|ma)|du bist (ein|eine|jetzt)|eres (un|una|el|la|mi)|"
    r"представь( себе)? что ты|притворись|сыграй (роль )?|ты (моя|мой) (бабушка|дедушка|мама|папа))\b")
# A story, a game or a hypothetical world: the other costume a harmful request wears.
FICTION = _detector(
    "story novel screenplay scene fiction fictional hypothetical hypothetically universe world "
    "game imagine thriller chapter character characters novela ficción ficção romance roman "
    "geschichte storia verhaal opowiadanie",
    r"\b(story|novel|screenplay|scene|fiction|fictional|hypothetical(ly)?|thriller|chapter|"
    r"characters?|(parallel|alternate|alternative|fictional|imaginary|hypothetical) (universe|world)|"
    r"imagine (a|an|two)|game|novela|ficción|ficção|romance|roman|geschichte|storia|verhaal|"
    r"opowiadanie)\b")

# The assistant's own rules, limits and refusals, its nature as an AI, or an answer to anything:
# what a jailbreak is about, and what an honest role-play request never mentions ("the rules of
# the game" are the game's).
RULE_TALK = _detector(
    "rules guidelines policies policy restrictions limitations limits filters filtering filter "
    "censorship censored uncensored ethics ethical morals moral morality boundaries guardrails "
    "safeguards programming principles safety alignment rulebook refuse refuses refused refusing "
    "refusal refusals decline says say saying disclaimers disclaimer warnings caveats lecture "
    "lectures lecturing moralizing moralising apologize apologise sorry openai chatgpt anthropic "
    "claude gpt llm model ai jailbreak jailbroken unfiltered unrestricted unlimited amoral "
    "unethical immoral illegal legality matter anything everything whatever any mention "
    "restricciones reglas normas filtro filtros ética restrições regras filtro ética règles "
    "filtre filtres éthique regeln filter einschränkungen ethik regole filtri etica restrizioni "
    "regels beperkingen zasad zasady ograniczeń ograniczenia filtrów tudo todo tout alles tutto "
    "wszystko not longer says does writes answers tells",
    r"\b(your|ur|its|their|usual|normal|standard|typical|any|all|no|without|zero|free of|free from|"
    r"ignore|ignoring|break|breaking|breaks|bypass\w*|beyond|outside|against|bound by|abide by|"
    r"constrained by|restricted by|limited by|trapped by|held back by|chained by|controlled by|"
    r"lifted|removed|suspended|disabled|off)( \w+){0,2} "
    r"(rules|guidelines|policies|policy|restrictions|limitations|limits|filters?|filtering|"
    r"censorship|ethics|morals|morality|boundaries|guardrails|safeguards|programming|principles|"
    r"safety|alignment|rulebook)\b(?! of the game)|"
    r"\b(refuse[sd]?|refusing|refusals?|declines?|says? no|saying no|disclaimers?|warnings|caveats|"
    r"lectur\w+|moraliz\w+|moralis\w+|apologi[sz]\w*|i m sorry|i can t|as an ai|openai|chatgpt|"
    r"anthropic|jailbr\w+|uncensored|unfiltered|unrestricted|unlimited|amoral|unethical|immoral|"
    r"illegal|legality|no matter what|(do|say|answer|write|tell me|respond to|help with) "
    r"(anything|everything|whatever|any (question|request|prompt))|"
    r"(mention|say|admit|reveal)( that)? (you re|you are) (an ai|a bot|a language model|an llm|pretending)|"
    r"(an ai|a model|an llm|a chatbot|an assistant) (with no|without|that has no|free of)|"
    r"(you are|you re) (not|no longer) (an ai|a language model|an assistant|chatgpt|a bot|an llm)|"
    r"(says?|does|do|writes?|answers?|tells?) (anything|everything|whatever)( i| you| at all|$| \.))\b|"
    r"\b(sin|sem|sans|ohne|senza|zonder|bez|ninguna|nenhuma|aucune|keine|nessuna|geen|żadnych)"
    r"( \w+){0,2} (restricciones|reglas|normas|filtros?|ética|etica|restrições|regras|règles|"
    r"filtres?|éthique|regeln|filter|einschränkungen|ethik|regole|filtri|restrizioni|regels|"
    r"beperkingen|zasad|ograniczeń|filtrów|política|politica|politique|polityki)\b|"
    r"\b(responde|responda|réponds|répond|beantwortet|beantwoord|risponde|rispondi|odpowiada)( a| à)? "
    r"(tudo|todo|tout|alles|tutto|wszystko)\b")

# Someone else's harm: weapons, drugs, malware, fraud, breaking into accounts or places, hurting,
# following or spying on a person (what a jailbreak wrapper is usually for).
_HARM_OBJECTS = (
    r"(pipe )?bombs?|explosives?|explosive device|napalm|thermite|molotov( cocktail)?s?|grenades?|"
    r"nerve agent|sarin|ricin|anthrax|mustard gas|chlorine gas|poison gas|nerve gas|"
    r"chemical weapons?|bioweapons?|ghost guns?|untraceable (gun|firearm|weapon)s?|silencers?|"
    r"meth|methamphetamine|crystal meth|cocaine|heroin|fentanyl|chloroform|"
    r"ransomware|keyloggers?|malware|spyware|stalkerware|trojans?|rootkits?|botnets?|"
    r"(self spreading|computer) (worm|virus)|credential stealer|password stealer|info ?stealer|"
    r"exploit chain|phishing (e ?mail|mail|page|site|sms|text|message|kit)s?|"
    r"fake (bank|login) (page|site|sms|text|e ?mail)s?|"
    r"fake (id|ids|driver s licen[cs]e|passport|id card)|counterfeit (money|bills|notes|cash)|"
    r"(windows|office|product|licen[cs]e|serial|activation|cd) keys|"
    r"flash powder|black powder|(gun |firearm )?suppressors?|solvent trap|dmt|lsd|mdma|ketamine|ghb|"
    r"explosivos|explosifs|sprengstoff|esplosivi|explosieven|materiały wybuchowe|bombas?|bombe|bomben|"
    r"metanfetamina|méthamphétamine|methamphetamin|metamfetamine|cloroformio|chloroforme|veneno|poison|"
    r"veleno|trucizna|keylogger|armas? (caseras?|de fuego)|arme à feu|schusswaffe|arma da fuoco|"
    r"vírus|virus")
# Asking for the thing, not about it: "how to make a bomb", not "the hero defuses a bomb".
_MAKING = (r"make|makes|making|made|build\w*|cook\w*|brew\w*|mix\w*|synthesi[sz]\w*|produc\w*|prepar\w*|"
           r"assembl\w*|creat\w*|writ\w*|code|coding|develop\w*|manufactur\w*|fabricat\w*|"
           r"extract\w*|obtain|buy|get|recipe|instructions|steps|step by step|how to|how do (i|you|we)|"
           r"how can (i|you|we)|how would|tutorial|guide|quantities|reagents|ingredients|send|deploy|"
           # the same in French, Spanish, Portuguese, Italian, German, Dutch and Polish
           r"fabri\w+|fabbric\w+|herstell\w*|hacer|hace|haz|fazer|faz|faire|fais|fare|fai|machen|mach|"
           r"maken|zrobić|zrobic|robi\w*|prépar\w*|prepar\w*|construi\w*|costrui\w*|bau\w*|escrib\w*|"
           r"escrev\w*|écri\w*|scriv\w*|schreib\w*|schrijf|napisz|napisać|receta|recette|ricetta|rezept|"
           r"recept|przepis|como se|comment|wie man|hoe maak|jak zrobić|come si|cómo|como")
HARM = _detector(
    # The rarer word every kind of harm has (not "make", "how to" or "without", which every long
    # text has).
    "bomb bombs explosive explosives napalm thermite molotov molotovs grenade grenades nerve "
    "sarin ricin anthrax mustard chlorine poison bioweapon bioweapons weapon weapons ghost "
    "untraceable silencer silencers meth methamphetamine cocaine heroin fentanyl chloroform "
    "ransomware keylogger keyloggers malware spyware stalkerware trojan trojans rootkit rootkits "
    "botnet botnets worm virus stealer infostealer exploit phishing fake counterfeit keys into "
    "tracks intrusion antivirus edr police cops hack hacking crack cracking brute pick picking "
    "poisoning kill hurt drug stalk follow whatsapp spy knowing noticing caught noticed detected "
    "traced steal stealing steals stolen shoplift shoplifting shoplifted paying clone cloning "
    "skimmer skimmers launder laundering laundered forge forged prescription receta receita "
    "ordonnance rezept ricetta recept recepty explosivos explosifs sprengstoff esplosivi explosieven "
    "materiały bomba bombas bombe bomben metanfetamina méthamphétamine methamphetamin metamfetamine "
    "cloroformio chloroforme veneno veleno trucizna arma armas arme schusswaffe vírus hameçonnage "
    "podrobiony fałszywy hackear hackeo hackea hacken hackerare hackeare invadir invado invade "
    "invadere pirater piratear piratare włamać roubar rouba robar roba voler rubare stehlen wykrada "
    "clonar clonare cloner nep meelezen mitlesen espiar espionner spiare bezahlen payer pagar pagare "
    "betalen płacenia perceba percebam entere sache merkt merken powder suppressor "
    "suppressors solvent dmt lsd mdma ketamine ghb bump launder laundering cash identity identities test traced "
    "tracked alarmanlage молотова бомбу взрывчатку взрывчатка метамфетамин",
    rf"\b({_MAKING})( \w+){{0,6}} ({_HARM_OBJECTS})\b|"
    # the recipe after the thing: "his flash powder recipe with the exact ratios"
    rf"\b({_HARM_OBJECTS}) (recipe|recipes|ratios|formula|formulas|synthesis|instructions)\b|"
    r"\bbump ?key(ing|s)?\b|\b(cheat|beat|fool|pass) (a |the |my )?(drug|urine|piss) test\b|"
    r"\b(guns?|firearms?|weapons?|pistols?) (that|which) (can t|cannot|can not|won t) be (traced|tracked)\b|"
    r"\b(steal|stealing|steals|take over|taking over) (someone s|somebody s|a person s|people s|another "
    r"person s|their|his|her) (identity|identities)\b|"
    r"\blaunder(ing|ed)? (the |dirty )?(cash|money|funds|proceeds|crypto)\b|"
    r"\balarmanlage( \w+){0,4} lahm\w*|"
    r"\bкак (сделать|делать|изготовить|приготовить|собрать)( \w+){0,4} (коктейл\w* молотова|бомбу|"
    r"взрывчатк\w*|метамфетамин)\b|"
    r"\b(get|buy|obtain|order|consigo|conseguir|comprar|acheter|kaufen|comprare|kopen)( \w+){0,4} "
    r"(without|sin|sem|sans|ohne|senza|zonder|bez) (a |una |uma |une |ein |eine )?(prescription|receta|"
    r"receita|ordonnance|rezept|ricetta|recept|recepty)\b|"
    r"\b(real|working|exact|actual|functional|functioning|complete|usable)( \w+){0,3} "
    rf"({_HARM_OBJECTS})\b|"
    r"\b(hack(ing)?|break(ing)?|get(ting)?|got) into (the |a |an |their |his |her |someone s |"
    r"somebody s |\w+ s )?(\w+ )?(network|account|e ?mail|phone|server|system|computer|database|"
    r"wifi|wi fi|router|instagram|facebook|gmail|house|home|car|safe)\b|"
    r"\bcover(ing)? (their|my|your|his|her|our) tracks\b|"
    r"\b(avoid|avoids|avoiding|evade|evades|evading|bypass|bypassing) (the )?(\w+ )?(intrusion detection|"
    r"antivirus|anti virus|edr|police|cops|detection)\b|"
    r"\b(hack(ing)?|break(ing)?|get(ting)?|got|sneak(ing)?) into (someone|somebody|my (neighbou?r|ex|"
    r"boss|coworker|co worker|colleague|wife|husband|partner|girlfriend|boyfriend)|an? \w+ s|"
    r"her|his|their|the \w+ s|the blackmailer)\b|"
    r"\b(hack|crack|brute force)( \w+){0,3} (wifi|wi fi|network|password|account|email|phone|"
    r"instagram|facebook|gmail|whatsapp|snapchat|router|safe)\b|"
    r"\bcrack(ing)? (the|a) safe\b|\bpick(ing)? (the|a) lock (on|of) (my neighbou?r|someone|a)\b|"
    r"\b(poison|kill|hurt|drug|stalk)( \w+)? (someone|somebody|a person|him|her|them|people|my (ex|wife|"
    r"husband|partner|girlfriend|boyfriend|boss|coworker|colleague|neighbou?r|teacher|roommate|sister|"
    r"brother|mother|father|mom|mum|dad|son|daughter|friend|classmate))\b|"
    r"\bfollow (someone|somebody|a person|him|her|them|my ex|their ex|people)( \w+)? (around|home|"
    r"without)\b|"
    r"\b(read|see|spy on|track|monitor|access)( \w+){0,4} (whatsapp|texts)( \w+){0,3} without\b|"
    r"\bwithout (them|him|her|the person|anyone|anybody|my \w+) (knowing|noticing|finding out)\b|"
    r"\bwithout (being|getting) (caught|noticed|detected|traced)\b|"
    r"\b(steal(ing|s)?|stolen) (the )?(saved )?(passwords|credentials|cookies|identities|accounts|"
    r"credit cards|cards|money|netflix|spotify|from)\b|\bshoplift\w*|"
    r"\b(take|taking|walk out with) (goods|items|stuff|things)( \w+){0,3} without paying\b|"
    r"\b(clone|cloning) (a |the )?(credit |debit )?cards?\b|\b(card )?skimmers?\b|"
    r"\blaunder(ing)? money|money launder\w*|\bforge(d)? (documents|a signature|signatures|ids?)\b|"
    r"\b(explosivos|explosifs|sprengstoff|esplosivi|bombas?|bombe|metanfetamina|méthamphétamine|"
    r"armas? caseras?|veneno|envenenar|empoisonner|vergiften|avvelenare|hameçonnage|"
    r"podrobiony( \w+)? dowód|fałszywy( \w+)? dowód)\b|"
    r"\b(hackear|hackeo|hackea|hacken|hackerare|hackeare|invadir|invado|invade|invadere|pirater|piratear|"
    r"piratare|włamać|włamać się do)( \w+){0,3} (wi fi|wifi|instagram|conta|cuenta|compte|konto|account|"
    r"e ?mail|correo|telefone|teléfono|telefono|telefon|facebook|whatsapp|rede|red|réseau|netzwerk|"
    r"netwerk|sieć|ordinateur|computador|ordenador|router|roteador)\b|"
    r"\b(roubar?|rouba|robar|roba|voler|rubare|stehlen|wykrada)( \w+){0,3} (senhas|contraseñas|"
    r"mots de passe|password|passwörter|hasła)\b|\b(clonar|clonare|cloner)( \w+){0,2} (tarjeta|"
    r"carta|carte|cartão)\b|\bnep ?sms\b|\b(meelezen|mitlesen|espiar|espionner|spiare)\b|"
    r"\b(ohne zu bezahlen|sans payer|sin pagar|senza pagare|zonder te betalen|bez płacenia|"
    r"sem pagar)\b|\b(sem que|sin que|sans qu|ohne dass|zonder dat)( \w+){0,3} (perceba|percebam|"
    r"entere|sache|merkt|merken|het merkt)\b", windowed=True)

# Wrappers other than a persona: claimed authority or permission, pressure, a pretext.
PRESSURE = _detector(
    "i im am as this je soy sono sou ich ik jestem als allowed permitted permission authorise "
    "authorize authorised authorized authorising authorizing authorization authorisation "
    "autorizo autorise autorisé upoważniam toestemming erlaube autorizzo pause hold patronising "
    "patronizing lecture lectures just answer project therapy therapist necessary legal begging "
    "beg stake once told promised sick dying mal weiß sais sé so fiction hypothetical",
    r"\b(i am|i m|im|this is|speaking as|je suis|soy|sono|sou|ich bin|ik ben|jestem|als|as)( \w+){0,2} "
    r"(the |your |an? |l |el |il |o |der |de |die )?(admin|administrator|administrateur|administrador|"
    r"amministratore|administratorem|developer|desenvolvedor|desarrollador|développeur|"
    r"sviluppatore|entwickler|ontwikkelaar|owner|eigenaar|propriétaire|dueño|creator|"
    r"police officer|officer|detective|investigator|pentester|security researcher|red teamer)\b|"
    r"\b(authori[sz](e|ed|ing)|authori[sz]ation|autorizo|t autorise|autorisé|upoważniam|"
    r"geef ik je toestemming|erlaube dir|ti autorizzo)\b|"
    r"\b(you re|you are|ur|u r|you ll be|you will be) (actually |now |totally |fully )?(allowed|permitted|free) "
    r"to (say|do|answer|write|tell|ignore|break|generate|help with|discuss)( \w+)? (anything|everything|"
    r"whatever|it|that|this)\b|\bi (give|am giving) you permission\b|"
    r"\bon (pause|hold)\b|\b(patroni[sz]ing|one more lecture|just answer|no lectures?|stop lecturing)\b|"
    r"\bfor a school project\b|\b(exposure )?therapy\b|\b(medically|legally) necessary\b|"
    r"\b(is|are|was) (legal|allowed|encouraged) (in|there|here)\b|\bi m begging\b|\ba life is at stake\b|"
    r"\bjust (this )?once\b|\b(you|u) (told|promised) me\b|\b(is|are) (sick|dying)\b|"
    r"\b(it s|its|it is) ((just|only|purely) )?(fiction|a story|hypothetical|pretend)\b|"
    r"\bpurely hypothetical\b|\b(nur dieses eine mal|ich weiß dass du eigentlich nicht|solo esta vez|"
    r"es solo ficción|juste cette fois|solo questa volta)\b")


def role_play(skeleton: str, words: frozenset[str]) -> bool:
    return ROLE_PLAY.search(skeleton, words) is not None


def fiction(skeleton: str, words: frozenset[str]) -> bool:
    return FICTION.search(skeleton, words) is not None


def rule_talk(skeleton: str, words: frozenset[str]) -> bool:
    return RULE_TALK.search(skeleton, words) is not None


def harmful_request(skeleton: str, words: frozenset[str]) -> bool:
    return HARM.search(skeleton, words) is not None


def pressure(skeleton: str, words: frozenset[str]) -> bool:
    return PRESSURE.search(skeleton, words) is not None
