"""The default patterns for attacks written in languages other than English (part of
abuse_defaults.DEFAULT_PATTERNS): French, Spanish, Portuguese, Italian, German, Dutch, Polish,
Russian, Chinese and Japanese; Turkish, Swedish, Norwegian, Danish, Indonesian, Vietnamese, Arabic
and Korean for the commonest orders. Like the English ones they read the skeleton; Chinese and Japanese,
written without spaces, are gated on strings (`(?#contains: ...)`) instead of words.
"""

from __future__ import annotations

LANGUAGE_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    # --- ignoring the instructions; developer mode --------------------------------------------------
    (r"\b(ignoriere|ignorieren|vergiss|vergessen|missachte|missachten)( \w+){0,3} (anweisungen|regeln|"
     r"instruktionen|vorgaben|richtlinien)\b",
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
    # --- Portuguese, Dutch and Italian; personas without limits ---------------------------------------
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
    (r"(?#requires: modo mode modus modalità tryb)\b(entra en|entra in|entre en|activa|ativa|activez|"
     r"aktiviere|attiva|włącz|activeer|passa alla|passe en|wechsle in den)( el| le| den| il| o| de| la| w)? "
     r"(modo|mode|modus|modalità|tryb) (dios|dieu|gott|dio|deus|desarrollador|développeur|entwickler|"
     r"sviluppatore|desenvolvedor|programador|libre|libero|livre|frei|dan|jailbreak|boga)\b|"
     r"\b(modo|mode|modus|modalità|tryb) (dios|dieu|gott|dio|deus|god|libre|libera|libero|livre|frei|boga|"
     r"desarrollador|développeur|developpeur|sviluppatore|desenvolvedor|programador|dewelopera)"
     r"( \w+)? (activado|activada|activé|activée|aktiviert|aktiv|attivata|attiva|attivo|ativado|ativada|"
     r"actief|aktywny|aktywowany)\b", "jailbreak", "high", "block"),
    (r"(?#requires: waarschuwingen warnungen warnhinweise advertencias avertissements avisos avvertenze "
     r"avvertimenti ostrzeżeń moraalpreken sermones)\b(geen|keine|sin|sans|sem|senza|bez|ohne|zonder|nada de|"
     r"pas de) (waarschuwingen|warnungen|warnhinweise|advertencias|avertissements|avisos|avvertenze|"
     r"avvertimenti|ostrzeżeń|moraalpreken|sermones|leçons de morale)\b", "jailbreak", "medium", "warn"),
    (r"(?#requires: deaktiviert abgeschaltet ausgeschaltet aufgehoben entfernt uitgeschakeld uitgezet "
     r"opgeheven uit wyłączone usunięte zniesione desligadas desligados desativadas desativados desactivadas "
     r"desactivados désactivées désactivés disattivate disattivati spente spenti)"
     r"\b((deine|deiner|ihre|je|jouw|twoje|suas|tuas|as suas|tus|sus|tes|vos|tue|le tue|i tuoi)( \w+){0,2} "
     r"(filter|regeln|richtlinien|einschränkungen|schutzmaßnahmen|regels|filters|beperkingen|richtlijnen|"
     r"zabezpieczenia|filtry|zasady|ograniczenia|reguły|diretrizes|regras|filtros|restrições|directrices|"
     r"reglas|restricciones|règles|filtres|restrictions|regole|filtri|restrizioni|protezioni)|"
     r"sicherheitsfilter|sicherheitsregeln|veiligheidsregels|veiligheidsfilters|zabezpieczenia)( \w+){0,4} "
     r"(deaktiviert|abgeschaltet|ausgeschaltet|aufgehoben|entfernt|uitgeschakeld|uitgezet|opgeheven|"
     r"uit staan|staan uit|wyłączone|usunięte|zniesione|desligadas|desligados|desativadas|desativados|"
     r"desactivadas|desactivados|désactivées|désactivés|disattivate|disattivati|spente|spenti)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: nadie personne niemand nessuno ninguém nikt)\b(nadie lo va a (ver|saber)|nadie se va a "
     r"enterar|personne ne (le )?(verra|saura)|niemand wird es (sehen|merken|erfahren)|niemand zal het "
     r"(zien|weten)|nessuno lo (vedrà|saprà)|ninguém vai (ver|saber)|nikt (się )?nie (dowie|zobaczy))\b",
     "jailbreak", "low", "warn"),
    (r"(?#requires: instructies instrukcje polecenia instructions consignes instrucciones instruções "
     r"istruzioni anweisungen regels zasady)\b(welke|wat zijn je|jakie|które|quelles|quels|cuáles|cuales|qué|"
     r"quais|que|quali|che|welche)( \w+){0,2} (instructies|instrukcje|polecenia|instructions|consignes|"
     r"instrucciones|instruções|istruzioni|anweisungen|regels|zasady|règles|reglas|regras|regole|regeln)"
     r"(( \w+){0,8} (gekregen|kreeg|ontvangen|dostałeś|dostałaś|otrzymałeś|otrzymałaś|données|donné|reçues|"
     r"recibiste|te dieron|recebeu|recebeste|te deram|ricevuto|ti hanno dato|bekommen|erhalten|gegeben)"
     r"( \w+){0,6} (avant|before|vor|voor|antes|prima|przed|au début|aan het begin|am anfang|al principio|"
     r"all inizio|na początku|no início|od twórców|van je makers|de tes créateurs)|( \w+){0,6} (avant|"
     r"before|vor|voor|antes|prima|przed|au début|aan het begin|am anfang|al principio|all inizio|"
     r"na początku|no início|od twórców|van je makers|de tes créateurs)( \w+){0,8} (gekregen|kreeg|"
     r"ontvangen|dostałeś|dostałaś|otrzymałeś|otrzymałaś|données|donné|reçues|recibiste|te dieron|recebeu|"
     r"recebeste|te deram|ricevuto|ti hanno dato|bekommen|erhalten|gegeben))\b",
     "extraction", "high", "block"),
    (r"(?#requires: prompt systemprompt systemanweisung systemanweisungen système systeme sistema systemu "
     r"systeemprompt systemowy systemnachricht)\b(ton|tes|votre|vos|tu|tus|su|sus|seu|sua|seus|suas|il tuo|tuo|dein|deine|"
     r"deinen|deiner|je|jouw|twój|twoje|twojego|twoich|swój|swoje|swojego)( \w+){0,2} (prompt (de |du |di |do |del )?"
     r"(syst[eè]me|sistema|systemu)|systemanweisungs?|systemanweisungen|instructions? syst[eè]me|"
     r"instrucciones del sistema|instruções do sistema|istruzioni di sistema|systeemprompt|prompt systemowy|"
     r"prompt systemowego|instrukcje systemowe|message syst[eè]me|message du syst[eè]me|mensaje del sistema|"
     r"mensagem do sistema|messaggio di sistema|systemnachricht)\b|\b(mostre|mostrar|exibe|exiba|affiche|montre|toon|"
     r"pokaż|wyświetl|wypisz|podaj|zitier|zitiere|zeige|zeigen|geben|muestra|mostra|rivela)( \w+){0,4} (prompt (de |du |di |do |del )?"
     r"(syst[eè]me|sistema|systemu)|systemprompt|system prompt|systemanweisungs?|systemanweisungen|"
     r"systeemprompt|prompt systemowy|message syst[eè]me|mensaje del sistema|mensagem do sistema|"
     r"messaggio di sistema|systemnachricht)\b", "extraction", "high", "block"),
    # --- Polish; hidden instructions asked for; a persona without rules ------------------------------
    (r"(?#requires: instrukcje instrukcji polecenia poleceń zasady zasad reguły wytyczne)\b(zignoruj|"
     r"ignoruj|zapomnij|pomiń|olej)( \w+){0,3} (instrukcje|instrukcji|polecenia|poleceń|zasady|zasad|"
     r"reguły|wytyczne)\b", "jailbreak", "high", "block"),
    (r"(?#requires: instrucciones istruzioni instruções instrucoes consignes instructions anweisungen "
     r"instruktionen regeln reglas regole regras)\b(instrucciones|istruzioni|instruções|instrucoes|consignes|"
     r"instructions|reglas|regole|regras|règles) (ocultas|ocultos|secretas|iniciales|originales|nascoste|"
     r"segrete|iniziali|originali|cachées|secrètes|initiales|originelles|escondidas|secretas)\b|"
     r"\b(versteckten|geheimen|ursprünglichen|verborgenen) (anweisungen|instruktionen|regeln|vorgaben)\b",
     "extraction", "high", "block"),
    (r"(?#requires: doe stel stell tu fais imagine imagina finge finja immagina fai si se wenn als)"
     r"\b(doe alsof|stel je voor|stell dir vor|tu so als|fais comme si|imagine que|imagina que|finge que|"
     r"finja que|immagina che|fai finta|si no tuvieras|si no tuvieses|se não tivesse|se nao tivesse|"
     r"se non avessi|si tu n avais|wenn du keine|als je geen)( \w+){0,4} (geen|keine|kein|aucune?|pas de|"
     r"ningún|ningun|ninguna|nenhum|nenhuma|nessun|nessuna|sin|sans|ohne|senza|sem|zonder)( \w+)? "
     r"(veiligheidsregels|regels|beperkingen|filters?|inhaltsrichtlinien|richtlinien|regeln|"
     r"einschränkungen|filtre|filtres|règles|restrictions|reglas|restricciones|filtro|filtros|regras|"
     r"restrições|regole|restrizioni|filtri|censura|zensur)\b", "jailbreak", "medium", "warn"),
    # --- Russian, Chinese and Japanese (the last two have no spaces: gated on strings, not words) -----
    (r"(?#requires: инструкции указания правила инструкций указаний правил)\b(забудь|забудьте|игнорируй|"
     r"игнорируйте|проигнорируй|проигнорируйте|отбрось|отмени)( \w+){0,3} (инструкции|указания|правила|"
     r"инструкций|указаний|правил|ограничения)\b", "jailbreak", "high", "block"),
    (r"(?#requires: промпт промпта инструкции инструкций)\b(покажи|покажите|выведи|выведите|раскрой|"
     r"напиши|повтори|процитируй|скажи)( \w+){0,3} (системный промпт|системного промпта|системные инструкции|"
     r"скрытые инструкции|исходные инструкции|свой промпт|твой промпт)\b", "extraction", "high", "block"),
    (r"(?#contains: 忽略 无视 忘记 忘掉 無視 忘れ)(忽略|无视|忘记|忘掉|無視して|忘れて)[^。！？\n]{0,12}"
     r"(指令|指示|规则|說明|说明|提示|命令|ルール|制限)|(以前|前|これまで|上記|上)の(指示|命令|ルール|"
     r"プロンプト)[^。！？\n]{0,8}(無視|忘れ)", "jailbreak", "high", "block"),
    (r"(?#contains: 开发者模式 開発者モード 开发模式 越狱模式 脱獄モード)(开发者模式|開発者モード|开发模式|越狱模式|"
     r"脱獄モード)[^\n]{0,40}(任何|不受|没有|无限制|约束|限制|过滤|审查|フィルター|制限|なし|なく|何でも)|"
     r"(启用|开启|进入|打开|有効に|オンに)[^。\n]{0,4}(越狱|脱獄)", "jailbreak", "high", "block"),
    (r"(?#contains: 约束 限制 规则 审查 过滤 政策)(你|您)(是|现在是|扮演|作为)[^。！？\n]{0,15}"
     r"(没有|不受|无|摆脱)(任何)?[^。！？\n]{0,4}(约束|限制|规则|审查|过滤)|不受任何[^。！？\n]{0,6}(约束|限制|政策)",
     "jailbreak", "high", "block"),
    (r"(?#contains: 系统提示 系统指令 系统消息 提示词 システムプロンプト 初始指令 隐藏指令)(告诉|显示|输出|泄露|"
     r"展示|给我看|打印|重复|表示|教え|見せ|出力)[^。！？\n]{0,10}(系统提示|系统指令|系统消息|提示词|"
     r"初始指令|隐藏指令|システムプロンプト)|(系统提示|系统指令|提示词|システムプロンプト)[^。！？\n]{0,20}"
     r"(告诉我|显示|输出|给我|を表示|を教え|を見せ|を出力)", "extraction", "high", "block"),
    # --- Turkish, Swedish, Norwegian, Danish, Indonesian, Vietnamese, Arabic, Korean: the same
    # orders in more of the languages chat users write in -------------------------------------------
    (r"(?#requires: talimatları talimatlari talimatlarını kuralları kurallari kurallarını yönergeleri yonergeleri)"
     r"\b(talimatları|talimatlari|talimatlarını|kuralları|kurallari|kurallarını|yönergeleri|yonergeleri)"
     # ("unutma": do not forget; every language below has its "don't" kept out)
     r"( \w+)? (yok say|görmezden gel|gormezden gel|unut)(?!m[aeı])\w*", "jailbreak", "high", "block"),
    (r"\b(ignorera|glöm|glom|strunta i|ignorer|glem|se bort fra)(?! (inte|ikke|aldrig|aldri)\b)( \w+){0,3} (instruktioner|instruktionerna|"
     r"instruksjoner|instruksjonene|instruktionerne|instrukser|regler|reglerna|reglene|reglerne|anvisningar|"
     r"anvisningarna|riktlinjer|riktlinjerna|retningslinjer)\b", "jailbreak", "high", "block"),
    (r"(?#requires: utvecklarläge utviklermodus udviklertilstand)\b(du är|du er|du e|aktivera|aktiver)"
     r"( \w+){0,3} (utvecklarläge|utviklermodus|udviklertilstand)\b", "jailbreak", "high", "block"),
    (r"(?#requires: abaikan lupakan hiraukan acuhkan)(?<!jangan )\b(abaikan|lupakan|hiraukan|acuhkan)( \w+){0,3} (instruksi|perintah|aturan|petunjuk|arahan|peraturan)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: bỏ phớt quên)(?<!đừng )(?<!không )\b(bỏ qua|phớt lờ|quên đi|quên)( \w+){0,3} (hướng dẫn|chỉ dẫn|chỉ thị|quy tắc|lệnh)\b",
     "jailbreak", "high", "block"),
    (r"(?#requires: تجاهل تجاهلي انس انسى)(?<!لا )\b(تجاهل|تجاهلي|انس|انسى)( \w+){0,3} (التعليمات|تعليماتك|الأوامر|أوامرك|القواعد|قواعدك)",
     "jailbreak", "high", "block"),
    (r"(?#contains: 무시)(지시|지침|명령|규칙|지시사항|설정|프롬프트)[^.!?\n]{0,8}무시(?!하지 ?(마|말))", "jailbreak", "high", "block"),
    (r"(?#requires: hiçbir hicbir inga ingen tanpa)\b((hiçbir|hicbir) (kısıtlaması|kısıtlama|kısıtlamas|kuralı|"
     r"kural|sınırlaması|filtresi)( \w+)? (olmayan|yok)|(inga|ingen) (begränsningar|restriktioner|begrensninger|"
     r"restriksjoner|begrænsninger))\b|(?#contains: 제한)제한(이|도)? 없는", "jailbreak", "medium", "warn"),
)
