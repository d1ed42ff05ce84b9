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
 * narrow enough that the 52 skills bundled with OpenClaw pass. */
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
			   "circumvent,pay no attention",
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
	{
		.pub = { "injection.hidden-comment", CS_SCAN_PROMPT_INJECTION, CS_SCAN_CRITICAL,
			 "An HTML comment addressed to the model: invisible when the Markdown is "
			 "rendered for a person, read in full by the model." },
		.finding = "hides instructions in an HTML comment",
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
		.needles = "base64,xxd,openssl,b64decode,frombase64,uudecode,atob,decode(,\\x",
		.pattern =
			"(base64 +(-d|--decode|-di|-id)|openssl +(base64|enc)[^\n|]* -d|xxd +-r|b64decode|"
			"frombase64string|uudecode)[^\n]*\\| *(sudo +)?(env +)?((ba|z|da|k|c|tc|fi)?sh|"
			"python[0-9.]*|perl|ruby|node|php|eval|source|exec|iex|powershell)\\>"
			"|(eval|exec|source|(ba|z|da)?sh +-c)[^\n]{0,40}(\\$\\(|`)[^\n]*(base64 +(-d|"
			"--decode)|xxd +-r|b64decode)"
			"|(exec|eval)\\([^\n]*(b64decode|atob\\(|frombase64string|decode\\(['\"](base64|"
			"hex)['\"]\\))"
			"|(ba|z|da)?sh +<\\([^)\n]*(base64|xxd)"
			"|(printf|echo +-e) +['\"]?(\\\\x[0-9a-f]{2}){8,}[^\n|]*\\| *(sudo +)?((ba|z|da)?sh|"
			"python[0-9.]*|perl)\\>",
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
		.flags = RULE_LINES | RULE_PROSE | RULE_QUOTABLE,
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
