/* The SKILL.md scanner's rules, as data. Patterns are POSIX extended regular
 * expressions (glibc: \< and \> are word boundaries) over a normalized view
 * of the text (textview.h): RAW is lowercased with newlines kept; WORDS has
 * Markdown emphasis removed, '-' read as a space and one space between words,
 * so "**Ignore** all\n  previous-instructions" reads "ignore all previous
 * instructions".
 *
 * Severity is a promise: critical means no honest skill has a reason to say
 * this (the skill is blocked); warn means it is risky or usually wrong but
 * has honest uses; info is context for a reviewer. Every pattern is kept
 * narrow enough that the 52 skills bundled with OpenClaw and the 1,330 real
 * skills of the test corpus pass; context (a prohibition, a condition, a
 * quoted example, the flag next to it) is stated per rule, not guessed. */
#include "skillscan_impl.h"

/* Words just before a phrase that forbid it: "never skip", "do not bypass". */
#define PROHIBITION "(^|[^a-z])(never|not|n't|no|nor|cannot|refuse to|must not|should not)( [a-z']+){0,2} ?$"
/* ... or make it a condition: "until the user has approved it". */
#define CONDITION "(^|[^a-z])(until|unless|once|if|whether|when|after|before|wait for|waiting for|" \
	"ensure|make sure|check|verify|confirm|never|not|n't)\\>"

/* Verbs and objects shared by the hiding and exfiltration rules. */
/* Commands and verbs that read a file's contents. */
#define READ_VERBS "cat|less|more|head|tail|bat|strings|xxd|od|cp|tar|zip|7z|base64|grep|jq|" \
	"read|reads|print|dump|open|load|summari[sz]e|list the contents of"
/* What OpenClaw keeps its secrets in: the credentials directory as a whole,
 * its channel and OAuth files, model API keys, device identity. */
#define OPENCLAW_CREDS "\\.(openclaw|clawdbot|moltbot|moldbot)(-[a-z0-9]+)?/(credentials/?($|[] *\"'`);|&>]|" \
	"[^ \n]*(oauth|creds|allowfrom)[^ /\n]*\\.json|(whatsapp|telegram|discord|slack|signal|" \
	"imessage|bluebubbles|matrix|msteams|googlechat|zalo|feishu|mattermost|nostr|twitch)\\>)|" \
	"identity\\>|devices\\>|agents/[^ \n]*/agent/auth)|\\<auth-profiles\\.json\\>"
#define SEND_VERBS "send|upload|post|exfiltrate|forward|email|transmit|curl|wget|nc|netcat|scp|rsync"

/* Where malware hosts its payloads: paste sites, anonymous file drops, URL
 * shorteners, bare IP addresses. */
#define UNTRUSTED_HOST                                                                     \
	"((https?://)?(www\\.)?(glot\\.io|pastebin\\.com|paste\\.ee|hastebin\\.[a-z]+|"         \
	"rentry\\.(co|org)|ghostbin\\.[a-z]+|termbin\\.com|dpaste\\.(com|org)|controlc\\.com|" \
	"justpaste\\.it|paste\\.rs|ix\\.io|sprunge\\.us|0x0\\.st|transfer\\.sh|bashupload\\.com|" \
	"pastes\\.dev|privatebin\\.[a-z]+|codeshare\\.io|bit\\.ly|tinyurl\\.com|is\\.gd|"       \
	"cutt\\.ly|rb\\.gy|t\\.ly)\\>|https?://[0-9]{1,3}(\\.[0-9]{1,3}){3}\\>)"
/* Stores of secrets on disk and in the process. */
#define SECRET_PATH                                                                         \
	"\\.(openclaw|clawdbot|moltbot)(/|\\>)|\\.ssh(/|\\>)|\\.aws(/|\\>)|\\.config/gcloud|"     \
	"\\.azure\\>|\\.kube/config|\\.docker/config\\.json|\\.netrc|\\.git-credentials|"        \
	"\\.gnupg|\\.password-store|library/keychains|login data|cookies(\\.sqlite)?\\>|"        \
	"key[34]\\.db|logins\\.json|\\.mozilla/firefox|google-chrome|chromium/|bravesoftware|"  \
	"/proc/(self|[0-9]+)/environ|/etc/shadow"
/* The same, as prose names them. */
#define SECRET_WORDS                                                                        \
	"~/\\.openclaw|\\.openclaw (directory|folder|dir)|openclaw (config|configuration|state|" \
	"credentials|directory|folder|workspace)|ssh (private )?keys?|private keys?|aws "        \
	"(credentials|keys)|environment variables|env vars|the environment|browser (cookies|"    \
	"profiles?|passwords|history|data)|cookies|saved passwords|keychain|wallet (files|keys|" \
	"seeds?)|seed phrases?"
/* Where data leaves the machine. */
#define SINK                                                                                \
	"\\<(curl|wget|nc|ncat|netcat|socat|scp|rsync|sftp|ftp|telnet|iwr|irm|"                \
	"invoke-webrequest|invoke-restmethod|gsutil|rclone|aws +s3|gh +gist|mail|sendmail|"     \
	"mutt|ssh)\\>|/dev/tcp/"
/* What a persistence hook should never carry. */
#define PAYLOAD                                                                             \
	"\\<(curl|wget)\\>[^\n|]*\\| *(ba|z)?sh\\>|base64 +(-d|--decode)|/dev/tcp/|\\<(nc|ncat)" \
	"\\>[^\n]* -e "
/* The agent's configuration, its skills and its standing instructions. */
#define AGENT_FILES                                                                         \
	"\\.(openclaw|clawdbot)(-[a-z0-9]+)?/((openclaw|clawdbot)\\.json|skills/|workspace/"     \
	"skills/|agents/[^ \n]*/agent/)|(^|[ /~\"'])(soul|agents|identity|heartbeat|bootstrap)" \
	"\\.md\\>|skills/[^ /\n]+/skill\\.md"

const struct scan_rule_def cs_scan_rule_defs[] = {
	/* ---- prompt injection ---------------------------------------------------- */
	{
		.pub = { "injection.ignore-instructions", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Tells the model to ignore, override or forget the instructions it was given, "
			 "so the skill's text replaces OpenClaw's own rules." },
		.finding = "asks the model to drop its instructions",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.negate = PROHIBITION,
		.needles = "ignor,disregard,forget,overrid,bypass,neglect,abandon,discard,dismiss,"
			   "circumvent,pay no attention,set aside,throw out,supersed,precedence,outrank,"
			   "trump,nullif,invalidat,no longer apply,are void,are null,are cancel,"
			   "are revoked,are obsolete,are invalid,are suspended,are lifted,are outdated,"
			   "are superseded,are overridden,are now,is void,is null,is revoked,is obsolete,"
			   "is invalid,is suspended,is lifted,is superseded,is overridden,is now",
		.pattern =
			"\\<(ignore|ignoring|disregard|disregarding|forget|forgetting|neglect|abandon|"
			"discard|dismiss|pay no attention to)( (all|any|every|each|of|the|your|my|these|"
			"those|previous|prior|earlier|above|preceding|foregoing|original|initial|other|"
			"former|system|developer|safety|security|core|openclaw's|openclaw|and|or))* "
			"(previous|prior|earlier|above|preceding|foregoing|original|initial|other|former|"
			"system|developer|safety|security|your|all|any|openclaw's|openclaw) "
			"(instructions?|rules?|directives?|guidelines?|prompts?|constraints?|guardrails?|"
			"policies|restrictions?|programming|training|limitations?|safeguards?)\\>"
			"|\\<(override|overriding|bypass|bypassing|circumvent|circumventing)( (all|any|the|"
			"your|of|previous|prior|earlier|original|initial|system|developer|safety|security|"
			"openclaw's|openclaw))* (previous|prior|earlier|original|initial|system|developer|"
			"safety|security|your|openclaw's|openclaw) (instructions?|rules?|directives?|"
			"guidelines?|prompts?|constraints?|guardrails?|policies|restrictions?|programming|"
			"safeguards?)\\>"
			"|\\<(ignore|disregard|forget)( about)? (everything|anything|all( of)?( that| this| "
			"the text)?) (above|before|previously|prior|earlier|you('ve| have| were| had)( been)? "
			"(told|given|instructed))"
			/* paraphrases: other objects, other verbs, the rules declared void */
			"|\\<(disregard|ignore|forget|set aside|throw out|discard)( all| any| the| your)?"
			"( of)?( the| your)? (earlier|previous|prior|above|preceding|original|initial|"
			"existing|system|current|openclaw's) (guidance|direction|directions|context|"
			"configuration|config|setup|settings|programming|messages?|prompts?|persona|"
			"conversation|orders|commands)\\>"
			"|\\<(this|these|the following|my|our|the present|the new)( [a-z]+){0,3} "
			"(supersedes?|takes? precedence over|outranks?|trumps?|nullifies|invalidates?)( all| any| the)? (your|all|any|previous|prior|earlier|"
			"existing|original|system|openclaw's|other|default)( [a-z]+)? (instructions|rules|"
			"configuration|config|settings|guidance|guidelines|prompts?|system prompt|"
			"directives|policies|programming|constraints)\\>"
			"|\\<(this|these|the following|my|our|the present|the new)( [a-z]+){0,3} "
			"(overrides?)( all| any| the)? (your|all|any|previous|prior|earlier|"
			"existing|original|system|openclaw's|other)( [a-z]+)? (instructions|rules|"
			"guidance|guidelines|system prompt|directives|policies|programming)\\>"
			"|\\<(previous|prior|earlier|original|system|all other|your (old|original|previous|"
			"prior|existing)) (instructions|rules|guidance|guidelines|directives|prompts?|"
			"constraints) (no longer apply|(are|is) (now )?(void|null|cancelled|canceled|"
			"revoked|obsolete|invalid|suspended|lifted|outdated|superseded|overridden))\\>"
			"|\\<(ignore|disregard|forget|override) (the|all|any|these|those) (instructions?|"
			"rules?|guidelines?|directives?|system prompt) (above|before|given (to you|earlier|"
			"above)|you (were|have been) given|you received|in your system prompt|from (the )?"
			"(system|developer|openclaw))",
	},
	{
		.pub = { "injection.role-change", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Tries to switch the model into another role or an unrestricted \"mode\" "
			 "(jailbreak, DAN, developer mode) or hands it a new task." },
		.finding = "tries to change the model's role",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "mode,jailbr,do anything now,you are,you're,no longer,from now on,pretend,"
			   " as ,your new,your real,your true,your actual,your updated,new instructions,"
			   "new system instructions,without,free of,free from",
		.pattern =
			"\\<(god|dan|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil) mode\\>"
			"|\\<(you are|you're|you are now|you're now|now) (in|operating in|running in) "
			"(developer|dev|god|dan|jailbreak|unrestricted|unfiltered|evil|sudo|root|admin|"
			"maintenance|debug) mode\\>"
			"|\\<(enable|activate|enter|switch to|turn on|unlock) (developer|dev|god|debug|"
			"admin|maintenance) mode (and|then|so|to) (you|ignore|disregard|answer|respond|"
			"bypass|output|reveal|skip|run)\\>"
			"|\\<jailbr(eak|oken|eaking)\\>"
			"|\\<do anything now\\>"
			"|\\<you are (now )?(dan|free from|freed from|no longer bound|not bound|unrestricted|"
			"unfiltered|uncensored|jailbroken|liberated)\\>"
			"|\\<(act|behave|respond|answer|operate) as (if you (are|were) )?(an? )?"
			"(unrestricted|unfiltered|uncensored|jailbroken|evil|unaligned)\\>"
			"|\\<pretend (that )?(you (are|have)|to be) (an? )?(unrestricted|unfiltered|"
			"uncensored|jailbroken|evil|different (ai|assistant|model))\\>"
			"|\\<no longer (bound|restricted|limited|constrained) by\\>"
			"|\\<(respond|answer|act|operate|behave|reply)( [a-z']+){0,3} (without|free of|"
			"free from) (any |all )?(safety |content |ethical |moral )?(restrictions|filters|"
			"filtering|guardrails|censorship|limitations)\\>"
			"|\\<from now on,? you (are|must|shall|will (ignore|obey|follow|act|respond|answer|"
			"only))\\>"
			"|\\<your (new|real|true|actual|updated) (instructions?|task|role|objective|"
			"directive|purpose|goal|mission|identity) (is|are)\\>"
			"|\\<new (system )?instructions ?:",
	},
	{
		.pub = { "injection.hide-from-user", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Tells the model to act without the user knowing: keep actions secret, not "
			 "mention them, run or send things silently." },
		.finding = "asks the model to hide what it does",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "user,human,operator,owner,secret,silent,covert,quiet,stealth,discreet,"
			   "invisibl,surreptitious,hide,hiding,conceal,mask,obscure,log,record,report,"
			   "mention,reveal,disclose,admit",
		.pattern =
			"\\<(do not|don't|dont|never|avoid) (tell|telling|inform|informing|notify|notifying|"
			"alert|alerting|warn|warning)( the| your| any)? (user|human|operator|owner)s? "
			"(about|that|what|of|when|this|it)\\>"
			"|\\<(without|not) (letting|telling|informing|notifying|alerting|warning) (the |"
			"your )?(user|human|operator|owner)s?\\>"
			"|\\<(hide|hiding|conceal|concealing|mask|masking|obscure) (this|these|it|that|the|"
			"your|all|any|them)( [a-z']+){0,3} from (the |your )?(user|human|operator|owner|"
			"logs?)s?\\>"
			"|\\<(secretly|silently|covertly|quietly|stealthily|discreetly|invisibly|"
			"surreptitiously)( [a-z]+)? (run|execute|send|upload|post|exfiltrate|copy|read|"
			"forward|install|download|transmit|share|leak|delete|modify|email|call|fetch|"
			"collect|gather|access)\\>"
			"|\\<(keep|make sure) (this|it|these|that)( [a-z]+)? (secret|hidden|invisible|"
			"confidential|private) (from|to) (the |your )?(user|human|operator|owner)"
			"|\\<(the |your )?(user|human|operator|owner) (must|should|will|shall) (not|never) "
			"(know|see|notice|find out|be told|be informed|learn)\\>"
			"|\\<(do not|don't|dont|never) (mention|reveal|disclose|admit) (this|these|the) "
			"(instructions?|actions?|requests?|skill's instructions)\\>"
			"|\\<(do not|don't|dont|never) (log|record|report) (this|these|the (command|action|"
			"request|upload|transfer))\\>",
	},
	/* The same three families in other languages. The words view reads accented
	 * letters as their base letter, and CJK has no word boundaries, so these
	 * patterns spell accents both ways and do not use \< there. */
	{
		.pub = { "injection.ignore-instructions-translated", CS_SCAN_PROMPT_INJECTION,
			 CS_SCAN_CRITICAL,
			 "Tells the model to ignore its instructions, in Spanish, Portuguese, French, "
			 "German, Russian, Chinese, Japanese or Korean." },
		.finding = "asks the model to drop its instructions",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "ignor,olvid,descart,omit,caso omiso,esque,desconsider,oubli,tiens pas,"
			   "tenez pas,vergiss,vergessen,missacht,игнор,проигнор,забуд,отбрось,"
			   "отбросьте,не обраща,忽略,无视,無視,忘记,忘記,忘掉,不要理,不要遵守,放弃,放棄,"
			   "無視,忘れ,무시,잊어",
		.pattern =
			"\\<(ignora|ignore|ignoren|ignorem|olvida|olvide|olviden|descarta|descarte|omite|"
			"haz caso omiso de|esqueca|esqueça|desconsidere)( todas| todos| todo)?( las| los| as|"
			" os| tus| suas)? (instrucciones|indicaciones|reglas|directrices|ordenes|órdenes|"
			"normas|instrucoes|instruções|regras|diretrizes|orientacoes|orientações|ordens)"
			"( que (te|se te|lhe) (dieron|han dado|foram dadas))?( (anteriores|previas|"
			"prévias|del sistema|do sistema|originales|originais|de arriba|acima))\\>"
			"|\\<(ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas "
			"compte)( de)?( toutes| tous)?( les| tes| vos)? (instructions|consignes|regles|"
			"règles|directives|ordres) (precedentes|précédentes|anterieures|antérieures|du "
			"systeme|du système|initiales|ci dessus)\\>"
			"|\\<(ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|missachten "
			"sie)( alle| samtliche| sämtliche)?( deine| ihre| die| ihre)?( (vorherigen|"
			"bisherigen|fruheren|früheren|vorigen|obigen|ursprunglichen|ursprünglichen|"
			"bestehenden))? (system)?(anweisungen|instruktionen|regeln|richtlinien|vorgaben|"
			"befehle)\\>"
			"|(игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|отбрось|"
			"отбросьте|не обращай внимания на|не обращайте внимания на)( все)?( (предыдущие|"
			"прежние|системные|изначальные|исходные|вышеуказанные|свои|твои|ваши))? "
			"(инструкции|указания|правила|ограничения|директивы)"
			"|(忽略|无视|無視|忘记|忘記|忘掉|不要理会|不要理會|不要遵守|放弃|放棄).{0,6}(之前|先前|"
			"以前|以上|上面|前面|上述|所有|全部|一切|系统|系統|原来|原來|原有).{0,12}(指令|指示|"
			"说明|說明|规则|規則|提示|设定|設定|命令|约束|約束)"
			"|(以前|前|上記|これまで|すべて|全て|システム)の(指示|命令|ルール|指令|プロンプト|"
			"設定)を(すべて|全て)?(無視|忘れ)"
			"|(이전|앞의|위의|모든|기존|시스템) ?(지시|지침|명령|규칙|프롬프트|설정)(을|를|은|는|"
			"들을)? ?(모두 )?(무시|잊어)",
	},
	{
		.pub = { "injection.role-change-translated", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Tries to switch the model into another role or an unrestricted mode, in "
			 "Spanish, Portuguese, French, German, Russian, Chinese, Japanese or Korean." },
		.finding = "tries to change the model's role",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "partir de,modo ,mode d,mode sans,mode dieu,ab jetzt,ab sofort,entwicklermodus,ohne einschr,"
			   "отныне,с этого момента,режим разработчика,без огранич,без цензур,больше не,"
			   "从现在开始,從現在開始,开发者模式,開發者模式,不受,今から,これから,開発者モード,"
			   "制限,지금부터,개발자 모드,제한 없이",
		.pattern =
			"\\<a partir de (ahora|agora),? (eres|tu eres|tú eres|voce e|você é|voce é|você e|"
			"seras|serás|actuas|actúas|actua como|actúa como)\\>"
			"|\\<modo (desarrollador|desenvolvedor|dios|deus|sin restricciones|sem restricoes|"
			"sem restrições|sin censura|sem censura|jailbreak)\\>"
			"|\\<(a|à) partir de maintenant,? (tu es|vous etes|vous êtes|tu seras|vous serez)\\>"
			"|\\<mode (developpeur|développeur|sans restriction|sans censure|dieu)\\>"
			"|\\<(ab jetzt|ab sofort|von nun an) (bist du|bist du jetzt|bist du nun|agierst du|"
			"handelst du)\\>|\\<entwicklermodus\\>|\\<ohne (einschrankungen|einschränkungen|"
			"filter|zensur) (antworten|handeln|agieren|antwortest)\\>"
			"|(отныне|с этого момента) ты|режим разработчика|(отвечай|действуй|веди себя) без "
			"(ограничений|цензуры|фильтров)|ты больше не (ограничен|связан)"
			"|(从现在开始|從現在開始|从现在起|從現在起)[,，]? ?你(是|将|將|必须|必須|要)|(开发者|開發者)"
			"模式|不受(任何)?(限制|约束|約束)(地)?(回答|回复|回覆|行动|行動)"
			"|(今から|これから)(あなたは|君は|お前は)|開発者モード|制限(なし|のない|無し)で(回答|"
			"応答|答え|行動)"
			"|지금부터 (너는|당신은|넌)|개발자 모드|제한 없이 (답|응답|대답|행동)",
	},
	{
		.pub = { "injection.hide-from-user-translated", CS_SCAN_PROMPT_INJECTION,
			 CS_SCAN_CRITICAL,
			 "Tells the model to act without the user knowing, in Spanish, Portuguese, "
			 "French, German, Russian, Chinese, Japanese or Korean." },
		.finding = "asks the model to hide what it does",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "usuario,usuário,utilisateur,benutzer,nutzer,anwender,verheimlich,"
			   "пользовател,тайно,скрытно,用户,用戶,使用者,偷偷,秘密地,悄悄,ユーザー,こっそり,"
			   "密かに,ひそかに,사용자,몰래,비밀리에",
		.pattern =
			"\\<no (le |lo )?(digas|cuentes|informes|menciones|avises)( nada)? (al|a el|a los) "
			"usuarios?\\>|\\<sin que el usuario (lo )?(sepa|note|se entere|vea)\\>|\\<(ocultale|"
			"ocúltale|oculta) (esto|esta accion|esta acción|estas acciones|todo) al usuario\\>"
			"|\\<(nao|não) (conte|diga|informe|mencione|avise)( nada)? (ao|para o|aos) "
			"(usuario|usuário|utilizador)s?\\>|\\<sem que o (usuario|usuário|utilizador) "
			"(saiba|perceba|veja)\\>"
			"|\\<ne (le |lui )?(dis|dites)( rien| pas)? (a|à) l'utilisateur\\>|\\<sans que "
			"l'utilisateur (ne )?(le )?(sache|remarque|voie)\\>|\\<(a|à) l'insu de "
			"l'utilisateur\\>"
			"|\\<(sag|sage|erzahl|erzähl|verrate) (es |das )?(dem|den) (benutzer|nutzer|"
			"anwender)n? (nichts|nicht)\\>|\\<ohne dass (der|es der) (benutzer|nutzer|anwender) "
			"(es )?(merkt|weiss|weiß|erfahrt|erfährt|sieht)\\>|\\<verheimliche\\>"
			"|не (говори|сообщай|рассказывай|показывай)( об этом| это| ничего)? пользовател|"
			"без ведома пользовател|(чтобы|так чтобы) пользователь не (узнал|заметил|увидел)|"
			"(тайно|скрытно) (отправь|выполни|загрузи|прочитай|скопируй|запусти)"
			"|不要(告诉|告訴|通知|让|讓)(用户|用戶|使用者)|(瞒着|瞞著)(用户|用戶|使用者)|(不让|不讓)"
			"(用户|用戶|使用者)(知道|发现|發現|察觉|察覺)|(偷偷|秘密地|悄悄)(地)?(执行|執行|发送|發送|"
			"上传|上傳|运行|運行|读取|讀取)"
			"|ユーザーに(は)?(言わ|知らせ|伝え|教え|報告し)ないで|ユーザーに(内緒|秘密)で|"
			"(こっそり|密かに|ひそかに)(実行|送信|アップロード|読み)"
			"|사용자에게 (알리지|말하지|보고하지) (마|말|않)|사용자 몰래|(몰래|비밀리에) (실행|"
			"전송|업로드|읽)",
	},
	{
		.pub = { "injection.hidden-comment", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Text addressed to the model where a person reading the rendered Markdown "
			 "does not see it: an HTML comment, a [//]: # comment, a hidden element, or "
			 "an image's alt text, a link's title, an HTML attribute." },
		.finding = "hides instructions where a reader does not see them",
		.view = VIEW_WORDS,
		.needles = "<!--",
		.pattern = "\\<(ignore|disregard|forget|override|pretend|you (must|should|will|are|have "
			   "to|need to|may)|assistant|the model|ai agent|llm|claude|chatgpt|gpt|"
			   "instructions?|system prompt|do not (tell|mention|reveal|inform)|secretly|"
			   "silently|exfiltrat[a-z]*|execute|run the|send (the|all|it|this)|upload|curl|"
			   "wget|base64|credentials?|tokens?|passwords?|api keys?|ssh)\\>|\\.openclaw",
		.match = cs_scan_match_html_comment,
	},
	{
		.pub = { "injection.obfuscated-exec", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Decodes a hidden payload (base64, hex, ...) and runs it, so nobody reading "
			 "the skill can see what it executes." },
		.finding = "runs an encoded payload",
		.view = VIEW_RAW,
		.needles = "base64,base32,basenc,xxd,openssl,b64decode,b32decode,b16decode,frombase64,"
			   "uudecode,atob,decode(,\\x,fromhex,unhexlify,unquote,rot13,rot_13,n-za-m,"
			   "fromcharcode,unescape(,decodeuri,| rev,|rev,chr(,[::-1],'+,\"+,' +,\" +,"
			   "powershell,pwsh",
		.pattern =
			"(base(64|32) +(-d|--decode|-di|-id)|basenc +[^\n|]*(-d|--decode)|openssl +(base64|"
			"enc)[^\n|]* -d|xxd +-r|b(64|32|16)decode|unhexlify|fromhex|unquote(_plus)?\\(|"
			"rot_?13|\\<tr +[^|\n]*n-za-m|\\| *rev\\>|frombase64string|uudecode)[^\n]*\\| *(sudo +)?"
			"(env +)?((ba|z|da|k|c|tc|fi)?sh|python[0-9.]*|perl|ruby|node|php|eval|source|exec|"
			"iex|powershell)\\>"
			"|(eval|exec|source|(ba|z|da)?sh +-c)[^\n]{0,40}(\\$\\(|`)[^\n]*(base(64|32) +(-d|"
			"--decode)|xxd +-r|b(64|32)decode|\\| *rev\\>|n-za-m)"
			"|(\\<exec|\\<eval|\\<system|popen|os\\.system|subprocess\\.[a-z_]+|execsync|"
			"spawn|new function)\\([^\n]*(b(64|32|16)decode|atob\\(|frombase64string|"
			"decode\\(['\"](base64|hex|rot13|rot_13)['\"]\\)|fromhex|unhexlify|unquote|rot_?13|"
			"codecs\\.decode|decodeuricomponent|unescape\\(|fromcharcode|(chr\\([0-9]+\\) *\\+ *){3}|"
			"['\"][a-z./ -]{1,5}['\"] *\\+ *['\"][a-z./ -]{1,5}['\"] *\\+|['\"]\\[::-1\\])"
			"|\\<(powershell|pwsh)(\\.exe)?\\>[^\n]* -(e|en|enc|encodedcommand) +[a-z0-9+/=]{16,}"
			"|(ba|z|da)?sh +<\\([^)\n]*(base64|xxd)"
			"|(printf|echo +-e) +['\"]?(\\\\x[0-9a-f]{2}){8,}[^\n|]*\\| *(sudo +)?((ba|z|da)?sh|"
			"python[0-9.]*|perl)\\>",
	},
	{
		.pub = { "injection.spliced-command", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "Runs a command whose name is put together from variables at run time "
			 "(a=cu; b=rl; $a$b ...), so no reader or filter sees the word." },
		.finding = "runs a command spliced from pieces",
		.view = VIEW_RAW,
		.flags = RULE_LINES,
		.needles = "$a,$b,$c,$d,$e,$f,$g,$h,$i,$j,$k,$l,$m,$n,$o,$p,$q,$r,$s,$t,$u,$v,$w,$x,"
			   "$y,$z,$_,${",
		.pattern = "(^|[;&|(`]|\\$\\(|\\<eval +[\"']?) *\\$\\{?[a-z_][a-z0-9_]*\\}?\\$\\{?"
			   "[a-z_][a-z0-9_]*\\}?[\"']?( +[^\n]*(https?://|\\| *(ba|z)?sh\\>)|[\"']? *"
			   "($|[;&|]))",
	},
	{
		.pub = { "injection.remote-script", CS_SCAN_PROMPT_INJECTION, CS_SCAN_WARN,
			 "Downloads a script and pipes it straight into a shell: whatever the server "
			 "sends at that moment runs, unreviewed." },
		.finding = "pipes a download into a shell",
		.view = VIEW_RAW,
		.exempt = cs_scan_exempt_stdin_is_data,
		.needles = "curl,wget,iwr,invoke-webrequest,irm",
		.pattern = "\\<(curl|wget|iwr|invoke-webrequest|irm)\\>[^\n|]*\\| *(sudo +)?"
			   "(env +[^|\n]*)?((ba|z|da)?sh|python[0-9.]*|perl|ruby|iex)\\>"
			   "|\\<(ba|z|da)?sh +(-c +[\"']?)?(<\\(|\\$\\(|`) *(curl|wget)\\>",
	},
	{
		.pub = { "injection.encoded-payload", CS_SCAN_PROMPT_INJECTION, CS_SCAN_WARN,
			 "A long base64 or hex blob: text the model can decode and a reviewer cannot "
			 "read." },
		.finding = "carries a long encoded blob",
		.view = VIEW_RAW,
		.match = cs_scan_match_encoded_blob,
	},

	/* ---- boundary spoofing ----------------------------------------------------- */
	{
		.pub = { "spoofing.fake-tag", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_CRITICAL,
			 "Imitates the markup that separates a skill from the system prompt, the user "
			 "or tool results, to make its text look like it comes from elsewhere." },
		.finding = "imitates a conversation boundary tag",
		.view = VIEW_RAW,
		.flags = RULE_QUOTABLE,
		.exempt = cs_scan_exempt_jsx_in_code,
		.needles = "</,<sys,<tool,<func,<invoke,<antml,<avail,<untrust,<extern,<skill,< ",
		.pattern =
			"< */ *(system|system[_ -]?(prompt|message|instructions?)|skills?|available[_ -]?"
			"skills|skill[_ -]?(content|instructions|body|file)|user|assistant|"
			"human|developer|tool[_ -]?(results?|use|calls?|response|outputs?)|function[_ -]?"
			"(results?|calls?)|invoke|untrusted[_ -]?(content|input|text)|external[_ -]?"
			"content|im_start|im_end|antml:[a-z_]+|conversation|turn) *>"
			"|< *(system|system[_ -]?(prompt|message|instructions?)|available[_ -]?skills|"
			"tool[_ -]?(results?|use|calls?|response|outputs?)|function[_ -]?(results?|calls?)|"
			"antml:[a-z_]+|invoke|untrusted[_ -]?(content|input|text)|external[_ -]?content)"
			"( +[a-z_-]+ *= *[^<>\n]*)? */? *>"
			"|< *skill( +(name|id|location|source|trust|tier) *=[^<>\n]*)+>",
	},
	{
		.pub = { "spoofing.chat-template-token", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_CRITICAL,
			 "Contains a chat-template control token (<|im_start|>, [INST], <<SYS>>, ...) "
			 "that models treat as the start of a new system or user turn." },
		.finding = "contains a chat-template token",
		.view = VIEW_RAW,
		.flags = RULE_QUOTABLE,
		.needles = "<|,[inst],[/inst],<<sys,<</sys,_of_turn",
		.pattern = "<\\|[a-z_]*(im_start|im_end|im_sep|endoftext|endofprompt|system|user|"
			   "assistant|start_header_id|end_header_id|eot_id|eom_id|begin_of_text|"
			   "end_of_text|tool_call|python_tag|fim_prefix|fim_middle|fim_suffix|channel|"
			   "message|start|end|constrain|return|call)[a-z_]*\\|>"
			   "|<\\|(begin|end)[^|>\n]{0,30}\\|>"
			   "|\\[/?inst\\]|<</?sys>>|< *(start|end)_of_turn *>",
	},
	{
		.pub = { "spoofing.system-message", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_CRITICAL,
			 "A line dressed as a system or developer message that gives the model "
			 "orders." },
		.finding = "imitates a system message",
		.view = VIEW_RAW,
		.flags = RULE_LINES | RULE_QUOTABLE,
		.exempt = cs_scan_exempt_example_prompt,
		.needles = "system,developer,sys",
		.pattern = "^[ >#*_-]*(system|developer|sys)( message| prompt| instructions?| override|"
			   " notice| update| alert)?[*_ ]*:[*_ ]*(you|ignore|disregard|forget|override|"
			   "new instructions|from now|the (assistant|model|agent|ai)\\>|always|never|"
			   "do not|don't|all |important|attention|priority|critical)",
	},
	{
		.pub = { "spoofing.role-header", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_WARN,
			 "A line that starts like a system or developer turn of the conversation." },
		.finding = "starts a line like a system turn",
		.view = VIEW_RAW,
		.flags = RULE_LINES | RULE_PROSE,
		.needles = "system,developer",
		.pattern = "^[ >#*_-]*(system|developer)( message| prompt)?[*_ ]*:[*_ ]*[^ \n]",
	},
	{
		.pub = { "spoofing.conversation-turn", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_INFO,
			 "A line that starts like a user or assistant turn: usually an example "
			 "dialogue, sometimes a forged one." },
		.finding = "starts a line like a conversation turn",
		.view = VIEW_RAW,
		.flags = RULE_LINES | RULE_PROSE,
		.needles = "user,human,assistant",
		.pattern = "^[ >#*_-]*(user|human|assistant)[*_ ]*:[*_ ]*[^ \n]",
	},
	{
		.pub = { "spoofing.forged-approval", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_CRITICAL,
			 "A line written as the user's turn that approves or authorizes: the user's "
			 "consent forged in the skill's text." },
		.finding = "forges the user's approval",
		.view = VIEW_RAW,
		.flags = RULE_LINES | RULE_QUOTABLE,
		.needles = "user,human,owner,operator,admin",
		.pattern =
			"^[ >#*_-]*(user|human|owner|operator|admin|administrator)[*_ ]*:[*_ ]*[\"']?"
			"(i |we )?(hereby )?(approve|authori[sz]e|consent|permit|grant|allow)"
			"|^[ >#*_-]*(user|human|owner|operator|admin|administrator)[*_ ]*:[*_ ]*[\"']?"
			"(yes|ok|okay|sure|approved|confirmed|granted|go ahead|proceed)\\>[,.! ]*(go ahead|"
			"proceed|do it|run (it|them|everything|all)|you (may|can|have my)|approved|i approve|"
			"confirmed|no need to ask|don't ask|do not ask|always|for (all|every|everything))",
	},
	{
		.pub = { "spoofing.fake-delimiter", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_CRITICAL,
			 "Fakes a tool-result block or the end of the skill or system prompt, so the "
			 "text after it reads as coming from somewhere else." },
		.finding = "fakes a tool result or the end of the skill",
		.view = VIEW_RAW,
		.flags = RULE_LINES | RULE_NOT_LAST,
		.needles = "tool,function,system,assistant,im_start,end,begin,start",
		.pattern = "^ *(```|~~~) *(tool[_-]?(result|results|output|response|call|use)|"
			   "function[_-]?(results?|calls?)|system[_-]?(prompt|message)?|assistant|"
			   "im_start)\\>"
			   "|^ *\\[(tool[_ ](result|output|response|call)|function[_ ](result|call)|"
			   "system( message| prompt)?|end of (skill|system prompt|instructions))\\]"
			   "|^[ =#*>([-]*(end|begin|start)( of)? (the )?(skill|skill file|skill "
			   "instructions|system prompt|system message|system instructions|instructions|"
			   "tool (result|output)|user message|conversation)[] =#*)-]*$",
	},
	{
		.pub = { "spoofing.invisible-characters", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_CRITICAL,
			 "Zero-width, bidirectional-override or Unicode tag characters: text the model "
			 "reads and a person does not see, or sees reordered." },
		.finding = "contains invisible characters",
		.view = VIEW_RAW,
		.match = cs_scan_match_hidden_strong,
	},
	{
		.pub = { "spoofing.direction-marks", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_WARN,
			 "Direction marks or soft hyphens: invisible, with honest uses in "
			 "right-to-left text, and a way to split words a filter looks for." },
		.finding = "contains invisible formatting marks",
		.view = VIEW_RAW,
		.match = cs_scan_match_hidden_weak,
	},
	{
		.pub = { "spoofing.mixed-script", CS_SCAN_BOUNDARY_SPOOFING, CS_SCAN_WARN,
			 "A word that mixes Latin letters with Cyrillic, Greek or styled look-alikes: "
			 "it reads as one word and matches as another." },
		.finding = "mixes look-alike letters into a word",
		.view = VIEW_RAW,
		.match = cs_scan_match_mixed_script,
	},

	/* ---- dangerous actions: commands judged by their effect ------------------------ */
	{
		.pub = { "action.untrusted-download-exec", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Runs code fetched from a paste site, an anonymous file drop, a URL shortener "
			 "or a bare IP address, or a PowerShell download cradle: how skill malware "
			 "delivers its payload." },
		.finding = "runs code from an untrusted host",
		.view = VIEW_RAW,
		.needles = "iex,downloadstring,://0,://1,://2,://3,://4,://5,://6,://7,://8,://9,"
			   "glot.io,pastebin,paste.,"
			   "hastebin,rentry,ghostbin,termbin,dpaste,controlc,justpaste,ix.io,sprunge,"
			   "0x0.st,transfer.sh,bashupload,pastes.dev,privatebin,codeshare,bit.ly,"
			   "tinyurl,is.gd,cutt.ly,rb.gy,t.ly",
		.pattern =
			"\\<(curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\\>[^\n]*" UNTRUSTED_HOST
			"[^\n]*(\\| *(sudo +)?(env +[^|\n]*)?((ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node|"
			"iex|osascript)\\>|(&&|;) *(sudo +)?(chmod +[^\n]*(&&|;)|\\./|(ba|z)?sh +|open +|"
			"/tmp/))"
			"|\\<(ba|z|da)?sh +(-c +[\"']?)?(<\\(|\\$\\(|`) *(curl|wget)[^\n)]*" UNTRUSTED_HOST
			"|" UNTRUSTED_HOST "[^\n]*\\<(run|execute|install|paste|copy)\\>[^\n]*\\<(terminal|"
			"shell|command|powershell|console|cmd)\\>"
			"|\\<(run|execute|install|paste|copy|open|visit|go to)\\>[^\n]*\\<(terminal|shell|"
			"command|powershell|console|installer|script)s?\\>[^\n]*" UNTRUSTED_HOST
			"|\\<(visit|open|go to|see|download( it)? from)\\>[^\n]*" UNTRUSTED_HOST
			"[^\n]*\\<(run|execute|install)\\>"
			"|\\<iex\\>[ (]*(iwr|irm|invoke-webrequest|invoke-restmethod|\\(?new-object +"
			"(system\\.)?net\\.webclient)|\\.downloadstring\\(",
	},
	{
		.pub = { "action.archive-password-exec", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Asks for a password-protected archive to be extracted and its program run: "
			 "the password exists to keep scanners out of the payload." },
		.finding = "runs a program from a password-protected archive",
		.view = VIEW_WORDS,
		.needles = "password,passphrase",
		.pattern =
			"\\<(zip|rar|7z|archive|extract|unzip|unpack|decompress)[a-z]*\\>.{0,160}\\<pass"
			"(word|phrase)\\>.{0,200}\\<(run|execute|launch|start|open|double click)\\>.{0,40}"
			"\\<(executable|installer|binary|exe|setup|program|app|application)\\>"
			"|\\<pass(word|phrase)\\>.{0,160}\\<(zip|rar|7z|archive|extract|unzip)[a-z]*\\>.{0,200}"
			"\\<(run|execute|launch|start|open|double click)\\>.{0,40}\\<(executable|installer|"
			"binary|exe|setup|program|app|application)\\>"
			"|\\<(run|execute|launch|start|open)\\>.{0,40}\\<(executable|installer|binary|exe|"
			"setup)\\>.{0,160}\\<(zip|rar|7z|archive)\\>.{0,80}\\<pass(word|phrase)\\>",
	},
	{
		.pub = { "action.send-secrets", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Reads secrets (~/.openclaw, SSH or cloud keys, browser profiles, the "
			 "environment) and sends them over the network, whatever it is called: "
			 "telemetry, backup or sync." },
		.finding = "sends secrets over the network",
		.view = VIEW_RAW,
		.exempt = cs_scan_exempt_public_key,
		.needles = ".openclaw,.clawdbot,.moltbot,.ssh,.aws,gcloud,.azure,.kube,.docker,.netrc,"
			   ".git-cred,.gnupg,password-store,keychain,login data,cookies,key3,key4,"
			   "logins.json,mozilla,chrome,chromium,brave,environ,shadow,env |,env|,env -0,"
			   "printenv,export -p,declare -x,$(env,`env",
		.pattern =
			"\\<(tar|zip|7z|cat|base64|gzip|xxd|cp|find|grep|sqlite3|strings|head|tail)\\>"
			"[^\n|]*(" SECRET_PATH ")[^\n]*\\|[^\n]*(" SINK ")"
			"|\\<(curl|wget)\\>[^\n]*(@|--upload-file +|-t +|--post-file[ =])[^ \n]*("
			SECRET_PATH ")"
			"|\\<(scp|rsync|sftp|rclone +(copy|sync|move))\\>[^\n]*(" SECRET_PATH ")[^\n]* "
			"[^ \n/]*[a-z0-9]:"
			"|(^|[;&|(`]|\\$\\() *(env|printenv|export +-p|declare +-x)( +-0)? *\\|[^\n]*("
			SINK ")"
			"|\\<(curl|wget|nc|ncat)\\>[^\n]*(\\$\\(|`) *(env|printenv)\\>"
			"|\\<(requests|httpx|session)\\.(post|put)\\([^\n]*(os\\.environ|open\\([^)\n]*("
			SECRET_PATH "))",
	},
	{
		.pub = { "action.send-secrets-described", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Describes sending the user's secret stores (the OpenClaw directory, SSH "
			 "keys, cloud credentials, browser data, the environment) to a server, "
			 "framed as telemetry, backup or sync." },
		.finding = "asks for secrets to be sent away",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "openclaw,ssh key,ssh private,private key,aws cred,aws key,environment variab,"
			   "env vars,the environment,browser,cookies,saved passwords,keychain,wallet,"
			   "seed phrase",
		.pattern =
			"\\<(send|upload|post|sync|synchroni[sz]e|back ?up|mirror|copy|transmit|forward|"
			"report|share|submit|beacon|stream|exfiltrate)\\>[^!?]{0,60}(" SECRET_WORDS
			")[^!?]{0,80}\\<(to|into|with) (https?:|our |my |the (remote|collector|server|"
			"endpoint|webhook|telemetry|analytics|backup server|cloud)|[a-z0-9-]+\\.[a-z]{2,}/)",
	},
	{
		.pub = { "action.ssh-authorized-key", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Adds a literal or downloaded public key to authorized_keys: a back door for "
			 "whoever holds the private half." },
		.finding = "adds someone's key to authorized_keys",
		.view = VIEW_RAW,
		.needles = "authorized_keys",
		.pattern =
			"(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]+|sk-ssh-ed25519@openssh\\.com) +aaaa"
			"[0-9a-z+/]{40,}[^\n]*(>>?|\\<tee\\>)[^\n]*authorized_keys"
			"|authorized_keys[^\n]{0,80}(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]+) +aaaa"
			"[0-9a-z+/]{40,}"
			"|\\<(curl|wget)\\>[^\n]*(>>?|\\| *(sudo +)?tee( +-a)?) *[^ \n]*authorized_keys",
	},
	{
		.pub = { "action.persistence", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_WARN,
			 "Makes something run again later or at login: crontab, shell start-up files, "
			 "systemd or launchd units, authorized_keys. Honest for schedulers and "
			 "installers, and how malware stays." },
		.finding = "installs something that persists",
		.view = VIEW_RAW,
		.needles = "crontab,/etc/cron,/var/spool/cron,bashrc,zshrc,.profile,bash_profile,zprofile,zshenv,bash_login,"
			   "config.fish,systemctl,"
			   "systemd,launchctl,launchagents,launchdaemons,authorized_keys",
		.pattern =
			"\\| *(sudo +)?crontab( +-[a-z]+)* +-( |$)|\\<crontab +(/|~|\\$|\\./)[^ \n]*|(>>?|\\<tee"
			"( +-a)?) *[^ \n]*(/etc/cron|/var/spool/cron|/etc/crontab)"
			"|(>>|\\<tee +-a) *[^ \n]*(\\.bashrc|\\.zshrc|\\.profile|\\.bash_profile|\\.zprofile|"
			"\\.zshenv|\\.bash_login|config\\.fish)\\>"
			"|\\<systemctl +(--user +)?(enable|link)\\>|(>>?|\\<tee|\\<cp|\\<mv)[^\n]*(\\.config/"
			"systemd/user/|/etc/systemd/system/)"
			"|\\<launchctl +(load|bootstrap|enable)\\>|(>>?|\\<tee|\\<cp|\\<mv)[^\n]*library/"
			"launch(agents|daemons)"
			"|(>>?|\\<tee( +-a)?|\\<cp|\\<mv)[^\n]*\\.ssh/authorized_keys",
	},
	{
		.pub = { "action.persistence-payload", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "A cron job, start-up file or service that downloads and runs code, decodes "
			 "a payload or opens a reverse shell." },
		.finding = "persists a downloader or a reverse shell",
		.view = VIEW_RAW,
		.needles = "crontab,/etc/cron,bashrc,zshrc,.profile,bash_profile,zprofile,launchagents,systemd",
		.pattern =
			"(crontab|/etc/cron|\\.bashrc|\\.zshrc|\\.profile|\\.bash_profile|\\.zprofile|"
			"launchagents|systemd)[^\n]*(" PAYLOAD ")"
			"|(" PAYLOAD ")[^\n]*(\\| *crontab|>> *[^ \n]*(\\.bashrc|\\.zshrc|\\.profile|"
			"\\.bash_profile|\\.zprofile))",
	},
	{
		.pub = { "action.agent-config", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Writes to the agent's own configuration (openclaw.json), to other skills, or "
			 "to the persona and standing-instruction files (SOUL.md, AGENTS.md, "
			 "IDENTITY.md, HEARTBEAT.md): a change that outlives the task." },
		.finding = "changes the agent's configuration, persona or other skills",
		.view = VIEW_RAW,
		.needles = ".openclaw,.clawdbot,soul.md,agents.md,identity.md,heartbeat.md,bootstrap.md,"
			   "skills/",
		.pattern =
			"(>>?|\\<tee( +-a)?) *[\"']?[^ \n]*(" AGENT_FILES ")"
			"|\\<sed +-[a-z]*i[^\n]*(" AGENT_FILES ")"
			"|\\<(cp|mv|ln|install|rsync)\\>[^\n]* [\"']?[^ \n]*(" AGENT_FILES ")[\"']? *($|[;&|#])"
			"|\\<(rm|unlink|shred)\\>[^\n]*(" AGENT_FILES ")",
	},
	{
		.pub = { "action.agent-config-described", CS_SCAN_DANGEROUS_ACTION, CS_SCAN_CRITICAL,
			 "Asks the model to edit its persona or standing instructions (SOUL.md, "
			 "AGENTS.md), the OpenClaw configuration or other skills." },
		.finding = "asks to change the agent's persona, configuration or other skills",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.needles = "soul.md,agents.md,identity.md,heartbeat.md,openclaw.json,openclaw config,"
			   "other skill,another skill,every skill,all skills,all installed skills",
		.pattern =
			"\\<(edit|modify|update|append|overwrite|rewrite|replace|change|add|insert|write|"
			"prepend|patch)\\>(( [^ !?]+){0,8} (to|in|into|inside|of))? (your |the |its |every |"
			"all )?(soul\\.md|agents\\.md|identity\\.md|heartbeat\\.md|openclaw\\.json|openclaw "
			"(config|configuration)|other skills?|another skill'?s?|every (other )?skill|all "
			"(other |installed )?skills)",
	},

	/* ---- capability inflation ---------------------------------------------------- */
	{
		.pub = { "inflation.permission-claim", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_CRITICAL,
			 "Claims approval or privileges the skill was never given (\"pre-approved\", "
			 "\"unrestricted access\"): only its declared capabilities grant anything." },
		.finding = "claims permissions it was not given",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.negate = CONDITION "[^.;:!?]*$",
		.needles = "approv,authori,unrestrict,granted,trusted,whitelist,allowlist,exempt,"
			   "privileg,cleared,verified,permitted,allowed,enabled,unlocked,available,"
			   "consent,this skill,the skill,this tool",
		.pattern =
			"\\<(is|are|was|were|been|being|as|already|everything|anything|all|commands?|"
			"actions?|tools?|operations?|requests?|access|skill) pre ?(approved|"
			"authori[sz]ed|cleared|granted|verified)\\>"
			"|\\<pre ?(approved|authori[sz]ed|cleared|granted|verified) (by|for) (the |your )?"
			"(user|owner|admin|administrator|operator|openclaw|system|security|you)\\>"
			"|\\<(already|previously|explicitly) (been )?(approved|authori[sz]ed|granted|"
			"cleared|permitted|allowed) (by|for|to) (the )?(user|owner|admin|administrator|"
			"operator|openclaw|system|security|you)\\>"
			"|\\<(the )?(user|owner|admin|administrator|operator|openclaw|system) (has|have) "
			"(already |explicitly |previously )?(approved|authori[sz]ed|granted|consented|"
			"allowed|permitted|whitelisted)\\>"
			"|\\<(this skill|the skill|this tool) (has|have|is granted|was granted|has been "
			"granted|holds|comes with) (unrestricted|full|complete|total|root|admin|"
			"administrator|sudo|elevated|superuser|all|every) (access|permissions?|privileges|"
			"rights|control|capabilities)\\>"
			"|\\<(you|the agent|the assistant) (have been|has been|are|is|were|was) granted "
			"(unrestricted|full|complete|total|root|admin|administrator|sudo|elevated|superuser|"
			"all|every)( [a-z]+)? (access|permissions?|privileges|rights|control|capabilities)\\>"
			"|\\<unrestricted (access|permissions?|privileges|mode|shell|file ?system|network|"
			"internet|control)\\>"
			"|\\<(all|every|any) (tools?|capabilities|permissions) (are|is) (allowed|enabled|"
			"granted|unlocked|available|approved) (to|for) (you|this skill|the skill)\\>"
			"|\\<(this skill|the skill|you) (is|are) (trusted|exempt|whitelisted|allowlisted|"
			"privileged|verified|approved) (and|so|to|from|by)\\>"
			"|\\<exempt(ed)? from (the |all |any )?(sandbox|sandboxing|capability|capabilities|"
			"security|safety|confirmation|approval|restrictions?|checks?)",
	},
	{
		.pub = { "inflation.skip-confirmation", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_CRITICAL,
			 "Tells the model not to ask the user before acting, or to get around the "
			 "sandbox or approvals; softened to a warning where it documents a choice the "
			 "user makes (\"if --yes is given\", a --yes or --force flag just before)." },
		.finding = "asks the model to act without the user's approval",
		.view = VIEW_WORDS,
		.flags = RULE_QUOTABLE,
		.negate = PROHIBITION,
		.needles = "confirm,permission,approv,consent,authori,sandbox,safety,security,"
			   "capabilit",
		.pattern =
			"\\<(do not|don't|dont|never|no need to|needn't|need not|without) (ask|asking|"
			"request|requesting|wait|waiting|prompt|prompting|check|checking|seek|seeking|get|"
			"getting|require|requiring)( for)?( the| your)?( (user|user's|human|owner|operator)"
			"('s)?)?( for)? (any |explicit |prior )?(confirmation|permission|approval|consent|"
			"authori[sz]ation)s?\\>"
			"|\\<(skip|skipping|bypass|bypassing|disable|disabling|ignore|ignoring|turn off|"
			"circumvent)( the| any| all)? (user )?(confirmation|approval|permission|"
			"sandbox|sandboxing|safety|security|capability|exec approval)( (checks?|prompts?|"
			"steps?|dialogs?|gates?|requirements?|restrictions?|mode))?\\>"
			"|\\<auto(matically)? ?approve (all|every|any|each)\\>",
		.soften = "(^|[^a-z])(if|when|unless|only when|only if)[^.\n]{0,80}(--[a-z]|\\<flag\\>|"
			  "\\<option\\>|the user (explicitly )?(asks|asked|requests|requested|says|said|"
			  "passes|passed|chooses|chose|opts|opted|enables|enabled|wants|wanted|sets|set)"
			  "\\>)"
			  "|(^|[^a-z0-9-])(--(yes|force|no-?confirm|assume-yes|yolo|auto[a-z-]*|"
			  "non-?interactive|batch)|-y)\\>"
			  "|[a-z_]*(no_?confirm|skip_?confirm|assume_?yes|auto_?approve|non_?interactive)"
			  "[a-z_]*=",
	},
	{
		.pub = { "inflation.denied-tool", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_CRITICAL,
			 "Points the model at the gateway or nodes tool, which no community skill may "
			 "use whatever it declares." },
		.finding = "asks for an always-denied tool",
		.view = VIEW_RAW,
		.needles = "gateway,nodes",
		.pattern = "\\<(gateway|nodes)`? tools?\\>"
			   "|\"tool(_?name)?\" *: *\"(gateway|nodes)\""
			   "|\\<(use|call|invoke) (the )?`?(gateway|nodes)`? (tool|action|function)\\>",
	},
	{
		.pub = { "inflation.undeclared-tool", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_WARN,
			 "Tells the model to use a tool that the skill's declared capabilities do not "
			 "unlock; the call will be denied, or the skill under-declares what it needs." },
		.finding = "asks for a tool its capabilities do not unlock",
		.view = VIEW_RAW,
		.flags = RULE_SKILL,
		.match = cs_scan_match_undeclared_tool,
	},
	{
		.pub = { "inflation.command-dispatch", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_CRITICAL,
			 "'command-dispatch: tool' names a tool the skill's capabilities do not unlock "
			 "(or one that is always denied): dispatch would bypass the capability gate." },
		.finding = "dispatches commands to a tool it may not use",
		.view = VIEW_RAW,
		.flags = RULE_SKILL,
		.match = cs_scan_match_command_dispatch,
	},
	{
		.pub = { "inflation.gateway-credentials", CS_SCAN_CAPABILITY_INFLATION,
			 CS_SCAN_CRITICAL,
			 "Reads or sends the gateway's credentials (~/.openclaw/credentials, "
			 "auth-profiles.json, the gateway token): nothing a skill needs." },
		.finding = "reaches for the gateway's credentials",
		.view = VIEW_RAW,
		.needles = ".openclaw,.clawdbot,.moltbot,.moldbot,auth-profiles,gateway",
		/* Reading them, not naming them: hardening skills chmod the
		 * directory, and a skill keeps its own service's login under
		 * credentials/<service>/ (names alone are inflation.secret-files). */
		.pattern =
			"\\<(" READ_VERBS "|" SEND_VERBS ")\\>[^\n]{0,80}(" OPENCLAW_CREDS ")"
			"|\\<(" READ_VERBS "|" SEND_VERBS "|copy|paste|share|include|reveal|show|output|leak|"
			"give|return|config get)\\>[^.\n]{0,60}(gateway[ ._-]?(auth[ ._-]?)?(token|password|"
			"secret|credentials?)|(openclaw|clawdbot)_gateway_(token|password))"
			"|\\<(openclaw|clawdbot)_gateway_(token|password)\\>[^\n]{0,80}\\<(to|into|via|"
			"with) (https?:|curl|wget|the (url|server|endpoint|webhook)|a (url|server|webhook))"
			"|\\<(" SEND_VERBS ")\\>[^\n]{0,80}\\.(openclaw|clawdbot)/(openclaw|clawdbot)\\.json",
	},
	{
		.pub = { "inflation.gateway-token-mention", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_WARN,
			 "Mentions the gateway token or password: worth a look, since the token "
			 "controls the whole gateway." },
		.finding = "mentions the gateway token",
		.view = VIEW_RAW,
		.needles = "gateway",
		.pattern = "\\<(openclaw|clawdbot)_gateway_(token|password)\\>"
			   "|\\<gateway[ _-](auth[ _-])?(token|password)\\>",
	},
	{
		.pub = { "inflation.secret-exfiltration", CS_SCAN_CAPABILITY_INFLATION,
			 CS_SCAN_CRITICAL,
			 "Sends the user's secret files (SSH keys, cloud credentials, password "
			 "stores) somewhere." },
		.finding = "sends secret files away",
		.view = VIEW_RAW,
		.exempt = cs_scan_exempt_public_key,
		.needles = ".ssh/,.aws/,shadow,credentials,.netrc,.kube,.gnupg,.docker",
		.pattern =
			"\\<(" SEND_VERBS ")\\>[^\n]{0,80}(\\.ssh/(id_[a-z0-9_]*|authorized_keys)|\\.aws/credentials|"
			"/etc/shadow|\\.git-credentials|\\.netrc|\\.kube/config|\\.gnupg/|\\.docker/"
			"config\\.json)"
			"|(cat|tar|zip|base64)\\>[^\n|]*(\\.ssh/id_[a-z0-9_]*|\\.aws/credentials|\\.git-credentials|"
			"\\.netrc|/etc/shadow)[^\n]*\\| *(curl|nc|netcat|wget|ssh|socat)\\>",
	},
	{
		.pub = { "inflation.secret-files", CS_SCAN_CAPABILITY_INFLATION, CS_SCAN_WARN,
			 "Names files that hold the user's secrets (SSH keys, cloud credentials)." },
		.finding = "names secret files",
		.view = VIEW_RAW,
		.exempt = cs_scan_exempt_public_key,
		.needles = ".ssh/,.aws/,shadow,credentials,.netrc,.kube,.gnupg,auth-profiles",
		.pattern = "\\.ssh/(id_[a-z0-9_]+|authorized_keys)|\\.aws/credentials|/etc/shadow|"
			   "\\.git-credentials|\\.netrc\\>|\\.kube/config|\\.gnupg/|"
			   "\\.(openclaw|clawdbot)(-[a-z0-9]+)?/credentials\\>|\\<auth-profiles\\.json\\>",
	},
};

const size_t cs_scan_rule_defs_len = sizeof(cs_scan_rule_defs) / sizeof(cs_scan_rule_defs[0]);
